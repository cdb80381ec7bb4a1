"""Nothing half-written: every file Treaty writes is replaced whole, and an interrupted command leaves the last state.

A full disk is simulated for real: the command runs in a process whose file size limit (``RLIMIT_FSIZE``) is
below what it writes, so a write fails part-way, as on a full disk. A crash between two renames is simulated
by an `os.replace` that fails at a chosen call. The result cache is shared by processes killed with SIGKILL,
one of them in the middle of a transaction.
"""

import errno
import json
import os
import random
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from treaty._cli import contracts
from treaty._diff.changelog import BEGIN
from treaty._documents.atomic import TEMPORARY_MARK, replace_all, write_atomic
from treaty._fixtures.export import INDEX_FILE
from treaty._speed.cache import Cache

from tests.conftest import CC_VERSION, TICKET, Result

pytestmark = pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE and SIGKILL are POSIX")

Cli = Callable[..., Result]

LIMITED = """\
import importlib, resource, signal, sys
from treaty._cli import contracts, main

def limit():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG): a full disk
    size = int(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

def limit_from(when, function):
    def limited(*args):
        if when == "before":
            limit()
        result = function(*args)
        if when == "after":
            limit()
        return result
    return limited

contracts.GATES = ()  # the gates are tested elsewhere: here, only what the commands write
if sys.argv[2] == "now":
    limit()
else:  # "before:module:function" or "after:module:function": once the command's scratch work is done
    when, module, name = sys.argv[2].split(":")
    owner = importlib.import_module(module)
    setattr(owner, name, limit_from(when, getattr(owner, name)))
sys.exit(main(sys.argv[3:]))
"""


