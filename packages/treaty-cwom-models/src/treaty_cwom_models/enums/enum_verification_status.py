"""The ``EnumVerificationStatus`` enum of the cwom family."""

from enum import Enum, unique

__all__ = ["EnumVerificationStatus"]


@unique
class EnumVerificationStatus(str, Enum):
    """Overall verification of an Artifact."""

    UNVERIFIED = "unverified"
    """Not verified yet."""

    PASSED = "passed"
    """Verified."""

    FAILED = "failed"
    """Verification failed."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
