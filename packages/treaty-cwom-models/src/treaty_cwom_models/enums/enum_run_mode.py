"""The ``EnumRunMode`` enum of the cwom family."""

from enum import Enum, unique

__all__ = ["EnumRunMode"]


@unique
class EnumRunMode(str, Enum):
    """Who executes a Run."""

    HUMAN = "human"
    """A person."""

    AGENT = "agent"
    """An automated agent."""

    HYBRID = "hybrid"
    """A person and an agent together."""

    SYSTEM = "system"
    """A system process."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
