"""Shared test fixtures: a disposable copy of the contract repository, and a CLI runner."""

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from filelock import FileLock
from treaty._authoring.release import freeze, released
from treaty._authoring.workspace import Workspace, model_families
from treaty._cli import main

ROOT = Path(__file__).resolve().parent.parent
CC_VERSION = next(f.version for f in model_families() if f.name == "change_control")
"""The change_control version the models define now (the newest; earlier ones are released and frozen)."""

TICKET = f"""\
schema_version: "{CC_VERSION}"
ticket_id: OCC-7
summary: Add the purity gate
is_seam_ticket: false
interface_change: false
emergency_bypass:
  enabled: false
"""
"""A valid ticket contract of the current version, as plain YAML as a person writes it."""


def load_yaml(path: Path) -> Any:
    """Return a YAML file's data as PyYAML reads it, with libyaml's C loader (ten times the pure-Python speed:
    the vectors and corpora tests parametrize over are read while tests are collected, by every worker)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)  # the safe loader


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]) -> Path:
    """Return a folder ``build`` has filled, once per test run however many xdist workers ask for it.

    For a fixture too costly to build on every worker: the first to ask builds it, under a file lock, and
    the others wait, then read what it wrote. (xdist's ``loadgroup`` would keep such tests on one worker, but
    on pytest 9.2 it silently stopped grouping: pytest-dev/pytest-xdist#1386.) A build that failed on one
    worker is retried by the next. Without xdist, a fresh folder of the run.
    """
    if "PYTEST_XDIST_WORKER" not in os.environ:
        folder = tmp_path_factory.mktemp(name)
        build(folder)
        return folder
    folder = tmp_path_factory.getbasetemp().parent / name  # the run's folder, shared by its workers
    done = folder.with_name(f"{name}.built")
    with FileLock(folder.with_name(f"{name}.lock")):
        if not done.is_file():
            if folder.exists():  # what a build that failed left: set aside, whatever it holds
                folder.rename(folder.with_name(f"{name}.failed-{os.getpid()}"))
            folder.mkdir()
            build(folder)
            done.touch()
    return folder


@pytest.fixture(autouse=True)
def _own_result_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Give each test its own result cache: verdicts cached by one test never answer another."""
    monkeypatch.setenv("TREATY_CACHE_DIR", str(tmp_path_factory.mktemp("treaty-cache")))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Return a copy of the repository's contract artifacts (schemas, fixtures, templates, package metadata)."""
    target = tmp_path / "repo"
    target.mkdir()
    for name in ("pyproject.toml", "CHANGELOG.md"):
        shutil.copy(ROOT / name, target / name)
    for folder in ("schemas", "fixtures", "templates", "approvals"):
        if not (ROOT / folder).is_dir():
            continue
        shutil.copytree(ROOT / folder, target / folder)
    for pyproject in ROOT.glob("packages/*/pyproject.toml"):
        destination = target / pyproject.relative_to(ROOT)
        destination.parent.mkdir(parents=True)
        shutil.copy(pyproject, destination)
    return target


@dataclass(frozen=True)
class Result:
    """What a CLI run printed and returned."""

    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Return a function that runs `treaty` in-process from a folder and captures its output."""

    def run(*args: str, cwd: Path = ROOT) -> Result:
        monkeypatch.chdir(cwd)
        try:
            code = main(list(args))
        except SystemExit as exit_:  # argparse usage errors and --help
            code = int(exit_.code or 0)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def ensure_released(repo: Path, family: str = "change_control", version: str = "1.0.0") -> None:
    """Make sure a version of the copied repository is released (it may already be, in the real one)."""
    workspace = Workspace.find(repo)
    if version not in released(workspace, family):
        freeze(workspace, family, version)


def typed(value: Any) -> Any:
    """Pair every leaf with its type name, so that ``True == 1`` and ``1.0 == 1`` do not pass."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    return (type(value).__name__, value)
