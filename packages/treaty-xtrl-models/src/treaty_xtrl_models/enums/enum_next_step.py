"""The ``EnumNextStep`` enum of the xtrl family."""

from enum import Enum, unique

__all__ = ["EnumNextStep"]


@unique
class EnumNextStep(str, Enum):
    """What the operator should do after a denial."""

    RETRY = "retry"
    """Retry the transition."""

    ROLLBACK = "rollback"
    """Roll back the change."""

    ESCALATE = "escalate"
    """Escalate to a human."""

    HOLD = "hold"
    """Hold until the condition is fixed."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
