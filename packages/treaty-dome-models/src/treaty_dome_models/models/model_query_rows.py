"""Query primitive rows: the stable handles of retrieval, each with a documented total order.

The orders are contract functions (``order_recent_failures``, ``order_gate_rollup``,
``order_guard_denials``), so identical facts and filters give identical ordered results.
"""

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StrictInt
from treaty_xtrl_models import EnumFailureReasonCode, EnumPolicyReasonCode

from treaty_dome_models._types import CLOSED, Count, RunId, Text, UtcTimestamp
from treaty_dome_models.enums import EnumTaskStatus

__all__ = ["ModelGateRollupRow", "ModelGuardDenialRow", "ModelRecentFailureRow"]


class ModelRecentFailureRow(BaseModel):
    """A row of ``recent_failures_by_taskspec``: a failed task. Order: updated_ts newest first, then run_id, task_id."""

    model_config = CLOSED

    run_id: RunId = Field(description="The run.")
    task_id: Text = Field(description="The task.", examples=["task-17"])
    status: Literal["FAIL"] = Field(description="Always FAIL.")
    failure_reason_code: EnumFailureReasonCode | None = Field(
        description="The failure code (null when none was recorded).", examples=["TESTS_FAILED"]
    )
    policy_reason_code: EnumPolicyReasonCode | None = Field(
        description="The policy code (null when no guard denied).", examples=[None]
    )
    attempts: Count = Field(description="Attempts made.", examples=[1])
    duration_ms: Count = Field(description="Duration in milliseconds.", examples=[1200])
    worker_model: Text = Field(description="The worker model.", examples=["gpt-5.3"])
    evidence_capsule_path: Text | None = Field(
        description="Where the evidence capsule is (null when none).", examples=[None]
    )
    updated_ts: UtcTimestamp = Field(
        description="When the task fact was last updated (UTC).", examples=["2026-02-15T02:57:00Z"]
    )


class ModelGateRollupRow(BaseModel):
    """A row of ``gate_rollup_by_failure_reason_code``.

    Order: task_count largest first, then failure_reason_code (null last), worker_model, status.
    """

    model_config = CLOSED

    failure_reason_code: EnumFailureReasonCode | None = Field(
        description="The failure code (null: tasks without one).", examples=["TESTS_FAILED"]
    )
    worker_model: Text = Field(description="The worker model.", examples=["gpt-5.3"])
    status: EnumTaskStatus = Field(description="The task status.", examples=["FAIL"])
    task_count: Annotated[StrictInt, Field(ge=1)] = Field(description="Tasks in the group.", examples=[4])


class ModelGuardDenialRow(BaseModel):
    """A row of ``guard_denials_by_policy_reason_code``: a task a guard denied (the task may still have passed).

    Order: updated_ts newest first, then run_id, task_id.
    """

    model_config = CLOSED

    run_id: RunId = Field(description="The run.")
    task_id: Text = Field(description="The task.", examples=["task-17"])
    policy_reason_code: EnumPolicyReasonCode = Field(
        description="The policy code of the denial.", examples=["DIRTY_REPO_DENIED"]
    )
    status: EnumTaskStatus = Field(description="The task status.", examples=["PASS"])
    updated_ts: UtcTimestamp = Field(
        description="When the task fact was last updated (UTC).", examples=["2026-02-15T02:57:00Z"]
    )
