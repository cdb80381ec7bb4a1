"""The ``day_close`` kind: one day's reconciliation of planned and actual work."""

from typing import Annotated

from pydantic import BaseModel, Field, StrictInt, StrictStr

from treaty_change_control_models._patterns import MAX_ITEMS
from treaty_change_control_models._types import CONTRACT_CONFIG, CalendarDate, SchemaVersion, Text
from treaty_change_control_models.enums import (
    EnumDriftCategory,
    EnumInvariantStatus,
    EnumPRState,
)


class ModelDayCloseProcessChange(BaseModel):
    """A change made to the process that day."""

    model_config = CONTRACT_CONFIG

    change: Text = Field(
        description="What changed in the process.",
        examples=["Ticket contracts are now required for seam tickets"],
    )
    rationale: Text = Field(
        description="Why the process changed.",
        examples=["Two cross-repo breakages last week had no contract"],
    )
    replaces: Text = Field(
        description="The previous behaviour this change replaces.",
        examples=["Seam tickets were reviewed by hand"],
    )


class ModelDayClosePlanItem(BaseModel):
    """A requirement planned for the day."""

    model_config = CONTRACT_CONFIG

    requirement_id: Text = Field(description="Requirement identifier.", examples=["REQ-001"])
    summary: Text = Field(
        description="Summary of the requirement.",
        examples=["Export the ticket contract schema"],
    )


class ModelDayClosePR(BaseModel):
    """A pull request that was part of the day's actual work.

    Since 1.1.0 it links to the plan requirements it delivers or the drift entries it is recorded under,
    which makes the exhaustiveness rule checkable: all actual work is planned or recorded as drift.
    """

    model_config = CONTRACT_CONFIG

    pr: StrictInt = Field(ge=1, description="Pull request number.", examples=[42])
    title: Text = Field(description="Pull request title.", examples=["Add schema export"])
    state: EnumPRState = Field(description="Pull request state.", examples=["merged"])
    notes: Text = Field(
        description="Why it matters and what it unblocks.",
        examples=["Unblocks the determinism gate"],
    )
    requirement_ids: Annotated[list[Text], Field(max_length=MAX_ITEMS)] = Field(
        default_factory=list,
        description="The plan requirement_ids this pull request delivers (since 1.1.0).",
        examples=[["REQ-001"]],
    )
    drift_ids: Annotated[list[Text], Field(max_length=MAX_ITEMS)] = Field(
        default_factory=list,
        description="The drift_detected entries this pull request is recorded under (since 1.1.0).",
        examples=[[]],
    )


class ModelDayCloseActualRepo(BaseModel):
    """The actual work done in one repository."""

    model_config = CONTRACT_CONFIG

    repo: Text = Field(
        description="Repository, by convention owner/name.",
        examples=["OmniNode-ai/onex_change_control"],
    )
    prs: Annotated[list[ModelDayClosePR], Field(max_length=MAX_ITEMS)] = Field(
        default_factory=list,
        description="Pull requests of the day in this repository.",
    )


class ModelDayCloseDriftDetected(BaseModel):
    """A drift between the plan and what happened."""

    model_config = CONTRACT_CONFIG

    drift_id: Text = Field(
        description="Drift identifier, unique within the report.",
        examples=["DRIFT-001"],
    )
    category: EnumDriftCategory = Field(description="Drift category.", examples=["scope"])
    evidence: Text = Field(
        description="What changed and where (pull requests, commits, files).",
        examples=["PR #43 added a CLI that was not planned"],
    )
    impact: Text = Field(description="Why the drift matters.", examples=["Scope grew by one day"])
    correction_for_tomorrow: Text = Field(
        description="A specific fix, decision or ticket.",
        examples=["Add the CLI to the plan or revert it"],
    )


class ModelDayCloseInvariantsChecked(BaseModel):
    """Status of each architecture invariant at the close of the day."""

    model_config = CONTRACT_CONFIG

    reducers_pure: EnumInvariantStatus = Field(
        description="Reducers only fold events: no input/output, never read a clock.",
        examples=["pass"],
    )
    orchestrators_no_io: EnumInvariantStatus = Field(
        description="Orchestrators perform no input/output.",
        examples=["pass"],
    )
    effects_do_io_only: EnumInvariantStatus = Field(
        description="Effects perform the input/output and are idempotent under at-least-once delivery.",
        examples=["pass"],
    )
    real_infra_proof_progressing: EnumInvariantStatus = Field(
        description="Proof against real infrastructure is progressing.",
        examples=["pass"],
    )


class ModelDayCloseRisk(BaseModel):
    """A risk noted at the close of the day."""

    model_config = CONTRACT_CONFIG

    risk: Text = Field(description="Short description of the risk.", examples=["Schema drift"])
    mitigation: Text = Field(
        description="Short description of the mitigation.",
        examples=["Run the determinism gate in CI"],
    )


class ModelDayClose(BaseModel):
    """Daily close: one day's reconciliation of planned and actual work across repositories."""

    model_config = CONTRACT_CONFIG

    schema_version: SchemaVersion
    date: CalendarDate = Field(
        description="The day being closed, as a quoted YYYY-MM-DD string.",
        examples=["2025-12-28"],
    )
    process_changes_today: Annotated[list[ModelDayCloseProcessChange], Field(max_length=MAX_ITEMS)] = Field(
        default_factory=list, description="Process changes made that day."
    )
    plan: Annotated[list[ModelDayClosePlanItem], Field(max_length=MAX_ITEMS)] = Field(
        default_factory=list,
        description="Planned requirements.",
    )
    actual_by_repo: Annotated[list[ModelDayCloseActualRepo], Field(max_length=MAX_ITEMS)] = Field(
        default_factory=list,
        description="Actual work per repository.",
    )
    drift_detected: Annotated[list[ModelDayCloseDriftDetected], Field(max_length=MAX_ITEMS)] = Field(
        default_factory=list, description="Drift between plan and reality."
    )
    invariants_checked: ModelDayCloseInvariantsChecked = Field(
        description="Status of each architecture invariant.",
    )
    corrections_for_tomorrow: Annotated[list[StrictStr], Field(max_length=MAX_ITEMS)] = Field(
        default_factory=list,
        description="Actionable corrections for the next day.",
        examples=[["Re-run the purity gate on omnibase_core"]],
    )
    risks: Annotated[list[ModelDayCloseRisk], Field(max_length=MAX_ITEMS)] = Field(
        default_factory=list,
        description="Risks noted at the close.",
    )
