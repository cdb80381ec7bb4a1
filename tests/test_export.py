"""`treaty export`: deterministic, byte-for-byte reproducible schema files and manifest."""

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from treaty._catalog import Catalog
from treaty._export import export_files, kind_schema
from treaty._workspace import ModelFamily, model_families

from .conftest import CC_VERSION, ROOT, Result, ensure_released

CC_DIR = ROOT / "schemas" / "change_control" / CC_VERSION


@pytest.fixture
def family() -> ModelFamily:
    return next(f for f in model_families() if f.name == "change_control")


def test_export_is_byte_for_byte_reproducible(family: ModelFamily) -> None:
    assert export_files(family) == export_files(family)
    for name, data in export_files(family).items():
        assert (CC_DIR / name).read_bytes() == data, f"{name} is stale: run `treaty export`"


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
    assert "wrote day_close.schema.json, ticket_contract.schema.json, manifest.json" in first.out
    assert "templates/change_control/day_close.template.yaml" in first.out
    for name in ("day_close.schema.json", "ticket_contract.schema.json", "manifest.json"):
        assert (repo / "schemas" / "change_control" / CC_VERSION / name).read_bytes() == (
            CC_DIR / name
        ).read_bytes()
    second = cli("export", cwd=repo)
    assert second.code == 0
    assert f"change_control {CC_VERSION}: up to date\n" in second.out
    assert "wrote" not in second.out


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
