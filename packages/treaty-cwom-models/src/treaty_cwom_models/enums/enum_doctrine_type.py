"""The ``EnumDoctrineType`` enum of the cwom family."""

from enum import Enum, unique

__all__ = ["EnumDoctrineType"]


@unique
class EnumDoctrineType(str, Enum):
    """What kind of guidance a DoctrineRef carries."""

    PRINCIPLE = "principle"
    """A principle."""

    POLICY = "policy"
    """A policy."""

    PROCEDURE = "procedure"
    """A procedure."""

    HEURISTIC = "heuristic"
    """A heuristic."""

    PATTERN = "pattern"
    """A pattern."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
