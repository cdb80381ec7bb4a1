"""The ``EnumInterfaceSurface`` enum of the change_control family."""

from enum import Enum, unique

__all__ = ["EnumInterfaceSurface"]


@unique
class EnumInterfaceSurface(str, Enum):
    """Interface surface a change may touch."""

    EVENTS = "events"
    """Event schemas and models."""

    TOPICS = "topics"
    """Topic map, routing and partition keys."""

    PROTOCOLS = "protocols"
    """SPI protocols and public runtime interfaces."""

    ENVELOPES = "envelopes"
    """Envelope models and headers."""

    PUBLIC_API = "public_api"
    """Exported or consumed APIs."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
