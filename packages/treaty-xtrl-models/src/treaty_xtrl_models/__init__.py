"""Pydantic models of the xtrl family: the xtrlv2 SSOT's reason codes, guardrails and state contracts.

The module-level names ``FAMILY``, ``KINDS`` and ``__version__`` are the family's declaration to Treaty
(found through the ``treaty.models`` entry point). ``DEFINITIONS`` lists the types exported once, in the
family's ``definitions`` schema, which every kind (and every family pinned to xtrl) refers to by ``$id``.
"""

from types import MappingProxyType
from typing import Final

from pydantic import BaseModel

from treaty_xtrl_models.enums import (
    REASON_CLASSES,
    EnumDenyDecision,
    EnumFailureReasonCode,
    EnumFeedbackSeverity,
    EnumGuardDecision,
    EnumGuardStatus,
    EnumNextStep,
    EnumPolicyReasonCode,
    EnumReasonClass,
    EnumReasonSemantics,
    EnumResolutionStatus,
    EnumRestartMode,
    ReasonCode,
    reason_code,
    semantics,
)
from treaty_xtrl_models.models import (
    ModelArtifactRef,
    ModelBundleMeta,
    ModelBundleRequirements,
    ModelDecisionDigest,
    ModelGuard,
    ModelGuardAppliesTo,
    ModelGuardEval,
    ModelGuardEvalRecord,
    ModelGuardFeedback,
    ModelGuardrailsBundle,
    ModelGuards,
    ModelGuardSpec,
    ModelMeta,
    ModelPlantSpec,
    ModelPlantState,
    ModelPlantTransition,
    ModelPolicyLinkage,
    ModelReasonCodeRecord,
    ModelReasonCodes,
    ModelRequirements,
    ModelRestartModes,
    ModelStateCandidate,
    ModelStateContract,
    ModelStateLatest,
    ModelStateRepo,
    ModelStateResolution,
    ModelStateSpace,
    ModelStateUnknown,
    ModelTransitionDenial,
    ModelTransitionEvaluation,
    ModelTransitionSelector,
    ModelUnknownsPolicy,
)

__version__: Final = "0.2.0"
"""The contract version these models define; the family's single source of truth."""

FAMILY: Final = "xtrl"
KINDS: Final[MappingProxyType[str, type[BaseModel]]] = MappingProxyType(
    {
        "guard_eval": ModelGuardEval,
        "guardrails_bundle": ModelGuardrailsBundle,
        "plant_spec": ModelPlantSpec,
        "reason_codes": ModelReasonCodes,
        "state_space": ModelStateSpace,
    },
)
"""Document kinds of the family, each with its top-level model."""

DEFINITIONS: Final = (
    ModelMeta,
    ModelUnknownsPolicy,
    EnumFailureReasonCode,
    EnumPolicyReasonCode,
)
"""Types defined once, in ``definitions.schema.json`` (with everything they use: artifact refs, guard specs,
guard evaluation records), and referred to by ``$id``."""

__all__ = [
    "DEFINITIONS",
    "FAMILY",
    "KINDS",
    "REASON_CLASSES",
    "EnumDenyDecision",
    "EnumFailureReasonCode",
    "EnumFeedbackSeverity",
    "EnumGuardDecision",
    "EnumGuardStatus",
    "EnumNextStep",
    "EnumPolicyReasonCode",
    "EnumReasonClass",
    "EnumReasonSemantics",
    "EnumResolutionStatus",
    "EnumRestartMode",
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
    "ReasonCode",
    "__version__",
    "reason_code",
    "semantics",
]
