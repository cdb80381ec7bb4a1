"""The ``run`` kind: one execution attempt against an Issue."""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr

from treaty_cwom_models._rules import (
    FAILURE_ONLY_WHEN_FAILED,
    RUN_PINS_CONSTRAINTS,
    RUNNING_RUN_HAS_CONTEXT,
    TELEMETRY_ORDER,
    timestamped,
)
from treaty_cwom_models._types import (
    CONTRACT_CONFIG,
    SEALED_CONFIG,
    NonNegativeFloat,
    NonNegativeInt,
    Str,
    UtcTimestamp,
    _ModelTimestamped,
)
from treaty_cwom_models.enums import EnumFailureCategory, EnumRunMode, EnumStatus
from treaty_cwom_models.models.model_primitives import (
    ModelActor,
    ModelRefArtifact,
    ModelRefConstraintSnapshot,
    ModelRefContextPacket,
    ModelRefDoctrineRef,
    ModelRefIssue,
    ModelRefRepo,
)

__all__ = [
    "ModelRun",
    "ModelRunCost",
    "ModelRunExecutor",
    "ModelRunFailure",
    "ModelRunInputs",
    "ModelRunOutputs",
    "ModelRunPlan",
    "ModelRunTelemetry",
]


class ModelRunExecutor(BaseModel):
    """Who or what executes the Run, and where."""

    model_config = SEALED_CONFIG

    actor: ModelActor = Field(description="The executing actor.")
    runtime: Annotated[StrictStr, Str(1, 64)] = Field(
        description="Where it runs (local, ci, container, vps...).", examples=["ci"]
    )
    toolchain: tuple[StrictStr, ...] = Field(
        default=(), description="Tools used.", examples=[["python3.11", "pytest"]]
    )


class ModelRunInputs(BaseModel):
    """What the Run consumes; append-only."""

    model_config = SEALED_CONFIG

    context_packets: tuple[ModelRefContextPacket, ...] = Field(default=(), description="Briefings used.")
    doctrine_refs: tuple[ModelRefDoctrineRef, ...] = Field(default=(), description="Doctrine followed.")
    constraint_snapshot: ModelRefConstraintSnapshot | None = Field(
        default=None, description="The ConstraintSnapshot pinned when the Run started."
    )


class ModelRunPlan(BaseModel):
    """How the Run means to proceed."""

    model_config = SEALED_CONFIG

    steps: tuple[StrictStr, ...] = Field(default=(), description="Planned steps.")
    risk_notes: tuple[StrictStr, ...] = Field(default=(), description="Risks noted.")


class ModelRunTelemetry(BaseModel):
    """When the Run ran."""

    model_config = ConfigDict(**SEALED_CONFIG, json_schema_extra={"x-treaty-notBefore": TELEMETRY_ORDER})

    started_at: UtcTimestamp | None = Field(default=None, description="Start (UTC).")
    ended_at: UtcTimestamp | None = Field(default=None, description="End (UTC); not before the start.")
    duration_s: NonNegativeFloat | None = Field(default=None, description="Duration in seconds.")


class ModelRunCost(BaseModel):
    """What the Run cost."""

    model_config = SEALED_CONFIG

    usd: NonNegativeFloat | None = Field(default=None, description="Cost in US dollars.")
    tokens: NonNegativeInt | None = Field(default=None, description="Model tokens used.")
    compute_s: NonNegativeFloat | None = Field(default=None, description="Compute seconds used.")


class ModelRunOutputs(BaseModel):
    """What the Run produced; append-only."""

    model_config = SEALED_CONFIG

    artifacts: tuple[ModelRefArtifact, ...] = Field(default=(), description="Artifacts produced.")
    result_summary: Annotated[StrictStr, Str(max_length=4000)] | None = Field(
        default=None, description="Summary of the result."
    )
    decision_log: tuple[StrictStr, ...] = Field(default=(), description="Decisions taken, in order.")


class ModelRunFailure(BaseModel):
    """Why the Run failed; present only when its status is failed."""

    model_config = SEALED_CONFIG

    category: EnumFailureCategory = Field(description="Failure category.", examples=["test"])
    message: Annotated[StrictStr, Str(1, 4000)] = Field(
        description="What went wrong.", examples=["3 tests failed"]
    )


class ModelRun(_ModelTimestamped):
    """A Run: one execution attempt against an Issue in a Repo."""

    model_config = timestamped(
        CONTRACT_CONFIG, RUNNING_RUN_HAS_CONTEXT, RUN_PINS_CONSTRAINTS, FAILURE_ONLY_WHEN_FAILED
    )

    kind: Literal["Run"] = Field(description="Kind of the object: always Run.")
    for_issue: ModelRefIssue = Field(description="The Issue the Run works on.")
    repo: ModelRefRepo = Field(description="The Repo the Run works in.")
    status: EnumStatus = Field(default=EnumStatus.PLANNED, description="Work status.", examples=["planned"])
    mode: EnumRunMode = Field(description="Who executes the Run.", examples=["agent"])
    executor: ModelRunExecutor = Field(description="Who or what executes the Run, and where.")
    inputs: ModelRunInputs = Field(default_factory=ModelRunInputs, description="What the Run consumes.")
    plan: ModelRunPlan = Field(default_factory=ModelRunPlan, description="How the Run means to proceed.")
    telemetry: ModelRunTelemetry = Field(default_factory=ModelRunTelemetry, description="When the Run ran.")
    cost: ModelRunCost = Field(default_factory=ModelRunCost, description="What the Run cost.")
    outputs: ModelRunOutputs = Field(default_factory=ModelRunOutputs, description="What the Run produced.")
    failure: ModelRunFailure | None = Field(default=None, description="Why the Run failed.")
