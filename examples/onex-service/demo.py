"""Run the three ONEX phases on the example repository, each failing for its reason and passing after the fix.

``python demo.py`` builds the repository in a temporary folder (`make_repo.build`) and runs ``treaty onex``
there, step by step, checking each exit code; ``nox -s onex`` runs it. Each step prints the command and its
output, so the run reads as a walk-through.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from make_repo import build

TREATY = shutil.which("treaty") or "treaty"
CONTRACT = "contracts/OCC-12.yaml"
GOOD_CONTRACT = """\
schema_version: "1.3.0"
ticket_id: "OCC-12"
summary: "orders.created carries placed_at"
is_seam_ticket: true
interface_change: true
interfaces_touched: ["events"]
evidence_requirements:
  - kind: "tests"
    id: "event-tests"
    description: "The event tests pass"
    check:
      command: ["python", "-m", "unittest", "discover", "-s", "tests", "-q"]
      timeout_seconds: 120
emergency_bypass:
  enabled: false
"""
ORIGIN = """\
ticket_id: "OCC-3"
title: "Health endpoint"
summary: ""
golden_path: {timeout_ms: 30000, infra: "mock"}
dod_evidence:
  - id: "dod-1"
    description: "The tests pass"
    source: "linear"
    checks: [{check_type: "command", check_value: "python -m unittest discover -s tests -q"}]
    status: "verified"
"""


def edit(name: str, change: Callable[[str], str]) -> Callable[[Path], None]:
    """Return a step's fix: rewrite one file of the repository."""

    def apply(root: Path) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            change(path.read_text(encoding="utf-8")) if path.exists() else change(""), encoding="utf-8"
        )

    return apply


STEPS: list[tuple[str, list[str], int, Callable[[Path], None] | None]] = [
    ("phase 1 fails: OCC-12 has no contract", ["contract", "--seam"], 1, None),
    ("phase 1 writes the template it asks for", ["contract", "--seam", "--write-template"], 1, None),
    (
        "phase 1 fails: a contract named OCC-7 says OCC-999",
        ["contract", "--seam"],
        1,
        edit("contracts/OCC-7.yaml", lambda text: text.replace('"OCC-7"', '"OCC-999"')),
    ),
    (
        "phase 1 passes: the file name is fixed",
        ["contract", "--seam"],
        0,
        edit("contracts/OCC-7.yaml", lambda text: text.replace('"OCC-999"', '"OCC-7"')),
    ),
    (
        "phase 2 fails: the template says interface_change: false, the branch changes events",
        ["surfaces"],
        1,
        None,
    ),
    (
        "phase 2 passes under the bypass, as warnings that list it",
        ["surfaces"],
        0,
        edit(
            CONTRACT,
            lambda text: text.replace(
                "  enabled: false\n",
                '  enabled: true\n  justification: "hotfix for the launch"\n  follow_up_ticket_id: "OCC-13"\n',
            ),
        ),
    ),
    ("phase 2 passes: the change is declared", ["surfaces"], 0, edit(CONTRACT, lambda _: GOOD_CONTRACT)),
    ("phase 3 refuses to run commands unless allowed", ["evidence", "run"], 2, None),
    (
        "phase 3 fails: the event test fails",
        ["evidence", "run", "--allow-run"],
        1,
        edit("tests/test_events.py", lambda text: text.replace("'placed_at')", "'placed')")),
    ),
    ("phase 3 audit fails on that report", ["evidence", "audit"], 1, None),
    (
        "phase 3 passes: the test is fixed",
        ["evidence", "run", "--allow-run"],
        0,
        edit("tests/test_events.py", lambda text: text.replace("'placed')", "'placed_at')")),
    ),
    ("phase 3 audit passes: what CI runs", ["evidence", "audit", "--format", "github"], 0, None),
    (
        "phase 3 audit fails once the contract changes after the report",
        ["evidence", "audit"],
        1,
        edit(CONTRACT, lambda text: text.replace("timeout_seconds: 120", "timeout_seconds: 60")),
    ),
    (
        "migration: an origin contract moves to 1.3.0",
        ["migrate", "origin/OCC-3.yaml", "-o", "contracts/OCC-3.yaml"],
        0,
        edit("origin/OCC-3.yaml", lambda _: ORIGIN),
    ),
    ("phase 1 passes with the migrated contract", ["contract", "--ticket", "OCC-3"], 0, None),
]


def main() -> int:
    """Run every step; return 1 at the first unexpected exit code."""
    with tempfile.TemporaryDirectory() as folder:
        root = build(Path(folder) / "onex-service")
        for title, words, expected, fix in STEPS:
            if fix:
                fix(root)
            command = [TREATY, "onex", *words]
            print(f"\n== {title}\n$ treaty onex {' '.join(words)}", flush=True)
            done = subprocess.run(command, cwd=root, check=False, env={**os.environ})
            if done.returncode != expected:
                print(f"!! exit code {done.returncode}, expected {expected}", flush=True)
                return 1
    print("\nonex-service: every phase failed for its reason and passed after the fix")
    return 0


if __name__ == "__main__":
    sys.exit(main())
