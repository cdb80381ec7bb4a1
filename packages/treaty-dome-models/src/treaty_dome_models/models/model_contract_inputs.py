"""Inputs and outputs of the dome contract functions (fingerprints, keys, fallback policy, eligibility)."""

from typing import Annotated, Self

from pydantic import BaseModel, Field, StrictBool, StrictInt, model_validator
from treaty_xtrl_models import EnumFailureReasonCode, EnumPolicyReasonCode

from treaty_dome_models._types import CLOSED, Count, Ratio, Sha256, Text, UtcTimestamp
from treaty_dome_models.enums import (
    EnumActionKind,
    EnumDerivationBasis,
    EnumScope,
    EnumSignal,
    EnumTargetKind,
    EnumWrapperPolicy,
)
from treaty_dome_models.models.model_capsule import ModelEligibilityPolicy
from treaty_dome_models.models.model_task_spec import ModelTaskSpecKeys
from treaty_dome_models.models.model_wrapper_envelope import (
    ANOMALY_RULE,
    ModelAnomalyTrigger,
    ModelFingerprintDimensions,
)

__all__ = [
    "ModelEligibilityInput",
    "ModelFallbackDecision",
    "ModelFallbackInput",
    "ModelFallbackWrapper",
    "ModelFingerprintInput",
    "ModelIdempotencyKeyInput",
    "ModelUpsertKeyInput",
]


class ModelFingerprintInput(ModelFingerprintDimensions):
    """What a failure fingerprint is computed from, before normalisation: the codes and the dimensions.

    Volatile values (attempts, durations, timestamps) are deliberately absent: the same failure under the
    same program, gates, versions and environment has the same fingerprint in every run.
    """

    model_config = CLOSED

    failure_reason_code: EnumFailureReasonCode | None = Field(
        default=None, description="The xtrl failure code."
    )
    policy_reason_code: EnumPolicyReasonCode | None = Field(default=None, description="The xtrl policy code.")


class ModelIdempotencyKeyInput(BaseModel):
    """The parts of the binder's idempotency key."""

    model_config = CLOSED

    run_id: Text
    task_id: Text
    group_id: Text
    binder_version: Text


class ModelUpsertKeyInput(BaseModel):
    """The parts of the binder's derived upsert key."""

    model_config = CLOSED

    scope: EnumScope
    target_kind: EnumTargetKind
    target_id: Text
    action_kind: EnumActionKind
    failure_reason_code: EnumFailureReasonCode | None
    fingerprint_hash: Sha256
    binder_version: Text


class ModelFallbackWrapper(BaseModel):
    """The wrapper a fact came with, as the fallback policy sees it (the envelope's anomaly rule holds)."""

    model_config = CLOSED

    signal: EnumSignal
    anomaly_trigger: ModelAnomalyTrigger | None = None

    @model_validator(mode="after")
    def _anomaly_rule(self) -> Self:
        if (self.signal is EnumSignal.ANOMALY) != (self.anomaly_trigger is not None):
            raise ValueError(ANOMALY_RULE)
        return self


class ModelGuardDenialInput(BaseModel):
    """A guard's denial to record on a TaskSpec."""

    model_config = CLOSED

    task_spec: ModelTaskSpecKeys
    policy_reason_code: EnumPolicyReasonCode


class ModelFallbackInput(BaseModel):
    """A fallback-policy question: may this fact be derived from under this policy."""

    model_config = CLOSED

    policy: EnumWrapperPolicy = Field(description="The run's fallback policy.")
    wrapper: ModelFallbackWrapper | None = Field(description="The fact's wrapper; null when it has none.")
    active_triggers: tuple[ModelAnomalyTrigger, ...] = Field(
        default=(), description="The anomaly triggers in force, each at one version."
    )


class ModelFallbackDecision(BaseModel):
    """The fallback policy's answer."""

    model_config = CLOSED

    derive: StrictBool = Field(description="Whether a derived capsule may be minted.")
    basis: EnumDerivationBasis | None = Field(
        description="What the derivation rests on; null when not derived."
    )


class ModelEligibilityInput(BaseModel):
    """A capsule's counters and the thresholds to judge them by, at a given time."""

    model_config = CLOSED

    support_count: Annotated[StrictInt, Field(ge=1)]
    contradiction_count: Count
    confidence: Ratio
    last_seen_ts: UtcTimestamp
    evaluated_at: UtcTimestamp
    policy: ModelEligibilityPolicy
