"""`treaty export`: deterministic, byte-for-byte reproducible schema files and manifest."""

import hashlib
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pydantic
import pytest
from treaty._authoring.export import export_files, kind_schema, same_schemas
from treaty._authoring.workspace import ModelFamily, Workspace, model_families
from treaty._check.gates import GATES, Context
from treaty._documents.findings import Finding
from treaty._validation.catalog import Catalog, render_json

from .conftest import CC_VERSION, ROOT, Result, ensure_released

CC_DIR = ROOT / "schemas" / "change_control" / CC_VERSION
COMMAND = re.compile(r"`(treaty [^`]+)`")
STALENESS_GATES = ("export", "freeze", "templates", "versions", "changelog")
"""The gates that compare generated files with what the working tree generates."""


@pytest.fixture
def family() -> ModelFamily:
    return next(f for f in model_families() if f.name == "change_control")


def test_export_is_byte_for_byte_reproducible(family: ModelFamily) -> None:
    assert export_files(family) == export_files(family)
    # the schemas byte for byte; the manifest too, but for the toolchain that wrote it (another pydantic
    # patch release may have, and writes the same schemas)
    assert same_schemas(export_files(family), CC_DIR) == [], "stale: run `treaty export`"


def test_the_manifest_is_compared_byte_for_byte_but_for_its_provenance(
    family: ModelFamily, tmp_path: Path
) -> None:
    files = export_files(family)
    manifest = json.loads(files["manifest.json"])

    def differences(**changes: object) -> list[str]:
        for name, data in files.items():
            (tmp_path / name).write_bytes(data)
        (tmp_path / "manifest.json").write_bytes(render_json({**manifest, **changes}))
        return same_schemas(files, tmp_path)

    assert differences(pydantic_version="2.0.0", exporter="treaty 0.0.1") == []
    assert differences(schema_version="9.9.9") == ["manifest.json"]
    assert differences(pins={"xtrl": "0.1.0"}) == ["manifest.json"]
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))  # the same data, not as export writes it
    assert same_schemas(files, tmp_path) == ["manifest.json"]


def test_files_are_sorted_two_space_json_with_one_trailing_newline(family: ModelFamily) -> None:
    for name, data in export_files(family).items():
        text = data.decode()
        assert text.endswith("}\n")
        assert not text.endswith("\n\n")
        assert text == json.dumps(json.loads(text), sort_keys=True, indent=2, ensure_ascii=False) + "\n", name


def test_schemas_declare_draft_2020_12_and_a_stable_id(family: ModelFamily) -> None:
    for kind in family.kinds:
        schema = kind_schema(family, kind)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == f"urn:treaty:change_control:{CC_VERSION}:{kind}"
        assert schema["additionalProperties"] is False
        assert "do not edit" in schema["$comment"]


def test_manifest_lists_every_schema_with_its_sha256(family: ModelFamily) -> None:
    files = export_files(family)
    manifest = json.loads(files["manifest.json"])
    assert manifest["schema_version"] == CC_VERSION
    assert manifest["exporter"].startswith("treaty ")
    assert manifest["pydantic_version"]
    assert [e["file"] for e in manifest["schemas"]] == [
        "day_close.schema.json",
        "evidence_report.schema.json",
        "interface_surface_map.schema.json",
        "ticket_contract.schema.json",
    ]
    for entry in manifest["schemas"]:
        assert entry["sha256"] == hashlib.sha256(files[entry["file"]]).hexdigest()


def test_patterns_formats_and_cross_field_rules_are_in_the_schema(family: ModelFamily) -> None:
    day_close = kind_schema(family, "day_close")
    assert day_close["properties"]["date"]["format"] == "date"
    assert day_close["properties"]["date"]["pattern"] == "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
    assert "\\d" not in json.dumps(day_close)
    ticket = kind_schema(family, "ticket_contract")
    assert ticket["if"]["properties"]["interface_change"] == {"const": False}
    assert ticket["then"]["properties"]["interfaces_touched"]["maxItems"] == 0
    bypass = ticket["$defs"]["ModelEmergencyBypass"]["allOf"]
    assert [rule["then"]["required"] for rule in bypass] == [
        ["justification"],
        ["follow_up_ticket_id"],
    ]


def test_export_command_writes_then_reports_up_to_date(repo: Path, cli: Callable[..., Result]) -> None:
    (repo / "schemas" / "change_control" / "releases.json").unlink()  # a draft version may be rewritten
    shutil.rmtree(repo / "schemas" / "change_control" / CC_VERSION)
    (repo / "templates" / "change_control" / "day_close.template.yaml").unlink()
    first = cli("export", cwd=repo)
    assert first.code == 0
    kinds = sorted(path.name for path in CC_DIR.glob("*.schema.json"))  # every kind of the version, by name
    assert f"wrote {', '.join(kinds)}, manifest.json" in first.out
    assert "templates/change_control/day_close.template.yaml" in first.out
    committed = {path.name: path.read_bytes() for path in CC_DIR.iterdir()}
    assert same_schemas(committed, repo / "schemas" / "change_control" / CC_VERSION) == []
    second = cli("export", cwd=repo)
    assert second.code == 0
    assert f"change_control {CC_VERSION}: up to date\n" in second.out
    assert "wrote" not in second.out


