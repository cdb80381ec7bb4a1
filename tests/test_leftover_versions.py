"""Only versions count: a version folder is released or the models' own, and comes with its other half.

Anything else on disk (a version renumbered before its release, say) is a leftover: one `versions` finding
with the folders to remove, read by no other gate, by neither the changelog nor the diff, and refused by the
packaging check before a wheel ships it.
"""

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from treaty._authoring.workspace import ModelFamily, Workspace, model_families
from treaty._check.gates import GATES, Context
from treaty._diff.changelog import sections
from treaty._documents.findings import Finding

from .conftest import CC_VERSION, ROOT, Result
from .packaging_check import shipped_leftovers

CC = "change_control"
LEFTOVER = "1.9.0"
"""A version the change_control models do not define and the lock does not list."""


@pytest.fixture
def cc_repo(tmp_path: Path) -> Path:
    """A copy of the repository with change_control's schemas and fixtures alone: quick to copy and check."""
    target = tmp_path / "repo"
    for name in (
        "pyproject.toml",
        "CHANGELOG.md",
        *(str(p.relative_to(ROOT)) for p in ROOT.glob("packages/*/pyproject.toml")),
    ):
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, target / name)
    for part in ("schemas", "fixtures"):
        shutil.copytree(ROOT / part / CC, target / part / CC)
    return target


@pytest.fixture
def change_control() -> list[ModelFamily]:
    return [f for f in model_families() if f.name == CC]


def gates(repo: Path, families: list[ModelFamily], *ids: str) -> dict[str, list[Finding]]:
    ctx = Context(Workspace.find(repo), families)
    return {gate.id: list(gate.run(ctx)) for gate in GATES if gate.id in ids}


def under(findings: list[Finding], folder: str) -> list[str]:
    """Return the files of the findings in a folder (other gates' findings elsewhere are not these tests' concern)."""
    return [f.file for f in findings if f.file == folder or f.file.startswith(f"{folder}/")]


def leave_over(repo: Path, *parts: str) -> None:
    """Copy the current version's folders to a version nobody defines, as a renumbering leaves them."""
    for part in parts:
        shutil.copytree(repo / part / CC / CC_VERSION, repo / part / CC / LEFTOVER)


def test_a_leftover_version_is_one_finding_that_names_the_folders_to_remove(
    cc_repo: Path, change_control: list[ModelFamily], cli: Callable[..., Result]
) -> None:
    leave_over(cc_repo, "schemas", "fixtures")
    (cc_repo / "schemas" / CC / LEFTOVER / "manifest.json").write_text("{")  # judged, a freeze finding
    found = gates(cc_repo, change_control, "versions", "freeze")
    assert under(found["freeze"], f"schemas/{CC}/{LEFTOVER}") == []
    [finding] = found["versions"]
    assert finding.file == f"schemas/{CC}/{LEFTOVER}"
    assert f"{CC} {LEFTOVER} is neither released" in finding.message
    assert f"nor the version the models define ({CC_VERSION})" in finding.message
    assert f"rm -r schemas/{CC}/{LEFTOVER} fixtures/{CC}/{LEFTOVER}" in finding.hint

    done = cli("check", "--gate", "versions", "--family", CC, cwd=cc_repo)
    assert done.code == 1
    assert f"rm -r schemas/{CC}/{LEFTOVER} fixtures/{CC}/{LEFTOVER}" in done.out
    assert "Traceback" not in done.out + done.err


def test_leftover_fixtures_without_their_schemas_are_one_finding_not_one_per_file(
    cc_repo: Path, change_control: list[ModelFamily]
) -> None:
    # What removing only a leftover's schemas folder used to give: every fixture failing for want of a schema.
    leave_over(cc_repo, "fixtures")
    found = gates(cc_repo, change_control, "versions", "fixtures")
    assert under(found["fixtures"], f"fixtures/{CC}/{LEFTOVER}") == []
    assert [(f.file, f.hint) for f in found["versions"]] == [
        (
            f"fixtures/{CC}/{LEFTOVER}",
            (
                f"remove it: rm -r fixtures/{CC}/{LEFTOVER} (or, if {LEFTOVER} is the version being made, "
                "set the models' __version__ to it)"
            ),
        )
    ]


