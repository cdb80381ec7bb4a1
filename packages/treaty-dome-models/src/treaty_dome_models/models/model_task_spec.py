"""The ``task_spec`` kind, and the TaskSpec keys every wrapper and capsule carries.

Reason codes are xtrl's: ``failure_reason_code`` must be a failure code and ``policy_reason_code`` a policy
code of the pinned xtrl version (the schemas refer to xtrl's definitions by ``$id``). The legacy
``reason_code`` is accepted on input as an alias of ``failure_reason_code`` and normalised to it.
"""

from collections.abc import Mapping
from typing import Any, Final, Literal

from pydantic import BaseModel, Field, StrictStr, model_validator
from treaty_xtrl_models import EnumFailureReasonCode, EnumPolicyReasonCode

from treaty_dome_models._rules import REASON_CODE_ALIAS
from treaty_dome_models._types import CLOSED, Text, _ModelDocument
from treaty_dome_models.enums import EnumActionKind, EnumScope, EnumTargetKind

__all__ = [
    "ModelAction",
    "ModelTarget",
    "ModelTaskSpec",
    "ModelTaskSpecKeys",
    "ModelTransitionContext",
    "ModelVersionContext",
    "normalise_reason_fields",
]

ALIAS_RULE: Final = "failure_reason_code is required (the legacy reason_code is accepted as its alias)"
CONFLICT_RULE: Final = "reason_code is a legacy alias of failure_reason_code, and the two differ"


def normalise_reason_fields(record: Mapping[str, Any]) -> dict[str, Any]:
    """Return ``record`` with the legacy ``reason_code`` folded into ``failure_reason_code``.

    The one alias rule of the contract: a null ``reason_code`` counts as absent; otherwise it becomes
    ``failure_reason_code`` when that key is absent. Both written with different values is an error (never
    resolved silently); a null ``failure_reason_code`` stays null (and is refused as such).
    ``policy_reason_code`` is never touched: a denial does not replace a failure.
    """
    out = dict(record)
    legacy = out.pop("reason_code", None)
    if legacy is None:
        return out
    if "failure_reason_code" not in out:
        out["failure_reason_code"] = legacy
        return out
    current = out["failure_reason_code"]
    if current is not None and current != legacy:
        msg = f"{CONFLICT_RULE} ({current!r} and {legacy!r})"
        raise ValueError(msg)
    return out  # equal, or a null failure_reason_code, which the field itself refuses


def _alias_schema(schema: dict[str, Any]) -> None:
    """In the schema: failure_reason_code is required unless a non-null reason_code stands for it.

    And a non-null reason_code equals failure_reason_code when both are written (``dome/reason-code-alias``).
    """
    schema["required"] = [name for name in schema["required"] if name != "failure_reason_code"]
    schema.setdefault("allOf", []).extend(
        [
            {
                "if": {
                    "not": {"required": ["reason_code"], "properties": {"reason_code": {"type": "string"}}}
                },
                "then": {"description": ALIAS_RULE, "required": ["failure_reason_code"]},
            },
        ],
    )
    schema.update(REASON_CODE_ALIAS)


class ModelTarget(BaseModel):
    """What the task acts on."""

    model_config = CLOSED

    kind: EnumTargetKind = Field(description="The kind of target.", examples=["task"])
    id: Text = Field(description="Id of the target.", examples=["task-17"])


class ModelAction(BaseModel):
    """What the task does to its target."""

    model_config = CLOSED

    kind: EnumActionKind = Field(description="The kind of action.", examples=["fix"])


class ModelTaskSpecKeys(BaseModel):
    """The TaskSpec keys: scope, target, action and the reason codes (failure, and policy on a denial)."""

    model_config = CLOSED | {"json_schema_extra": _alias_schema}

    scope: EnumScope = Field(description="What the task is scoped to.", examples=["task"])
    target: ModelTarget = Field(description="What the task acts on.")
    action: ModelAction = Field(description="What the task does.")
    failure_reason_code: EnumFailureReasonCode = Field(
        description="What went wrong: an xtrl failure code; the retrieval and strategy-mapping key.",
        examples=["TESTS_FAILED"],
    )
    policy_reason_code: EnumPolicyReasonCode | None = Field(
        default=None,
        description="What guardrails disallowed, when a guard denied: an xtrl policy code. Never replaces "
        "failure_reason_code; both may be present.",
    )
    reason_code: EnumFailureReasonCode | None = Field(
        default=None,
        exclude=True,
        description="Legacy alias of failure_reason_code, accepted on input and normalised to it; "
        "must equal failure_reason_code when both are written. Write failure_reason_code instead.",
    )

    @model_validator(mode="before")
    @classmethod
    def _legacy_alias(cls, data: Any) -> Any:
        return normalise_reason_fields(data) if isinstance(data, Mapping) else data


class ModelTransitionContext(BaseModel):
    """The state transition the task belongs to."""

    model_config = CLOSED

    from_state: Text = Field(description="The state the transition leaves.", examples=["S.RUN"])
    to_state: Text = Field(description="The state the transition enters.", examples=["S.GATE"])
    transition_id: Text | None = Field(
        default=None, description="The transition's id.", examples=["T.RUN->GATE.checks_done"]
    )


class ModelVersionContext(BaseModel):
    """The versions the task ran with (capsule keys may add them as dimensions)."""

    model_config = CLOSED

    tool_version: Text = Field(description="Version of the tool.", examples=["1.4.2"])
    env_class: Text | None = Field(default=None, description="The class of environment.", examples=["ci"])


class ModelTaskSpec(ModelTaskSpecKeys, _ModelDocument):
    """A TaskSpec: what a planned task is about, keyed for retrieval by its failure reason code."""

    model_config = CLOSED | {"json_schema_extra": _alias_schema}

    artifact_kind: Literal["task_spec"] = Field(description="Always task_spec.")
    task_id: Text | None = Field(default=None, description="Id of the planned task.", examples=["task-17"])
    transition: ModelTransitionContext | None = Field(
        default=None, description="The transition the task belongs to."
    )
    versions: ModelVersionContext | None = Field(default=None, description="The versions the task ran with.")
    notes: StrictStr | None = Field(default=None, description="Free notes.")