def _unrelease(repo: Path, cli: Callable[..., Result]) -> None:
    """Make the current version a draft again, as it was before its release (changelog included)."""
    lock_path = repo / "schemas" / "change_control" / "releases.json"
    lock = json.loads(lock_path.read_text())
    lock["releases"].pop(CC_VERSION, None)
    lock_path.write_text(json.dumps(lock))
    assert cli("changelog", cwd=repo).code == 0


def _exported_by_another_pydantic(repo: Path, *, other_bytes: bool) -> Path:
    """Rewrite the current version as pydantic 2.0.0 exported it: the same schemas, or other bytes."""
    folder = repo / "schemas" / "change_control" / CC_VERSION
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["pydantic_version"] = "2.0.0"
    if other_bytes:
        old = b'{\n  "$comment": "an older pydantic wrote this"\n}\n'
        (folder / "day_close.schema.json").write_bytes(old)
        manifest["schemas"][0]["sha256"] = hashlib.sha256(old).hexdigest()
    (folder / "manifest.json").write_bytes(render_json(manifest))
    return folder


def _gates(repo: Path, *ids: str) -> list[Finding]:
    ctx = Context(Workspace.find(repo))
    return [finding for gate in GATES if gate.id in ids for finding in gate.run(ctx)]


def test_a_re_export_under_another_pydantic_that_writes_the_same_schemas_is_not_stale(
    repo: Path, cli: Callable[..., Result]
) -> None:
    _unrelease(repo, cli)
    folder = _exported_by_another_pydantic(repo, other_bytes=False)
    before = (folder / "manifest.json").read_bytes()
    assert _gates(repo, "export", "freeze") == []
    result = cli("export", cwd=repo)
    assert f"change_control {CC_VERSION}: up to date\n" in result.out
    assert (folder / "manifest.json").read_bytes() == before, "the toolchain that wrote the schemas stays"


def test_schemas_another_pydantic_wrote_differently_are_stale_and_export_records_this_one(
    repo: Path, cli: Callable[..., Result]
) -> None:
    _unrelease(repo, cli)
    folder = _exported_by_another_pydantic(repo, other_bytes=True)
    found = _gates(repo, "export")
    assert [f.file for f in found] == [
        f"schemas/change_control/{CC_VERSION}/day_close.schema.json",
        f"schemas/change_control/{CC_VERSION}/manifest.json",
    ]
    assert found[0].message == (
        f"is stale: the change_control models export change_control {CC_VERSION} differently; "
        f"pydantic 2.0.0 exported it, pydantic {pydantic.VERSION} is installed"
    )
    result = cli("export", cwd=repo)
    assert "wrote day_close.schema.json, manifest.json" in result.out
    assert json.loads((folder / "manifest.json").read_text())["pydantic_version"] == pydantic.VERSION
    assert _gates(repo, "export", "freeze") == []


def test_a_released_schema_this_pydantic_writes_differently_names_both_pydantic_versions(
    repo: Path, cli: Callable[..., Result]
) -> None:
    ensure_released(repo, version=CC_VERSION)
    folder = _exported_by_another_pydantic(repo, other_bytes=True)
    found = _gates(repo, "export")
    assert [f.file for f in found] == [
        f"schemas/change_control/{CC_VERSION}/day_close.schema.json",
        f"schemas/change_control/{CC_VERSION}/manifest.json",
    ]
    note = f"pydantic 2.0.0 exported it, pydantic {pydantic.VERSION} is installed"
    assert found[0].message == (
        f"is stale: the change_control models export the released change_control {CC_VERSION} differently; {note}"
    )
    assert "`pip install pydantic==2.0.0`" in found[0].hint
    assert "bump __version__ in treaty_change_control_models" in found[0].hint
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    result = cli("export", cwd=repo)
    assert result.code == 1
    assert note in result.err
    assert "pip install pydantic==2.0.0" in result.err
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before
    (folder / "ticket_contract.schema.json").unlink()  # another pydantic rewrites files, never removes one
    missing = next(f for f in _gates(repo, "export") if f.file.endswith("ticket_contract.schema.json"))
    assert missing.message.startswith("is missing: ")
    assert "pydantic" not in missing.message + missing.hint


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


