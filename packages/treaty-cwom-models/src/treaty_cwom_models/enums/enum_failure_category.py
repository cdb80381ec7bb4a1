"""The ``EnumFailureCategory`` enum of the cwom family."""

from enum import Enum, unique

__all__ = ["EnumFailureCategory"]


@unique
class EnumFailureCategory(str, Enum):
    """Why a Run failed."""

    POLICY = "policy"
    """A policy stopped it."""

    BUILD = "build"
    """The build failed."""

    TEST = "test"
    """Tests failed."""

    RUNTIME = "runtime"
    """It failed while running."""

    DEPENDENCY = "dependency"
    """A dependency failed."""

    UNKNOWN = "unknown"
    """The cause is unknown."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