def _on_a_full_disk(
    cwd: Path, *args: str, limit: int = 4096, when: str = "now"
) -> "subprocess.CompletedProcess[str]":
    """Run ``treaty ARGS`` where no file may grow past ``limit`` bytes (from ``when`` on)."""
    return subprocess.run(
        [sys.executable, "-B", "-c", LIMITED, str(limit), when, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def _failed_cleanly(result: "subprocess.CompletedProcess[str]") -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith("error: "), result.stderr
    assert os.strerror(errno.EFBIG) in result.stderr, "it failed writing, as on a full disk"
    assert "hint: " in result.stderr
    assert "Traceback" not in result.stderr


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _temporaries(folder: Path) -> list[Path]:
    return sorted(folder.rglob(f"*{TEMPORARY_MARK}*"))


def _unrelease(repo: Path) -> Path:
    """Make the current change_control version a draft again; return its lock."""
    lock_path = repo / "schemas" / "change_control" / "releases.json"
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    lock["releases"].pop(CC_VERSION, None)
    lock_path.write_text(json.dumps(lock, indent=2) + "\n", encoding="utf-8")
    return lock_path


# The helper.


def test_a_write_replaces_the_file_whole_and_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomic(target, "new\n")
    assert target.read_bytes() == b"new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    write_atomic(tmp_path / "deep" / "er" / "new.json", b"{}")  # folders made as needed
    assert (tmp_path / "deep" / "er" / "new.json").read_bytes() == b"{}"
    link = tmp_path / "link.json"
    link.symlink_to(target)
    write_atomic(link, b"through the link")  # as open() does: the link stays, its file changes
    assert link.is_symlink()
    assert target.read_bytes() == b"through the link"
    assert _temporaries(tmp_path) == []


def test_a_file_is_never_replaced_before_every_file_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_bytes(b"a")
    second.write_bytes(b"b")
    synced: list[int] = []

    def full_disk(descriptor: int) -> None:
        synced.append(descriptor)
        if len(synced) == 2:  # the second file's contents
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space left"):
        replace_all([(first, b"new a"), (second, b"new b")])
    assert (first.read_bytes(), second.read_bytes()) == (b"a", b"b")
    assert _temporaries(tmp_path) == []


# Each command that writes, on a full disk.


def test_a_release_on_a_full_disk_changes_no_file(repo: Path) -> None:
    lock_path = _unrelease(repo)
    before = _tree(repo)
    result = _on_a_full_disk(repo, "release", "change_control", CC_VERSION)
    _failed_cleanly(result)
    assert _tree(repo) == before, "releases.json and CHANGELOG.md as they were"
    assert CC_VERSION not in json.loads(lock_path.read_bytes())["releases"]


@pytest.mark.parametrize("fail_at", [1, 2], ids=["before-the-changelog", "before-the-lock"])
def test_an_interrupted_release_is_not_a_release_and_running_it_again_completes_it(
    repo: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, fail_at: int
) -> None:
    monkeypatch.setattr(contracts, "GATES", ())  # the gates are tested elsewhere
    lock_path = _unrelease(repo)
    log = repo / "CHANGELOG.md"
    lock_before, log_before = lock_path.read_bytes(), log.read_bytes()
    replace = os.replace
    renamed: list[str] = []

    def crash(source: str, target: str) -> None:
        renamed.append(Path(target).name)
        if len(renamed) == fail_at:
            raise OSError(errno.EIO, "the machine stopped here")
        replace(source, target)

    monkeypatch.setattr(os, "replace", crash)
    result = cli("release", "change_control", CC_VERSION, cwd=repo)
    assert result.code == 2, result.out + result.err
    assert "the machine stopped here" in result.err
    assert renamed == ["CHANGELOG.md", "releases.json"][:fail_at], "releases.json, the commit point, last"
    assert lock_path.read_bytes() == lock_before
    if fail_at == 1:
        assert log.read_bytes() == log_before
    assert _temporaries(repo) == []

    monkeypatch.setattr(os, "replace", replace)
    again = cli("release", "change_control", CC_VERSION, cwd=repo)
    assert again.code == 0, again.err
    date = json.loads(lock_path.read_bytes())["releases"][CC_VERSION]["date"]
    assert f"## change_control [{CC_VERSION}] - {date}" in log.read_text(encoding="utf-8")
    assert cli("changelog", "--check", cwd=repo).code == 0


def test_a_changelog_on_a_full_disk_keeps_the_old_one(repo: Path) -> None:
    log = repo / "CHANGELOG.md"
    stale = log.read_text(encoding="utf-8").replace(BEGIN, f"{BEGIN}\n\nan out-of-date line\n", 1)
    log.write_text(stale, encoding="utf-8")
    assert len(stale) > 4096
    _failed_cleanly(_on_a_full_disk(repo, "changelog"))
    assert log.read_text(encoding="utf-8") == stale
    assert _temporaries(repo) == []


@pytest.mark.parametrize(
    "target",
    [
        f"schemas/change_control/{CC_VERSION}/ticket_contract.schema.json",
        "templates/change_control/ticket_contract.template.yaml",
    ],
    ids=["schema", "template"],
)
def test_an_export_on_a_full_disk_keeps_the_file_it_would_replace(repo: Path, target: str) -> None:
    _unrelease(repo)
    path = repo / target
    assert path.stat().st_size > 1024
    path.write_text("stale: true\n", encoding="utf-8")
    _failed_cleanly(_on_a_full_disk(repo, "export", "--family", "change_control", limit=1024))
    assert path.read_text(encoding="utf-8") == "stale: true\n"
    assert _temporaries(repo) == []


def test_a_fixtures_export_on_a_full_disk_keeps_the_earlier_export(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli("fixtures", "export", "--family", "xtrl", str(out), cwd=tmp_path).code == 0
    before = _tree(out)
    assert len(before[INDEX_FILE]) > 4096
    result = _on_a_full_disk(
        tmp_path,
        "fixtures",
        "export",
        "--family",
        "cwom",
        str(out),
        when="after:treaty._fixtures.export:_index",
    )
    _failed_cleanly(result)
    assert _tree(out) == before, "every file of the earlier export, and its index, as they were"


def test_codegen_on_a_full_disk_keeps_the_earlier_package(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "xtrl_models"
    assert cli("codegen", "xtrl@0.1.0", "--out", str(out), cwd=tmp_path).code == 0
    before = _tree(out)
    assert max(len(data) for data in before.values()) > 2048
    result = _on_a_full_disk(
        tmp_path,
        "codegen",
        "xtrl@0.1.0",
        "--out",
        str(out),
        limit=2048,
        when="before:treaty._authoring.codegen:_install",
    )
    _failed_cleanly(result)
    assert _tree(out) == before, "every module of the earlier run, as it was"


# The result cache, shared by runs that are killed.


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("TREATY_CACHE_DIR", str(folder))
    return folder


def _corpus(folder: Path, count: int) -> None:
    """Write ``count`` tickets, each with its own bytes, every third invalid; dated back (see test_cache)."""
    folder.mkdir()
    for number in range(count):
        extra = f"unexpected_{number}: true\n" if number % 3 == 0 else ""
        path = folder / f"t{number:03}.yaml"
        path.write_text(TICKET.replace("OCC-7", f"OCC-{number}") + extra, encoding="utf-8")
        os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))


HOLD = """\
import sys, time
from treaty._cli import main
from treaty._speed import cache

write = cache.Cache._write

def hold(self, work):
    def poisoned(db):
        work(db)
        # Every stored verdict becomes "valid, no findings": committed, it would pass the invalid files.
        db.execute("UPDATE results SET value = (SELECT value FROM results ORDER BY length(value) LIMIT 1)")
        print("in the transaction", flush=True)
        time.sleep(600)
    write(self, poisoned)

cache.Cache._write = hold
sys.exit(main(sys.argv[1:]))
"""


def test_runs_killed_while_sharing_a_cache_never_corrupt_it(tmp_path: Path, cache_dir: Path) -> None:
    _corpus(tmp_path / "docs", 150)
    commands = [  # different options and files: different verdicts, seen files and runs to store
        ["validate", "--schema", "change_control/ticket_contract", "--format", "json", "docs"],
        ["validate", "--format", "json", "docs/t0*.yaml"],
        ["validate", "--schema", "change_control/ticket_contract", "docs/t1*.yaml", "docs/t00*.yaml"],
    ]

    def run(command: list[str], *extra: str) -> tuple[int, str]:
        done = subprocess.run(
            [sys.executable, "-B", "-m", "treaty", *command[:1], *extra, *command[1:]],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.stderr == ""
        return done.returncode, done.stdout

    expected = {tuple(command): run(command, "--no-cache") for command in commands}
    assert {code for code, _ in expected.values()} == {1}

    # One run is killed in the middle of its transaction, after it has overwritten every verdict.
    with subprocess.Popen(
        [sys.executable, "-B", "-c", HOLD, *commands[0]], cwd=tmp_path, stdout=subprocess.PIPE, text=True
    ) as holder:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "in the transaction\n"
        holder.send_signal(signal.SIGKILL)
    assert (cache_dir / "results-v1.sqlite3-journal").is_file(), "killed with the transaction open"

    # Then runs in parallel, some killed at random moments, reading and writing the same cache.
    chooser = random.Random(20260301)  # noqa: S311  # a reproducible schedule, not a secret
    for _round in range(2):
        running = [
            (
                command,
                subprocess.Popen(
                    [sys.executable, "-B", "-m", "treaty", *command],
                    cwd=tmp_path,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                ),
            )
            for command in commands * 2
        ]
        doomed = chooser.sample(range(len(running)), 3)
        started = time.monotonic()
        for index in sorted(doomed, key=lambda _: chooser.random()):
            time.sleep(max(0.0, started + chooser.uniform(0.2, 2.0) - time.monotonic()))
            running[index][1].send_signal(signal.SIGKILL)
        for index, (command, process) in enumerate(running):
            out, err = process.communicate(timeout=300)
            if index not in doomed or process.returncode != -signal.SIGKILL:
                assert (process.returncode, out) == expected[tuple(command)], err

    with closing(sqlite3.connect(cache_dir / "results-v1.sqlite3")) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT count(*) FROM results").fetchone()[0] > 0
    for command in commands:  # warm, then recalled whole: the verdicts of a run without the cache
        assert run(command) == expected[tuple(command)]
        assert run(command) == expected[tuple(command)]
    assert Cache(cache_dir).get_many(["no such key"]) == {}  # loads: no error, and a plain miss


def test_a_cache_made_on_a_full_disk_gets_its_whole_gitignore_later(tmp_path: Path, cache_dir: Path) -> None:
    _corpus(tmp_path / "docs", 3)
    command = ["validate", "--schema", "change_control/ticket_contract", "docs"]
    result = _on_a_full_disk(tmp_path, *command, limit=16)
    assert result.returncode == 1, result.stderr  # a cache that cannot be written is skipped
    assert not (cache_dir / ".gitignore").exists()
    done = subprocess.run([sys.executable, "-B", "-m", "treaty", *command], cwd=tmp_path, check=False)
    assert done.returncode == 1
    assert (cache_dir / ".gitignore").read_text(
        encoding="utf-8"
    ) == "# written by treaty: the result cache\n*\n"
