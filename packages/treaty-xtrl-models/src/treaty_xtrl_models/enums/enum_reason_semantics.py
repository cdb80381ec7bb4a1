"""The ``EnumReasonSemantics`` enum of the xtrl family."""

from enum import Enum, unique

__all__ = ["EnumReasonSemantics"]


@unique
class EnumReasonSemantics(str, Enum):
    """What a reason code means: a failure of the work, or a denial by policy."""

    FAILURE = "failure"
    """What went wrong in the domain, program or task (a failure_reason_code)."""

    POLICY = "policy"
    """What guardrails disallowed (a policy_reason_code); never replaces the failure code."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
