"""The ``state_space`` kind: one tick's state, its resolution and the evaluation of every transition."""

from typing import Annotated, Literal, Self

from pydantic import BaseModel, Field, JsonValue, StrictBool, StrictStr, model_validator

from treaty_xtrl_models._types import (
    CLOSED,
    Confidence,
    StateId,
    Text,
    TransitionId,
    UtcTimestamp,
    _ModelDocument,
    rule,
)
from treaty_xtrl_models.enums import EnumDenyDecision, EnumResolutionStatus, ReasonCode
from treaty_xtrl_models.models.model_common import ModelMeta

__all__ = [
    "ModelDecisionDigest",
    "ModelStateCandidate",
    "ModelStateContract",
    "ModelStateLatest",
    "ModelStateRepo",
    "ModelStateResolution",
    "ModelStateSpace",
    "ModelStateUnknown",
    "ModelTransitionDenial",
    "ModelTransitionEvaluation",
]

_RESOLVED_RULE = "a RESOLVED state names its state_id"
_UNRESOLVED_RULE = "only a RESOLVED state has a state_id"
_AMBIGUOUS_RULE = "an AMBIGUOUS state lists at least two candidates"


class ModelStateRepo(BaseModel):
    """The repository the tick looked at."""

    model_config = CLOSED

    repo_key: StrictStr = Field(description="Key of the repository.", examples=["xtrlv2"])
    repo_root: StrictStr = Field(description="Root folder of the checkout.", examples=["checkouts/xtrlv2"])
    base_ref: StrictStr = Field(description="The base ref.", examples=["main"])
    head_sha: StrictStr = Field(description="The checked-out commit.", examples=["de3f0b9"])
    clean: StrictBool = Field(description="Whether the working tree is clean.", examples=[True])


class ModelStateContract(BaseModel):
    """What the run may touch and do."""

    model_config = CLOSED

    allowed_paths: tuple[StrictStr, ...] = Field(description="Paths the run may change.", examples=[["src/"]])
    budgets: dict[str, JsonValue] = Field(description="Budgets (open).", examples=[{}])
    actions: tuple[StrictStr, ...] = Field(description="Actions the run may take.", examples=[["edit"]])


class ModelStateLatest(BaseModel):
    """Where the latest state and ledger are."""

    model_config = CLOSED

    state_latest_path: StrictStr = Field(
        description="Path of the latest state.", examples=["out/latest.json"]
    )
    ledger_tail: tuple[JsonValue, ...] = Field(
        description="The last ledger entries (untyped).", examples=[[]]
    )


class ModelDecisionDigest(BaseModel):
    """The tick's decision in brief."""

    model_config = CLOSED

    decision: StrictStr = Field(description="The decision.", examples=["PROMOTE"])
    reason_codes: tuple[ReasonCode, ...] = Field(description="Catalog codes that explain it.")


class ModelStateCandidate(BaseModel):
    """A state the plant may be in."""

    model_config = CLOSED

    state_id: StateId = Field(description="The candidate state.")
    confidence: Confidence = Field(description="Confidence, 0 to 1.", examples=[0.5])


class ModelStateUnknown(BaseModel):
    """Something the resolution could not determine."""

    model_config = CLOSED

    key: Text = Field(description="What is unknown.", examples=["gate_decision"])
    needed_by: Text = Field(description="What needs it.", examples=["T.RUN->GATE.checks_done"])


class ModelStateResolution(BaseModel):
    """Which state the plant is in, or why that is not known."""

    model_config = CLOSED | {
        "json_schema_extra": {
            "allOf": [
                {
                    "if": {"properties": {"status": {"const": "RESOLVED"}}, "required": ["status"]},
                    "then": {
                        "description": _RESOLVED_RULE,
                        "required": ["state_id"],
                        "properties": {"state_id": {"type": "string"}},
                    },
                    "else": {"description": _UNRESOLVED_RULE, "properties": {"state_id": {"type": "null"}}},
                },
                {
                    "if": {"properties": {"status": {"const": "AMBIGUOUS"}}, "required": ["status"]},
                    "then": {"description": _AMBIGUOUS_RULE, "properties": {"candidates": {"minItems": 2}}},
                },
            ],
        },
    }

    status: EnumResolutionStatus = Field(description="Whether the state was resolved.", examples=["RESOLVED"])
    state_id: StateId | None = Field(
        default=None, description="The state, when RESOLVED.", examples=["S.RUN"]
    )
    candidates: tuple[ModelStateCandidate, ...] = Field(
        description="Candidate states (write [] if there are none).", examples=[[]]
    )
    unknowns: tuple[ModelStateUnknown, ...] = Field(
        description="What is unknown (write [] if nothing).", examples=[[]]
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        resolved = self.status is EnumResolutionStatus.RESOLVED
        if resolved and self.state_id is None:
            raise ValueError(_RESOLVED_RULE)
        if not resolved and self.state_id is not None:
            raise ValueError(_UNRESOLVED_RULE)
        if self.status is EnumResolutionStatus.AMBIGUOUS and len(self.candidates) < 2:  # noqa: PLR2004
            raise ValueError(_AMBIGUOUS_RULE)
        return self


class ModelTransitionDenial(BaseModel):
    """A transition that was denied: every denial carries reason codes and evidence refs."""

    model_config = CLOSED

    transition_id: TransitionId = Field(
        description="The transition denied (not also admissible).",
        json_schema_extra={
            "x-treaty-notIn": {
                "collection": "/transition_evaluation/admissible",
                "rule": rule(
                    "admissible-or-denied",
                    "transition {value} is both admissible and denied",
                    "a denied transition is not admissible: remove it from one of the two lists",
                ),
            },
        },
    )
    decision: EnumDenyDecision = Field(description="The denial's decision.")
    reason_codes: Annotated[tuple[ReasonCode, ...], Field(min_length=1)] = Field(
        description="Catalog codes that explain the denial (at least one)."
    )
    violated_guards: tuple[Text, ...] = Field(description="Guards that denied.", examples=[["repo.clean"]])
    evidence_refs: Annotated[tuple[Text, ...], Field(min_length=1)] = Field(
        description="Evidence of the denial (at least one).", examples=[["evidence/capsule.json"]]
    )


class ModelTransitionEvaluation(BaseModel):
    """Which transitions are admissible and which were denied, and why."""

    model_config = CLOSED

    admissible: tuple[TransitionId, ...] = Field(
        description="Admissible transitions (write [] if none).", examples=[[]]
    )
    denied: tuple[ModelTransitionDenial, ...] = Field(
        description="Denied transitions (write [] if none).", examples=[[]]
    )


class ModelStateSpace(_ModelDocument):
    """One tick of the control loop: the repository, the contract, the resolved state, and every transition's verdict."""

    model_config = CLOSED

    artifact_kind: Literal["state_space"] = Field(description="Always state_space.")
    generated_at_utc: UtcTimestamp = Field(
        description="When the tick was computed (UTC).", examples=["2026-02-15T10:00:00Z"]
    )
    repo: ModelStateRepo = Field(description="The repository looked at.")
    contract: ModelStateContract = Field(description="What the run may touch and do.")
    latest: ModelStateLatest = Field(description="Where the latest state and ledger are.")
    decision_digest: ModelDecisionDigest | None = Field(default=None, description="The decision in brief.")
    meta: ModelMeta = Field(description="Policy linkage, requirements, guards.")
    state_resolution: ModelStateResolution = Field(description="Which state the plant is in.")
    transition_evaluation: ModelTransitionEvaluation = Field(description="The verdict on every transition.")
