"""The ``EnumDerivationBasis`` enum of the dome family."""

from enum import Enum, unique

__all__ = ["EnumDerivationBasis"]


@unique
class EnumDerivationBasis(str, Enum):
    """What a derivation rests on, as the fallback policy decides."""

    FAILURE = "failure"
    """An explicit failure wrapper (failed gate, spec-as-test or fuzz failure)."""

    DENIAL = "denial"
    """An explicit guard-denial wrapper."""

    ANOMALY = "anomaly"
    """An anomaly trigger."""

    EVIDENCE = "evidence"
    """A promoted-evidence wrapper (lenient only)."""

    FACT = "fact"
    """A fact without a wrapper (lenient only)."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