@pytest.mark.parametrize(("kept", "removed"), [("schemas", "fixtures"), ("fixtures", "schemas")])
def test_a_version_with_one_of_its_two_folders_is_one_finding(
    cc_repo: Path, change_control: list[ModelFamily], kept: str, removed: str
) -> None:
    shutil.rmtree(cc_repo / removed / CC / "1.1.0")  # released, so the lock still lists every file
    found = gates(cc_repo, change_control, "versions", "freeze", "fixtures")
    for gate in ("freeze", "fixtures"):
        assert under(found[gate], f"{removed}/{CC}/1.1.0") == under(found[gate], f"{kept}/{CC}/1.1.0") == []
    [finding] = found["versions"]
    assert finding.file == f"{removed}/{CC}/1.1.0"
    assert f"git checkout -- {removed}/{CC}/1.1.0" in finding.hint
    assert (cc_repo / kept / CC / "1.1.0").is_dir()


def test_the_changelog_and_the_diff_do_not_read_a_leftover_as_a_version(
    cc_repo: Path, cli: Callable[..., Result]
) -> None:
    on_disk = sorted(p.name for p in (cc_repo / "schemas" / CC).iterdir() if p.is_dir())
    leave_over(cc_repo, "schemas")
    found = sections(Workspace.find(cc_repo), {CC: CC_VERSION})
    assert sorted(s.version for s in found) == on_disk
    assert LEFTOVER not in {s.diff.old_version for s in found if s.diff}

    done = cli("diff", f"{CC}@1.1.0", f"{CC}@{LEFTOVER}", cwd=cc_repo)
    assert done.code == 2
    assert f"{CC} {LEFTOVER} is neither released" in done.err
    assert f"rm -r schemas/{CC}/{LEFTOVER}" in done.err
    assert cli("diff", f"{CC}@1.0.0", f"{CC}@1.1.0", cwd=cc_repo).code in {0, 1}  # released: compared


def test_the_diff_against_a_git_ref_does_not_take_a_leftover_there_for_its_newest_version(
    cc_repo: Path, cli: Callable[..., Result]
) -> None:
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    leave_over(cc_repo, "schemas")  # newer than the models' version, so the newest folder at the ref
    for args in (
        ["init", "-q"],
        ["add", "-A"],
        ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"],
    ):
        subprocess.run([git, *args], cwd=cc_repo, check=True)
    done = cli("diff", "--against", "HEAD", "--family", CC, cwd=cc_repo)
    assert f"{CC} {CC_VERSION} (HEAD) -> {CC_VERSION} (working tree): 0 change(s)" in done.out


def test_the_packaging_check_refuses_a_leftover_that_a_wheel_would_ship(cc_repo: Path) -> None:
    # A data distribution's data/ is a link to the repository folder: the wheel carries what it holds.
    for part in ("schemas", "fixtures"):
        package = f"treaty_{CC}_{part}"
        link = ROOT / "packages" / package.replace("_", "-") / "src" / package / "data"
        assert link.resolve() == (ROOT / part / CC).resolve()
    lock = cc_repo / "schemas" / CC / "releases.json"
    for part in ("schemas", "fixtures"):
        assert shipped_leftovers(cc_repo / part / CC, lock, CC_VERSION) == []
    leave_over(cc_repo, "fixtures")
    assert shipped_leftovers(cc_repo / "fixtures" / CC, lock, CC_VERSION) == [LEFTOVER]
    assert shipped_leftovers(cc_repo / "schemas" / CC, lock, CC_VERSION) == []
    # The distribution's own version is shipped even before it is released.
    assert shipped_leftovers(cc_repo / "fixtures" / CC, lock, LEFTOVER) == []
