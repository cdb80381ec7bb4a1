"""The ``EnumActorKind`` enum of the cwom family."""

from enum import Enum, unique

__all__ = ["EnumActorKind"]


@unique
class EnumActorKind(str, Enum):
    """What an Actor is."""

    HUMAN = "human"
    """A person."""

    AGENT = "agent"
    """An automated agent."""

    SYSTEM = "system"
    """A system."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
