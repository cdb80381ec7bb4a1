"""dome's schemas refer to xtrl's by $id: resolved offline through one registry of the installed schemas,
and a missing or tampered pinned version is refused with the distribution to install."""

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

TASK = """\
artifact_kind: "task_spec"
schema_version: "0.1.0"
scope: "task"
target: {kind: "task", id: "task-17"}
action: {kind: "fix"}
failure_reason_code: "{failure}"
"""


def _validate(catalog: Catalog, failure: str = "TESTS_FAILED") -> list[str]:
    document = load_text(TASK.replace("{failure}", failure), "task.yaml")
    return [f.rule for f in Validator(catalog).validate(document, "dome", "0.1.0", "task_spec")]


def _tree(tmp_path: Path, *families: str) -> Path:
    for family in families:
        shutil.copytree(ROOT / "schemas" / family, tmp_path / family)
    return tmp_path


@pytest.mark.parametrize(
    "path", sorted((ROOT / "schemas" / "dome").glob("*/*.schema.json")), ids=lambda p: p.stem
)
def test_dome_schemas_hold_no_copy_of_xtrl_definitions(path: Path) -> None:
    text = path.read_text()
    assert "BUDGET_EXHAUSTED" not in text  # the catalog's first code: no dome schema lists the codes
    assert "EnumFailureReasonCode" not in text or "urn:treaty:xtrl:0.1.0:definitions#/$defs/" in text


def test_a_failure_code_of_the_pinned_catalog_resolves_offline(tmp_path: Path) -> None:
    catalog = Catalog.from_directory(_tree(tmp_path, "dome", "xtrl"))
    assert _validate(catalog) == []


def test_a_policy_code_is_no_failure_code(tmp_path: Path) -> None:
    catalog = Catalog.from_directory(_tree(tmp_path, "dome", "xtrl"))
    assert _validate(catalog, "DIRTY_REPO_DENIED") == ["enum"]


def test_missing_pinned_family_names_the_distribution_to_install(tmp_path: Path) -> None:
    catalog = Catalog.from_directory(_tree(tmp_path, "dome"))
    with pytest.raises(RegistryError) as raised:
        _validate(catalog)
    assert "urn:treaty:xtrl:0.1.0:definitions" in raised.value.message
    assert "pip install 'treaty-xtrl-schemas>=0.1.0'" in raised.value.hint


def test_tampered_pinned_definitions_are_refused(tmp_path: Path) -> None:
    root = _tree(tmp_path, "dome", "xtrl")
    definitions = root / "xtrl" / "0.1.0" / "definitions.schema.json"
    definitions.write_text(definitions.read_text().replace('"TESTS_FAILED",', '"TESTS_FAILED", "NEW_CODE",'))
    with pytest.raises(RegistryError):
        _validate(Catalog.from_directory(root))


FAMILIES = {f.name: f for f in model_families()}


@pytest.mark.parametrize(
    "kind", sorted(FAMILIES["dome"].kinds) + sorted(f"xtrl:{k}" for k in FAMILIES["xtrl"].kinds)
)
def test_bundling_an_exported_schema_gives_back_what_pydantic_generated(kind: str) -> None:
    family, _, name = kind.rpartition(":")
    family = family or "dome"
    exported = from_folder(ROOT / "schemas" / family / "0.1.0")[name]
    assert exported == kind_schema(FAMILIES[family], name, self_contained=True)


def test_a_pin_that_the_models_do_not_match_fails_the_versions_gate(repo: Path) -> None:
    dome = replace(FAMILIES["dome"], pins={"xtrl": "0.2.0"})
    gate = next(g for g in GATES if g.id == "versions")
    found = list(gate.run(Context(Workspace.find(repo), [FAMILIES["xtrl"], dome])))
    assert [f.message for f in found] == ["dome 0.1.0 is pinned to xtrl 0.2.0, but the xtrl models are 0.1.0"]


def test_export_refuses_a_pin_to_models_that_are_not_installed() -> None:
    dome = replace(FAMILIES["dome"], pins={"xtrl": "0.2.0"})
    with pytest.raises(ExportError, match=r"pinned to xtrl 0\.2\.0, but version 0\.1\.0 is installed"):
        kind_schema(dome, "task_spec")
