"""The ``EnumSignal`` enum of the dome family."""

from enum import Enum, unique

__all__ = ["EnumSignal"]


@unique
class EnumSignal(str, Enum):
    """Why a wrapper was emitted: the high-signal event it selects for the daemon."""

    PROMOTED_EVIDENCE = "promoted_evidence"
    """An evidence group was promoted."""

    FAILED_GATE = "failed_gate"
    """A gate failed."""

    GUARD_DENIAL = "guard_denial"
    """A guard denied a transition (DENY or STOP): a failed-gate equivalent."""

    SPEC_TEST_FAILURE = "spec_test_failure"
    """A spec-as-test check failed."""

    FUZZ_FAILURE = "fuzz_failure"
    """A fuzz run found a failure."""

    ANOMALY = "anomaly"
    """A versioned anomaly trigger fired."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
