"""The ``EnumEvidenceOutcome`` enum of the change_control family."""

from enum import Enum, unique

__all__ = ["EnumEvidenceOutcome"]


@unique
class EnumEvidenceOutcome(str, Enum):
    """How an evidence command ended (since 1.3.0)."""

    PASSED = "passed"
    """The command exited with status 0."""

    FAILED = "failed"
    """The command exited with another status."""

    TIMED_OUT = "timed_out"
    """The command was stopped when its timeout passed."""

    NOT_STARTED = "not_started"
    """The command could not be started (not found, not executable, its folder missing)."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
