"""The ``issue`` kind: a unit of intent."""

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StrictStr

from treaty_cwom_models._rules import timestamped
from treaty_cwom_models._types import CONTRACT_CONFIG, SEALED_CONFIG, Str, _ModelTimestamped
from treaty_cwom_models.enums import EnumIssueType, EnumPriority, EnumStatus
from treaty_cwom_models.models.model_primitives import (
    ModelActor,
    ModelRefConstraintSnapshot,
    ModelRefContextPacket,
    ModelRefDoctrineRef,
    ModelRefIssue,
    ModelRefRepo,
    ModelRefRun,
)

__all__ = ["ModelIssue", "ModelIssueAcceptance", "ModelIssueRelationships"]


class ModelIssueAcceptance(BaseModel):
    """When the Issue counts as done."""

    model_config = SEALED_CONFIG

    criteria: tuple[StrictStr, ...] = Field(
        default=(), description="Acceptance criteria.", examples=[["export is reproducible"]]
    )
    tests_expected: tuple[StrictStr, ...] | None = Field(
        default=None, description="Tests expected to prove the criteria.", examples=[["test_export"]]
    )


class ModelIssueRelationships(BaseModel):
    """Links to other Issues."""

    model_config = SEALED_CONFIG

    parent: ModelRefIssue | None = Field(default=None, description="The parent Issue.")
    blocks: tuple[ModelRefIssue, ...] = Field(default=(), description="Issues this one blocks.")
    blocked_by: tuple[ModelRefIssue, ...] = Field(default=(), description="Issues blocking this one.")
    duplicates: tuple[ModelRefIssue, ...] = Field(default=(), description="Issues this one duplicates.")


class ModelIssue(_ModelTimestamped):
    """An Issue: a unit of intent in a Repo."""

    model_config = timestamped(CONTRACT_CONFIG)

    kind: Literal["Issue"] = Field(description="Kind of the object: always Issue.")
    repo: ModelRefRepo = Field(description="The Repo the Issue belongs to.")
    title: Annotated[StrictStr, Str(1, 512)] = Field(
        description="One-line title.", examples=["Export schemas deterministically"]
    )
    description: Annotated[StrictStr, Str(max_length=16000)] = Field(
        default="", description="The full description."
    )
    type: EnumIssueType = Field(description="What kind of intent the Issue records.", examples=["feature"])
    priority: EnumPriority = Field(default=EnumPriority.P2, description="Priority.", examples=["P2"])
    status: EnumStatus = Field(default=EnumStatus.PLANNED, description="Work status.", examples=["planned"])
    assignees: tuple[ModelActor, ...] = Field(default=(), description="Who works on the Issue.")
    watchers: tuple[ModelActor, ...] = Field(default=(), description="Who follows the Issue.")
    doctrine_refs: tuple[ModelRefDoctrineRef, ...] = Field(
        default=(), description="Doctrine governing the Issue."
    )
    constraints: tuple[ModelRefConstraintSnapshot, ...] = Field(
        default=(), description="Constraint snapshots that apply, typically the current ones."
    )
    context_packets: tuple[ModelRefContextPacket, ...] = Field(
        default=(), description="Briefings prepared for the Issue."
    )
    acceptance: ModelIssueAcceptance = Field(
        default_factory=ModelIssueAcceptance, description="When the Issue counts as done."
    )
    relationships: ModelIssueRelationships = Field(
        default_factory=ModelIssueRelationships, description="Links to other Issues."
    )
    runs: tuple[ModelRefRun, ...] = Field(default=(), description="Runs made against the Issue.")
