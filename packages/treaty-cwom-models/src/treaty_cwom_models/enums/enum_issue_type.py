"""The ``EnumIssueType`` enum of the cwom family."""

from enum import Enum, unique

__all__ = ["EnumIssueType"]


@unique
class EnumIssueType(str, Enum):
    """What kind of intent an Issue records."""

    FEATURE = "feature"
    """New capability."""

    BUG = "bug"
    """A defect to fix."""

    CHORE = "chore"
    """Maintenance."""

    RESEARCH = "research"
    """Investigation or analysis."""

    OPS = "ops"
    """Operations work."""

    DOC = "doc"
    """Documentation."""

    INCIDENT = "incident"
    """Response to an incident."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
