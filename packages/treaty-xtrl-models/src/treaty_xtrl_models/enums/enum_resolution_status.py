"""The ``EnumResolutionStatus`` enum of the xtrl family."""

from enum import Enum, unique

__all__ = ["EnumResolutionStatus"]


@unique
class EnumResolutionStatus(str, Enum):
    """Whether the current plant state could be resolved."""

    RESOLVED = "RESOLVED"
    """Exactly one state: state_id names it."""

    AMBIGUOUS = "AMBIGUOUS"
    """Several candidate states."""

    UNKNOWN = "UNKNOWN"
    """No state could be resolved; unknowns say what is missing."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
