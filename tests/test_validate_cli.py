"""`treaty validate`: verdicts, located errors with hints, schema selection, output formats, exit codes."""

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pytest
from syrupy.assertion import SnapshotAssertion

from .conftest import CC_VERSION, ROOT, TICKET, Result

Cli = Callable[..., Result]

VALID_TICKET = TICKET.replace(f'"{CC_VERSION}"', '"1.0.0"')
"""The shared valid ticket, at the first released version."""

BROKEN_TICKET = """\
schema_version: "1.0"
ticket_id: OCC-7
summary: Add the purity gate
is_seam_ticket: "no"
interface_change: false
interfaces_touched: [events]
evidence_requirements:
  - kind: test
    description: unit tests
emergency_bypass:
  enabled: true
  justification: "   "
  reason: urgent
"""

UNKNOWN_WITHOUT_CORRECTION = """\
schema_version: "1.0.0"
date: "2025-12-28"
plan:
  - requirement_id: R-1
    summary: one
  - requirement_id: R-1
    summary: two
invariants_checked:
  reducers_pure: pass
  orchestrators_no_io: unknown
  effects_do_io_only: pass
  real_infra_proof_progressing: pass
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text)
    return path


def test_valid_document_exits_0(tmp_path: Path, cli: Cli) -> None:
    path = write(tmp_path, "t.yaml", VALID_TICKET)
    result = cli("validate", "--verbose", str(path), cwd=tmp_path)
    assert result.code == 0
    assert result.out.splitlines() == [
        f"ok {path.as_posix()} (change_control/ticket_contract@1.0.0)",
        "1 file checked: all valid (0 errors, 0 warnings)",
    ]


def test_invalid_document_text_report(tmp_path: Path, cli: Cli, snapshot: SnapshotAssertion) -> None:
    write(tmp_path, "broken.yaml", BROKEN_TICKET)
    result = cli("validate", "--schema", "change_control/ticket_contract", "broken.yaml", cwd=tmp_path)
    assert result.code == 1
    assert result.out == snapshot


def test_every_error_has_a_line_column_pointer_rule_and_hint(tmp_path: Path, cli: Cli) -> None:
    write(tmp_path, "broken.yaml", BROKEN_TICKET)
    result = cli(
        "validate",
        "--format",
        "json",
        "--schema",
        "change_control/ticket_contract",
        "broken.yaml",
        cwd=tmp_path,
    )
    findings = json.loads(result.out)["files"][0]["findings"]
    assert len(findings) == 7
    for finding in findings:
        assert finding["line"] > 0
        assert finding["column"] > 0
        assert finding["pointer"].startswith("/")
        assert finding["rule"]
        assert finding["message"]
        assert finding["hint"]
        assert finding["schema"] == f"change_control/ticket_contract@{CC_VERSION}"  # the newest
    lines = {(f["pointer"], f["line"]) for f in findings}
    assert ("/emergency_bypass/reason", 13) in lines
    assert ("/interfaces_touched", 6) in lines


def test_policy_rules_report_with_stable_ids(tmp_path: Path, cli: Cli, snapshot: SnapshotAssertion) -> None:
    write(tmp_path, "2025-12-28.yaml", UNKNOWN_WITHOUT_CORRECTION)
    result = cli("validate", "2025-12-28.yaml", cwd=tmp_path)
    assert result.code == 1
    assert result.out == snapshot


def test_json_output_shape(tmp_path: Path, cli: Cli, snapshot: SnapshotAssertion) -> None:
    write(tmp_path, "ok.yaml", VALID_TICKET)
    write(tmp_path, "day.yaml", UNKNOWN_WITHOUT_CORRECTION)
    result = cli("validate", "--format", "json", "ok.yaml", "day.yaml", cwd=tmp_path)
    assert result.code == 1
    assert json.loads(result.out) == snapshot


def test_strict_yaml_refusals_are_errors_not_coercions(
    tmp_path: Path, cli: Cli, snapshot: SnapshotAssertion
) -> None:
    text = VALID_TICKET.replace("is_seam_ticket: false", "is_seam_ticket: no").replace(
        "ticket_id: OCC-7",
        "ticket_id: OCC-7\nticket_id: OCC-8",
    )
    write(tmp_path, "t.yaml", text)
    result = cli("validate", "--schema", "change_control/ticket_contract", "t.yaml", cwd=tmp_path)
    assert result.code == 1
    assert result.out == snapshot


def test_unknown_schema_version_lists_released_versions(tmp_path: Path, cli: Cli) -> None:
    write(tmp_path, "t.yaml", VALID_TICKET.replace('"1.0.0"', '"7.3.0"'))
    result = cli("validate", "t.yaml", cwd=tmp_path)
    assert result.code == 1
    assert (
        "[unknown-schema-version] at /schema_version: change_control has no version '7.3.0' in the installed schemas"
        in result.out
    )
    assert "installed versions: 1.0.0" in result.out


def test_unmatched_content_asks_for_a_schema(tmp_path: Path, cli: Cli) -> None:
    write(tmp_path, "x.yaml", "name: nothing like a contract\n")
    result = cli("validate", "x.yaml", cwd=tmp_path)
    assert result.code == 1
    assert "[unknown-kind]" in result.out
    assert "--schema family/kind" in result.out


def test_path_rules_from_pyproject_select_the_schema(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.treaty.paths]\n"contracts/*.yaml" = "change_control/day_close"\n'
    )
    (tmp_path / "contracts").mkdir()
    write(tmp_path / "contracts", "t.yaml", VALID_TICKET)
    result = cli("validate", "contracts", cwd=tmp_path)
    assert result.code == 1, "the path rule must win over the content match"
    assert (
        "change_control/day_close@1.0.0" in cli("validate", "--format", "json", "contracts", cwd=tmp_path).out
    )


def test_directories_and_globs_expand_to_documents(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    write(tmp_path / "a", "one.yaml", VALID_TICKET)
    write(tmp_path / "a" / "b", "two.yml", VALID_TICKET)
    write(tmp_path / "a" / "b", "notes.txt", "not a document")
    assert cli("validate", "a", cwd=tmp_path).out.startswith("2 files checked: all valid")
    assert cli("validate", "a/**/*.yml", cwd=tmp_path).out.startswith("1 file checked: all valid")


def test_the_rest_of_a_batch_is_validated_after_a_broken_file(tmp_path: Path, cli: Cli) -> None:
    write(tmp_path, "a.yaml", "key: [unclosed\n")
    write(tmp_path, "b.yaml", VALID_TICKET)
    result = cli("validate", "--format", "json", "a.yaml", "b.yaml", cwd=tmp_path)
    files = json.loads(result.out)["files"]
    assert [(f["file"], f["valid"]) for f in files] == [("a.yaml", False), ("b.yaml", True)]
    assert files[0]["findings"][0]["rule"] == "yaml-syntax"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "missing.yaml"], "missing.yaml: no such file, directory or matching glob"),
        (["validate", "--schema", "change_control", "x.yaml"], "is not a schema reference"),
        (
            ["validate", "--schema", "nope/kind", "t.yaml"],
            "no schemas are installed for the family 'nope'",
        ),
        (["validate", "--schema", "change_control/nope", "t.yaml"], "has no kind 'nope'"),
        (
            ["validate", "--schema", "change_control/ticket_contract@9.9.9", "t.yaml"],
            "change_control has no version '9.9.9' installed\n  hint: installed versions: 1.0.0, 1.1.0",
        ),
        (["validate", "--schema", "dom/task_spec", "t.yaml"], "hint: did you mean 'dome'?"),
        (
            ["validate", "--schema", "nope/kind", "t.yaml"],
            "hint: check the name (installed families: change_control, cwom, dome, xtrl)",
        ),
    ],
    ids=[
        "missing-file",
        "bad-schema-ref",
        "unknown-family",
        "unknown-kind",
        "unknown-version",
        "near-family",
        "no-near-family",
    ],
)
def test_usage_and_environment_errors_exit_2_without_traceback(
    tmp_path: Path, cli: Cli, args: list[str], message: str
) -> None:
    write(tmp_path, "t.yaml", VALID_TICKET)
    result = cli(*args, cwd=tmp_path)
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err + result.out
    assert "hint:" in result.err


def _command(*args: str, stdout: int | IO[str] = subprocess.PIPE) -> subprocess.Popen[str]:
    """Start the ``treaty`` command as a user runs it (its own process, leaving through `console`)."""
    return subprocess.Popen(  # our own interpreter
        [sys.executable, "-m", "treaty", "validate", "--no-cache", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
    )


FOLDER = str(ROOT / "fixtures" / "change_control" / "1.0.0" / "ticket_contract")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (a device that is always full)")
def test_a_report_that_cannot_be_written_is_an_environment_error() -> None:
    with Path("/dev/full").open("w", encoding="utf-8") as full:
        process = _command("--format", "json", FOLDER, stdout=full)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 2
    assert "No space left on device" in err
    assert "hint:" in err
    assert "Traceback" not in err


def test_the_command_writes_its_whole_report_and_exit_code() -> None:
    """The command leaves without tearing the interpreter down: nothing it printed may be lost."""
    out, err = (process := _command("--format", "json", FOLDER)).communicate(timeout=60)
    assert (process.returncode, err) == (1, "")
    report = json.loads(out)
    assert report["summary"]["files"] == len(report["files"]) > 20
    assert report["summary"]["invalid"] > 0


def test_a_reader_that_leaves_early_is_no_error(tmp_path: Path) -> None:
    for number in range(1500):  # a report larger than a pipe holds: the writer meets the closed pipe
        write(tmp_path, f"t{number:04}.yaml", VALID_TICKET)
    process = _command("--format", "json", "--schema", "change_control/ticket_contract@1.0.0", str(tmp_path))
    assert process.stdout is not None
    process.stdout.readline()
    process.stdout.close()  # as `| head -1` does
    _, err = process.communicate(timeout=60)
    assert (process.returncode, err) == (0, "")


def test_no_arguments_is_a_usage_error(cli: Cli) -> None:
    assert cli("validate").code == 2


@pytest.mark.parametrize("kind", ["ticket_contract", "day_close"])
def test_templates_validate(cli: Cli, kind: str) -> None:
    result = cli(
        "validate",
        "--schema",
        f"change_control/{kind}",
        f"templates/change_control/{kind}.template.yaml",
    )
    assert result.code == 0, result.out


@pytest.mark.parametrize(
    ("kind", "verdict", "code"),
    [
        ("ticket_contract", "valid", 0),
        ("ticket_contract", "invalid", 1),
        ("day_close", "valid", 0),
        ("day_close", "invalid", 1),
    ],
)
def test_fixture_folders_get_their_verdicts_with_line_numbers(
    cli: Cli, kind: str, verdict: str, code: int
) -> None:
    folder = ROOT / "fixtures" / "change_control" / "1.0.0" / kind / verdict
    result = cli("validate", "--format", "json", "--schema", f"change_control/{kind}@1.0.0", str(folder))
    assert result.code == code
    files = json.loads(result.out)["files"]
    assert files
    for entry in files:
        assert entry["valid"] is (verdict == "valid"), entry["file"]
        assert all(f["line"] > 0 for f in entry["findings"]), entry["file"]


def test_validation_works_with_the_network_unreachable(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket  # noqa: PLC0415  # patched for this test only

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("treaty tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    write(tmp_path, "ok.yaml", VALID_TICKET)
    write(tmp_path, "bad.yaml", BROKEN_TICKET)
    assert cli("validate", "ok.yaml", cwd=tmp_path).code == 0
    assert cli("validate", "bad.yaml", cwd=tmp_path).code == 1


def test_a_ref_outside_the_catalog_fails_closed(tmp_path: Path, cli: Cli) -> None:
    version = tmp_path / "schemas" / "evil" / "1.0.0"
    version.mkdir(parents=True)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:treaty:evil:1.0.0:doc",
        "properties": {"x": {"$ref": "https://example.com/remote.json"}},
    }
    data = (json.dumps(schema) + "\n").encode()
    (version / "doc.schema.json").write_bytes(data)
    import hashlib  # noqa: PLC0415

    manifest = {
        "schemas": [{"file": "doc.schema.json", "kind": "doc", "sha256": hashlib.sha256(data).hexdigest()}]
    }
    (version / "manifest.json").write_text(json.dumps(manifest))
    write(tmp_path, "d.yaml", "x: 1\n")
    result = cli(
        "validate", "--schemas-dir", str(tmp_path / "schemas"), "--schema", "evil/doc", "d.yaml", cwd=tmp_path
    )
    assert result.code == 2
    assert "https://example.com/remote.json" in result.err
    assert "Traceback" not in result.err


def test_an_empty_directory_is_a_usage_error_not_a_pass(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "contracts").mkdir()
    result = cli("validate", "contracts", cwd=tmp_path)
    assert result.code == 2
    assert "holds no .yaml, .yml or .json files" in result.err


@pytest.mark.parametrize(
    ("fixture", "message", "hint"),
    [
        (  # a union of two enums (failure or policy codes) lists every allowed value
            "xtrl/0.1.0/guard_eval/invalid/unknown-reason-code.yaml",
            "is not an allowed value",
            "use one of: BUDGET_EXHAUSTED,",
        ),
        (  # a nullable object: the missing key is named, not jsonschema's raw text
            "xtrl/0.1.0/guardrails_bundle/invalid/feedback-missing-next-step.yaml",
            "missing required key 'next_step'",
            "add 'next_step'",
        ),
        (
            "xtrl/0.1.0/guardrails_bundle/invalid/unknown-key-feedback.yaml",
            "unexpected key 'docs_url'",
            "allowed keys here: actionable_hint,",
        ),
        ("xtrl/0.1.0/guardrails_bundle/invalid/applies-to-empty.yaml", "is empty", "write at least 1 key"),
        (
            "xtrl/0.1.0/guardrails_bundle/invalid/known-states-repeated.yaml",
            "lists an item more than once",
            "remove the repeated item",
        ),
    ],
)
def test_errors_under_unions_read_like_the_rest(cli: Cli, fixture: str, message: str, hint: str) -> None:
    result = cli(
        "validate", "--isolated", "--format", "json", "--schemas-dir", "schemas", f"fixtures/{fixture}"
    )
    (error,) = json.loads(result.out)["files"][0]["findings"]
    assert message in error["message"]
    assert error["hint"].startswith(hint) or hint in error["hint"]


@pytest.mark.parametrize(
    ("args", "usage"),
    [
        (["validate", "--bogus", "t.yaml"], "usage: treaty validate "),
        (["check", "--bogus"], "usage: treaty check "),
        (["fixtures", "export", "out", "--bogus"], "usage: treaty fixtures export "),
        (["--bogus", "diff", "a.json", "b.json"], "usage: treaty diff "),
    ],
)
def test_an_unknown_option_is_shown_under_its_subcommands_usage(
    cli: Cli, args: list[str], usage: str
) -> None:
    result = cli(*args)
    assert result.code == 2
    assert result.err.startswith(usage)
    assert result.err.rstrip().endswith("error: unrecognized arguments: --bogus")
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    ("args", "message", "hint"),
    [
        (
            ["diff", "change_control@1.0.0"],
            "no models package of change_control is installed: a family without @VERSION stands for its",
            "hint: give both versions, e.g. `treaty diff change_control@",
        ),
        (
            ["diff", "change_control@9.9.9", "change_control@1.0.0"],
            "change_control@9.9.9: no such family version",
            "hint: installed versions of change_control: 1.0.0, 1.1.0",
        ),
        (
            ["diff", "nofamily@1.0.0", "nofamily@2.0.0"],
            "nofamily@1.0.0: no such family version",
            "hint: check the name (installed families: change_control, cwom, dome, xtrl)",
        ),
    ],
    ids=["working-tree-without-models", "unknown-version", "unknown-family"],
)
def test_diff_outside_a_repository_says_what_is_missing(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, *, args: list[str], message: str, hint: str
) -> None:
    monkeypatch.setattr("treaty._cli.versions.model_families", list)  # an integrator's environment: no models
    result = cli(*args, cwd=tmp_path)
    assert result.code == 2
    assert f"error: {message}" in result.err
    assert hint in result.err
    assert not result.err.rstrip().endswith(":")  # never an empty list of what is installed


def test_a_new_result_cache_is_announced_once(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TREATY_CACHE_DIR")  # the default place: beside the project, where it appears unasked
    write(tmp_path, "t.yaml", VALID_TICKET)
    first = cli("validate", "t.yaml", cwd=tmp_path)
    assert (first.code, first.out) == (0, "1 file checked: all valid (0 errors, 0 warnings)\n")
    assert first.err == (
        f"note: treaty created its result cache in {tmp_path / '.treaty_cache'}; keep it between CI runs to "
        "reuse verdicts (--no-cache turns it off, $TREATY_CACHE_DIR moves it)\n"
    )
    write(tmp_path, "u.yaml", VALID_TICKET)
    assert cli("validate", "t.yaml", "u.yaml", cwd=tmp_path).err == ""  # the cache grows: nothing to say
    assert (tmp_path / ".treaty_cache" / "results-v1.sqlite3").is_file()


def test_a_cache_placed_by_the_environment_is_not_announced(tmp_path: Path, cli: Cli) -> None:
    write(tmp_path, "t.yaml", VALID_TICKET)
    assert cli("validate", "t.yaml", cwd=tmp_path).err == ""
