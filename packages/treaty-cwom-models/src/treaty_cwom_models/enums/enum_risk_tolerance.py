"""The ``EnumRiskTolerance`` enum of the cwom family."""

from enum import Enum, unique

__all__ = ["EnumRiskTolerance"]


@unique
class EnumRiskTolerance(str, Enum):
    """How much risk the work may take."""

    LOW = "low"
    """Little."""

    MEDIUM = "medium"
    """Some."""

    HIGH = "high"
    """Much."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