BREAKAGES: dict[str, Callable[[Path], object]] = {
    "schema-edited": lambda folder: _edit(
        folder / "day_close.schema.json", '"maxLength": 10000', '"maxLength": 9'
    ),
    "schema-missing": lambda folder: (folder / "ticket_contract.schema.json").unlink(),
    "stray-file": lambda folder: (folder / "extra.schema.json").write_text("{}\n"),
    "manifest-missing": lambda folder: (folder / "manifest.json").unlink(),
    "manifest-garbled": lambda folder: (folder / "manifest.json").write_text("{"),
    "manifest-reformatted": lambda folder: (folder / "manifest.json").write_text(
        json.dumps(json.loads((folder / "manifest.json").read_text()))
    ),
    "manifest-other-version": lambda folder: _edit(
        folder / "manifest.json", f'"schema_version": "{CC_VERSION}"', '"schema_version": "9.9.9"'
    ),
    "version-folder-missing": shutil.rmtree,
    "template-edited": lambda folder: _edit(
        folder.parents[2] / "templates" / "change_control" / "day_close.template.yaml", "date:", "date:  "
    ),
    "changelog-stale": lambda folder: (folder.parents[2] / "CHANGELOG.md").write_text("# Changelog\n"),
}


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_every_stale_finding_names_the_command_that_fixes_it(
    repo: Path, cli: Callable[..., Result], breakage: str
) -> None:
    gates = [f"--gate={gate}" for gate in STALENESS_GATES]
    _unrelease(repo, cli)
    assert cli("check", *gates, cwd=repo).code == 0
    BREAKAGES[breakage](repo / "schemas" / "change_control" / CC_VERSION)
    broken = cli("check", *gates, cwd=repo)
    assert broken.code != 0, "the breakage is noticed"
    said = broken.out + broken.err
    commands = list(dict.fromkeys(COMMAND.findall(said)))  # in the order a person reads them
    assert commands, said
    for command in commands:
        assert cli(*command.split()[1:], cwd=repo).code == 0, command
    fixed = cli("check", *gates, cwd=repo)
    assert fixed.code == 0, f"{said}\nafter {commands}:\n{fixed.out}{fixed.err}"


def test_export_refuses_to_change_a_released_version(repo: Path, cli: Callable[..., Result]) -> None:
    ensure_released(repo, version=CC_VERSION)
    path = repo / "schemas" / "change_control" / CC_VERSION / "day_close.schema.json"
    path.write_text("{}\n")
    result = cli("export", cwd=repo)
    assert result.code == 1
    assert "is released and frozen" in result.err
    assert "bump __version__" in result.err
    assert path.read_text() == "{}\n", "a released version must never be rewritten"


def test_release_records_every_file_and_refuses_twice(repo: Path, cli: Callable[..., Result]) -> None:
    lock_path = repo / "schemas" / "change_control" / "releases.json"
    lock = json.loads(lock_path.read_text())
    lock["releases"].pop(CC_VERSION, None)  # the current version, as it was before its release
    lock_path.write_text(json.dumps(lock))
    assert cli("changelog", cwd=repo).code == 0  # its section says "unreleased" again
    first = cli("release", "change_control", CC_VERSION, cwd=repo)
    assert first.code == 0, first.err
    lock = json.loads(lock_path.read_text())
    assert set(lock["releases"][CC_VERSION]["schemas"]) == {
        "day_close.schema.json",
        "evidence_report.schema.json",
        "interface_surface_map.schema.json",
        "manifest.json",
        "ticket_contract.schema.json",
    }
    assert lock["releases"][CC_VERSION]["fixtures"], "fixtures are frozen with the release"
    assert (
        f"## change_control [{CC_VERSION}] - {lock['releases'][CC_VERSION]['date']}"
        in (repo / "CHANGELOG.md").read_text()
    )
    again = cli("release", "change_control", CC_VERSION, cwd=repo)
    assert again.code == 2
    assert "already released" in again.err


def test_release_refuses_a_version_the_models_do_not_define(repo: Path, cli: Callable[..., Result]) -> None:
    result = cli("release", "change_control", "9.0.0", cwd=repo)
    assert result.code == 2
    assert f"defines change_control {CC_VERSION}, not 9.0.0" in result.err


def test_release_refuses_when_a_gate_fails(repo: Path, cli: Callable[..., Result]) -> None:
    lock_path = repo / "schemas" / "change_control" / "releases.json"
    lock = json.loads(lock_path.read_text())
    lock["releases"].pop(CC_VERSION, None)
    lock_path.write_text(json.dumps(lock))
    (repo / "CHANGELOG.md").write_text("# Changelog\n")  # stale: the changelog gate fails
    result = cli("release", "change_control", CC_VERSION, cwd=repo)
    assert result.code == 1
    assert "[changelog]" in result.err
    assert CC_VERSION not in json.loads(lock_path.read_text())["releases"]


def test_catalog_refuses_a_tampered_schema_naming_what_to_restore(repo: Path) -> None:
    path = repo / "schemas" / "change_control" / "1.0.0" / "ticket_contract.schema.json"
    path.write_bytes(path.read_bytes().replace(b"10000", b"10001", 1))
    with pytest.raises(Exception, match="differs from its manifest") as error:
        Catalog.from_directory(repo / "schemas").release("change_control", "1.0.0")
    assert "restore schemas/change_control/1.0.0/" in str(error.value)
