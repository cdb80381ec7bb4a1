"""Every gate of `treaty check` passes on the repository and fails on a deliberately broken input."""

import json
import shutil
import types
from pathlib import Path

import pytest
from treaty._authoring.workspace import ModelFamily, Workspace, model_families
from treaty._check.gates import GATES, Context
from treaty._documents.findings import Finding

from .conftest import CC_VERSION, ensure_released

CC = "change_control"


def run_gate(repo: Path, gate_id: str, families: list[ModelFamily] | None = None) -> list[Finding]:
    gate = next(g for g in GATES if g.id == gate_id)
    return list(gate.run(Context(Workspace.find(repo), families)))


@pytest.fixture
def cc_repo(repo: Path) -> Path:
    """The repository copy with only change_control's schemas and fixtures: its fixtures gate reads a sixth as much."""
    for folder in [*(repo / "schemas").iterdir(), *(repo / "fixtures").iterdir()]:
        if folder.is_dir() and folder.name != CC:
            shutil.rmtree(folder)
    return repo


def messages(findings: list[Finding]) -> str:
    return "\n".join(f"{f.file}: {f.message} | {f.hint}" for f in findings)


@pytest.fixture
def family() -> ModelFamily:
    return next(f for f in model_families() if f.name == CC)


@pytest.fixture
def models_copy(tmp_path: Path, family: ModelFamily) -> tuple[Path, ModelFamily]:
    """A copy of the change_control models package, declared as the family's source."""
    target = tmp_path / "pkg" / family.module.__name__
    shutil.copytree(family.package_dir, target, ignore=shutil.ignore_patterns("__pycache__"))
    fake = types.ModuleType(family.module.__name__)
    fake.__file__ = str(target / "__init__.py")
    return target, ModelFamily(family.name, family.version, family.kinds, fake, family.distribution)


@pytest.mark.parametrize("gate_id", [g.id for g in GATES])
def test_every_gate_passes_on_the_repository(repo: Path, gate_id: str) -> None:
    assert run_gate(repo, gate_id) == []


def test_gate_ids_are_stable() -> None:
    assert [g.id for g in GATES] == [
        "export",
        "freeze",
        "naming",
        "purity",
        "fixtures",
        "models",
        "vectors",
        "templates",
        "versions",
        "bump",
        "changelog",
    ]


def test_export_gate_fails_when_a_committed_schema_differs_from_the_models(repo: Path) -> None:
    path = repo / "schemas" / CC / CC_VERSION / "ticket_contract.schema.json"
    schema = json.loads(path.read_text())
    schema["properties"]["ticket_id"]["maxLength"] = 60
    path.write_text(json.dumps(schema))
    found = run_gate(repo, "export")
    assert [f.file for f in found] == [f"schemas/{CC}/{CC_VERSION}/ticket_contract.schema.json"]
    assert "treaty export" in found[0].hint


def test_export_gate_fails_when_the_version_directory_is_missing(repo: Path) -> None:
    folder = repo / "schemas" / CC / CC_VERSION
    expected = {f"schemas/{CC}/{CC_VERSION}/{path.name}" for path in folder.iterdir()}  # kinds and manifest
    assert f"schemas/{CC}/{CC_VERSION}/manifest.json" in expected
    shutil.rmtree(folder)
    assert {f.file for f in run_gate(repo, "export")} == expected


def test_freeze_gate_fails_when_a_schema_no_longer_matches_its_manifest(repo: Path) -> None:
    path = repo / "schemas" / CC / "1.0.0" / "day_close.schema.json"
    path.write_text(path.read_text().replace('"maxLength": 10000', '"maxLength": 9999', 1))
    found = run_gate(repo, "freeze")
    assert any(
        "sha256 in its manifest" in f.message and f.file.endswith("day_close.schema.json") for f in found
    )


def test_freeze_gate_fails_when_a_released_fixture_changes(repo: Path) -> None:
    ensure_released(repo)
    assert run_gate(repo, "freeze") == []
    fixture = next((repo / "fixtures" / CC / "1.0.0").rglob("valid/*.yaml"))
    fixture.write_text(fixture.read_text() + "\n# edited\n")
    found = run_gate(repo, "freeze")
    assert len(found) == 1
    assert "modified after change_control 1.0.0 was released" in found[0].message
    assert found[0].file == fixture.relative_to(repo).as_posix()


def test_freeze_gate_fails_when_a_released_schema_and_its_manifest_are_both_rewritten(
    repo: Path,
) -> None:
    ensure_released(repo)
    folder = repo / "schemas" / CC / "1.0.0"
    (folder / "extra.schema.json").write_text("{}\n")
    found = run_gate(repo, "freeze")
    assert [(f.file, "added" in f.message) for f in found] == [
        (f"schemas/{CC}/1.0.0/extra.schema.json", True)
    ]


