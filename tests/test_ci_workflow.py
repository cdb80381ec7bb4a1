"""CI cannot drift from the menu: the workflow, .ci/run and the README run what noxfile.py and uv.lock say."""

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _default_sessions() -> dict[str, str]:
    done = subprocess.run(
        [sys.executable, "-m", "nox", "--list", "--json", "--noxfile", str(ROOT / "noxfile.py")],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return {entry["session"]: entry["python"] for entry in json.loads(done.stdout)}


def _workflow(name: str) -> Any:
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))


def test_the_workflow_runs_every_default_session_on_its_python() -> None:
    include = _workflow("ci.yml")["jobs"]["nox"]["strategy"]["matrix"]["include"]
    listed = {entry["session"]: entry["python"] for entry in include}
    expected = _default_sessions()
    assert len(include) == len(listed), "a session is listed twice in .github/workflows/ci.yml"
    missing = sorted(set(expected) - set(listed))
    extra = sorted(set(listed) - set(expected))
    assert not missing, f"add to matrix.include of .github/workflows/ci.yml: {missing}"
    assert not extra, f"not a default session of noxfile.py; remove from .github/workflows/ci.yml: {extra}"
    assert listed == expected, "each workflow entry's python must be its nox session's Python"


def test_the_menu_covers_every_supported_python() -> None:
    sessions = _default_sessions()
    supported = {"3.11", "3.12", "3.13"}
    for name in ("tests", "contracts", "packaging"):
        assert {python for session, python in sessions.items() if session.startswith(f"{name}-")} == supported


def test_every_job_installs_the_locked_bootstrap_and_caches_uv() -> None:
    steps = _workflow("ci.yml")["jobs"]["nox"]["steps"]
    commands = [step.get("run", "") for step in steps]
    assert "python -m pip install --require-hashes -r bootstrap.txt" in commands
    assert "python -m nox -s ${{ matrix.session }}" in commands
    caches = [step for step in steps if str(step.get("uses", "")).startswith("actions/cache@")]
    assert caches, "uv's download cache must be kept between runs"
    assert caches[0]["with"]["path"] == "~/.cache/uv"
    assert "hashFiles('uv.lock')" in caches[0]["with"]["key"]


def test_ci_run_and_the_readme_run_the_same_locked_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = "python3 -m pip install --require-hashes -r bootstrap.txt && python3 -m nox"
    assert f"\n{command}\n" in readme, "the README's test command"
    assert re.search(r"^python -m pip install .*--require-hashes -r bootstrap\.txt$", script, re.MULTILINE)
    assert re.search(r"^python -m nox$", script, re.MULTILINE)


def test_bootstrap_txt_is_the_locks_bootstrap_group() -> None:
    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    versions = {package["name"]: package["version"] for package in lock["package"] if "version" in package}
    pinned = dict(
        re.findall(
            r"^([a-z0-9-]+)==(\S+)", (ROOT / "bootstrap.txt").read_text(encoding="utf-8"), re.MULTILINE
        )
    )
    assert {"nox", "uv"} <= set(pinned), "bootstrap.txt pins nox and uv: run `nox -s lock`"
    stale = {
        name: (version, versions.get(name))
        for name, version in pinned.items()
        if versions.get(name) != version
    }
    assert not stale, f"bootstrap.txt differs from uv.lock (pinned, locked): {stale}; run `nox -s lock`"
