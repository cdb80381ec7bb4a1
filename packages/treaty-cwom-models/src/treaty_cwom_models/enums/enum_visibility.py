"""The ``EnumVisibility`` enum of the cwom family."""

from enum import Enum, unique

__all__ = ["EnumVisibility"]


@unique
class EnumVisibility(str, Enum):
    """Who can see a Repo."""

    PUBLIC = "public"
    """Anyone."""

    PRIVATE = "private"
    """Its owners only."""

    INTERNAL = "internal"
    """The organisation."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
