"""The pre-commit hooks (.pre-commit-hooks.yaml) run as pre-commit runs them, and `validate --configured`.

A hook's command is its `entry`, then the file names pre-commit passes (none with `pass_filenames: false`).
`nox -s precommit` installs the hooks with pre-commit itself, from wheels; these are the cheap checks.
"""

import shlex
import shutil
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import ROOT, TICKET, Result

Cli = Callable[..., Result]

CHAIN = ROOT / "fixtures" / "cwom" / "0.2.0" / "sets" / "valid" / "complete-chain"
KINDS = {path.name: path.stem.replace("-", "_") for path in CHAIN.glob("*.yaml")}
"""Each file of the chain and its cwom kind (``context-packet.yaml`` is a ``context_packet``)."""
RUN_ID = "01JJ8Z3K4WRVN0000000000001"


def _hooks() -> dict[str, dict[str, Any]]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return {hook["id"]: hook for hook in hooks}


def _hook(cli: Cli, hook_id: str, project: Path, *staged: str) -> Result:
    """Run a hook's command in ``project`` as pre-commit does: its entry, then the staged files if it takes them."""
    hook = _hooks()[hook_id]
    program, *words = shlex.split(hook["entry"])
    assert program == "treaty"
    files = list(staged) if hook.get("pass_filenames", True) else []
    return cli(*words, *files, cwd=project)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An integrator's repository: two ticket contracts and a cwom chain, every file mapped by a path rule."""
    (tmp_path / "contracts").mkdir()
    (tmp_path / "contracts" / "OCC-7.yaml").write_text(TICKET)
    shutil.copytree(CHAIN, tmp_path / "chain")
    rules = "\n".join(f'"chain/{name}" = "cwom/{kind}"' for name, kind in sorted(KINDS.items()))
    (tmp_path / "pyproject.toml").write_text(
        '[tool.treaty.paths]\n"contracts/*.yaml" = "change_control/ticket_contract"\n'
        f'"drift/*.yaml" = "change_control/day_close"\n{rules}\n'
    )
    return tmp_path


def test_the_manifest_declares_a_per_file_hook_and_a_set_hook() -> None:
    hooks = _hooks()
    assert set(hooks) == {"treaty-validate", "treaty-validate-set"}
    assert all(hook["language"] == "python" for hook in hooks.values())
    assert hooks["treaty-validate-set"]["pass_filenames"] is False
    assert "sets" in hooks["treaty-validate"]["name"]  # the per-file hook says it leaves sets out


def test_per_file_hook_reports_no_set_error_for_two_staged_members_of_a_set(project: Path, cli: Cli) -> None:
    staged = ("chain/run.yaml", "chain/issue.yaml")
    result = _hook(cli, "treaty-validate", project, *staged)
    assert result.code == 0, result.out + result.err
    assert result.out == "2 files checked: all valid (0 errors, 0 warnings)\n"
    # what the hook avoids: the two files as a set, every Ref leaving it unresolved
    as_a_set = cli("validate", *staged, cwd=project)
    assert as_a_set.code == 1
    assert as_a_set.out.count("[cwom/ref-unresolved]") > 1


def test_per_file_hook_fails_on_a_broken_file_at_its_location(project: Path, cli: Cli) -> None:
    (project / "contracts" / "OCC-8.yaml").write_text(TICKET.replace("summary:", "summry:"))
    result = _hook(cli, "treaty-validate", project, "contracts/OCC-7.yaml", "contracts/OCC-8.yaml")
    assert result.code == 1
    assert "contracts/OCC-8.yaml:3:1: error [additionalProperties] at /summry" in result.out


def test_set_hook_validates_every_configured_document_as_one_set(project: Path, cli: Cli) -> None:
    result = _hook(cli, "treaty-validate-set", project)
    assert result.code == 0, result.out + result.err
    assert result.out == f"{len(KINDS) + 1} files checked: all valid (0 errors, 0 warnings)\n"


def test_set_hook_catches_a_ref_that_resolves_nowhere_and_only_that(project: Path, cli: Cli) -> None:
    artifact = project / "chain" / "artifact.yaml"
    artifact.write_text(artifact.read_text().replace(RUN_ID, RUN_ID[:-1] + "9"))
    result = _hook(cli, "treaty-validate-set", project)
    assert result.code == 1
    errors = [line for line in result.out.splitlines() if ": error [" in line]
    assert len(errors) == 1, result.out
    assert errors[0].startswith("chain/artifact.yaml:")
    assert "[cwom/ref-unresolved] at /produced_by" in errors[0]
    # the per-file hook, given the same file, stays silent about sets
    assert _hook(cli, "treaty-validate", project, "chain/artifact.yaml").code == 0


def test_configured_adds_the_mapped_documents_to_the_paths_each_once(project: Path, cli: Cli) -> None:
    result = cli("validate", "--configured", "--verbose", "contracts/OCC-7.yaml", cwd=project)
    assert result.code == 0, result.out + result.err
    assert result.out.count("ok contracts/OCC-7.yaml ") == 1
    assert f"{len(KINDS) + 1} files checked" in result.out


def test_configured_from_a_subfolder_names_files_relative_to_it(project: Path, cli: Cli) -> None:
    (project / "contracts" / "OCC-8.yaml").write_text(TICKET.replace("summary:", "summry:"))
    result = cli("validate", "--configured", cwd=project / "chain")
    assert result.code == 1
    assert "../contracts/OCC-8.yaml:3:1: error [additionalProperties]" in result.out


@pytest.mark.parametrize(
    ("pyproject", "message"),
    [
        ("", "--configured: no [tool.treaty.paths] rules map documents to schemas"),
        (
            '[tool.treaty.paths]\n"drift/*.yaml" = "change_control/day_close"\n',
            "--configured: no document matches the [tool.treaty.paths] rules (drift/*.yaml)",
        ),
    ],
    ids=["no-rules", "rules-match-nothing"],
)
def test_configured_with_nothing_to_validate_is_a_usage_error(
    tmp_path: Path, cli: Cli, pyproject: str, message: str
) -> None:
    (tmp_path / "pyproject.toml").write_text(pyproject)
    result = cli("validate", "--configured", cwd=tmp_path)
    assert result.code == 2
    assert result.err.startswith(f"error: {message}\n  hint: ")


def test_validate_without_paths_says_what_to_give(tmp_path: Path, cli: Cli) -> None:
    result = cli("validate", cwd=tmp_path)
    assert result.code == 2
    assert result.err == "error: name the documents to validate\n  hint: give PATHs, or --configured\n"


def test_the_root_distribution_installs_this_clones_toolkit_and_no_module() -> None:
    """`pip install .` (pre-commit, the action) builds treaty-hooks: metadata that points at packages/treaty."""
    root = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert root["project"]["dependencies"] == ["treaty-toolkit @ {root:uri}/packages/treaty"]
    assert root["tool"]["hatch"]["build"]["targets"]["wheel"] == {"bypass-selection": True}
    toolkit = tomllib.loads((ROOT / "packages" / "treaty" / "pyproject.toml").read_text(encoding="utf-8"))
    assert toolkit["project"]["name"] == "treaty-toolkit"
    assert root["tool"]["uv"]["sources"]["treaty-toolkit"] == {"workspace": True}
