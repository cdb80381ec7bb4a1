"""Definitions shared by the xtrl kinds: artifact references, the ``meta`` block, guards and their evaluations.

The SSOT copied these into every schema; Treaty defines them once (``DEFINITIONS``) and each kind's schema
refers to them by ``$id``.
"""

from typing import Annotated, Literal, Self

from pydantic import BaseModel, Field, StrictInt, StrictStr, model_validator

from treaty_xtrl_models._types import CLOSED, Sha256, Text
from treaty_xtrl_models.enums import (
    EnumDenyDecision,
    EnumGuardDecision,
    EnumGuardStatus,
    EnumPolicyReasonCode,
    EnumReasonClass,
    ReasonCode,
)

__all__ = [
    "ModelArtifactRef",
    "ModelGuardEvalRecord",
    "ModelGuardSpec",
    "ModelGuards",
    "ModelMeta",
    "ModelPolicyLinkage",
    "ModelRequirements",
    "ModelUnknownsPolicy",
]

EvidenceKinds = tuple[Text, ...]


class ModelArtifactRef(BaseModel):
    """A pointer to another SSOT artifact."""

    model_config = CLOSED

    path: Text = Field(
        description="Repository-relative path of the artifact.", examples=["control/ssot/reason_codes.json"]
    )
    version: Text = Field(description="Version of the artifact referred to.", examples=["0.1.0"])
    id: Text | None = Field(default=None, description="Id of the artifact, when it has one.")
    sha256: Sha256 | None = Field(
        default=None, description="sha256 of the artifact's bytes (lower-case hex)."
    )


class ModelPolicyLinkage(BaseModel):
    """The artifacts a document's codes and guards come from."""

    model_config = CLOSED

    reason_codes_ref: ModelArtifactRef = Field(
        description="The reason-code catalog this document's codes come from."
    )
    plant_spec_ref: ModelArtifactRef | None = Field(default=None, description="The plant spec.")
    guardrails_bundle_ref: ModelArtifactRef | None = Field(default=None, description="The guardrails bundle.")
    control_strategy_ref: ModelArtifactRef | None = Field(default=None, description="The control strategy.")
    rank_policy_ref: ModelArtifactRef | None = Field(default=None, description="The rank policy.")
    pattern_catalog_ref: ModelArtifactRef | None = Field(default=None, description="The pattern catalog.")
    src_conventions_ref: ModelArtifactRef | None = Field(default=None, description="The source conventions.")


class ModelRequirements(BaseModel):
    """What a document requires as a whole."""

    model_config = CLOSED

    required_evidence: EvidenceKinds = Field(
        description="Evidence kinds required at document level (write [] if there are none).", examples=[[]]
    )


class ModelGuardSpec(BaseModel):
    """A guard declared on a transition."""

    model_config = CLOSED

    guard_id: Text = Field(description="Id of the guard.", examples=["repo.clean"])
    guard_kind: EnumReasonClass | None = Field(
        default=None, description="The reason-code class of the guard."
    )
    predicate_ref: Text | None = Field(
        default=None, description="Name of the predicate.", examples=["git_status_clean"]
    )
    deny_decision: EnumDenyDecision = Field(description="What a denial does.")
    deny_reason_code: EnumPolicyReasonCode = Field(description="The policy code a denial records.")
    evidence_kinds: EvidenceKinds = Field(
        description="Evidence kinds the guard reads.", examples=[["evidence_capsule"]]
    )


_FAIL_RULE = "a FAIL evaluation records a DENY or STOP decision and at least one reason code"
_PASS_RULE = "a PASS evaluation can only ALLOW"  # noqa: S105  # a rule, not a password
_SKIP_RULE = "a SKIP evaluation records no decision (the guard was not evaluated)"


class ModelGuardEvalRecord(BaseModel):
    """The record of one guard evaluation: its outcome, decision, reason codes and evidence."""

    model_config = CLOSED | {
        "json_schema_extra": {
            "allOf": [
                {
                    "if": {"properties": {"status": {"const": "FAIL"}}, "required": ["status"]},
                    "then": {
                        "description": _FAIL_RULE,
                        "required": ["decision", "reason_codes"],
                        "properties": {
                            "decision": {"enum": ["DENY", "STOP"]},
                            "reason_codes": {"minItems": 1},
                        },
                    },
                },
                {
                    "if": {"properties": {"status": {"const": "PASS"}}, "required": ["status"]},
                    "then": {
                        "description": _PASS_RULE,
                        "properties": {"decision": {"enum": ["ALLOW", None]}},
                    },
                },
                {
                    "if": {"properties": {"status": {"const": "SKIP"}}, "required": ["status"]},
                    "then": {"description": _SKIP_RULE, "properties": {"decision": {"type": "null"}}},
                },
            ],
        },
    }

    guard_id: Text = Field(description="Id of the guard evaluated.", examples=["repo.clean"])
    status: EnumGuardStatus = Field(description="Outcome of the guard's predicate.", examples=["PASS"])
    decision: EnumGuardDecision | None = Field(
        default=None, description="The decision recorded.", examples=["ALLOW"]
    )
    reason_codes: tuple[ReasonCode, ...] = Field(
        default=(), description="Catalog codes that explain the decision."
    )
    evidence_refs: tuple[StrictStr, ...] = Field(default=(), description="References to the evidence read.")
    notes: StrictStr | None = Field(default=None, description="Free notes.")

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.status is EnumGuardStatus.FAIL and (
            self.decision not in {EnumGuardDecision.DENY, EnumGuardDecision.STOP} or not self.reason_codes
        ):
            raise ValueError(_FAIL_RULE)
        if self.status is EnumGuardStatus.PASS and self.decision not in {None, EnumGuardDecision.ALLOW}:
            raise ValueError(_PASS_RULE)
        if self.status is EnumGuardStatus.SKIP and self.decision is not None:
            raise ValueError(_SKIP_RULE)
        return self


class ModelGuards(BaseModel):
    """The guards a document declares, and the evaluations it records."""

    model_config = CLOSED

    spec: tuple[ModelGuardSpec, ...] = Field(
        description="Guards declared (write [] if there are none).", examples=[[]]
    )
    eval: tuple[ModelGuardEvalRecord, ...] = Field(
        description="Guard evaluations recorded (write [] if there are none).", examples=[[]]
    )


class ModelMeta(BaseModel):
    """The ``meta`` block: policy linkage, document-level requirements, guards."""

    model_config = CLOSED

    policy_linkage: ModelPolicyLinkage = Field(description="Where the document's codes and guards come from.")
    requirements: ModelRequirements = Field(description="What the document requires as a whole.")
    guards: ModelGuards = Field(description="Guards declared and evaluations recorded.")


class ModelUnknownsPolicy(BaseModel):
    """What to do when the plant state or a transition cannot be resolved."""

    model_config = CLOSED

    on_unknown_state: EnumDenyDecision = Field(description="Decision when the state is unknown.")
    on_unknown_transition: EnumDenyDecision = Field(description="Decision when the transition is unknown.")
    reason_code: EnumPolicyReasonCode = Field(
        description="The policy code the denial records.", examples=["AMBIGUOUS_STATE_DENIED"]
    )
    emit_unknowns_field: Literal["unknowns"] = Field(description="The field unknowns are written to.")
    max_unknowns: Annotated[StrictInt, Field(ge=0)] | None = Field(
        default=None, description="How many unknowns are tolerated.", examples=[0]
    )
