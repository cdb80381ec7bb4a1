"""`treaty check --end-to-end`: the main job's table, on a passing workspace and on broken fixtures."""

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion
from treaty._speed.fast import FastSchemas

from .conftest import ROOT, Result

Cli = Callable[..., Result]
CC = "change_control"
FIXTURES = Path("fixtures") / CC / "1.0.0"
DAY_CLOSE = FIXTURES / "day_close"
SETS = Path("fixtures") / "cwom" / "0.1.0" / "sets"
CHECK = ("check", "--end-to-end", "--gate", "naming")
"""One quick gate (it looks at the installed models only), and the end-to-end pass."""


def workspace(target: Path, *folders: Path) -> Path:
    """Return a contract repository at ``target`` holding copies of the named folders of this one."""
    target.mkdir()
    (target / "pyproject.toml").write_text('[tool.treaty]\nschemas-dir = "schemas"\n')
    for folder in folders:
        shutil.copytree(ROOT / folder, target / folder)
    return target


@pytest.fixture
def cc_repo(tmp_path: Path) -> Path:
    """A contract repository holding change_control alone: its schemas and templates, the 1.0.0 fixtures."""
    return workspace(tmp_path / "repo", Path("schemas") / CC, FIXTURES, Path("templates") / CC)


def lines(result: Result) -> list[str]:
    return result.out.splitlines()


def test_a_passing_run_ends_with_the_table_and_the_verdict(
    cc_repo: Path, cli: Cli, snapshot: SnapshotAssertion
) -> None:
    result = cli(*CHECK, cwd=cc_repo)
    assert (result.code, result.err) == (0, "")
    assert lines(result)[-1] == "PASS: 1/1 gates passed, 4/4 templates valid, 2/2 fixture folders as stated"
    assert "error [" not in result.out, "the expected errors of invalid fixtures are behind --verbose"
    assert result.out == snapshot


def test_an_invalid_fixture_that_is_accepted_fails_the_run_and_is_shown(
    cc_repo: Path, cli: Cli, snapshot: SnapshotAssertion
) -> None:
    shutil.copy(
        cc_repo / DAY_CLOSE / "valid" / "minimal.yaml",
        cc_repo / DAY_CLOSE / "invalid" / "duplicate-drift-id.yaml",
    )
    result = cli(*CHECK, cwd=cc_repo)
    assert result.code == 1
    row = f"FAIL  {DAY_CLOSE.as_posix()}"
    assert any(line.startswith(row) and "30 of 31 invalid rejected" in line for line in lines(result))
    assert lines(result)[-1].startswith("FAIL: ")
    assert result.out == snapshot
    docs = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert f"$ treaty check {' '.join(CHECK[1:])}\n{result.out}```" in docs, "docs/cli.md shows this run"


@pytest.mark.parametrize(
    ("broken", "copied_from", "said"),
    [
        pytest.param(
            "invalid/bad-pr-state.yaml",
            "invalid/missing-date.yaml",
            "fixture gives an error it does not state: [required] missing required key 'date'",
            id="invalid-rejected-for-another-reason",
        ),
        pytest.param(
            "valid/minimal.yaml",
            "invalid/unknown-key.yaml",
            "valid fixture is rejected: [additionalProperties] unexpected key 'severity'",
            id="valid-rejected",
        ),
    ],
)
def test_a_fixture_without_its_stated_verdict_fails_the_run_with_its_details(
    cc_repo: Path, cli: Cli, broken: str, copied_from: str, said: str
) -> None:
    shutil.copy(cc_repo / DAY_CLOSE / copied_from, cc_repo / DAY_CLOSE / broken)
    result = cli(*CHECK, cwd=cc_repo)
    assert result.code == 1
    details = result.out.split(
        f"FAIL {DAY_CLOSE.as_posix()}: treaty validate --derived --isolated --schema", 1
    )[1]
    assert f"{(DAY_CLOSE / broken).as_posix()}" in details
    assert said in details
    assert "      fix: " in details
    assert any(line.startswith(f"FAIL  {DAY_CLOSE.as_posix()} ") for line in lines(result))


def test_the_documents_are_validated_as_treaty_validate_does_fast_path_included(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = workspace(tmp_path / "repo", Path("schemas") / CC, FIXTURES)  # releases.json: 1.0.0 is a version
    # A fast path that vouches for every document: the fixtures gate (strict path only) cannot see it.
    monkeypatch.setattr(FastSchemas, "is_valid", lambda *_args: True)
    result = cli("check", "--end-to-end", "--gate", "fixtures", cwd=repo)
    assert result.code == 1
    assert any(line.startswith("PASS  gate fixtures ") for line in lines(result))
    assert any(line.startswith(f"FAIL  {DAY_CLOSE.as_posix()} ") for line in lines(result))


def test_a_set_that_is_accepted_when_it_should_be_rejected_fails_its_row(tmp_path: Path, cli: Cli) -> None:
    repo = workspace(tmp_path / "repo", Path("schemas") / "cwom", SETS)
    broken = repo / SETS / "invalid" / "issue-repo-missing"
    shutil.rmtree(broken)
    shutil.copytree(repo / SETS / "valid" / "repo-and-issue", broken)
    result = cli(*CHECK, cwd=repo)
    assert result.code == 1
    assert f"FAIL {SETS.as_posix()}: treaty validate --derived SET, for each set" in result.out
    assert "but did not (found: nothing)" in result.out
    assert any(
        line.startswith(f"FAIL  {SETS.as_posix()} ") and "13 of 14 invalid rejected" in line
        for line in lines(result)
    )


def test_a_template_with_a_finding_fails_its_row(cc_repo: Path, cli: Cli) -> None:
    template = cc_repo / "templates" / CC / "day_close.template.yaml"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace('date: "2025-12-28"', 'date: "2025-02-30"'), encoding="utf-8")
    result = cli(*CHECK, cwd=cc_repo)
    assert result.code == 1
    row = f"FAIL templates/{CC}/day_close.template.yaml 1 finding, listed above"
    assert row in [" ".join(line.split()) for line in lines(result)]
    assert f"templates/{CC}/day_close.template.yaml:15:7: at /date: error [format]" in result.out


def test_verbose_prints_every_expected_error_before_the_table(cc_repo: Path, cli: Cli) -> None:
    quiet = cli(*CHECK, cwd=cc_repo)
    result = cli(*CHECK, "--verbose", cwd=cc_repo)
    assert result.code == 0
    assert "error [change_control/unique-drift-id] at /drift_detected/1/drift_id" in result.out
    assert f"ok {(DAY_CLOSE / 'valid' / 'minimal.yaml').as_posix()} ({CC}/day_close@1.0.0)" in result.out
    assert result.out.endswith(quiet.out), "the same table and verdict come last"


@pytest.mark.parametrize(
    "options", [("--end-to-end", "--format", "json"), ("--verbose",)], ids=["json", "verbose-alone"]
)
def test_options_that_do_not_go_together_are_usage_errors(
    cc_repo: Path, cli: Cli, options: tuple[str, ...]
) -> None:
    result = cli("check", *options, cwd=cc_repo)
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith("error: ")
    assert "\n  hint: " in result.err
