"""The ``binder_fact`` kind: one TaskSpec-bound derivation of the binder, with its keys and counters.

Its two keys are derived values (since 0.2.0, ``x-treaty-derived``): each must equal its contract function
applied to the fact's own values, which Treaty checks wherever it is given the models' ``FUNCTIONS`` (the
``fixtures`` gate always). No JSON Schema engine can compute a hash, and the models do not either: a key is
checked against the contract, not recomputed on every read.
"""

from typing import Annotated, Final, Literal

from pydantic import Field, JsonValue, StrictInt
from treaty_xtrl_models import EnumFailureReasonCode, EnumPolicyReasonCode

from treaty_dome_models._rules import EXAMPLE_IDEMPOTENCY_KEY, EXAMPLE_UPSERT_KEY, derived_rule
from treaty_dome_models._types import CLOSED, Count, RunId, Sha256, Text, UtcTimestamp, _ModelDocument
from treaty_dome_models.enums import EnumActionKind, EnumScope, EnumTargetKind

__all__ = ["ModelBinderFact"]

DERIVED_KEYS: Final[list[JsonValue]] = [
    {
        "property": "idempotency_key",
        "function": "idempotency_key",
        "input": {
            "run_id": "/run_id",
            "task_id": "/task_id",
            "group_id": "/group_id",
            "binder_version": "/binder_version",
        },
        "rule": derived_rule("dome/derived-idempotency-key", "idempotency_key"),
    },
    {
        "property": "derived_upsert_key",
        "function": "upsert_key",
        "input": {
            "scope": "/scope",
            "target_kind": "/target_kind",
            "target_id": "/target_id",
            "action_kind": "/action_kind",
            # absent means null (the field's default); upsert_key() wants the part written, null or a code
            "failure_reason_code": {"pointer": "/failure_reason_code", "default": None},
            "fingerprint_hash": "/fingerprint_hash",
            "binder_version": "/binder_version",
        },
        "rule": derived_rule("dome/derived-upsert-key", "upsert_key"),
    },
]
"""The binder fact's derived keys (``x-treaty-derived``), inputs as pointers from the document's root."""


class ModelBinderFact(_ModelDocument):
    """A binder fact: derived once per (run, task, group, binder version), upserted by its derived key."""

    model_config = CLOSED | {"json_schema_extra": {"x-treaty-derived": DERIVED_KEYS}}

    artifact_kind: Literal["binder_fact"] = Field(description="Always binder_fact.")
    derived_upsert_key: Sha256 = Field(
        description="upsert_key() of scope, target_kind, target_id, action_kind, failure_reason_code (null "
        "when absent), fingerprint_hash and binder_version (checked since 0.2.0).",
        examples=[EXAMPLE_UPSERT_KEY],
    )
    idempotency_key: Sha256 = Field(
        description="idempotency_key() of run_id, task_id, group_id and binder_version (checked since 0.2.0).",
        examples=[EXAMPLE_IDEMPOTENCY_KEY],
    )
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
