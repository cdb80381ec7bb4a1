"""Contract snapshots: the public surface of every models package, and the outline of every exported schema.

A change here is a contract change. The snapshot diff shows a reviewer exactly which field, type, default
or enum value moved; update it (`pytest --snapshot-update`) only together with a version bump.
"""

import enum
import json
import re
from collections.abc import Mapping
from typing import Any

import pytest
from pydantic import BaseModel
from syrupy.assertion import SnapshotAssertion
from treaty._authoring.sources import from_folder
from treaty._authoring.workspace import ModelFamily, model_families

from .conftest import ROOT

FAMILIES = model_families()


def _surface(family: ModelFamily) -> dict[str, Any]:
    surface: dict[str, Any] = {
        "version": family.version,
        "kinds": {k: m.__name__ for k, m in family.kinds.items()},
    }
    for name in sorted(family.module.__all__):
        value = getattr(family.module, name)
        if isinstance(value, type) and issubclass(value, BaseModel):
            surface[name] = {
                field: {
                    "type": re.sub(r" at 0x[0-9a-f]+", "", repr(info.annotation).replace("typing.", "")),
                    "required": info.is_required(),
                    "default": None
                    if info.is_required()
                    else repr(info.get_default(call_default_factory=True)),
                }
                for field, info in value.model_fields.items()
            }
        elif isinstance(value, type) and issubclass(value, enum.Enum):
            surface[name] = [member.value for member in value]
    return surface


def _outline(
    schema: Any, root: Mapping[str, Any], path: str = "", seen: frozenset[str] = frozenset()
) -> list[str]:
    """Return one line per property path: its type, required-ness and allowed values."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return [] if name in seen else _outline(root["$defs"][name], root, path, seen | {name})
    lines = []
    for branch in schema.get("anyOf", []):
        lines += _outline(branch, root, path, seen)
    required = set(schema.get("required", []))
    for key, sub in schema.get("properties", {}).items():
        target = sub if "$ref" not in sub else root["$defs"][sub["$ref"].rsplit("/", 1)[-1]]
        shape = {k: target[k] for k in ("type", "enum", "const", "pattern", "format") if k in target}
        lines.append(f"{path}/{key}{'' if key in required else '?'} {json.dumps(shape, sort_keys=True)}")
        lines += _outline(sub, root, f"{path}/{key}", seen)
    if "items" in schema:
        lines += _outline(schema["items"], root, f"{path}/*", seen)
    return lines


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.name)
def test_public_model_surface(family: ModelFamily, snapshot: SnapshotAssertion) -> None:
    assert _surface(family) == snapshot


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.name)
def test_exported_schema_outline(family: ModelFamily, snapshot: SnapshotAssertion) -> None:
    folder = ROOT / "schemas" / family.name / family.version
    outline = {  # bundled: a definition kept in another file (shared, or a pinned family's) is read in place
        f"{kind}.schema.json": _outline(schema, schema) for kind, schema in from_folder(folder).items()
    }
    assert outline == snapshot
