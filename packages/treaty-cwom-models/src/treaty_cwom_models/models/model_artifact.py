"""The ``artifact`` kind: an output of a Run."""

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StrictStr

from treaty_cwom_models._rules import timestamped
from treaty_cwom_models._types import CONTRACT_CONFIG, SEALED_CONFIG, NonNegativeInt, Str, _ModelTimestamped
from treaty_cwom_models.enums import EnumArtifactType, EnumCheckStatus, EnumVerificationStatus
from treaty_cwom_models.models.model_primitives import ModelRefIssue, ModelRefRun

__all__ = ["ModelArtifact", "ModelArtifactCheck", "ModelArtifactVerification"]


class ModelArtifactCheck(BaseModel):
    """One verification check."""

    model_config = SEALED_CONFIG

    name: Annotated[StrictStr, Str(1, 128)] = Field(description="Check name.", examples=["unit-tests"])
    status: EnumCheckStatus = Field(description="Result.", examples=["passed"])
    evidence_uri: Annotated[StrictStr, Str(1, 2000)] | None = Field(
        default=None, description="Where the evidence is."
    )


class ModelArtifactVerification(BaseModel):
    """Whether the Artifact was verified, and how."""

    model_config = SEALED_CONFIG

    status: EnumVerificationStatus = Field(
        default=EnumVerificationStatus.UNVERIFIED, description="Overall verification.", examples=["passed"]
    )
    checks: tuple[ModelArtifactCheck, ...] = Field(default=(), description="The checks run.")


class ModelArtifact(_ModelTimestamped):
    """An Artifact: an output of a Run, retrievable by uri and verifiable by digest."""

    model_config = timestamped(CONTRACT_CONFIG)

    kind: Literal["Artifact"] = Field(description="Kind of the object: always Artifact.")
    produced_by: ModelRefRun = Field(description="The Run that produced it.")
    for_issue: ModelRefIssue = Field(description="The Issue it is for.")
    type: EnumArtifactType = Field(description="What it is.", examples=["pr"])
    title: Annotated[StrictStr, Str(1, 512)] = Field(description="Title.", examples=["PR #42"])
    uri: Annotated[StrictStr, Str(1, 2000)] = Field(
        description="Where to retrieve it.", examples=["https://github.com/octo/widgets/pull/42"]
    )
    digest: Annotated[StrictStr, Str(1, 128)] | None = Field(
        default=None, description="Digest (sha256, git hash...).", examples=["3f9c8aa"]
    )
    media_type: Annotated[StrictStr, Str(1, 128)] | None = Field(default=None, description="Media type.")
    size_bytes: NonNegativeInt | None = Field(default=None, description="Size in bytes.")
    preview: Annotated[StrictStr, Str(max_length=4000)] | None = Field(default=None, description="Preview.")
    verification: ModelArtifactVerification = Field(
        default_factory=ModelArtifactVerification, description="Whether it was verified, and how."
    )
