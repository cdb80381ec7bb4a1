"""Inputs and outputs of the store's contract functions (since 0.3.0): maintenance, eligibility, queries, replay.

A store (the binder on a real database) reproduces these functions exactly: the same facts, capsules and
query rows, in the same order, for the same events, however they are batched or repeated.
"""

from collections.abc import Mapping
from typing import Annotated, Any, Final, Self

from pydantic import BaseModel, Field, StrictBool, StrictInt, model_validator
from treaty_xtrl_models import EnumFailureReasonCode, EnumPolicyReasonCode

from treaty_dome_models._types import CLOSED, Count, Ratio, RunId, SchemaVersion, Sha256, Text, UtcTimestamp
from treaty_dome_models.enums import EnumEligibility, EnumTaskStatus
from treaty_dome_models.models.model_capsule import ModelEligibilityPolicy
from treaty_dome_models.models.model_contract_inputs import ModelEligibilityInput
from treaty_dome_models.models.model_event_envelope import ModelEventEnvelope
from treaty_dome_models.models.model_task_spec import normalise_reason_fields
from treaty_dome_models.models.model_wrapper_envelope import ModelAnomalyTrigger

__all__ = [
    "MAX_LIMIT",
    "TOPIC_TASK_RESULT",
    "TOPIC_WRAPPER",
    "ModelBinding",
    "ModelGateRollupFilters",
    "ModelGateRollupQuery",
    "ModelGuardDenialsFilters",
    "ModelGuardDenialsQuery",
    "ModelMaintenance",
    "ModelMaintenanceInput",
    "ModelPrescriptiveDecision",
    "ModelPrescriptiveInput",
    "ModelRecentFailuresFilters",
    "ModelRecentFailuresQuery",
    "ModelReplayInput",
    "ModelTaskFact",
    "ModelTaskResult",
]

TOPIC_WRAPPER: Final = "wrapper"
"""The topic of an event whose payload is a wrapper envelope."""
TOPIC_TASK_RESULT: Final = "task.result"
"""The topic of an event whose payload is a task result (``ModelTaskResult``)."""
MAX_LIMIT: Final = 200
"""The most rows one query returns: retrieval is bounded."""
DEFAULT_LIMIT: Final = 20

Limit = Annotated[StrictInt, Field(ge=1, le=MAX_LIMIT, description="The most rows to return (1 to 200).")]


class ModelTaskResult(BaseModel):
    """The payload of a ``task.result`` event: a task's outcome, which becomes (or replaces) its task fact."""

    model_config = CLOSED

    task_id: Text = Field(description="The task.", examples=["task-17"])
    status: EnumTaskStatus = Field(description="The task's status.", examples=["FAIL"])
    attempts: Count = Field(description="Attempts made.", examples=[1])
    duration_ms: Count = Field(description="Duration in milliseconds.", examples=[1200])
    worker_model: Text = Field(description="The worker model.", examples=["gpt-5.3"])
    failure_reason_code: EnumFailureReasonCode | None = Field(default=None, description="The failure code.")
    policy_reason_code: EnumPolicyReasonCode | None = Field(
        default=None, description="The policy code, when a guard denied (the task may still have passed)."
    )
    evidence_capsule_path: Text | None = Field(default=None, description="Where the evidence capsule is.")
    reason_code: EnumFailureReasonCode | None = Field(
        default=None, exclude=True, description="Legacy alias of failure_reason_code, accepted on input."
    )

    @model_validator(mode="before")
    @classmethod
    def _legacy_alias(cls, data: Any) -> Any:
        return normalise_reason_fields(data) if isinstance(data, Mapping) else data


class ModelTaskFact(BaseModel):
    """A task fact: the last result of a task in a run, keyed by (run_id, task_id); what the queries read."""

    model_config = CLOSED

    run_id: RunId
    task_id: Text
    status: EnumTaskStatus
    failure_reason_code: EnumFailureReasonCode | None
    policy_reason_code: EnumPolicyReasonCode | None
    attempts: Count
    duration_ms: Count
    worker_model: Text
    evidence_capsule_path: Text | None
    updated_ts: UtcTimestamp = Field(description="ts of the event that carried the result (UTC).")


def _unique_facts(rows: tuple[ModelTaskFact, ...]) -> None:
    keys = [(row.run_id, row.task_id) for row in rows]
    if len(set(keys)) != len(keys):
        msg = "rows repeat a (run_id, task_id): a task has one fact per run"
        raise ValueError(msg)


class ModelRecentFailuresFilters(BaseModel):
    """Filters of ``recent_failures_by_taskspec``: each one given must match exactly; ``since`` is inclusive."""

    model_config = CLOSED

    failure_reason_code: EnumFailureReasonCode | None = None
    policy_reason_code: EnumPolicyReasonCode | None = None
    run_id: RunId | None = None
    worker_model: Text | None = None
    since: UtcTimestamp | None = Field(default=None, description="Only facts updated at or after it.")


