"""The ``EnumConstraintScope`` enum of the cwom family."""

from enum import Enum, unique

__all__ = ["EnumConstraintScope"]


@unique
class EnumConstraintScope(str, Enum):
    """What a ConstraintSnapshot applies to."""

    PERSONAL = "personal"
    """One person."""

    REPO = "repo"
    """One repository."""

    ORG = "org"
    """An organisation."""

    SYSTEM = "system"
    """A whole system."""

    RUN = "run"
    """One Run."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
