"""The ``day_close`` kind: one day's reconciliation of planned and actual work.

Since 1.2.0 the kind's rules are part of its schema (docs/rules-vocabulary.md), each under the id it had as
toolkit code: plain JSON Schema where it can say them (``allOf`` members carrying an ``x-treaty-rule``, which
every engine enforces), the Treaty keywords ``x-treaty-uniqueBy`` and ``x-treaty-in`` where it cannot. The
models leave these rules to the schema, as they left them to the toolkit before.
"""

from collections.abc import Iterable
from typing import Annotated, Any, Final

from pydantic import BaseModel, Field, StrictInt, StrictStr

from treaty_change_control_models._patterns import MAX_ITEMS, MAX_TEXT, PRE_LINKS_VERSION_PATTERN
from treaty_change_control_models._types import (
    CONTRACT_CONFIG,
    CalendarDate,
    SchemaVersion,
    Text,
    one_line,
)
from treaty_change_control_models.enums import (
    EnumDriftCategory,
    EnumInvariantStatus,
    EnumPRState,
)

__all__ = [
    "ModelDayClose",
    "ModelDayCloseActualRepo",
    "ModelDayCloseDriftDetected",
    "ModelDayCloseInvariantsChecked",
    "ModelDayClosePR",
    "ModelDayClosePlanItem",
    "ModelDayCloseProcessChange",
    "ModelDayCloseRisk",
]


def _rule(name: str, message: str, hint: str) -> dict[str, str]:
    """Return the rule object of an error rule of the kind (docs/rules-vocabulary.md)."""
    return {"id": f"change_control/{name}", "severity": "error", "message": message, "hint": hint}


ACTUAL_WORK_IS_PLANNED_OR_DRIFT: Final[dict[str, Any]] = {
    "x-treaty-rule": _rule(
        "actual-work-is-planned-or-drift",
        "this pull request maps to no plan requirement and no drift entry",
        "link it with requirement_ids, or record the unplanned work in drift_detected and link it with drift_ids",
    ),
    # Documents stating a version before 1.1.0 cannot link pull requests: the rule starts at 1.1.0 (it was
    # `since="1.1.0"` as code), so it is written where the document's schema_version can be seen.
    "if": {
        "properties": {"schema_version": one_line(PRE_LINKS_VERSION_PATTERN)},
        "required": ["schema_version"],
    },
    "else": {
        "properties": {
            "actual_by_repo": {
                "items": {
                    "properties": {
                        "prs": {
                            "items": {
                                "anyOf": [
                                    {
                                        "properties": {"requirement_ids": {"minItems": 1}},
                                        "required": ["requirement_ids"],
                                    },
                                    {
                                        "properties": {"drift_ids": {"minItems": 1}},
                                        "required": ["drift_ids"],
                                    },
                                ],
                            },
                        },
                    },
                },
            },
        },
    },
}
"""Every pull request maps to a plan requirement or a drift entry (documents of 1.1.0 and later)."""


def _unique_by(key: str, collection: str, rule: str) -> dict[str, Any]:
    return {
        "x-treaty-uniqueBy": {
            "key": key,
            "rule": _rule(
                rule,
                f"{key} {{value}} is used twice (first at {collection} item {{first}})",
                f"give each {collection} entry its own {key}",
            ),
        },
    }


def _link(collection: str, key: str) -> dict[str, Any]:
    return {
        "x-treaty-in": {
            "collection": f"/{collection}",
            "key": key,
            "rule": _rule(
                "link-resolves",
                f"the link {{value}} names no {key} in {collection}",
                f"fix the link, or add an entry with {key} {{value}} to {collection}",
            ),
        },
    }


RequirementLink = Annotated[
    StrictStr, Field(max_length=MAX_TEXT, json_schema_extra=_link("plan", "requirement_id"))
]
"""A link to a plan requirement: it names the requirement_id of an entry of the report's plan."""

DriftLink = Annotated[
    StrictStr, Field(max_length=MAX_TEXT, json_schema_extra=_link("drift_detected", "drift_id"))
]
"""A link to a drift entry: it names the drift_id of an entry of the report's drift_detected."""


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
    requirement_ids: Annotated[list[RequirementLink], Field(max_length=MAX_ITEMS)] = Field(
        default_factory=list,
        description="The plan requirement_ids this pull request delivers (since 1.1.0).",
        examples=[["REQ-001"]],
    )
    drift_ids: Annotated[list[DriftLink], Field(max_length=MAX_ITEMS)] = Field(
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


def _unknown_invariant_needs_correction(invariants: Iterable[str]) -> dict[str, Any]:
    """Return the rule "every invariant marked unknown needs at least one correction for tomorrow".

    Without a correction for tomorrow (the list absent or empty), none of the ``invariants`` may be unknown;
    a failure is reported at each unknown invariant. A key that is no invariant is the schema's to refuse.
    """
    return {
        "x-treaty-rule": _rule(
            "unknown-invariant-needs-correction",
            "this invariant is unknown but corrections_for_tomorrow is empty",
            "add at least one entry to corrections_for_tomorrow saying how the unknown will be resolved",
        ),
        "if": {"properties": {"corrections_for_tomorrow": {"type": "array", "maxItems": 0}}},
        "then": {
            "properties": {
                "invariants_checked": {
                    "properties": {name: {"not": {"const": "unknown"}} for name in invariants},
                },
            },
        },
    }


class ModelDayClose(BaseModel):
    """Daily close: one day's reconciliation of planned and actual work across repositories."""

    model_config = CONTRACT_CONFIG | {
        "json_schema_extra": {
            "allOf": [
                _unknown_invariant_needs_correction(ModelDayCloseInvariantsChecked.model_fields),
                ACTUAL_WORK_IS_PLANNED_OR_DRIFT,
            ],
        },
    }

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
        json_schema_extra=_unique_by("requirement_id", "plan", "unique-requirement-id"),
    )
    actual_by_repo: Annotated[list[ModelDayCloseActualRepo], Field(max_length=MAX_ITEMS)] = Field(
        default_factory=list,
        description="Actual work per repository.",
    )
    drift_detected: Annotated[list[ModelDayCloseDriftDetected], Field(max_length=MAX_ITEMS)] = Field(
        default_factory=list,
        description="Drift between plan and reality.",
        json_schema_extra=_unique_by("drift_id", "drift_detected", "unique-drift-id"),
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
