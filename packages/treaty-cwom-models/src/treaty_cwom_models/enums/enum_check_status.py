"""The ``EnumCheckStatus`` enum of the cwom family."""

from enum import Enum, unique

__all__ = ["EnumCheckStatus"]


@unique
class EnumCheckStatus(str, Enum):
    """Result of one verification check (the order differs from EnumVerificationStatus, as in the spec)."""

    PASSED = "passed"
    """The check passed."""

    FAILED = "failed"
    """The check failed."""

    UNVERIFIED = "unverified"
    """The check did not run."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
