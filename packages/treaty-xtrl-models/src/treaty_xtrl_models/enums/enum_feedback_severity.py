"""The ``EnumFeedbackSeverity`` enum of the xtrl family."""

from enum import Enum, unique

__all__ = ["EnumFeedbackSeverity"]


@unique
class EnumFeedbackSeverity(str, Enum):
    """How severe a denial is, for the operator."""

    INFO = "info"
    """Informational."""

    WARN = "warn"
    """A warning."""

    ERROR = "error"
    """An error."""

    CRITICAL = "critical"
    """A critical error."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
