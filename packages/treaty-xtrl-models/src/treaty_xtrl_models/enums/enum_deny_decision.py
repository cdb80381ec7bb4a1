"""The ``EnumDenyDecision`` enum of the xtrl family."""

from enum import Enum, unique

__all__ = ["EnumDenyDecision"]


@unique
class EnumDenyDecision(str, Enum):
    """What a denial does to the guarded transition."""

    DENY = "DENY"
    """Refuse the transition; the run may continue otherwise."""

    STOP = "STOP"
    """Refuse the transition and stop the run."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
