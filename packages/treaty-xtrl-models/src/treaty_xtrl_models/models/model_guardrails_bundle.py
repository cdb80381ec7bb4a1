"""The ``guardrails_bundle`` kind: the configured guards of the control plane and the unknowns policy."""

from typing import Annotated, Literal, Self

from pydantic import BaseModel, Field, StrictStr, model_validator

from treaty_xtrl_models._types import CLOSED, Confidence, StateId, Text, TransitionId, _ModelDocument
from treaty_xtrl_models.enums import (
    EnumDenyDecision,
    EnumFeedbackSeverity,
    EnumNextStep,
    EnumPolicyReasonCode,
)
from treaty_xtrl_models.models.model_common import (
    EvidenceKinds,
    ModelGuards,
    ModelPolicyLinkage,
    ModelRequirements,
    ModelUnknownsPolicy,
)

__all__ = [
    "ModelBundleMeta",
    "ModelBundleRequirements",
    "ModelGuard",
    "ModelGuardAppliesTo",
    "ModelGuardFeedback",
    "ModelGuardrailsBundle",
    "ModelTransitionSelector",
]

Message = Annotated[StrictStr, Field(min_length=12, max_length=240)]


class ModelBundleRequirements(ModelRequirements):
    """A bundle's requirements: the document-level evidence, and the unknowns policy every bundle states."""

    unknowns_policy: ModelUnknownsPolicy = Field(
        description="What to do when a state or transition is unknown."
    )


class ModelBundleMeta(BaseModel):
    """The ``meta`` block of a guardrails bundle (its requirements carry the unknowns policy)."""

    model_config = CLOSED

    policy_linkage: ModelPolicyLinkage = Field(description="Where the bundle's codes come from.")
    requirements: ModelBundleRequirements = Field(
        description="Document-level evidence and the unknowns policy."
    )
    guards: ModelGuards = Field(description="Guards declared and evaluations recorded.")


class ModelTransitionSelector(BaseModel):
    """A transition named by its end states."""

    model_config = CLOSED

    from_: StateId = Field(alias="from", description="The state the transition leaves.", examples=["S.RUN"])
    to: StateId = Field(description="The state the transition enters.", examples=["S.GATE"])
    phase: Text | None = Field(default=None, description="The loop phase, when it matters.")


_SELECTOR_RULE = "applies_to states at least one selector"
_KNOWN_STATES_RULE = "known_states lists each state once"


class ModelGuardAppliesTo(BaseModel):
    """Where a guard applies: a guard applies where every stated selector matches."""

    model_config = CLOSED | {"json_schema_extra": {"minProperties": 1}}

    artifact_kinds: tuple[Text, ...] | None = Field(
        default=None, description="SSOT kinds the guard applies to.", examples=[["state_space"]]
    )
    transitions: tuple[TransitionId, ...] | None = Field(
        default=None,
        description="Transition ids the guard applies to.",
        examples=[["T.RUN->GATE.checks_done"]],
    )
    transition: ModelTransitionSelector | None = Field(
        default=None, description="A transition by its end states."
    )
    known_states: Annotated[tuple[StateId, ...], Field(json_schema_extra={"uniqueItems": True})] | None = (
        Field(default=None, description="States the guard applies in (no repeats).", examples=[["S.RUN"]])
    )
    actions: tuple[StrictStr, ...] | None = Field(default=None, description="Actions the guard applies to.")

    @model_validator(mode="after")
    def _selectors(self) -> Self:
        if not self.model_fields_set:
            raise ValueError(_SELECTOR_RULE)
        if self.known_states is not None and len(set(self.known_states)) != len(self.known_states):
            raise ValueError(_KNOWN_STATES_RULE)
        return self


class ModelGuardFeedback(BaseModel):
    """The operator-facing explanation of a denial."""

    model_config = CLOSED

    severity: EnumFeedbackSeverity = Field(description="How severe the denial is.", examples=["error"])
    operator_message: Message = Field(
        description="What happened, for the operator (12 to 240 characters).",
        examples=["The repository has uncommitted changes."],
    )
    actionable_hint: Message = Field(
        description="What to do about it (12 to 240 characters).",
        examples=["Commit or stash the changes, then retry."],
    )
    next_step: EnumNextStep = Field(description="What the operator should do next.", examples=["hold"])
    confidence: Confidence = Field(description="Confidence in the denial, 0 to 1.", examples=[0.99])
    unknowns: tuple[Text, ...] = Field(default=(), description="What the guard could not determine.")


class ModelGuard(BaseModel):
    """One guard: where it applies, what a denial does and records, and the evidence it needs."""

    model_config = CLOSED

    guard_id: Text = Field(description="Id of the guard.", examples=["repo.clean"])
    applies_to: ModelGuardAppliesTo = Field(description="Where the guard applies (at least one selector).")
    deny_decision: EnumDenyDecision = Field(description="What a denial does.")
    reason_code: EnumPolicyReasonCode = Field(
        description="The policy code a denial records.", examples=["DIRTY_REPO_DENIED"]
    )
    required_evidence: EvidenceKinds = Field(
        description="Evidence kinds the guarded transition needs.", examples=[["evidence_capsule"]]
    )
    predicate_ref: StrictStr | None = Field(
        default=None, description="Name of the predicate.", examples=["git_status_clean"]
    )
    feedback: ModelGuardFeedback | None = Field(
        default=None, description="What the operator is told on a denial."
    )


class ModelGuardrailsBundle(_ModelDocument):
    """A guardrails bundle: configured control-plane input, never derived from ingested data.

    A guard decides whether a transition is allowed; a denial blocks promotion, but evidence, guard
    evaluations and failure candidates are still captured.
    """

    model_config = CLOSED

    artifact_kind: Literal["guardrails_bundle"] = Field(description="Always guardrails_bundle.")
    bundle_id: Text = Field(description="Id of the bundle.", examples=["default"])
    version: Text = Field(description="Version of this bundle instance.", examples=["0.1"])
    meta: ModelBundleMeta = Field(
        description="Policy linkage, requirements with the unknowns policy, guards."
    )
    guards: Annotated[tuple[ModelGuard, ...], Field(min_length=1)] = Field(
        description="The guards (at least one)."
    )
