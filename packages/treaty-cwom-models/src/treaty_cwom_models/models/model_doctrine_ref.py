"""The ``doctrine_ref`` kind: a versioned principle, policy, procedure, heuristic or pattern."""

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StrictStr

from treaty_cwom_models._rules import timestamped
from treaty_cwom_models._types import CONTRACT_CONFIG, SEALED_CONFIG, Str, _ModelTimestamped
from treaty_cwom_models.enums import EnumDoctrinePriority, EnumDoctrineType
from treaty_cwom_models.models.model_primitives import ModelRefRepo

__all__ = ["ModelDoctrineApplicability", "ModelDoctrineRef"]


class ModelDoctrineApplicability(BaseModel):
    """Where the doctrine applies."""

    model_config = SEALED_CONFIG

    repo_refs: tuple[ModelRefRepo, ...] = Field(default=(), description="Repos it applies to.")
    issue_types: tuple[StrictStr, ...] = Field(
        default=(), description="Issue types it applies to (free strings in v0.1).", examples=[["feature"]]
    )
    tags: tuple[StrictStr, ...] = Field(default=(), description="Tags it applies to.")


class ModelDoctrineRef(_ModelTimestamped):
    """A DoctrineRef: guidance that governs work, referenced at a specific version."""

    model_config = timestamped(CONTRACT_CONFIG)

    kind: Literal["DoctrineRef"] = Field(description="Kind of the object: always DoctrineRef.")
    namespace: Annotated[StrictStr, Str(1, 128)] = Field(description="Namespace.", examples=["org/security"])
    name: Annotated[StrictStr, Str(1, 256)] = Field(description="Name.", examples=["no-secrets-in-logs"])
    version: Annotated[StrictStr, Str(1, 64)] = Field(
        description="Version; reference a specific one when reproducibility matters.", examples=["1.2.0"]
    )
    type: EnumDoctrineType = Field(description="What kind of guidance it is.", examples=["policy"])
    priority: EnumDoctrinePriority = Field(
        default=EnumDoctrinePriority.SHOULD, description="How binding it is.", examples=["should"]
    )
    statement: Annotated[StrictStr, Str(1, 4000)] = Field(
        description="What it says.", examples=["Never write secrets to logs."]
    )
    rationale: Annotated[StrictStr, Str(max_length=4000)] | None = Field(default=None, description="Why.")
    links: tuple[StrictStr, ...] = Field(default=(), description="Related links.")
    applicability: ModelDoctrineApplicability = Field(
        default_factory=ModelDoctrineApplicability, description="Where it applies."
    )