class ModelRecentFailuresQuery(BaseModel):
    """A ``recent_failures_by_taskspec`` query: task facts in, filters and a limit."""

    model_config = CLOSED

    rows: tuple[ModelTaskFact, ...]
    filters: ModelRecentFailuresFilters = ModelRecentFailuresFilters()
    limit: Limit = DEFAULT_LIMIT

    @model_validator(mode="after")
    def _unique(self) -> Self:
        _unique_facts(self.rows)
        return self


class ModelGateRollupFilters(BaseModel):
    """Filters of ``gate_rollup_by_failure_reason_code``, applied to the groups."""

    model_config = CLOSED

    failure_reason_code: EnumFailureReasonCode | None = None
    worker_model: Text | None = None
    status: EnumTaskStatus | None = None


class ModelGateRollupQuery(BaseModel):
    """A ``gate_rollup_by_failure_reason_code`` query: task facts in, filters and a limit."""

    model_config = CLOSED

    rows: tuple[ModelTaskFact, ...]
    filters: ModelGateRollupFilters = ModelGateRollupFilters()
    limit: Limit = DEFAULT_LIMIT

    @model_validator(mode="after")
    def _unique(self) -> Self:
        _unique_facts(self.rows)
        return self


class ModelGuardDenialsFilters(BaseModel):
    """Filters of ``guard_denials_by_policy_reason_code``: each one given must match; ``since`` is inclusive."""

    model_config = CLOSED

    policy_reason_code: EnumPolicyReasonCode | None = None
    run_id: RunId | None = None
    status: EnumTaskStatus | None = None
    since: UtcTimestamp | None = Field(default=None, description="Only facts updated at or after it.")


class ModelGuardDenialsQuery(BaseModel):
    """A ``guard_denials_by_policy_reason_code`` query: task facts in, filters and a limit."""

    model_config = CLOSED

    rows: tuple[ModelTaskFact, ...]
    filters: ModelGuardDenialsFilters = ModelGuardDenialsFilters()
    limit: Limit = DEFAULT_LIMIT

    @model_validator(mode="after")
    def _unique(self) -> Self:
        _unique_facts(self.rows)
        return self


class ModelBinding(BaseModel):
    """One binding of a capsule: a derived wrapper, by its idempotency key, and when its event was published."""

    model_config = CLOSED

    idempotency_key: Sha256
    observed_at: UtcTimestamp


class ModelMaintenanceInput(BaseModel):
    """Everything a capsule's maintained values are computed from: a set, so order and repeats do not matter."""

    model_config = CLOSED

    bindings: Annotated[tuple[ModelBinding, ...], Field(min_length=1)] = Field(
        description="The capsule's bindings (a binding repeated with the same observed_at counts once)."
    )
    successes: tuple[UtcTimestamp, ...] = Field(
        default=(), description="When the capsule's TaskSpec keys succeeded (promoted evidence)."
    )
    evaluated_at: UtcTimestamp = Field(description="When staleness and eligibility are judged.")
    policy: ModelEligibilityPolicy


class ModelMaintenance(BaseModel):
    """A capsule's maintained values."""

    model_config = CLOSED

    support_count: Annotated[StrictInt, Field(ge=1)]
    contradiction_count: Count
    last_seen_ts: UtcTimestamp
    confidence: Ratio
    stale: StrictBool = Field(description="Last seen more than max_staleness_days before evaluated_at.")
    decision: EnumEligibility = Field(description="eligibility() of these values.")


class ModelPrescriptiveInput(ModelEligibilityInput):
    """A capsule's eligibility inputs, with what guards said of its TaskSpec: may the planner apply it single-shot."""

    model_config = CLOSED

    policy_reason_code: EnumPolicyReasonCode | None = Field(
        default=None,
        description="The capsule's TaskSpec policy code: a guard denied the work it was minted from.",
    )
    guard_denials: tuple[EnumPolicyReasonCode, ...] = Field(
        default=(),
        description="What the guards in force deny for the capsule's TaskSpec where it would apply.",
    )


class ModelPrescriptiveDecision(BaseModel):
    """The planner's decision: the capsule's own eligibility, capped at guided when guards are not compatible."""

    model_config = CLOSED

    decision: EnumEligibility
    eligibility: EnumEligibility = Field(description="eligibility() of the capsule alone.")
    guard_compatible: StrictBool


class ModelReplayInput(BaseModel):
    """A snapshot to replay: events in, and the binder's configuration."""

    model_config = CLOSED

    schema_version: SchemaVersion = Field(
        description="The dome version the derived documents are written in."
    )
    binder_version: Text = Field(description="The binder version of the keys.", examples=["v1"])
    evaluated_at: UtcTimestamp = Field(description="When the capsules' eligibility is judged.")
    policy: ModelEligibilityPolicy
    active_triggers: tuple[ModelAnomalyTrigger, ...] = Field(
        default=(), description="The anomaly triggers in force (hybrid policy)."
    )
    events: tuple[ModelEventEnvelope, ...] = Field(description="The snapshot: event envelopes, in any order.")
