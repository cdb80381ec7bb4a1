"""The ``context_packet`` kind: a versioned, immutable briefing for a Run."""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr

from treaty_cwom_models._rules import DATA_BLOB_ONE_SOURCE, SHOULD, timestamped
from treaty_cwom_models._types import SEALED_CONFIG, Str, _ModelTimestamped
from treaty_cwom_models.models.model_primitives import (
    ModelRefConstraintSnapshot,
    ModelRefDoctrineRef,
    ModelRefIssue,
)

__all__ = ["ModelContextDataBlob", "ModelContextDocument", "ModelContextInputs", "ModelContextPacket"]


class ModelContextDocument(BaseModel):
    """A document the briefing draws on."""

    model_config = SEALED_CONFIG

    title: Annotated[StrictStr, Str(1, 256)] = Field(description="Title.", examples=["CWOM spec"])
    uri: Annotated[StrictStr, Str(1, 2000)] = Field(
        description="Where the document is.", examples=["docs/cwom/cwom-spec-v0.1.md"]
    )
    digest: Annotated[StrictStr, Str(1, 128)] | None = Field(
        default=None, description="Digest of the content (sha256 recommended).", examples=["sha256:9f2c"]
    )
    excerpt: Annotated[StrictStr, Str(max_length=4000)] | None = Field(
        default=None, description="The relevant excerpt."
    )


class ModelContextDataBlob(BaseModel):
    """Data the briefing carries: by reference (uri) or inline; should set exactly one of the two."""

    model_config = ConfigDict(**SEALED_CONFIG, json_schema_extra={SHOULD: list(DATA_BLOB_ONE_SOURCE)})

    name: Annotated[StrictStr, Str(1, 256)] = Field(description="Name.", examples=["metrics.csv"])
    media_type: Annotated[StrictStr, Str(1, 128)] = Field(description="Media type.", examples=["text/csv"])
    uri: Annotated[StrictStr, Str(1, 2000)] | None = Field(default=None, description="Where the data is.")
    inline: StrictStr | None = Field(
        default=None, description="The data itself (base64 or small raw text); keep it small."
    )
    digest: Annotated[StrictStr, Str(1, 128)] | None = Field(
        default=None, description="Digest of the data (sha256 recommended)."
    )


class ModelContextInputs(BaseModel):
    """What the briefing is made of."""

    model_config = SEALED_CONFIG

    documents: tuple[ModelContextDocument, ...] = Field(default=(), description="Documents.")
    data_blobs: tuple[ModelContextDataBlob, ...] = Field(default=(), description="Data.")
    links: tuple[StrictStr, ...] = Field(default=(), description="Links.")


class ModelContextPacket(_ModelTimestamped):
    """A ContextPacket: a versioned briefing for a Run.

    Immutable once created: new information means a new ContextPacket with a new version.
    """

    model_config = timestamped(SEALED_CONFIG)

    kind: Literal["ContextPacket"] = Field(description="Kind of the object: always ContextPacket.")
    for_issue: ModelRefIssue = Field(description="The Issue the briefing is for.")
    version: Annotated[StrictStr, Str(1, 64)] = Field(
        description="Version of the briefing; a change means a new packet with a new version.",
        examples=["1.0"],
    )
    summary: Annotated[StrictStr, Str(1, 4000)] = Field(
        description="What the Run needs to know.", examples=["Export every kind's schema."]
    )
    inputs: ModelContextInputs = Field(
        default_factory=ModelContextInputs, description="What the briefing is made of."
    )
    assumptions: tuple[StrictStr, ...] = Field(default=(), description="Assumptions made.")
    open_questions: tuple[StrictStr, ...] = Field(default=(), description="Questions still open.")
    instructions: Annotated[StrictStr, Str(max_length=8000)] = Field(
        default="", description="Instructions for the Run."
    )
    doctrine_refs: tuple[ModelRefDoctrineRef, ...] = Field(default=(), description="Doctrine that applies.")
    constraint_snapshot: ModelRefConstraintSnapshot | None = Field(
        default=None, description="The ConstraintSnapshot pinned when the packet was created."
    )
