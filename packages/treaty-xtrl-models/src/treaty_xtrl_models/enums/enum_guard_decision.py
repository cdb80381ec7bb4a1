"""The ``EnumGuardDecision`` enum of the xtrl family."""

from enum import Enum, unique

__all__ = ["EnumGuardDecision"]


@unique
class EnumGuardDecision(str, Enum):
    """The decision a guard evaluation records."""

    ALLOW = "ALLOW"
    """The transition may proceed."""

    DENY = "DENY"
    """The transition is refused."""

    STOP = "STOP"
    """The transition is refused and the run stops."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
