"""dome's schemas refer to xtrl's by $id: resolved offline through one registry of the installed schemas,
and a missing or tampered pinned version is refused with the distribution to install."""

import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from treaty._authoring.export import kind_schema
from treaty._authoring.sources import from_folder
from treaty._authoring.workspace import Workspace, model_families
from treaty._check.gates import GATES, Context
from treaty._documents.loader import load_text
from treaty._validation.catalog import Catalog
from treaty._validation.validator import Validator
from treaty.exceptions import ExportError, RegistryError

from .conftest import ROOT

FAMILIES = {f.name: f for f in model_families()}
DOME_PINS = {
    manifest.parent.name: json.loads(manifest.read_text())["pins"]["xtrl"]
    for manifest in sorted((ROOT / "schemas" / "dome").glob("*/manifest.json"))
}
"""Every exported dome version, with the xtrl version its manifest pins."""

TASK = """\
artifact_kind: "task_spec"
schema_version: "{version}"
scope: "task"
target: {kind: "task", id: "task-17"}
action: {kind: "fix"}
failure_reason_code: "{failure}"
"""


def _validate(catalog: Catalog, version: str, failure: str = "TESTS_FAILED") -> list[str]:
    document = load_text(TASK.replace("{version}", version).replace("{failure}", failure), "task.yaml")
    return [f.rule for f in Validator(catalog).validate(document, "dome", version, "task_spec")]


def _tree(tmp_path: Path, *families: str) -> Path:
    for family in families:
        shutil.copytree(ROOT / "schemas" / family, tmp_path / family)
    return tmp_path


@pytest.mark.parametrize(
    "path", sorted((ROOT / "schemas" / "dome").glob("*/*.schema.json")), ids=lambda p: p.stem
)
def test_dome_schemas_hold_no_copy_of_xtrl_definitions(path: Path) -> None:
    text = path.read_text()
    pin = DOME_PINS[path.parent.name]
    assert "BUDGET_EXHAUSTED" not in text  # the catalog's first code: no dome schema lists the codes
    assert "EnumFailureReasonCode" not in text or f"urn:treaty:xtrl:{pin}:definitions#/$defs/" in text
    assert set(re.findall(r"urn:treaty:xtrl:([^:]+):", text)) <= {pin}  # only the pinned version


def test_the_current_dome_schemas_pin_what_the_models_pin() -> None:
    dome = FAMILIES["dome"]
    assert DOME_PINS[dome.version] == dome.pins["xtrl"] == FAMILIES["xtrl"].version


@pytest.mark.parametrize("version", sorted(DOME_PINS))
def test_a_failure_code_of_the_pinned_catalog_resolves_offline(tmp_path: Path, version: str) -> None:
    catalog = Catalog.from_directory(_tree(tmp_path, "dome", "xtrl"))
    assert _validate(catalog, version) == []


@pytest.mark.parametrize("version", sorted(DOME_PINS))
def test_a_policy_code_is_no_failure_code(tmp_path: Path, version: str) -> None:
    catalog = Catalog.from_directory(_tree(tmp_path, "dome", "xtrl"))
    assert _validate(catalog, version, "DIRTY_REPO_DENIED") == ["enum"]


@pytest.mark.parametrize("version", sorted(DOME_PINS))
def test_missing_pinned_family_names_the_distribution_to_install(tmp_path: Path, version: str) -> None:
    pin = DOME_PINS[version]
    catalog = Catalog.from_directory(_tree(tmp_path, "dome"))
    with pytest.raises(RegistryError) as raised:
        _validate(catalog, version)
    assert f"urn:treaty:xtrl:{pin}:definitions" in raised.value.message
    assert f"pip install 'treaty-xtrl-schemas>={pin}'" in raised.value.hint


@pytest.mark.parametrize("version", sorted(DOME_PINS))
def test_tampered_pinned_definitions_are_refused(tmp_path: Path, version: str) -> None:
    root = _tree(tmp_path, "dome", "xtrl")
    definitions = root / "xtrl" / DOME_PINS[version] / "definitions.schema.json"
    text = definitions.read_text()
    assert '"TESTS_FAILED",' in text
    definitions.write_text(text.replace('"TESTS_FAILED",', '"TESTS_FAILED", "NEW_CODE",'))
    with pytest.raises(RegistryError):
        _validate(Catalog.from_directory(root), version)


@pytest.mark.parametrize(
    "kind", sorted(FAMILIES["dome"].kinds) + sorted(f"xtrl:{k}" for k in FAMILIES["xtrl"].kinds)
)
def test_bundling_an_exported_schema_gives_back_what_pydantic_generated(kind: str) -> None:
    family, _, name = kind.rpartition(":")
    family = family or "dome"
    exported = from_folder(ROOT / "schemas" / family / FAMILIES[family].version)[name]
    assert exported == kind_schema(FAMILIES[family], name, self_contained=True)


STALE_PIN = DOME_PINS["0.1.0"]
"""What the released dome 0.1.0 pins: an xtrl version that is no longer the models' one."""


def test_a_pin_that_the_models_do_not_match_fails_the_versions_gate(repo: Path) -> None:
    xtrl = FAMILIES["xtrl"]
    assert xtrl.version != STALE_PIN
    dome = replace(FAMILIES["dome"], pins={"xtrl": STALE_PIN})
    gate = next(g for g in GATES if g.id == "versions")
    found = list(gate.run(Context(Workspace.find(repo), [xtrl, dome])))
    assert [f.message for f in found] == [
        f"dome {dome.version} is pinned to xtrl {STALE_PIN}, but the xtrl models are {xtrl.version}"
    ]


def test_export_refuses_a_pin_to_models_that_are_not_installed() -> None:
    installed = FAMILIES["xtrl"].version
    assert installed != STALE_PIN
    dome = replace(FAMILIES["dome"], pins={"xtrl": STALE_PIN})
    expected = f"pinned to xtrl {STALE_PIN}, but version {installed} is installed"
    with pytest.raises(ExportError, match=re.escape(expected)):
        kind_schema(dome, "task_spec")
