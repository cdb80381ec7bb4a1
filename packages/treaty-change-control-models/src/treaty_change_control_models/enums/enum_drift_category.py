"""The ``EnumDriftCategory`` enum of the change_control family."""

from enum import Enum, unique

__all__ = ["EnumDriftCategory"]


@unique
class EnumDriftCategory(str, Enum):
    """Category of a drift between plan and reality."""

    SCOPE = "scope"
    """Scope was added or removed."""

    ARCHITECTURE = "architecture"
    """An architectural decision changed."""

    INTERFACES = "interfaces"
    """Interface surfaces changed."""

    DEPENDENCIES = "dependencies"
    """Dependency versions or relations changed."""

    INFRA = "infra"
    """An infrastructure or environment assumption changed."""

    PROCESS = "process"
    """A process or workflow changed."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
