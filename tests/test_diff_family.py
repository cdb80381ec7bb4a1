"""A family's diff end to end: `treaty diff`, the bump and changelog gates, approvals, and `treaty changelog`."""

import json
import shutil
import subprocess
import types
from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict, Field, StrictStr
from treaty._authoring.sources import from_folder
from treaty._authoring.workspace import ModelFamily, Workspace, model_families
from treaty._check.gates import GATES, Context
from treaty._diff.family import compare
from treaty_change_control_models import ModelDayClose

from .conftest import CC_VERSION, ROOT, Result

Cli = Callable[..., Result]
CC = next(f for f in model_families() if f.name == "change_control")
_MAJOR, _MINOR, _ = (int(part) for part in CC_VERSION.split("."))
NEXT_MINOR = f"{_MAJOR}.{_MINOR + 1}.0"
NEXT_MAJOR = f"{_MAJOR + 1}.0.0"
"""The versions a minor and a major bump over the current change_control version (released by `_release_current`) give."""


def run_gate(repo: Path, gate_id: str, families: list[ModelFamily] | None = None) -> list[str]:
    gate = next(g for g in GATES if g.id == gate_id)
    return [f"{f.file}: {f.message}" for f in gate.run(Context(Workspace.find(repo), families))]


class _Ticket(BaseModel):
    """A ticket contract reduced to two fields: every other field of the released kind is gone."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    schema_version: StrictStr
    ticket_id: StrictStr = Field(max_length=50)


def _family(version: str, ticket: type[BaseModel]) -> ModelFamily:
    module = types.ModuleType("treaty_change_control_models")
    module.__file__ = CC.module.__file__
    return ModelFamily(
        "change_control", version, {"day_close": ModelDayClose, "ticket_contract": ticket}, module, "x"
    )


def _release_current(repo: Path) -> None:
    lock_path = repo / "schemas" / "change_control" / "releases.json"
    lock = json.loads(lock_path.read_text())
    lock["releases"].setdefault(CC_VERSION, {"schemas": {}, "fixtures": {}})
    lock_path.write_text(json.dumps(lock))


def test_diff_of_the_two_change_control_releases_is_additive(cli: Cli) -> None:
    result = cli("diff", "change_control@1.0.0", "change_control@1.1.0")
    assert result.code == 0
    assert "backward: compatible; needs at least a minor version bump" in result.out
    assert "[property-added]" in result.out
    assert "/actual_by_repo/*/prs/*/requirement_ids" in result.out
    forward = cli("diff", "--mode", "forward", "change_control@1.0.0", "change_control@1.1.0")
    assert forward.code == 1, "an optional key added to a closed object breaks old readers of new documents"


def test_diff_json_names_rule_path_verdicts_and_fingerprint(cli: Cli) -> None:
    result = cli("diff", "--format", "json", "change_control@1.0.0", "change_control@1.1.0")
    [comparison] = json.loads(result.out)
    assert comparison["needed_bump"] == "minor"
    added = [c for c in comparison["changes"] if c["rule"] == "property-added"]
    assert {c["path"] for c in added} == {
        "/actual_by_repo/*/prs/*/requirement_ids",
        "/actual_by_repo/*/prs/*/drift_ids",
    }
    assert all(c["breaks_writers"] and not c["breaks_readers"] and len(c["fingerprint"]) == 12 for c in added)


def test_diff_of_two_schema_files_and_exit_code_for_a_breaking_change(tmp_path: Path, cli: Cli) -> None:
    old = {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": False}
    new = {**old, "required": ["a"]}
    (tmp_path / "old.json").write_text(json.dumps(old))
    (tmp_path / "new.json").write_text(json.dumps(new))
    result = cli("diff", "old.json", "new.json", cwd=tmp_path)
    assert result.code == 1
    assert "INCOMPATIBLE" in result.out
    markdown = cli("diff", "--format", "markdown", "old.json", "new.json", cwd=tmp_path)
    assert markdown.out.startswith("## old.json -> new.json")
    assert "needs at least a major version bump" in markdown.out


def test_diff_refuses_mixed_families_and_unknown_versions(cli: Cli) -> None:
    mixed = cli("diff", "change_control@1.0.0", "cwom@0.1.0")
    assert mixed.code == 2
    assert "different families" in mixed.err
    unknown = cli("diff", "change_control@0.9.0", "change_control@1.0.0")
    assert unknown.code == 2
    assert "treaty schemas" in unknown.err


def test_diff_against_the_last_release_and_transitively(cli: Cli) -> None:
    result = cli("diff", "--against", "release", "--family", "change_control")
    assert result.code == 0
    assert "(working tree)" in result.out
    transitive = cli("diff", "--transitive", "--family", "change_control")
    assert transitive.code == 0
    assert "change_control 1.0.0 -> " in transitive.out


def commit_all(folder: Path, *, leaving_out: str | None = None) -> None:
    """Make ``folder`` a git repository whose one commit holds everything in it (but ``leaving_out``)."""
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    steps = [["init", "-q"], ["add", "-A"]]
    steps += [["rm", "-r", "-q", "--cached", leaving_out]] if leaving_out else []
    steps += [["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"]]
    for args in steps:
        subprocess.run([git, *args], cwd=folder, check=True)


def test_diff_against_a_git_ref(repo: Path, cli: Cli) -> None:
    commit_all(repo)
    result = cli("diff", "--against", "HEAD", "--family", "change_control", cwd=repo)
    assert result.code == 0
    assert f"{CC_VERSION} (HEAD) -> {CC_VERSION} (working tree): 0 change(s)" in result.out
    bad = cli("diff", "--against", "no-such-ref", "--family", "change_control", cwd=repo)
    assert bad.code == 2
    assert "error: no-such-ref: no such commit, branch or tag in this repository" in bad.err


@pytest.mark.parametrize(
    "absent", ["schemas/change_control", "schemas"], ids=["new-family", "new-repository"]
)
def test_diff_against_a_ref_without_the_family_adds_its_kinds(repo: Path, cli: Cli, absent: str) -> None:
    """A pull request that adds a family (or the first one) compares, rather than failing the CI job."""
    commit_all(repo, leaving_out=absent)  # the base branch before the family existed
    result = cli("diff", "--against", "HEAD", "--family", "change_control", cwd=repo)
    assert result.code == 0, result.err
    kinds = sorted(
        path.name.removesuffix(".schema.json")
        for path in (repo / "schemas" / "change_control" / CC_VERSION).glob("*.schema.json")
    )
    assert (
        f"change_control none (HEAD) -> {CC_VERSION} (working tree): {len(kinds)} change(s); backward: compatible"
        in result.out
    )
    assert [line.split("[")[1].split("]")[0] for line in result.out.splitlines() if "[" in line] == [
        "kind-added"
    ] * len(kinds)


def test_rules_lists_at_least_sixty_with_verdicts(cli: Cli) -> None:
    rows = json.loads(cli("rules", "--format", "json").out)
    assert len(rows) >= 60
    by_id = {r["id"]: r for r in rows}
    assert by_id["kind-removed"]["breaks_readers"]
    assert not by_id["kind-added"]["breaks_readers"]
    assert len(by_id) == len(rows), "rule ids are unique"


def test_bump_gate_fails_a_too_small_bump_naming_the_changes(repo: Path) -> None:
    _release_current(repo)
    found = run_gate(repo, "bump", [_family(NEXT_MINOR, _Ticket)])
    assert any("too small a bump: the changes need major" in f and "property-removed" in f for f in found)
    assert any("is not approved" in f for f in found)


def test_bump_gate_accepts_a_major_bump_once_each_breaking_change_is_approved(repo: Path) -> None:
    _release_current(repo)
    family = _family(NEXT_MAJOR, _Ticket)
    unapproved = run_gate(repo, "bump", [family])
    assert unapproved, "breaking changes need approvals"
    assert all("is not approved" in f for f in unapproved)
    fingerprints = [f.split('fingerprint: "')[1][:12] for f in _hints(repo, family)]
    approvals = repo / "approvals"  # the repository's own approvals (other families') are copied too
    approvals.mkdir(exist_ok=True)
    assert not (approvals / "change_control.yaml").exists()
    (approvals / "change_control.yaml").write_text(
        "approvals:\n"
        + "".join(
            f'  - {{fingerprint: "{fp}", version: "{NEXT_MAJOR}", reason: "tickets shrink"}}\n'
            for fp in fingerprints
        )
    )
    assert run_gate(repo, "bump", [family]) == []


def _hints(repo: Path, family: ModelFamily) -> list[str]:
    gate = next(g for g in GATES if g.id == "bump")
    return [f.hint for f in gate.run(Context(Workspace.find(repo), [family]))]


def test_an_unreadable_approvals_file_is_a_clear_error(repo: Path) -> None:
    _release_current(repo)
    (repo / "approvals").mkdir(exist_ok=True)
    (repo / "approvals" / "change_control.yaml").write_text("approvals: [{fingerprint: 1}]\n")
    with pytest.raises(Exception, match="approvals:") as error:
        run_gate(repo, "bump", [_family(NEXT_MAJOR, _Ticket)])
    assert "fingerprint" in str(error.value)


def test_changelog_gate_and_command(repo: Path, cli: Cli) -> None:
    assert run_gate(repo, "changelog") == []
    log = repo / "CHANGELOG.md"
    text = log.read_text()
    log.write_text(text.replace("property-added", "property-renamed", 1))
    assert run_gate(repo, "changelog") == ["CHANGELOG.md: the generated schema changelog is missing or stale"]
    assert cli("changelog", "--check", cwd=repo).code == 1
    assert cli("changelog", cwd=repo).code == 0
    assert log.read_text() == text
    assert cli("changelog", "--check", cwd=repo).code == 0
    sections = json.loads(cli("changelog", "--format", "json", cwd=repo).out)
    [latest] = [s for s in sections if s["family"] == "change_control" and s["version"] == "1.1.0"]
    assert latest["previous"] == "1.0.0"
    assert latest["needed_bump"] == "minor"


def test_a_rule_now_stated_is_recognised_whatever_the_old_sides_label() -> None:
    """Against a git ref the old side is labelled ``1.1.0 (HEAD)``: its coded rules are still its version's."""
    old, new = (from_folder(ROOT / "schemas" / "change_control" / v) for v in ("1.1.0", "1.2.0"))
    stated = {
        label: [
            e
            for e in compare("change_control", (label, old), ("1.2.0", new), "lenient").entries
            if e.rule == "rule-stated"
        ]
        for label in ("1.1.0", "1.1.0 (HEAD)")
    }
    assert stated["1.1.0"]  # 1.2.0 states in its schemas rules 1.1.0 held as code
    assert stated["1.1.0 (HEAD)"] == stated["1.1.0"]


def test_diff_against_a_git_ref_in_a_repository_nested_in_the_git_tree(repo: Path, cli: Cli) -> None:
    """The contract repository may be a folder of a larger git repository: paths are read from it."""
    commit_all(repo.parent)  # the git repository; the contract repository is its folder `repo/`
    result = cli("diff", "--against", "HEAD", "--family", "change_control", cwd=repo)
    assert result.code == 0, result.err
    assert f"{CC_VERSION} (HEAD) -> {CC_VERSION} (working tree): 0 change(s)" in result.out
