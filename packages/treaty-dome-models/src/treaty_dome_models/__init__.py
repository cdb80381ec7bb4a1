"""Pydantic models and contract functions of the dome family, pinned to the xtrl SSOT.

The module-level names ``FAMILY``, ``KINDS`` and ``__version__`` are the family's declaration to Treaty
(found through the ``treaty.models`` entry point); ``PINS`` names the xtrl version whose schemas dome's
refer to by ``$id``; ``FUNCTIONS`` exposes the contract functions to the behaviour vectors.
"""

from types import MappingProxyType
from typing import Final

from pydantic import BaseModel

from treaty_dome_models._canonical import canonical_json, parse_json
from treaty_dome_models._functions import (
    FUNCTIONS,
    eligibility,
    fallback_decision,
    fingerprint_hash,
    fingerprint_payload,
    idempotency_key,
    order_gate_rollup,
    order_guard_denials,
    order_recent_failures,
    record_guard_denial,
    upsert_key,
)
from treaty_dome_models.enums import (
    EnumActionKind,
    EnumDerivationBasis,
    EnumEligibility,
    EnumScope,
    EnumSignal,
    EnumTargetKind,
    EnumTaskStatus,
    EnumWrapperPolicy,
)
from treaty_dome_models.models import (
    ModelAction,
    ModelAnomalyTrigger,
    ModelBinderFact,
    ModelCapsule,
    ModelEligibility,
    ModelEligibilityInput,
    ModelEligibilityPolicy,
    ModelEventEnvelope,
    ModelEvidenceRef,
    ModelFallbackDecision,
    ModelFallbackInput,
    ModelFallbackWrapper,
    ModelFingerprintInput,
    ModelGateRollupRow,
    ModelGuardDenialRow,
    ModelIdempotencyKeyInput,
    ModelRecentFailureRow,
    ModelTarget,
    ModelTaskSpec,
    ModelTaskSpecKeys,
    ModelTransitionContext,
    ModelUpsertKeyInput,
    ModelVersionContext,
    ModelWrapperEnvelope,
    normalise_reason_fields,
)

__version__: Final = "0.2.0"
"""The contract version these models define; the family's single source of truth."""

FAMILY: Final = "dome"
PINS: Final = MappingProxyType({"xtrl": "0.2.0"})
"""The xtrl version dome is built on: its reason-code fields refer to that version's schemas."""

KINDS: Final[MappingProxyType[str, type[BaseModel]]] = MappingProxyType(
    {
        "binder_fact": ModelBinderFact,
        "capsule": ModelCapsule,
        "event_envelope": ModelEventEnvelope,
        "gate_rollup_row": ModelGateRollupRow,
        "guard_denial_row": ModelGuardDenialRow,
        "recent_failure_row": ModelRecentFailureRow,
        "task_spec": ModelTaskSpec,
        "wrapper_envelope": ModelWrapperEnvelope,
    },
)
"""Document kinds of the family, each with its top-level model."""

__all__ = [
    "FAMILY",
    "FUNCTIONS",
    "KINDS",
    "PINS",
    "EnumActionKind",
    "EnumDerivationBasis",
    "EnumEligibility",
    "EnumScope",
    "EnumSignal",
    "EnumTargetKind",
    "EnumTaskStatus",
    "EnumWrapperPolicy",
    "ModelAction",
    "ModelAnomalyTrigger",
    "ModelBinderFact",
    "ModelCapsule",
    "ModelEligibility",
    "ModelEligibilityInput",
    "ModelEligibilityPolicy",
    "ModelEventEnvelope",
    "ModelEvidenceRef",
    "ModelFallbackDecision",
    "ModelFallbackInput",
    "ModelFallbackWrapper",
    "ModelFingerprintInput",
    "ModelGateRollupRow",
    "ModelGuardDenialRow",
    "ModelIdempotencyKeyInput",
    "ModelRecentFailureRow",
    "ModelTarget",
    "ModelTaskSpec",
    "ModelTaskSpecKeys",
    "ModelTransitionContext",
    "ModelUpsertKeyInput",
    "ModelVersionContext",
    "ModelWrapperEnvelope",
    "__version__",
    "canonical_json",
    "eligibility",
    "fallback_decision",
    "fingerprint_hash",
    "fingerprint_payload",
    "idempotency_key",
    "normalise_reason_fields",
    "order_gate_rollup",
    "order_guard_denials",
    "order_recent_failures",
    "parse_json",
    "record_guard_denial",
    "upsert_key",
]
