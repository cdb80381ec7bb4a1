"""The documents dome-service ingests: TaskSpecs and planner wrapper envelopes (the dome 0.1.0 contract).

These are the service's own models, written from the contract. Only the reason-code vocabulary comes from
Treaty: the xtrl enums of ``treaty-xtrl-models``, the single source dome pins, so a new code arrives with a
pin bump instead of an edit here. Every rejection is a pydantic ``ValidationError`` located at the offending
field (or naming it, for the rules that span fields), one error per field.
"""

from collections.abc import Mapping
from typing import Annotated, Any, Final, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, model_validator
from treaty_xtrl_models import EnumFailureReasonCode, EnumPolicyReasonCode

CLOSED: Final = ConfigDict(extra="forbid", frozen=True)
"""Unknown keys are errors: a misspelt field must never be dropped silently."""

Text = Annotated[StrictStr, Field(min_length=1)]
SchemaVersion = Annotated[
    StrictStr, Field(max_length=20, pattern=r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")
]
Sha256 = Annotated[StrictStr, Field(pattern=r"^[0-9a-f]{64}$")]
EventId = Annotated[StrictStr, Field(pattern=r"^evt-[0-9a-f]{32}$")]
RunId = Annotated[StrictStr, Field(pattern=r"^[a-z0-9][a-z0-9._-]{2,127}$")]

Scope = Literal["task", "run", "repo"]
TargetKind = Literal[
    "data",
    "artifact",
    "aggregate",
    "tool_policy",
    "runtime",
    "schema",
    "api",
    "contract",
    "memory_capsule",
    "workflow_state",
    "memory_rule",
    "task",
]
ActionKind = Literal["validate", "rank", "harden", "fix", "retrieve", "apply", "plan", "track", "synthesize"]
Signal = Literal[
    "promoted_evidence", "failed_gate", "guard_denial", "spec_test_failure", "fuzz_failure", "anomaly"
]
WrapperPolicy = Literal["strict", "hybrid", "lenient"]

_FAILURE_CODES: Final = frozenset(code.value for code in EnumFailureReasonCode)


def fold_reason_code(record: Mapping[str, Any]) -> dict[str, Any]:
    """Return the TaskSpec keys with the legacy ``reason_code`` folded into ``failure_reason_code``.

    Older orchestrators still write only ``reason_code``. A null one counts as absent; otherwise it must be an
    xtrl failure code, and it becomes ``failure_reason_code`` unless that is written too, in which case the
    two must agree: a conflict is refused, never resolved by picking one. ``policy_reason_code`` is not
    touched (a denial never replaces a failure).
    """
    out = dict(record)
    legacy = out.pop("reason_code", None)
    if legacy is None:
        return out
    if not isinstance(legacy, str) or legacy not in _FAILURE_CODES:
        raise ValueError(
            f"reason_code {legacy!r} (the legacy alias of failure_reason_code) is not an xtrl failure code"
        )
    if "failure_reason_code" not in out:
        out["failure_reason_code"] = legacy
    elif out["failure_reason_code"] is not None and out["failure_reason_code"] != legacy:
        raise ValueError(
            f"reason_code {legacy!r} differs from failure_reason_code {out['failure_reason_code']!r}; "
            "the legacy alias must agree with the field it stands for"
        )
    return out  # a null failure_reason_code stays null, and the field refuses it


class Target(BaseModel):
    """What the task acts on."""

    model_config = CLOSED

    kind: TargetKind
    id: Text


class Action(BaseModel):
    """What the task does to its target."""

    model_config = CLOSED

    kind: ActionKind


class TaskSpecKeys(BaseModel):
    """The keys every planned task is bound by: scope, target, action and its reason codes."""

    model_config = CLOSED

    scope: Scope
    target: Target
    action: Action
    failure_reason_code: EnumFailureReasonCode
    policy_reason_code: EnumPolicyReasonCode | None = None

    @model_validator(mode="before")
    @classmethod
    def _legacy_reason_code(cls, data: Any) -> Any:
        return fold_reason_code(data) if isinstance(data, Mapping) else data


class Transition(BaseModel):
    """The state transition a task belongs to."""

    model_config = CLOSED

    from_state: Text
    to_state: Text
    transition_id: Text | None = None


class Versions(BaseModel):
    """The versions a task ran with."""

    model_config = CLOSED

    tool_version: Text
    env_class: Text | None = None


class TaskSpec(TaskSpecKeys):
    """A TaskSpec document (``artifact_kind: task_spec``)."""

    artifact_kind: Literal["task_spec"]
    schema_version: SchemaVersion
    task_id: Text | None = None
    transition: Transition | None = None
    versions: Versions | None = None
    notes: StrictStr | None = None


class EvidenceRef(BaseModel):
    """A file of an evidence bundle, by path and content hash."""

    model_config = CLOSED

    path: Text
    sha256: Sha256


class AnomalyTrigger(BaseModel):
    """A versioned anomaly trigger."""

    model_config = CLOSED

    trigger_id: Text
    trigger_version: Text


class WrapperEnvelope(BaseModel):
    """A planner wrapper envelope (``artifact_kind: wrapper_envelope``): one high-signal event of a run."""

    model_config = CLOSED

    artifact_kind: Literal["wrapper_envelope"]
    schema_version: SchemaVersion
    event_id: EventId
    sequence: Annotated[StrictInt, Field(ge=1)]
    run_id: RunId
    task_id: Text | None = None
    group_id: Text
    signal: Signal
    wrapper_policy: WrapperPolicy
    anomaly_trigger: AnomalyTrigger | None = None
    task_spec: TaskSpecKeys
    evidence_refs: Annotated[tuple[EvidenceRef, ...], Field(min_length=1)]

    @model_validator(mode="after")
    def _signal_rules(self) -> Self:
        if (self.signal == "anomaly") != (self.anomaly_trigger is not None):
            raise ValueError(
                "anomaly_trigger is required for signal anomaly, and allowed for no other signal"
            )
        if self.signal == "guard_denial" and self.task_spec.policy_reason_code is None:
            raise ValueError("a guard_denial wrapper must record task_spec.policy_reason_code")
        return self


def parse_task_spec(document: Any) -> TaskSpec:
    """Parse a TaskSpec document (JSON data); raise ``pydantic.ValidationError`` to reject it."""
    return TaskSpec.model_validate(document)


def parse_wrapper_envelope(document: Any) -> WrapperEnvelope:
    """Parse a wrapper envelope document (JSON data); raise ``pydantic.ValidationError`` to reject it."""
    return WrapperEnvelope.model_validate(document)
