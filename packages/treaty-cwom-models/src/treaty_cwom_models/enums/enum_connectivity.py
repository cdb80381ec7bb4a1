"""The ``EnumConnectivity`` enum of the cwom family."""

from enum import Enum, unique

__all__ = ["EnumConnectivity"]


@unique
class EnumConnectivity(str, Enum):
    """Network connectivity of the working environment."""

    OFFLINE = "offline"
    """No network."""

    LIMITED = "limited"
    """Some network."""

    OK = "ok"
    """Normal network."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
