"""The ``EnumEligibility`` enum of the dome family."""

from enum import Enum, unique

__all__ = ["EnumEligibility"]


@unique
class EnumEligibility(str, Enum):
    """How a capsule may be used by the planner (the rollout stages)."""

    SHADOW = "shadow"
    """Derived and maintained; planner selection unchanged."""

    GUIDED = "guided"
    """Offered to the planner as a suggestion; never auto-applied."""

    PRESCRIPTIVE = "prescriptive"
    """Eligible for single-shot use: thresholds met, no degradation."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
