"""The reason codes of the xtrl catalog, split by what they mean: failures and policy denials.

The split is owned here, by the SSOT: a code is a failure code or a policy code by the enum that lists it.
Consumers refer to ``EnumFailureReasonCode`` and ``EnumPolicyReasonCode`` (by ``$id`` in the schemas), so
moving a code between them changes what every pinned consumer accepts.
"""

from enum import Enum, unique
from types import MappingProxyType
from typing import Final

from treaty_xtrl_models.enums.enum_reason_class import EnumReasonClass
from treaty_xtrl_models.enums.enum_reason_semantics import EnumReasonSemantics

__all__ = [
    "REASON_CLASSES",
    "EnumFailureReasonCode",
    "EnumPolicyReasonCode",
    "ReasonCode",
    "reason_code",
    "semantics",
]


@unique
class EnumFailureReasonCode(str, Enum):
    """A failure reason code: what went wrong in the domain, program or task."""

    BUDGET_EXHAUSTED = "BUDGET_EXHAUSTED"
    """The run's budget is spent."""

    TOUCHED_FORBIDDEN_PATH = "TOUCHED_FORBIDDEN_PATH"
    """The change touched a path outside the allowed paths."""

    DIFF_BUDGET_EXCEEDED = "DIFF_BUDGET_EXCEEDED"
    """The change is larger than the diff budget."""

    SCHEMA_INVALID = "SCHEMA_INVALID"
    """An artifact does not validate against its schema."""

    TESTS_FAILED = "TESTS_FAILED"
    """The tests failed."""

    LINT_FAILED = "LINT_FAILED"
    """The linter failed."""

    TYPECHECK_FAILED = "TYPECHECK_FAILED"
    """The type checker failed."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value


@unique
class EnumPolicyReasonCode(str, Enum):
    """A policy reason code: what the guardrails disallowed."""

    DIRTY_REPO_DENIED = "DIRTY_REPO_DENIED"
    """The repository has uncommitted changes (guard ``repo.clean``)."""

    AMBIGUOUS_STATE_DENIED = "AMBIGUOUS_STATE_DENIED"
    """The plant state or transition could not be resolved (the unknowns policy)."""

    MISSING_EVIDENCE_DENIED = "MISSING_EVIDENCE_DENIED"
    """Evidence the guarded transition requires is missing."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value


ReasonCode = EnumFailureReasonCode | EnumPolicyReasonCode
"""Any code of the catalog."""

REASON_CLASSES: Final[MappingProxyType[ReasonCode, EnumReasonClass]] = MappingProxyType(
    {
        EnumFailureReasonCode.BUDGET_EXHAUSTED: EnumReasonClass.STOP,
        EnumFailureReasonCode.TOUCHED_FORBIDDEN_PATH: EnumReasonClass.STRUCTURAL,
        EnumFailureReasonCode.DIFF_BUDGET_EXCEEDED: EnumReasonClass.STRUCTURAL,
        EnumFailureReasonCode.SCHEMA_INVALID: EnumReasonClass.STRUCTURAL,
        EnumFailureReasonCode.TESTS_FAILED: EnumReasonClass.REPAIRABLE,
        EnumFailureReasonCode.LINT_FAILED: EnumReasonClass.REPAIRABLE,
        EnumFailureReasonCode.TYPECHECK_FAILED: EnumReasonClass.REPAIRABLE,
        EnumPolicyReasonCode.DIRTY_REPO_DENIED: EnumReasonClass.STRUCTURAL,
        EnumPolicyReasonCode.AMBIGUOUS_STATE_DENIED: EnumReasonClass.STRUCTURAL,
        EnumPolicyReasonCode.MISSING_EVIDENCE_DENIED: EnumReasonClass.STRUCTURAL,
    },
)
"""The class of every code, in the catalog's order (failure codes, then policy codes)."""


def semantics(code: ReasonCode) -> EnumReasonSemantics:
    """Return whether a code is a failure code or a policy code."""
    return (
        EnumReasonSemantics.FAILURE if isinstance(code, EnumFailureReasonCode) else EnumReasonSemantics.POLICY
    )


def reason_code(value: str) -> ReasonCode:
    """Return the catalog code spelled ``value``; raise ValueError for a code the catalog does not have."""
    for enum in (EnumFailureReasonCode, EnumPolicyReasonCode):
        if value in enum._value2member_map_:
            return enum(value)
    msg = f"{value!r} is not a reason code of the xtrl catalog"
    raise ValueError(msg)
