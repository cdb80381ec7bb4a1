"""Models of the dome family."""

from treaty_dome_models.models.model_binder_fact import ModelBinderFact
from treaty_dome_models.models.model_capsule import ModelCapsule, ModelEligibility, ModelEligibilityPolicy
from treaty_dome_models.models.model_contract_inputs import (
    ModelEligibilityInput,
    ModelFallbackDecision,
    ModelFallbackInput,
    ModelFallbackWrapper,
    ModelFingerprintInput,
    ModelIdempotencyKeyInput,
    ModelUpsertKeyInput,
)
from treaty_dome_models.models.model_event_envelope import ModelEventEnvelope
from treaty_dome_models.models.model_query_rows import (
    ModelGateRollupRow,
    ModelGuardDenialRow,
    ModelRecentFailureRow,
)
from treaty_dome_models.models.model_task_spec import (
    ModelAction,
    ModelTarget,
    ModelTaskSpec,
    ModelTaskSpecKeys,
    ModelTransitionContext,
    ModelVersionContext,
    normalise_reason_fields,
)
from treaty_dome_models.models.model_wrapper_envelope import (
    ModelAnomalyTrigger,
    ModelEvidenceRef,
    ModelWrapperEnvelope,
)

__all__ = [
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
    "normalise_reason_fields",
]