def test_naming_gate_fails_on_misnamed_files_and_classes(
    models_copy: tuple[Path, ModelFamily], repo: Path
) -> None:
    package, fake = models_copy
    (package / "models" / "day.py").write_text("class DayThing:\n    pass\n")
    (package / "enums" / "enum_colour.py").write_text(
        "from enum import Enum\n\n\nclass Colour(Enum):\n    RED = 'red'\n"
    )
    (package / "helpers.py").write_text("X = 1\n")
    found = run_gate(repo, "naming", [fake])
    text = messages(found)
    assert "files in models/ are named model_<name>.py" in text
    assert "class DayThing in models/ must be named Model<Name>" in text
    assert "class Colour in enums/ must be named Enum<Name>" in text
    assert "modules beside models/ and enums/ are private" in text
    assert len(found) == 4


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import os\n", "`os` is banned"),
        (
            "from datetime import datetime\nX = datetime.now()\n",
            "`datetime.datetime.now` is banned",
        ),
        ("import datetime as dt\nX = dt.date.today()\n", "`datetime.date.today` is banned"),
        ("import random\n", "`random` is banned"),
        ("from uuid import uuid4\n", "`uuid.uuid4` is banned"),
        ("import omnibase_infra.bus\n", "not on the models allow-list"),
        ("import requests\n", "not on the models allow-list"),
        ("X = open('f').read()\n", "calls open()"),
        ("X = __import__('os')\n", "calls __import__()"),
    ],
    ids=[
        "os",
        "datetime-now",
        "date-today-alias",
        "random",
        "uuid4",
        "infra",
        "requests",
        "open",
        "dunder-import",
    ],
)
def test_purity_gate_fails_on_impure_code(
    models_copy: tuple[Path, ModelFamily], repo: Path, source: str, expected: str
) -> None:
    package, fake = models_copy
    (package / "_impure.py").write_text(source)
    found = run_gate(repo, "purity", [fake])
    assert found, "the purity gate accepted impure code"
    assert expected in messages(found)
    assert all(f.file.endswith("_impure.py") and f.line >= 1 for f in found)


def test_purity_gate_passes_the_pristine_copy(models_copy: tuple[Path, ModelFamily], repo: Path) -> None:
    assert run_gate(repo, "purity", [models_copy[1]]) == []


def test_fixtures_gate_fails_when_an_expectation_is_wrong(cc_repo: Path) -> None:
    index = cc_repo / "fixtures" / CC / "1.0.0" / "ticket_contract" / "cases.yaml"
    text = index.read_text()
    assert "keyword: additionalProperties" in text
    index.write_text(text.replace("keyword: additionalProperties", "keyword: required", 1))
    found = run_gate(cc_repo, "fixtures")
    assert any(f.rule == "fixtures" and "expected to give an error [required]" in f.message for f in found)
    assert any("gives an error it does not state: [additionalProperties]" in f.message for f in found)


def test_fixtures_gate_fails_when_a_valid_fixture_is_invalid(cc_repo: Path) -> None:
    fixture = min((cc_repo / "fixtures" / CC / "1.0.0" / "ticket_contract" / "valid").glob("*.yaml"))
    fixture.write_text(fixture.read_text() + "surprise: 1\n")
    found = run_gate(cc_repo, "fixtures")
    assert len(found) == 1
    assert "valid fixture is rejected: [additionalProperties]" in found[0].message
    assert found[0].line > 0


def test_fixtures_gate_fails_on_unlisted_files_and_a_broken_index(cc_repo: Path) -> None:
    kind = cc_repo / "fixtures" / CC / "1.0.0" / "day_close"
    (kind / "valid" / "stray.yaml").write_text("{}\n")
    found = run_gate(cc_repo, "fixtures")
    assert [f.rule for f in found] == ["fixtures/unlisted-file"]
    (kind / "cases.yaml").write_text("kind: day_close\ncases: []\n")
    assert any(f.rule == "fixtures/index-schema" for f in run_gate(cc_repo, "fixtures"))


def test_templates_gate_fails_when_a_template_is_edited(repo: Path) -> None:
    path = repo / "templates" / CC / "ticket_contract.template.yaml"
    path.write_text(path.read_text().replace('ticket_id: "OCC-123"', 'ticket_id: "X"'))
    found = run_gate(repo, "templates")
    assert [f.file for f in found] == [f"templates/{CC}/ticket_contract.template.yaml"]
    assert "treaty export" in found[0].hint


def test_versions_gate_fails_when_a_distribution_version_drifts(repo: Path) -> None:
    pyproject = repo / "packages" / "treaty-change-control-fixtures" / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace(f'version = "{CC_VERSION}"', 'version = "9.9.9"'))
    found = run_gate(repo, "versions")
    assert [f.file for f in found] == ["packages/treaty-change-control-fixtures/pyproject.toml"]
    assert f"says version 9.9.9 but the change_control models say {CC_VERSION}" in found[0].message


def test_versions_gate_fails_when_the_fixtures_folder_is_missing(repo: Path) -> None:
    shutil.rmtree(repo / "fixtures" / CC / CC_VERSION)
    assert [f.file for f in run_gate(repo, "versions")] == [f"fixtures/{CC}/{CC_VERSION}"]


def test_fixtures_gate_fails_when_a_kind_has_no_fixtures(cc_repo: Path) -> None:
    shutil.rmtree(cc_repo / "fixtures" / CC / "1.0.0" / "day_close")
    found = run_gate(cc_repo, "fixtures")
    assert [(f.file, "has no fixtures" in f.message) for f in found] == [
        (f"fixtures/{CC}/1.0.0/day_close/cases.yaml", True)
    ]
