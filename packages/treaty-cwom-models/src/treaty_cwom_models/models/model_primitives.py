"""The primitives of the cwom family: Actor, Source, and one Ref per kind it may point to.

A Ref's ``kind`` is fixed by the field it sits in (an Issue's ``repo`` is a Ref to a Repo), so each target
kind has its own Ref model whose ``kind`` is a constant: a Ref of the wrong kind is rejected by the models
and by the exported schema alike.
"""

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StrictStr

from treaty_cwom_models._types import SEALED_CONFIG, Str, Ulid
from treaty_cwom_models.enums import EnumActorKind

__all__ = [
    "ModelActor",
    "ModelRefArtifact",
    "ModelRefConstraintSnapshot",
    "ModelRefContextPacket",
    "ModelRefDoctrineRef",
    "ModelRefIssue",
    "ModelRefRepo",
    "ModelRefRun",
    "ModelSource",
]


class ModelActor(BaseModel):
    """A person, agent or system acting on work."""

    model_config = SEALED_CONFIG

    actor_kind: EnumActorKind = Field(description="What the actor is.", examples=["human"])
    actor_id: Annotated[StrictStr, Str(1, 128)] = Field(
        description="Stable id of the actor in its own system.", examples=["octocat"]
    )
    display: Annotated[StrictStr, Str(1, 256)] | None = Field(
        default=None, description="Display name.", examples=["The Octocat"]
    )


class ModelSource(BaseModel):
    """Where an object comes from in an external system."""

    model_config = SEALED_CONFIG

    system: Annotated[StrictStr, Str(1, 64)] = Field(
        description="The external system (github, linear, local...).", examples=["github"]
    )
    external_id: Annotated[StrictStr, Str(1, 256)] | None = Field(
        default=None, description="The object's id in that system.", examples=["octo/widgets"]
    )
    url: Annotated[StrictStr, Str(1, 2000)] | None = Field(
        default=None, description="Where to see it.", examples=["https://github.com/octo/widgets"]
    )


class _ModelRef(BaseModel):
    """A link to another CWOM object; ``kind`` plus ``id`` must resolve to exactly one object."""

    model_config = SEALED_CONFIG

    kind: StrictStr  # each Ref narrows it to its target kind; declared here so it comes first
    id: Ulid = Field(description="Id of the object pointed to.")
    role: Annotated[StrictStr, Str(1, 64)] | None = Field(
        default=None,
        description="Optional semantic label of the link (primary_context, governing_doctrine...).",
        examples=["primary_context"],
    )


class ModelRefRepo(_ModelRef):
    """A Ref to a Repo."""

    kind: Literal["Repo"] = Field(description="Kind of the object pointed to: always Repo here.")


class ModelRefIssue(_ModelRef):
    """A Ref to an Issue."""

    kind: Literal["Issue"] = Field(description="Kind of the object pointed to: always Issue here.")


class ModelRefContextPacket(_ModelRef):
    """A Ref to a ContextPacket."""

    kind: Literal["ContextPacket"] = Field(
        description="Kind of the object pointed to: always ContextPacket here."
    )


class ModelRefConstraintSnapshot(_ModelRef):
    """A Ref to a ConstraintSnapshot."""

    kind: Literal["ConstraintSnapshot"] = Field(
        description="Kind of the object pointed to: always ConstraintSnapshot here."
    )


class ModelRefDoctrineRef(_ModelRef):
    """A Ref to a DoctrineRef."""

    kind: Literal["DoctrineRef"] = Field(
        description="Kind of the object pointed to: always DoctrineRef here."
    )


class ModelRefRun(_ModelRef):
    """A Ref to a Run."""

    kind: Literal["Run"] = Field(description="Kind of the object pointed to: always Run here.")


class ModelRefArtifact(_ModelRef):
    """A Ref to an Artifact."""

    kind: Literal["Artifact"] = Field(description="Kind of the object pointed to: always Artifact here.")
