"""Changing the SSOT's reason-code semantics, or dome's canonicalization, in a working tree makes
`treaty check` fail, naming the fixtures and vectors that break.

Each test copies a models package, edits it, and runs `treaty check` in a subprocess where the edited copy
shadows the installed package (``PYTHONPATH``), as an author's working tree would.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import treaty_dome_models
import treaty_xtrl_models

from .conftest import ROOT

XTRL = treaty_xtrl_models.__version__  # the models' version: the one whose fixtures the models gate holds
DOME = treaty_dome_models.__version__


def _check(repo: Path, shadow: Path, *gates: str) -> tuple[int, list[dict[str, object]]]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(shadow / "src"), env.get("PYTHONPATH")) if p)
    done = subprocess.run(
        [sys.executable, "-m", "treaty", "check", *(f"--gate={g}" for g in gates), "--format", "json"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(done.stdout)
    return done.returncode, [finding for gate in report.values() for finding in gate["findings"]]


def _copy(package: str, tmp_path: Path) -> Path:
    target = tmp_path / package
    shutil.copytree(ROOT / "packages" / package, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def test_unchanged_models_pass_the_models_and_vectors_gates(repo: Path, tmp_path: Path) -> None:
    code, findings = _check(repo, _copy("treaty-xtrl-models", tmp_path), "models", "vectors")
    assert (code, findings) == (0, [])


def test_moving_a_failure_code_to_policy_names_the_fixtures_it_breaks(repo: Path, tmp_path: Path) -> None:
    shadow = _copy("treaty-xtrl-models", tmp_path)
    enum = shadow / "src" / "treaty_xtrl_models" / "enums" / "enum_reason_code.py"
    text = enum.read_text()
    moved = '    TESTS_FAILED = "TESTS_FAILED"\n    """The tests failed."""\n\n'
    assert moved in text
    text = text.replace(moved, "").replace(
        '    DIRTY_REPO_DENIED = "DIRTY_REPO_DENIED"', moved + '    DIRTY_REPO_DENIED = "DIRTY_REPO_DENIED"'
    )
    text = text.replace("EnumFailureReasonCode.TESTS_FAILED:", "EnumPolicyReasonCode.TESTS_FAILED:")
    enum.write_text(text)

    code, findings = _check(repo, shadow, "models", "vectors")

    assert code == 1
    files = {str(f["file"]) for f in findings}
    assert any(f.startswith(f"fixtures/xtrl/{XTRL}/reason_codes/valid/") for f in files)  # the catalog itself
    assert any(f.startswith(f"fixtures/dome/{DOME}/task_spec/valid/") for f in files)  # the pinned consumer
    assert any(f == f"fixtures/dome/{DOME}/vectors/fingerprint_hash.yaml" for f in files)
    assert "fixtures/dome/0.1.0/vectors/fingerprint_hash.yaml" in files  # a released version's vectors too
    assert all(f["rule"] in {"models", "vectors"} for f in findings)


def test_changing_the_canonicalization_names_the_vectors_it_breaks(repo: Path, tmp_path: Path) -> None:
    shadow = _copy("treaty-dome-models", tmp_path)
    canonical = shadow / "src" / "treaty_dome_models" / "_canonical.py"
    text = canonical.read_text()
    origin = '(f"\\\\u{ord(char):04x}" if ord(char) < _CONTROL else char)'
    assert origin in text
    # the origin's form: every non-ASCII character escaped, as Python's json.dumps does by default
    canonical.write_text(
        text.replace(
            origin, origin.replace("ord(char) < _CONTROL", "ord(char) < _CONTROL or ord(char) > 0x7E")
        )
    )

    code, findings = _check(repo, shadow, "vectors")

    assert code == 1
    messages = [str(f["message"]) for f in findings]
    for version in sorted({"0.1.0", DOME}):  # a released version's vectors, and the models' own
        assert any(m.startswith(f"vector dome/{version}/canonical_json/") for m in messages), messages
        assert any(m.startswith(f"vector dome/{version}/fingerprint_hash/") for m in messages), messages
