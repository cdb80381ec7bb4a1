"""The ``EnumRestartMode`` enum of the xtrl family."""

from enum import Enum, unique

__all__ = ["EnumRestartMode"]


@unique
class EnumRestartMode(str, Enum):
    """How the control loop restarts after a reason code of a class."""

    STOP = "STOP"
    """Do not restart."""

    REITERATE_FROM_LAST_GOOD = "REITERATE_FROM_LAST_GOOD"
    """Restart from the last good state."""

    REITERATE_FROM_CANDIDATE = "REITERATE_FROM_CANDIDATE"
    """Iterate from the current candidate."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
