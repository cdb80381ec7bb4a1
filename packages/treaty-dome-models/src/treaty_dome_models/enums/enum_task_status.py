"""The ``EnumTaskStatus`` enum of the dome family."""

from enum import Enum, unique

__all__ = ["EnumTaskStatus"]


@unique
class EnumTaskStatus(str, Enum):
    """Status of a task fact."""

    PASS = "PASS"  # noqa: S105  # a status, not a password
    """The task passed."""

    FAIL = "FAIL"
    """The task failed."""

    BLOCKED = "BLOCKED"
    """The task is blocked."""

    UNKNOWN = "UNKNOWN"
    """No result was ingested."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
