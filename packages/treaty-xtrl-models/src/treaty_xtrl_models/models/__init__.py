"""Models of the xtrl family."""

from treaty_xtrl_models.models.model_common import (
    ModelArtifactRef,
    ModelGuardEvalRecord,
    ModelGuards,
    ModelGuardSpec,
    ModelMeta,
    ModelPolicyLinkage,
    ModelRequirements,
    ModelUnknownsPolicy,
)
from treaty_xtrl_models.models.model_guard_eval import ModelGuardEval
from treaty_xtrl_models.models.model_guardrails_bundle import (
    ModelBundleMeta,
    ModelBundleRequirements,
    ModelGuard,
    ModelGuardAppliesTo,
    ModelGuardFeedback,
    ModelGuardrailsBundle,
    ModelTransitionSelector,
)
from treaty_xtrl_models.models.model_plant_spec import ModelPlantSpec, ModelPlantState, ModelPlantTransition
from treaty_xtrl_models.models.model_reason_codes import (
    ModelReasonCodeRecord,
    ModelReasonCodes,
    ModelRestartModes,
)
from treaty_xtrl_models.models.model_state_space import (
    ModelDecisionDigest,
    ModelStateCandidate,
    ModelStateContract,
    ModelStateLatest,
    ModelStateRepo,
    ModelStateResolution,
    ModelStateSpace,
    ModelStateUnknown,
    ModelTransitionDenial,
    ModelTransitionEvaluation,
)

__all__ = [
    "ModelArtifactRef",
    "ModelBundleMeta",
    "ModelBundleRequirements",
    "ModelDecisionDigest",
    "ModelGuard",
    "ModelGuardAppliesTo",
    "ModelGuardEval",
    "ModelGuardEvalRecord",
    "ModelGuardFeedback",
    "ModelGuardSpec",
    "ModelGuardrailsBundle",
    "ModelGuards",
    "ModelMeta",
    "ModelPlantSpec",
    "ModelPlantState",
    "ModelPlantTransition",
    "ModelPolicyLinkage",
    "ModelReasonCodeRecord",
    "ModelReasonCodes",
    "ModelRequirements",
    "ModelRestartModes",
    "ModelStateCandidate",
    "ModelStateContract",
    "ModelStateLatest",
    "ModelStateRepo",
    "ModelStateResolution",
    "ModelStateSpace",
    "ModelStateUnknown",
    "ModelTransitionDenial",
    "ModelTransitionEvaluation",
    "ModelTransitionSelector",
    "ModelUnknownsPolicy",
]
