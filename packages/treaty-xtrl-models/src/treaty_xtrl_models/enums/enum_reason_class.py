"""The ``EnumReasonClass`` enum of the xtrl family."""

from enum import Enum, unique

__all__ = ["EnumReasonClass"]


@unique
class EnumReasonClass(str, Enum):
    """Class of a reason code, which sets the restart mode; listed in precedence order."""

    STOP = "stop"
    """Stop the run."""

    STRUCTURAL = "structural"
    """The change is structurally wrong: restart from the last good state."""

    REPAIRABLE = "repairable"
    """The candidate can be repaired: iterate from it."""

    ADVISORY = "advisory"
    """Worth noting; iterate from the candidate."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
