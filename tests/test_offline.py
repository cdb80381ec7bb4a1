"""`treaty validate` needs no network: the CLI in its own process, with the network gone or guarded.

Two ways, because each proves something the other does not:

- **network namespace** (`unshare -n`, or `unshare -rn` as an unprivileged user): the process has no
  interface but a loopback that is down, so any attempt fails at the kernel. It proves the run works with
  no network at all. Skipped, with the reason, where namespaces are not permitted.
- **guarded sockets**, always: a wrapper replaces ``socket.socket.connect``, ``connect_ex``,
  ``socket.create_connection``, ``getaddrinfo`` and ``gethostbyname`` before Treaty is imported, and
  reports every call on stderr. It proves no attempt is made at all, even one whose failure Treaty would
  swallow, which the namespace alone cannot show.
"""

import functools
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import ROOT

VALID = ROOT / "fixtures" / "change_control" / "1.0.0" / "ticket_contract" / "valid"
INVALID = ROOT / "fixtures" / "change_control" / "1.0.0" / "ticket_contract" / "invalid"
SCHEMA = ("--schema", "change_control/ticket_contract@1.0.0")
MARK = "NETWORK ATTEMPT"

GUARD_SOCKETS = f"""\
import runpy, socket, sys

def guard(name):
    def refused(*args, **kwargs):
        print("{MARK}: " + name + repr(args), file=sys.stderr, flush=True)
        raise OSError(101, "network access is refused in this test")
    return refused

for owner, name in (
    (socket.socket, "connect"),
    (socket.socket, "connect_ex"),
    (socket, "create_connection"),
    (socket, "getaddrinfo"),
    (socket, "gethostbyname"),
    (socket, "gethostbyname_ex"),
):
    setattr(owner, name, guard(name))
"""
"""Replaces every way to open a connection or resolve a name by a function that reports and refuses."""

GUARD = (
    GUARD_SOCKETS
    + """\
sys.argv = ["treaty", *sys.argv[1:]]
runpy.run_module("treaty", run_name="__main__", alter_sys=True)
"""
)
"""Runs `python -m treaty` with the sockets guarded."""

PROBE = "import socket; socket.create_connection(('192.0.2.1', 80), timeout=3)"
"""Connects to a documentation address (TEST-NET-1): must fail inside the namespace."""


@functools.cache
def _namespace() -> tuple[list[str], str]:
    """Return the command prefix that runs a process without network, or ([], why it is unavailable)."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return [], "unshare(1) is not installed"
    reasons = []
    for prefix in ([unshare, "-n"], [unshare, "-rn"]):
        probe = subprocess.run([*prefix, "true"], capture_output=True, text=True, check=False)
        if probe.returncode == 0:
            return prefix, ""
        reasons.append(f"{' '.join(prefix[1:])}: {probe.stderr.strip() or probe.returncode}")
    return [], "network namespaces are not permitted here (" + "; ".join(reasons) + ")"


def _run(prefix: list[str], *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # our own interpreter and arguments
        [*prefix, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _check(run: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path) -> None:
    valid = run("validate", "--format", "json", *SCHEMA, str(VALID), cwd=tmp_path)
    assert valid.returncode == 0, valid.stdout[-2000:] + valid.stderr[-2000:]
    assert json.loads(valid.stdout)["summary"]["invalid"] == 0
    invalid = run("validate", "--format", "json", "--isolated", *SCHEMA, str(INVALID), cwd=tmp_path)
    assert invalid.returncode == 1, invalid.stdout[-2000:] + invalid.stderr[-2000:]
    report = json.loads(invalid.stdout)
    assert report["summary"]["invalid"] == report["summary"]["files"] > 0
    assert all(entry["findings"] for entry in report["files"])
    for done in (valid, invalid):
        assert "Traceback" not in done.stderr
        assert MARK not in done.stderr, done.stderr


def test_validate_in_a_network_namespace(tmp_path: Path) -> None:
    prefix, why = _namespace()
    if not prefix:
        pytest.skip(why)
    probe = _run(prefix, sys.executable, "-c", PROBE, cwd=tmp_path)
    assert probe.returncode != 0, "the namespace still reaches the network: the test would prove nothing"
    assert "OSError" in probe.stderr

    def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return _run(prefix, sys.executable, "-m", "treaty", *args, cwd=cwd)

    _check(run, tmp_path)


def test_validate_makes_no_network_attempt_with_sockets_guarded(tmp_path: Path) -> None:
    def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return _run([sys.executable, "-c", GUARD], *args, cwd=cwd)

    probe = _run([sys.executable, "-c", GUARD_SOCKETS + PROBE], cwd=tmp_path)
    assert MARK in probe.stderr, "the guard does not catch a connection: the test would prove nothing"
    _check(run, tmp_path)
