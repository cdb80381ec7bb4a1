"""The ``EnumInvariantStatus`` enum of the change_control family."""

from enum import Enum, unique

__all__ = ["EnumInvariantStatus"]


@unique
class EnumInvariantStatus(str, Enum):
    """Status of an architecture invariant at the daily close."""

    PASS = "pass"  # noqa: S105  # an invariant status, not a password
    """The invariant is satisfied."""

    FAIL = "fail"
    """The invariant is violated."""

    UNKNOWN = "unknown"
    """The status cannot be determined; it needs a follow-up correction."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
