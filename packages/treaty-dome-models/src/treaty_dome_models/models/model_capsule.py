"""The ``capsule`` kind: a prescriptive memory capsule, its maintenance counters and its eligibility.

Its key and its eligibility decision are derived values (since 0.2.0, ``x-treaty-derived``): each must equal
its contract function applied to the capsule's own values, which Treaty checks wherever it is given the
models' ``FUNCTIONS`` (the ``fixtures`` gate always).
"""

from typing import Annotated, Final, Literal

from pydantic import BaseModel, Field, JsonValue, StrictInt

from treaty_dome_models._rules import EXAMPLE_UPSERT_KEY, derived_rule
from treaty_dome_models._types import CLOSED, Count, Ratio, Sha256, Text, UtcTimestamp, _ModelDocument
from treaty_dome_models.enums import EnumEligibility
from treaty_dome_models.models.model_task_spec import ModelTaskSpecKeys
from treaty_dome_models.models.model_wrapper_envelope import ModelEvidenceRef

__all__ = ["ModelCapsule", "ModelEligibility", "ModelEligibilityPolicy"]


class ModelEligibilityPolicy(BaseModel):
    """The thresholds eligibility is decided by: explicit, versioned fields of the contract."""

    model_config = CLOSED

    policy_version: Text = Field(description="Version of this threshold set.", examples=["1"])
    min_support: Annotated[StrictInt, Field(ge=1)] = Field(
        description="Support needed to be prescriptive.", examples=[3]
    )
    min_confidence: Ratio = Field(description="Confidence needed to be prescriptive.", examples=[0.8])
    max_contradiction_rate: Ratio = Field(
        description="Contradictions / (support + contradictions) above which the capsule degrades to shadow.",
        examples=[0.2],
    )
    max_staleness_days: Count = Field(
        description="Days since last seen after which the capsule degrades to shadow.", examples=[30]
    )


class ModelEligibility(BaseModel):
    """The eligibility decision, the thresholds it used, and when it was taken."""

    model_config = CLOSED

    decision: EnumEligibility = Field(
        description="The decision: what eligibility() gives for the capsule's counters, confidence, last_seen_ts, "
        "evaluated_at and policy (checked since 0.2.0).",
        examples=["prescriptive"],
    )
    policy: ModelEligibilityPolicy = Field(description="The thresholds used.")
    evaluated_at: UtcTimestamp = Field(
        description="When the decision was taken (UTC).", examples=["2026-02-16T00:00:00Z"]
    )


DERIVED_VALUES: Final[list[JsonValue]] = [
    {
        "property": "derived_upsert_key",
        "function": "upsert_key",
        "input": {
            "scope": "/task_spec/scope",
            "target_kind": "/task_spec/target/kind",
            "target_id": "/task_spec/target/id",
            "action_kind": "/task_spec/action/kind",
            # the legacy reason_code stands for failure_reason_code when that is not written
            "failure_reason_code": {"pointer": ["/task_spec/failure_reason_code", "/task_spec/reason_code"]},
            "fingerprint_hash": "/fingerprint_hash",
            "binder_version": "/binder_version",
        },
        "rule": derived_rule("dome/derived-capsule-upsert-key", "upsert_key"),
    },
    {
        "at": "/eligibility",
        "property": "decision",
        "function": "eligibility",
        "input": {
            "support_count": "/support_count",
            "contradiction_count": "/contradiction_count",
            "confidence": "/confidence",
            "last_seen_ts": "/last_seen_ts",
            "evaluated_at": "/eligibility/evaluated_at",
            "policy": "/eligibility/policy",
        },
        "rule": derived_rule("dome/derived-eligibility", "eligibility"),
    },
]
"""The capsule's derived values (``x-treaty-derived``), inputs as pointers from the document's root."""


class ModelCapsule(_ModelDocument):
    """A prescriptive capsule: what happened and what to do next time for this exact TaskSpec key."""

    model_config = CLOSED | {"json_schema_extra": {"x-treaty-derived": DERIVED_VALUES}}

    artifact_kind: Literal["capsule"] = Field(description="Always capsule.")
    derived_upsert_key: Sha256 = Field(
        description="The binder fact key the capsule is minted from: upsert_key() of the task_spec keys, "
        "fingerprint_hash and binder_version (checked since 0.2.0).",
        examples=[EXAMPLE_UPSERT_KEY],
    )
    task_spec: ModelTaskSpecKeys = Field(description="The TaskSpec keys the capsule answers.")
    fingerprint_hash: Sha256 = Field(description="fingerprint_hash() of the failure it addresses.")
    binder_version: Text = Field(description="Version of the binder.", examples=["v1"])
    support_count: Annotated[StrictInt, Field(ge=1)] = Field(
        description="Bindings that support it.", examples=[3]
    )
    contradiction_count: Count = Field(description="Failures after a prior success.", examples=[0])
    last_seen_ts: UtcTimestamp = Field(
        description="When a binding last refreshed it (UTC).", examples=["2026-02-15T02:57:00Z"]
    )
    confidence: Ratio = Field(description="Confidence in the capsule, 0 to 1.", examples=[0.9])
    eligibility: ModelEligibility = Field(description="How the planner may use it.")
    evidence_refs: Annotated[tuple[ModelEvidenceRef, ...], Field(min_length=1)] = Field(
        description="Evidence the capsule rests on (at least one)."
    )
