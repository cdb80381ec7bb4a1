"""The ``interface_surface_map`` kind: which paths of a repository make up each interface surface (since 1.3.0)."""

from typing import Annotated

from pydantic import BaseModel, Field, StrictStr

from treaty_change_control_models._patterns import MAX_ITEMS
from treaty_change_control_models._types import CONTRACT_CONFIG, RelativePath, SchemaVersion, Text
from treaty_change_control_models.enums import EnumInterfaceSurface

__all__ = ["ModelInterfaceSurfaceMap", "ModelSurfacePaths"]

MAX_OWNERS = 100
MAX_OWNER = 200


class ModelSurfacePaths(BaseModel):
    """The paths of one interface surface, and who owns them."""

    model_config = CONTRACT_CONFIG

    surface: EnumInterfaceSurface = Field(description="The interface surface.", examples=["events"])
    paths: Annotated[list[RelativePath], Field(min_length=1, max_length=MAX_ITEMS)] = Field(
        description="Globs of the paths that belong to the surface, relative to the repository root: "
        "*, ? and [...] match within one folder name, a ** segment any number of folders.",
        examples=[["src/**/models/events/**"]],
    )
    exclude: Annotated[list[RelativePath], Field(max_length=MAX_ITEMS)] = Field(
        default_factory=list,
        description="Globs of paths that do not belong to the surface although a paths glob matches them.",
        examples=[[]],
    )
    owners: Annotated[
        list[Annotated[StrictStr, Field(max_length=MAX_OWNER)]], Field(max_length=MAX_OWNERS)
    ] = Field(
        default_factory=list,
        description="Who must review a change of the surface (teams or people, e.g. @org/events).",
        examples=[["@acme/events"]],
    )


class ModelInterfaceSurfaceMap(BaseModel):
    """Interface surface map: each interface surface of a repository, its path globs and its owners."""

    model_config = CONTRACT_CONFIG

    schema_version: SchemaVersion
    repository: Text | None = Field(
        default=None, description="The repository the map describes (owner/name).", examples=["acme/orders"]
    )
    surfaces: Annotated[list[ModelSurfacePaths], Field(min_length=1, max_length=MAX_ITEMS)] = Field(
        description="The surfaces and their paths; a path may belong to several surfaces.",
        json_schema_extra={
            "x-treaty-uniqueBy": {
                "key": "surface",
                "rule": {
                    "id": "change_control/unique-surface",
                    "severity": "error",
                    "message": "surface {value} is mapped twice (first at surfaces item {first})",
                    "hint": "merge the two entries' paths into one",
                },
            },
        },
    )
