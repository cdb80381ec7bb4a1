"""The ``EnumActionKind`` enum of the dome family."""

from enum import Enum, unique

__all__ = ["EnumActionKind"]


@unique
class EnumActionKind(str, Enum):
    """What a task does to its target."""

    VALIDATE = "validate"
    """Check it."""

    RANK = "rank"
    """Rank it."""

    HARDEN = "harden"
    """Harden it."""

    FIX = "fix"
    """Fix it."""

    RETRIEVE = "retrieve"
    """Retrieve it."""

    APPLY = "apply"
    """Apply it."""

    PLAN = "plan"
    """Plan it."""

    TRACK = "track"
    """Track it."""

    SYNTHESIZE = "synthesize"
    """Synthesise it."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
