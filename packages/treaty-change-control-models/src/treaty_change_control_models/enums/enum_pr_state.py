"""The ``EnumPRState`` enum of the change_control family."""

from enum import Enum, unique

__all__ = ["EnumPRState"]


@unique
class EnumPRState(str, Enum):
    """State of a pull request (there is no closed state)."""

    MERGED = "merged"
    """The pull request is merged."""

    OPEN = "open"
    """The pull request is open."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
