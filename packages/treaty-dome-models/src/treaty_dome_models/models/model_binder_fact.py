"""The ``binder_fact`` kind: one TaskSpec-bound derivation of the binder, with its keys and counters."""

from typing import Annotated, Literal

from pydantic import Field, StrictInt
from treaty_xtrl_models import EnumFailureReasonCode, EnumPolicyReasonCode

from treaty_dome_models._types import Count, RunId, Sha256, Text, UtcTimestamp, _ModelDocument
from treaty_dome_models.enums import EnumActionKind, EnumScope, EnumTargetKind


class ModelBinderFact(_ModelDocument):
    """A binder fact: derived once per (run, task, group, binder version), upserted by its derived key."""

    artifact_kind: Literal["binder_fact"] = Field(description="Always binder_fact.")
    derived_upsert_key: Sha256 = Field(
        description="upsert_key() of the TaskSpec keys, fingerprint and binder version."
    )
    idempotency_key: Sha256 = Field(description="idempotency_key() of run, task, group and binder version.")
    run_id: RunId = Field(description="The run.")
    task_id: Text = Field(description="The task.", examples=["task-17"])
    group_id: Text = Field(description="The evidence group.", examples=["task-17"])
    scope: EnumScope = Field(description="TaskSpec scope.", examples=["task"])
    target_kind: EnumTargetKind = Field(description="TaskSpec target.kind.", examples=["task"])
    target_id: Text = Field(description="TaskSpec target.id.", examples=["task-17"])
    action_kind: EnumActionKind = Field(description="TaskSpec action.kind.", examples=["fix"])
    failure_reason_code: EnumFailureReasonCode | None = Field(
        default=None, description="The xtrl failure code, when the task failed.", examples=["TESTS_FAILED"]
    )
    policy_reason_code: EnumPolicyReasonCode | None = Field(
        default=None, description="The xtrl policy code, on a denial."
    )
    fingerprint_hash: Sha256 = Field(description="fingerprint_hash() of the task's fingerprint payload.")
    binder_version: Text = Field(description="Version of the binder that derived the fact.", examples=["v1"])
    support_count: Annotated[StrictInt, Field(ge=1)] = Field(
        description="How many bindings support the fact.", examples=[1]
    )
    contradiction_count: Count = Field(
        description="How many failures followed a prior success.", examples=[0]
    )
    last_seen_ts: UtcTimestamp = Field(
        description="When the fact was last refreshed (UTC).", examples=["2026-02-15T02:57:00Z"]
    )
