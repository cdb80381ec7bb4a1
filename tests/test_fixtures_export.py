"""`treaty fixtures export`: the installed fixtures as plain files and one JSON index, for consumers in any language."""

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from treaty._documents.loader import load_path
from treaty._fixtures import export
from treaty._fixtures.cases import load_cases, load_sets
from treaty._fixtures.distributions import FixtureDistribution, fixture_versions, installed_fixtures
from treaty._fixtures.export import INDEX_FILE, export_fixtures
from treaty._fixtures.vectors import load_vectors

from .conftest import ROOT, Result

Cli = Callable[..., Result]

INSTALLED = installed_fixtures()


def _versions(*families: str) -> list[str]:
    """Return ``family/version`` of every installed version of the families, as export lists them."""
    return [
        f"{family}/{v}" for family in sorted(set(families)) for v in fixture_versions(INSTALLED[family].root)
    ]


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder holding an export of every installed fixture distribution."""
    out = tmp_path_factory.mktemp("export") / "fixtures"
    export_fixtures(out)
    return out


@pytest.fixture(scope="module")
def index(exported: Path) -> dict:
    return json.loads((exported / INDEX_FILE).read_bytes())


def test_every_installed_version_is_copied_byte_for_byte(exported: Path) -> None:
    expected = {
        f"{family}/{version}/{path.relative_to(dist.root / version).as_posix()}": path.read_bytes()
        for family, dist in INSTALLED.items()
        for version in fixture_versions(dist.root)
        for path in sorted((dist.root / version).rglob("*"))
        if path.is_file()
    }
    written = _tree(exported)
    assert written.pop(INDEX_FILE)
    assert written == expected
    assert {"cwom/0.1.0/sets/sets.yaml", "dome/0.1.0/vectors/canonical_json.yaml"} <= set(written)
    assert "change_control/1.0.0/ticket_contract/cases.yaml" in written


def test_index_lists_every_case_with_its_verdict_and_stated_errors(exported: Path, index: dict) -> None:
    cases, problems = load_cases(ROOT / "fixtures", ROOT)
    assert not problems
    assert len(index["cases"]) == len(cases)
    listed = {case["file"]: case for case in index["cases"]}
    assert [c["file"] for c in index["cases"]] == sorted(listed)
    for case in cases:
        entry = listed[case.path.relative_to(ROOT / "fixtures").as_posix()]
        assert (entry["family"], entry["version"], entry["kind"]) == (case.family, case.version, case.kind)
        assert entry["valid"] is case.valid
        assert (exported / entry["file"]).is_file()
        stated = {
            (e["pointer"], e.get("keyword") or e["rule"], s) for s in ("errors", "warnings") for e in entry[s]
        }
        assert stated == {(p, r, str(s) + "s") for p, r, s in case.expected}
        assert bool(entry["errors"]) is not case.valid


def test_index_says_which_check_reports_each_error(index: dict) -> None:
    by_file = {case["file"]: case for case in index["cases"]}
    assert by_file["change_control/1.0.0/day_close/invalid/bad-drift-category.yaml"]["errors"] == [
        {"check": "schema", "keyword": "enum", "pointer": "/drift_detected/0/category"}
    ]
    checks = {e["check"] for case in index["cases"] for e in case["errors"]}
    assert checks == {"schema", "loader", "rule"}
    for case in index["cases"]:
        for error in case["errors"]:
            if error["check"] == "schema":
                assert set(error) == {"check", "keyword", "pointer"}
            else:
                assert set(error) == {"check", "rule", "pointer"}
                assert ("/" in error["rule"]) is (error["check"] == "rule")


def test_index_lists_the_sets_and_their_files(exported: Path, index: dict) -> None:
    sets, problems = load_sets(ROOT / "fixtures", ROOT)
    assert not problems
    assert len(index["sets"]) == len(sets)
    for entry in index["sets"]:
        assert entry["files"]
        assert all(f.startswith(entry["folder"] + "/") and (exported / f).is_file() for f in entry["files"])
        for finding in entry["errors"] + entry["warnings"]:
            assert finding["file"] in entry["files"]


def test_index_carries_every_vector_as_json(index: dict) -> None:
    vectors, problems = load_vectors(ROOT / "fixtures", ROOT / "fixtures")
    assert not problems
    assert len(index["vectors"]) == len(vectors)
    expected = {(v.file, v.name): v for v in vectors}
    for entry in index["vectors"]:
        vector = expected[(entry["file"], entry["name"])]
        assert entry["input"] == vector.input
        if vector.error is None:
            assert entry["output"] == vector.output
            assert "error" not in entry
        else:
            assert entry["error"] == vector.error
            assert "output" not in entry
    assert any("error" in entry for entry in index["vectors"])


def test_index_lists_every_file_with_its_sha256(exported: Path, index: dict) -> None:
    files = {entry["path"]: entry["sha256"] for entry in index["files"]}
    on_disk = _tree(exported)
    on_disk.pop(INDEX_FILE)
    assert files == {path: hashlib.sha256(data).hexdigest() for path, data in on_disk.items()}
    assert [entry["path"] for entry in index["files"]] == sorted(files)
    assert index["generator"] == "treaty fixtures export"
    assert index["format"] == 1
    assert [f["family"] for f in index["families"]] == sorted(INSTALLED)
    for family in index["families"]:
        assert family["distribution"] == f"treaty-{family['family'].replace('_', '-')}-fixtures"


def test_export_is_deterministic(tmp_path: Path, exported: Path) -> None:
    export_fixtures(tmp_path / "again")
    assert _tree(tmp_path / "again") == _tree(exported)
    text = (tmp_path / "again" / INDEX_FILE).read_text(encoding="utf-8")
    assert str(tmp_path) not in text
    assert "site-packages" not in text


def test_reexport_replaces_an_earlier_export(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "vendor"
    assert cli("fixtures", "export", str(out), cwd=tmp_path).code == 0
    (out / "README.md").write_text("vendored by hand\n")  # not ours: kept
    result = cli("fixtures", "export", str(out), "--family", "dome", cwd=tmp_path)
    assert result.code == 0, result.err
    assert f"exported {', '.join(v.replace('/', ' ') for v in _versions('dome'))}:" in result.out
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "dome", INDEX_FILE]
    index = json.loads((out / INDEX_FILE).read_bytes())
    assert {case["family"] for case in index["cases"]} == {"dome"}


def test_family_and_version_select_what_is_exported(cli: Cli, tmp_path: Path) -> None:
    def exported_versions(folder: str) -> list[str]:
        return sorted(p.relative_to(tmp_path / folder).as_posix() for p in (tmp_path / folder).glob("*/*"))

    one = cli("fixtures", "export", "one", "--family", "change_control", "--version", "1.1.0", cwd=tmp_path)
    assert one.code == 0, one.err
    assert exported_versions("one") == ["change_control/1.1.0"]
    two = cli(
        "fixtures", "export", "two", "--family", "xtrl", "--family", "cwom", "--family", "xtrl", cwd=tmp_path
    )
    assert two.code == 0, two.err
    listed = _versions("xtrl", "cwom", "xtrl")  # each family once, in name order, each version oldest first
    assert f"exported {', '.join(v.replace('/', ' ') for v in listed)}:" in two.out
    assert exported_versions("two") == sorted(listed)
    assert {"cwom/0.1.0", "xtrl/0.1.0"} <= set(listed)
    every = cli(
        "fixtures", "export", "every", "--version", "0.1.0", cwd=tmp_path
    )  # families without it: skipped
    assert every.code == 0, every.err
    assert exported_versions("every") == ["cwom/0.1.0", "dome/0.1.0", "xtrl/0.1.0"]


def test_non_empty_directory_is_refused_unless_forced(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me\n")
    result = cli("fixtures", "export", str(out), cwd=tmp_path)
    assert result.code == 2
    assert "is not empty (notes.txt) and holds no earlier export" in result.err
    assert "hint:" in result.err
    assert "--force" in result.err
    assert "Traceback" not in result.err
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    forced = cli("fixtures", "export", str(out), "--family", "xtrl", "--force", cwd=tmp_path)
    assert forced.code == 0, forced.err
    assert (out / "notes.txt").read_text() == "keep me\n"
    assert (out / INDEX_FILE).is_file()


def test_a_foreign_fixtures_json_is_not_an_earlier_export(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / INDEX_FILE).write_text('{"files": [{"path": "../outside.txt"}]}')
    (tmp_path / "outside.txt").write_text("x")
    assert cli("fixtures", "export", str(out), cwd=tmp_path).code == 2
    forged = {"generator": "treaty fixtures export", "files": [{"path": "../outside.txt"}]}
    (out / INDEX_FILE).write_text(json.dumps(forged))
    assert cli("fixtures", "export", str(out), "--family", "xtrl", cwd=tmp_path).code == 0
    assert (tmp_path / "outside.txt").read_text() == "x"  # an index never makes export delete outside DIR


@pytest.mark.parametrize(
    ("args", "message", "hint"),
    [
        (
            ["--family", "nosuch"],
            "no fixtures are installed for the family 'nosuch'",
            "pip install treaty-nosuch-fixtures",
        ),
        (["--version", "9.9.9"], "no installed fixtures of version 9.9.9", "installed fixture versions:"),
        (
            ["--family", "dome", "--version", "1.0.0"],
            "treaty-dome-fixtures has no fixtures of dome 1.0.0",
            "--version",
        ),
    ],
)
def test_unknown_family_or_version_is_a_usage_error(
    cli: Cli, tmp_path: Path, args: list[str], message: str, hint: str
) -> None:
    result = cli("fixtures", "export", "out", *args, cwd=tmp_path)
    assert result.code == 2
    assert message in result.err
    assert hint in result.err
    assert not (tmp_path / "out").exists()


def test_a_file_is_refused_as_the_directory(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "out").write_text("")
    result = cli("fixtures", "export", "out", cwd=tmp_path)
    assert result.code == 2
    assert "out is a file" in result.err


def test_no_installed_fixtures_says_what_to_install(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "installed_fixtures", dict)
    result = cli("fixtures", "export", "out", cwd=tmp_path)
    assert result.code == 2
    assert "no fixture distributions are installed" in result.err
    assert "pip install" in result.err


def test_a_broken_distribution_is_reported_without_a_traceback(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "site" / "data"
    source = INSTALLED["xtrl"].root
    for path in sorted(source.rglob("*")):
        if path.is_file():
            target = broken / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    index = broken / "0.1.0" / "guard_eval" / "cases.yaml"
    index.write_text(index.read_text().replace("kind: guard_eval", "kind: [guard_eval]"))
    dist = FixtureDistribution("xtrl", broken, "treaty-xtrl-fixtures", "0.1.0")
    monkeypatch.setattr(export, "installed_fixtures", lambda: {"xtrl": dist})
    result = cli("fixtures", "export", "out", cwd=tmp_path)
    assert result.code == 2
    assert "the installed fixtures cannot be read" in result.err
    assert "xtrl/0.1.0/guard_eval/cases.yaml" in result.err
    assert "pip install --force-reinstall 'treaty-xtrl-fixtures'" in result.err
    assert "Traceback" not in result.err
    assert not (tmp_path / "out").exists()


def test_every_exported_document_is_what_the_index_says(exported: Path, index: dict) -> None:
    """A consumer that reads the index alone finds every document, and the stated errors point into it."""
    for case in index["cases"]:
        if case["valid"]:
            document = load_path(exported / case["file"]).data
            assert isinstance(document, dict)
