"""cwom 0.2.0 states its rules in its schemas, and each keyword means one thing in every engine.

The SHOULD rules of 0.1.0 were code (``treaty_cwom_schemas.rules``); 0.2.0 says them with ``x-treaty-should``
members and ``x-treaty-notBefore``. Treaty must give a document the same warnings, rule for rule, whichever way
the version states them: every valid 0.2.0 fixture and a few edge cases are validated under both versions.
The newline exclusion and the date-time pattern's year must refuse the same values in python-jsonschema,
jsonschema-rs and the models (ajv is covered by tests/test_engines.py).
"""

import json
from collections import Counter
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import pytest
import treaty
from pydantic import ValidationError
from treaty_cwom_models import KINDS, __version__

PREVIOUS = "0.1.0"
"""The version whose rules are code."""
FIXTURES = resources.files("treaty_cwom_fixtures") / "data" / __version__
SCHEMAS = resources.files("treaty_cwom_schemas") / "data" / __version__
RULE_IDS = {
    "cwom/timestamps-present",
    "cwom/updated-not-before-created",
    "cwom/running-run-has-context",
    "cwom/run-pins-constraints",
    "cwom/failure-only-when-failed",
    "cwom/telemetry-order",
    "cwom/data-blob-one-source",
}


def _schema(kind: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    return loaded


def _rules(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "x-treaty-rule":
                yield value
            elif key == "x-treaty-notBefore":
                yield value["rule"]
            else:
                yield from _rules(value)
    elif isinstance(node, list):
        for item in node:
            yield from _rules(item)


def test_every_rule_of_the_previous_version_is_in_the_schemas_as_a_warning() -> None:
    declared = [rule for kind in KINDS for rule in _rules(KINDS[kind].model_json_schema())]
    assert {rule["id"] for rule in declared} == RULE_IDS
    assert {rule["severity"] for rule in declared} == {"warning"}
    assert declared == [rule for kind in KINDS for rule in _rules(_schema(kind))], "export is stale"


def _documents() -> Iterator[tuple[str, str, Any]]:
    """Yield (name, kind, data) of every valid fixture of the version, then edge cases of each rule."""
    for kind in sorted(KINDS):
        for path in sorted((FIXTURES / kind / "valid").iterdir(), key=lambda p: p.name):
            yield f"{kind}/{path.name}", kind, treaty.load_path(str(path)).data
    run = treaty.load_path(str(FIXTURES / "run" / "valid" / "running.yaml")).data
    packet = treaty.load_path(str(FIXTURES / "context_packet" / "valid" / "minimal.yaml")).data
    snapshot = {"kind": "ConstraintSnapshot", "id": run["inputs"]["constraint_snapshot"]["id"]}
    failure = {"category": "test", "message": "3 tests failed"}
    runs = {
        "status-left-out-with-failure": {k: v for k, v in run.items() if k != "status"}
        | {"failure": failure},
        "planned-with-failure": run | {"status": "planned", "failure": failure},
        "blocked-with-failure": run | {"status": "blocked", "failure": failure},
        "failed-with-failure": run | {"status": "failed", "failure": failure},
        "failed-null-failure": run | {"status": "failed", "failure": None},
        "done-no-inputs": {k: v for k, v in run.items() if k != "inputs"} | {"status": "done"},
        "done-empty-context": run | {"status": "done", "inputs": {"context_packets": []}},
        "done-only-snapshot": run | {"status": "done", "inputs": {"constraint_snapshot": snapshot}},
        "ready-no-inputs": {k: v for k, v in run.items() if k != "inputs"} | {"status": "ready"},
        "ended-a-nanosecond-early": run
        | {"telemetry": {"started_at": "2026-01-25T10:00:00.000000001Z", "ended_at": "2026-01-25T10:00:00Z"}},
        "ended-same-instant-other-offset": run
        | {"telemetry": {"started_at": "2026-01-25T10:00:00Z", "ended_at": "2026-01-25T10:00:00+00:00"}},
        "ended-null": run | {"telemetry": {"started_at": "2026-01-25T10:00:00Z", "ended_at": None}},
        "timestamps-null-and-missing": {k: v for k, v in run.items() if k != "updated_at"}
        | {"created_at": None},
        "updated-a-second-early": run
        | {"created_at": "2026-01-25T10:00:01Z", "updated_at": "2026-01-25T10:00:00Z"},
    }
    for name, data in runs.items():
        yield f"run {name}", "run", data
    blob = {"name": "b", "media_type": "text/plain"}
    blobs = [
        blob,
        blob | {"uri": None, "inline": None},
        blob | {"uri": "u", "inline": "x" * 1024},
        blob | {"uri": "u", "inline": "x" * 1025},
        blob | {"inline": "x" * 5000},
        blob | {"uri": "u", "inline": None},
        blob | {"uri": None, "inline": ""},
    ]
    yield "context_packet blobs", "context_packet", packet | {"inputs": {"data_blobs": blobs}}


def _warnings(runner: treaty.Runner, path: Path, kind: str, version: str, data: Any) -> Counter[str]:
    path.write_text(json.dumps(data | {"schema_version": version}), encoding="utf-8")
    (result,) = runner.run([str(path)], treaty.SchemaRef("cwom", kind, version), isolated=True).results
    errors = [f for f in result.findings if f.severity is treaty.Severity.ERROR]
    assert errors == [], f"{version}: {errors}"
    return Counter(f.rule for f in result.findings)


def test_the_schema_rules_warn_as_the_coded_rules_did(tmp_path: Path) -> None:
    catalog = treaty.Catalog.installed()
    runner = treaty.Runner(treaty.Selector(catalog), treaty.Validator(catalog))
    seen: Counter[str] = Counter()
    for name, kind, data in _documents():
        now = _warnings(runner, tmp_path / "now.json", kind, __version__, data)
        before = _warnings(runner, tmp_path / "before.json", kind, PREVIOUS, data)
        assert now == before, name
        seen += now
    assert set(seen) == RULE_IDS, "every rule is exercised"


NEWLINE = "\n"
PROBES = [
    ("artifact", "/id", "01JJ8Z3K4WART0000000000001"),
    ("artifact", "/schema_version", __version__),
    ("artifact", "/created_at", "2026-01-25T10:00:00Z"),
    ("artifact", "/produced_by/id", "01JJ8Z3K4WRVN0000000000001"),
    ("constraint_snapshot", "/captured_at", "2026-01-25T09:55:00Z"),
    ("constraint_snapshot", "/constraints/time/deadline", "2026-01-26T00:00:00+00:00"),
    ("run", "/telemetry/started_at", "2026-01-25T10:00:00.5Z"),
]
"""A patterned string of each sort, at a place in a valid fixture, with a value every engine accepts."""
BASES = {
    "artifact": "artifact/valid/minimal.yaml",
    "constraint_snapshot": "constraint_snapshot/valid/all-fields.yaml",
    "run": "run/valid/running.yaml",
}


def _with(data: Any, pointer: str, value: str) -> Any:
    data = json.loads(json.dumps(data))
    *parents, last = pointer.removeprefix("/").split("/")
    target = data
    for key in parents:
        target = target[key]
    target[last] = value
    return data


def _verdicts(kind: str, data: Any) -> dict[str, bool]:
    schema = _schema(kind)
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    try:
        KINDS[kind].model_validate(data)
        models = True
    except ValidationError:
        models = False
    return {
        "python-jsonschema": jsonschema.Draft202012Validator(schema, format_checker=checker).is_valid(data),
        "jsonschema-rs": jsonschema_rs.Draft202012Validator(schema, validate_formats=True).is_valid(data),
        "models": models,
    }


def _probes() -> Iterator[Any]:
    for kind, pointer, value in PROBES:
        yield pytest.param(kind, pointer, value, True, id=f"{kind}{pointer}")
        yield pytest.param(kind, pointer, value + NEWLINE, False, id=f"{kind}{pointer}-newline")
    for kind, pointer, value in PROBES:
        if pointer.endswith(("_at", "deadline")):
            yield pytest.param(kind, pointer, "0000" + value[4:], False, id=f"{kind}{pointer}-year-zero")
            yield pytest.param(kind, pointer, "0001" + value[4:], True, id=f"{kind}{pointer}-year-one")


@pytest.mark.parametrize(("kind", "pointer", "value", "valid"), list(_probes()))
def test_every_engine_reads_the_patterns_alike(kind: str, pointer: str, value: str, valid: bool) -> None:  # noqa: FBT001
    data = _with(treaty.load_path(str(FIXTURES / BASES[kind])).data, pointer, value)
    assert _verdicts(kind, data) == dict.fromkeys(("python-jsonschema", "jsonschema-rs", "models"), valid)
