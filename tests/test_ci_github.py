"""`treaty ci github`, what the GitHub Action (action.yml) runs, in a faked GitHub Actions environment.

The runner's side is faked as GitHub sets it: ``GITHUB_STEP_SUMMARY`` names a file the step appends to,
``GITHUB_BASE_REF`` names the pull request's base branch, fetched by actions/checkout as ``origin/<branch>``.
"""

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT, TICKET, Result

Cli = Callable[..., Result]

EARLIER_STEP = "## an earlier step's summary\n"


def git(folder: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-C", str(folder), *args]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def github(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Fake the variables GitHub Actions sets; return the job summary file (an earlier step wrote to it)."""
    summary = tmp_path / "step_summary.md"
    summary.write_text(EARLIER_STEP)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.delenv("GITHUB_BASE_REF", raising=False)
    return summary


@pytest.fixture
def integrator(tmp_path: Path) -> Path:
    """An integrator's repository: path rules, a valid and an invalid ticket contract."""
    project = tmp_path / "integrator"
    (project / "contracts").mkdir(parents=True)
    (project / "pyproject.toml").write_text(
        '[tool.treaty.paths]\n"contracts/*.yaml" = "change_control/ticket_contract"\n'
    )
    (project / "contracts" / "OCC-7.yaml").write_text(TICKET)
    (project / "contracts" / "OCC-8.yaml").write_text(TICKET.replace("summary:", "summry:"))
    return project


@pytest.fixture
def contract_repo(tmp_path: Path) -> Path:
    """A contract repository whose base branch (``origin/main``) holds change_control 1.0.0 alone.

    The working tree's models are the installed ones (this workspace's), so the diff is 1.0.0 against them.
    """
    project = tmp_path / "contracts-repo"
    shutil.copytree(
        ROOT / "schemas" / "change_control" / "1.0.0", project / "schemas" / "change_control" / "1.0.0"
    )
    (project / "pyproject.toml").write_text('[tool.treaty]\nschemas-dir = "schemas"\n')
    (project / "OCC-7.yaml").write_text(TICKET)
    git(project, "init", "--quiet", "--initial-branch=main")
    git(project, "add", "--all")
    git(project, "commit", "--quiet", "--message=base")
    git(project, "update-ref", "refs/remotes/origin/main", "HEAD")
    return project


def test_findings_are_annotations_and_the_summary_is_appended(
    integrator: Path, github: Path, cli: Cli
) -> None:
    result = cli("ci", "github", "contracts/", cwd=integrator)
    assert result.code == 1
    lines = result.out.splitlines()
    assert any(
        line.startswith(
            "::error file=contracts/OCC-8.yaml,line=3,col=1,title=treaty [additionalProperties]::"
        )
        for line in lines
    )
    assert lines[-1] == "2 files checked: 1 invalid (2 errors, 0 warnings)"
    summary = github.read_text()
    assert summary.startswith(EARLIER_STEP)  # appended to, never replaced
    assert "`treaty validate --format github contracts/`: 2 files checked: 1 invalid" in summary
    assert "(exit 1)" in summary


def test_a_valid_run_exits_0(integrator: Path, github: Path, cli: Cli) -> None:
    (integrator / "contracts" / "OCC-8.yaml").unlink()
    result = cli("ci", "github", "--configured", cwd=integrator)
    assert result.code == 0, result.out + result.err
    assert "::error" not in result.out
    assert "1 file checked: all valid (0 errors, 0 warnings) (exit 0)" in github.read_text()


def test_an_integrator_repository_gets_no_diff_and_is_told_why(
    integrator: Path, github: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_BASE_REF", "main")
    result = cli("ci", "github", "contracts/OCC-7.yaml", cwd=integrator)
    assert result.code == 0, result.out + result.err
    assert (
        "### Schema changes against `origin/main`\n\nNo diff: not a contract repository" in github.read_text()
    )


def test_the_schema_diff_against_the_base_branch_is_the_job_summary(
    contract_repo: Path, github: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_BASE_REF", "main")
    # The base branch allowed longer text than the working tree's models: a change that breaks readers.
    base = contract_repo / "schemas" / "change_control" / "1.0.0" / "day_close.schema.json"
    text = base.read_text(encoding="utf-8")
    assert '"maxLength": 10000' in text
    base.write_text(text.replace('"maxLength": 10000', '"maxLength": 100000'), encoding="utf-8")
    git(contract_repo, "commit", "--quiet", "--all", "--message=looser")
    git(contract_repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    result = cli("ci", "github", "OCC-7.yaml", "--family", "change_control", cwd=contract_repo)
    assert result.code == 0, result.out + result.err
    summary = github.read_text()
    section = summary.split("### Schema changes against `origin/main`\n\n", 1)[1]
    assert section.startswith("## change_control 1.0.0 (origin/main) -> ")
    assert "(working tree)\n\n" in section
    assert "- `property-added` at `/actual_by_repo/*/prs/*/drift_ids`:" in section  # one line per change
    # a breaking change is reported, not failed: the bump gate of `treaty check` decides whether it may
    assert "- `max-length-decreased` at " in section
    assert "backward: INCOMPATIBLE" in section


def test_a_base_branch_that_was_not_fetched_is_a_usage_error(
    contract_repo: Path, github: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_BASE_REF", "release-2")
    result = cli("ci", "github", "OCC-7.yaml", "--family", "change_control", cwd=contract_repo)
    assert result.code == 2
    assert "fetch-depth: 0" in result.err
    assert "No diff: origin/release-2: no such commit, branch or tag in this repository" in github.read_text()
    assert "1 file checked: all valid" in github.read_text()  # validation still reported


def test_without_a_summary_file_only_the_annotations_are_written(
    integrator: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    result = cli("ci", "github", "contracts/", cwd=integrator)
    assert result.code == 1
    assert result.out.startswith("::error file=contracts/OCC-8.yaml")


def documented_inputs() -> dict[str, str]:
    """Return the inputs the integrator guide's workflow gives the action (its ``uses: ...treaty@`` step)."""
    text = (ROOT / "docs" / "integrator-guide.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(# \.github/workflows/contracts\.yml\n.*?)```", text, re.DOTALL)
    assert block is not None
    steps = yaml.safe_load(block.group(1))["jobs"]["validate"]["steps"]
    step = next(step for step in steps if step.get("uses", "").startswith("treaty-contracts/treaty@"))
    return {name: str(value) for name, value in step["with"].items()}


def _expand(value: str, inputs: dict[str, str], temp: Path) -> str:
    """Evaluate the two kinds of expression action.yml's environments use: inputs and the runner's temp folder."""
    value = value.replace("${{ runner.temp }}", str(temp))
    for name, given in inputs.items():
        value = value.replace(f"${{{{ inputs.{name} }}}}", given)
    assert "${{" not in value, value
    return value


def test_the_actions_validate_step_runs_this_command_with_its_inputs(
    integrator: Path, github: Path, tmp_path: Path
) -> None:
    """action.yml's validate step, its bash run as the runner runs it, with a venv holding this treaty."""
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    steps = action["runs"]["steps"]
    cache = next(step for step in steps if str(step.get("uses", "")).startswith("actions/cache@"))
    step = next(step for step in steps if step.get("id") == "validate")
    temp = tmp_path / "runner-temp"
    (temp / "treaty-venv" / "bin").mkdir(parents=True)
    (temp / "treaty-venv" / "bin" / "treaty").symlink_to(Path(sys.executable).parent / "treaty")
    inputs = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    inputs |= documented_inputs()
    env = {name: _expand(str(value), inputs, temp) for name, value in step["env"].items()}
    # the cache the action restores is the one validate writes to
    assert env["TREATY_CACHE_DIR"] == _expand(cache["with"]["path"], inputs, temp)
    result = subprocess.run(
        ["bash", "-c", step["run"]],
        cwd=integrator,
        env={**os.environ, **env, "RUNNER_TEMP": str(temp), "GITHUB_STEP_SUMMARY": str(github)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert (
        "::error file=contracts/OCC-8.yaml,line=3,col=1,title=treaty [additionalProperties]::"
        in result.stdout
    )
    assert "`treaty validate --format github --configured`: 2 files checked: 1 invalid" in github.read_text()
    assert (temp / "treaty-cache").is_dir()
