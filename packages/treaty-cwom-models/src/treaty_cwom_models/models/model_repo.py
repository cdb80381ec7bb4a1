"""The ``repo`` kind: a work container (a codebase, a docs base, a project boundary)."""

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StrictStr

from treaty_cwom_models._rules import timestamped
from treaty_cwom_models._types import CONTRACT_CONFIG, SEALED_CONFIG, Str, _ModelTimestamped
from treaty_cwom_models.enums import EnumVisibility
from treaty_cwom_models.models.model_primitives import ModelActor, ModelSource

__all__ = ["ModelRepo", "ModelRepoPolicy"]


class ModelRepoPolicy(BaseModel):
    """What work in the repository may use."""

    model_config = SEALED_CONFIG

    allowed_tools: tuple[StrictStr, ...] = Field(
        default=(), description="Tools work in this repository may use.", examples=[["git", "pytest"]]
    )
    secrets_profile: Annotated[StrictStr, Str(max_length=64)] | None = Field(
        default=None, description="Name of the secrets profile work may load.", examples=["ci-readonly"]
    )


class ModelRepo(_ModelTimestamped):
    """A Repo: a work container that Issues belong to."""

    model_config = timestamped(CONTRACT_CONFIG)

    kind: Literal["Repo"] = Field(description="Kind of the object: always Repo.")
    name: Annotated[StrictStr, Str(1, 256)] = Field(description="Display name.", examples=["Widgets"])
    slug: Annotated[StrictStr, Str(1, 256)] = Field(
        description="Stable identifier; it must not change when the name does.", examples=["octo/widgets"]
    )
    source: ModelSource = Field(description="Where the repository lives.")
    default_branch: Annotated[StrictStr, Str(1, 128)] = Field(
        default="main", description="The default branch.", examples=["main"]
    )
    visibility: EnumVisibility = Field(
        default=EnumVisibility.PRIVATE, description="Who can see the repository.", examples=["private"]
    )
    owners: tuple[ModelActor, ...] = Field(
        default=(), description="Who owns the repository (Actors: Actor is not a kind a Ref can name)."
    )
    policy: ModelRepoPolicy | None = Field(default=None, description="What work in the repository may use.")
    links: tuple[StrictStr, ...] = Field(
        default=(), description="Related links.", examples=[["https://github.com/octo/widgets/wiki"]]
    )
