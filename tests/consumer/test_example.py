"""The dome integrator example against the workspace's packages: its tests pass, and its drifted copy fails.

`nox -s consumer` does the same from built wheels on a local index; this is the quick check of every test
run (the example's own source is put on PYTHONPATH instead of being installed).
"""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

HERE = Path(__file__).parent


def _consumer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("treaty_consumer_check", HERE / "run.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CONSUMER = _consumer()


def _run(project: Path) -> tuple[int, str]:
    env = {**os.environ, "PYTHONPATH": str(project / "src"), "COLUMNS": "400", "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTEST_ADDOPTS", None)
    result = subprocess.run(
        [sys.executable, *CONSUMER.PYTEST],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


@pytest.fixture
def example(tmp_path: Path) -> Path:
    copied: Path = CONSUMER.copy_example(tmp_path / "dome-integrator")
    return copied


def test_the_example_passes_with_what_it_does_not_implement_reported_once(example: Path) -> None:
    code, output = _run(example)
    assert code == 0, output
    assert "treaty: dome adopted 0.1.0" in output
    # six kinds it does not ingest, five functions it does not implement and the six store functions of
    # dome 0.3.0 (examples/dome-binder implements those): one skipped item each
    assert output.count("no adapter for dome/") == 6
    assert output.count("no function for dome/") == 11
    assert " failed" not in output.splitlines()[-1]


def test_the_drifted_example_fails_on_the_expected_ids(example: Path) -> None:
    CONSUMER.drift(example)
    code, output = _run(example)
    assert CONSUMER.check_drift(output, code) == []
    failed = CONSUMER.failures(output)
    legacy = failed["dome/0.1.0/task_spec/valid/legacy-reason-code-only.yaml"]
    assert legacy.startswith(
        "valid fixture rejected by dome_service.documents:parse_task_spec: ValidationError"
    )
    assert "ValidationError at /reason_code: Extra inputs are not permitted" in legacy
    assert failed["dome/0.1.0/vectors/idempotency_key/base"].startswith(
        "expected 'b614e000af5de4a3368469fce8c49743a14065aabd7c0a2610a2a16e36e6fcca', but"
        " dome_service.contract:idempotency_key returned '"
    )
