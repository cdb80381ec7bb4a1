"""The ``EnumScope`` enum of the dome family."""

from enum import Enum, unique

__all__ = ["EnumScope"]


@unique
class EnumScope(str, Enum):
    """What a TaskSpec is scoped to."""

    TASK = "task"
    """One task."""

    RUN = "run"
    """A whole run."""

    REPO = "repo"
    """The repository."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
