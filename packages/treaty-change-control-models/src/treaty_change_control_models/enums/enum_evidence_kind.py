"""The ``EnumEvidenceKind`` enum of the change_control family."""

from enum import Enum, unique

__all__ = ["EnumEvidenceKind"]


@unique
class EnumEvidenceKind(str, Enum):
    """Kind of evidence a ticket contract requires."""

    TESTS = "tests"
    """Automated tests."""

    DOCS = "docs"
    """Documentation."""

    CI = "ci"
    """CI/CD pipeline."""

    BENCHMARK = "benchmark"
    """Performance benchmark."""

    MANUAL = "manual"
    """Manual verification."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
