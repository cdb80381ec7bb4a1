"""The ``EnumDoctrinePriority`` enum of the cwom family."""

from enum import Enum, unique

__all__ = ["EnumDoctrinePriority"]


@unique
class EnumDoctrinePriority(str, Enum):
    """How binding a DoctrineRef is (RFC 2119 words)."""

    MUST = "must"
    """Binding."""

    SHOULD = "should"
    """Expected unless there is a reason."""

    MAY = "may"
    """Optional."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
