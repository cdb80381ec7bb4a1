"""The ``EnumWrapperPolicy`` enum of the dome family."""

from enum import Enum, unique

__all__ = ["EnumWrapperPolicy"]


@unique
class EnumWrapperPolicy(str, Enum):
    """The fallback policy of a run: what may be derived when wrappers are missing or partial."""

    STRICT = "strict"
    """Derive only from explicit failure or denial wrappers (facts only otherwise)."""

    HYBRID = "hybrid"
    """Also derive from versioned anomaly triggers (recommended)."""

    LENIENT = "lenient"
    """Derive from every signal and every fact."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
