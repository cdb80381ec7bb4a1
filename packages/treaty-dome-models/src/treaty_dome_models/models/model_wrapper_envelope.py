"""The ``wrapper_envelope`` kind: the planner's selector that tells the ingestion daemon what is high-signal."""

from typing import Annotated, Literal, Self

from pydantic import BaseModel, Field, StrictInt, model_validator

from treaty_dome_models._types import CLOSED, EventId, RunId, Sha256, Text, _ModelDocument
from treaty_dome_models.enums import EnumSignal, EnumWrapperPolicy
from treaty_dome_models.models.model_task_spec import ModelTaskSpecKeys

__all__ = ["ModelAnomalyTrigger", "ModelEvidenceRef", "ModelFingerprintDimensions", "ModelWrapperEnvelope"]

ANOMALY_RULE = (
    "an anomaly wrapper names the versioned anomaly trigger that fired, and only an anomaly wrapper does"
)
DENIAL_RULE = "a guard_denial wrapper records the policy_reason_code of the denial in its task_spec"


class ModelEvidenceRef(BaseModel):
    """A file of an evidence bundle, by path and content hash."""

    model_config = CLOSED

    path: Text = Field(
        description="Path of the evidence file in its bundle.", examples=["evidence/pytest.log"]
    )
    sha256: Sha256 = Field(description="sha256 of the file's bytes (lower-case hex).")


class ModelAnomalyTrigger(BaseModel):
    """A versioned anomaly trigger (e.g. a retry-storm threshold breach)."""

    model_config = CLOSED

    trigger_id: Text = Field(description="Id of the trigger.", examples=["retry_storm"])
    trigger_version: Text = Field(description="Version of the trigger's definition.", examples=["1"])


class ModelFingerprintDimensions(BaseModel):
    """What a wrapper's failure fingerprint is computed from besides its reason codes (since 0.3.0).

    The binder hashes these with the TaskSpec's codes (``fingerprint_hash``); a wrapper without them is
    fingerprinted by its codes alone.
    """

    model_config = CLOSED

    gates: tuple[Text, ...] = Field(default=(), description="The gate set (order and repeats do not matter).")
    signature: Text | None = Field(default=None, description="The program/config signature.")
    versions: dict[Text, Text] = Field(
        default={}, description="Version dimensions, by name (e.g. python, tool)."
    )
    environment: dict[Text, Text] = Field(
        default={}, description="Environment dimensions, by name (e.g. env_class)."
    )


class ModelWrapperEnvelope(_ModelDocument):
    """A wrapper envelope: one high-signal event of a run, with its TaskSpec keys, evidence and lineage.

    An invalid wrapper is rejected with one error per offending field, never skipped silently; replaying
    the same envelopes yields the same stored facts (``event_id``, ``sequence``, ``run_id`` are its lineage).
    """

    model_config = CLOSED | {
        "json_schema_extra": {
            "allOf": [
                {
                    "if": {"properties": {"signal": {"const": "anomaly"}}, "required": ["signal"]},
                    "then": {
                        "description": ANOMALY_RULE,
                        "required": ["anomaly_trigger"],
                        "properties": {"anomaly_trigger": {"description": ANOMALY_RULE, "type": "object"}},
                    },
                    "else": {
                        "description": ANOMALY_RULE,
                        "properties": {"anomaly_trigger": {"description": ANOMALY_RULE, "type": "null"}},
                    },
                },
                {
                    "if": {"properties": {"signal": {"const": "guard_denial"}}, "required": ["signal"]},
                    "then": {
                        "description": DENIAL_RULE,
                        "properties": {
                            "task_spec": {
                                "description": DENIAL_RULE,
                                "required": ["policy_reason_code"],
                                "properties": {"policy_reason_code": {"type": "string"}},
                            },
                        },
                    },
                },
            ],
        },
    }

    artifact_kind: Literal["wrapper_envelope"] = Field(description="Always wrapper_envelope.")
    event_id: EventId = Field(description="Id of the event that carried the wrapper (lineage).")
    sequence: Annotated[StrictInt, Field(ge=1)] = Field(
        description="Position in the run's event stream (lineage).", examples=[1]
    )
    run_id: RunId = Field(description="The run (lineage).")
    task_id: Text | None = Field(
        default=None, description="The task, when the wrapper is about one.", examples=["task-17"]
    )
    group_id: Text = Field(description="The evidence group the wrapper selects.", examples=["task-17"])
    signal: EnumSignal = Field(description="Why the wrapper was emitted.", examples=["failed_gate"])
    wrapper_policy: EnumWrapperPolicy = Field(
        description="The run's fallback policy, persisted for replay.", examples=["hybrid"]
    )
    anomaly_trigger: ModelAnomalyTrigger | None = Field(
        default=None, description="The trigger that fired (an anomaly wrapper only)."
    )
    task_spec: ModelTaskSpecKeys = Field(description="The TaskSpec keys of the work the wrapper is about.")
    evidence_refs: Annotated[tuple[ModelEvidenceRef, ...], Field(min_length=1)] = Field(
        description="The evidence, by path and hash (at least one)."
    )
    fingerprint: ModelFingerprintDimensions | None = Field(
        default=None,
        description="What the failure's fingerprint is computed from besides the TaskSpec's codes (since 0.3.0).",
    )

    @model_validator(mode="after")
    def _signal_rules(self) -> Self:
        if (self.signal is EnumSignal.ANOMALY) != (self.anomaly_trigger is not None):
            raise ValueError(ANOMALY_RULE)
        if self.signal is EnumSignal.GUARD_DENIAL and self.task_spec.policy_reason_code is None:
            raise ValueError(DENIAL_RULE)
        return self
