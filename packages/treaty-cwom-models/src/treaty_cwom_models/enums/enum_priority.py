"""The ``EnumPriority`` enum of the cwom family."""

from enum import Enum, unique

__all__ = ["EnumPriority"]


@unique
class EnumPriority(str, Enum):
    """Priority of an Issue, P0 the most urgent."""

    P0 = "P0"
    """Drop everything."""

    P1 = "P1"
    """Next up."""

    P2 = "P2"
    """Normal."""

    P3 = "P3"
    """Low."""

    P4 = "P4"
    """Lowest."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
