"""dome-binder's own tests: idempotency across batches and restarts, rejections, and the query filters.

The replay, maintenance and query vectors themselves run as ``dome/0.3.0/vectors/...`` items (configured
in pyproject.toml); these tests use the replay vectors' snapshots for what a store must also do.
"""

import random
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from treaty import installed_fixtures, load_vectors

from dome_binder import Binder

TABLES = ("event_log", "task_fact", "binding", "success", "capsule")


def _replay_vectors() -> dict[str, Any]:
    fixtures = installed_fixtures()["dome"]
    vectors, problems = load_vectors(fixtures.root, fixtures.root, family="dome")
    assert not problems
    return {v.name: v for v in vectors if v.version == "0.3.0" and v.function == "replay"}


REPLAY = _replay_vectors()
BASIC = REPLAY["basic-snapshot"]


def _binder(snapshot: dict[str, Any], database: str | Path = ":memory:") -> Binder:
    return Binder(
        database, active_triggers=snapshot["active_triggers"], binder_version=snapshot["binder_version"]
    )


def _rows(binder: Binder) -> dict[str, list[tuple[Any, ...]]]:
    return {t: binder.connection.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}


def test_a_second_ingest_stores_nothing_and_changes_no_row() -> None:
    snapshot = BASIC.input
    binder = _binder(snapshot)
    first = binder.ingest(snapshot["events"])
    before = _rows(binder)
    again = binder.ingest(snapshot["events"])
    assert (first.stored, again.stored, again.known) == (11, 0, 11)
    assert _rows(binder) == before
    assert all(before[table] for table in TABLES)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_any_batching_and_order_gives_the_vectors_rows(seed: int) -> None:
    snapshot = BASIC.input
    events = list(snapshot["events"]) * 2
    random.Random(seed).shuffle(events)  # noqa: S311  # a reproducible order, not a secret
    binder = _binder(snapshot)
    cut = len(events) // 3
    for batch in (events[:cut], events[cut : 2 * cut], events[2 * cut :]):
        assert not binder.ingest(batch).rejected
    assert binder.export(snapshot["evaluated_at"], snapshot["policy"]) == BASIC.output


def test_a_reopened_database_keeps_its_rows_and_stays_idempotent(tmp_path: Path) -> None:
    snapshot = BASIC.input
    database = tmp_path / "dome.duckdb"
    binder = _binder(snapshot, database)
    binder.ingest(snapshot["events"])
    binder.close()
    reopened = _binder(snapshot, database)
    assert reopened.ingest(snapshot["events"]).stored == 0
    assert reopened.export(snapshot["evaluated_at"], snapshot["policy"]) == BASIC.output


def test_an_invalid_event_is_refused_with_its_errors_and_the_rest_is_stored() -> None:
    (invalid,) = REPLAY["invalid-wrapper-refused"].input["events"]
    invalid = {**invalid, "run_id": "run-x", "payload": {**invalid["payload"], "run_id": "run-x"}}
    binder = _binder(BASIC.input)
    report = binder.ingest([*BASIC.input["events"], invalid])
    assert [r.index for r in report.rejected] == [len(BASIC.input["events"])]
    assert "invalid wrapper: /payload" in str(report.rejected[0])
    assert report.stored == len(BASIC.input["events"])
    assert binder.export(BASIC.input["evaluated_at"], BASIC.input["policy"]) == BASIC.output


def test_an_event_id_stored_with_other_contents_is_refused_in_a_later_batch() -> None:
    first, second = REPLAY["conflicting-event-refused"].input["events"]
    binder = _binder(BASIC.input)
    assert binder.ingest([first]).stored == 1
    report = binder.ingest([second])
    assert report.stored == 0
    assert "already stored with other contents" in str(report.rejected[0])
    assert binder.task_facts()[0]["status"] == "FAIL"  # the first one stands


def test_a_refused_event_is_never_stored() -> None:
    vector = REPLAY["wrapper-lineage-mismatch-refused"]
    binder = _binder(vector.input)
    report = binder.ingest(vector.input["events"])
    assert "lineage" in str(report.rejected[0])
    assert not any(_rows(binder).values())


def test_queries_filter_and_limit_as_the_contract_says() -> None:
    snapshot = BASIC.input
    binder = _binder(snapshot)
    binder.ingest(snapshot["events"])
    newest = binder.query("mv_recent_failures_by_taskspec", limit=1)
    assert [(row["run_id"], row["task_id"]) for row in newest] == [("run-b", "task-1")]
    by_run = binder.query(
        "mv_recent_failures_by_taskspec", {"run_id": "run-a", "since": "2026-02-15T10:00:00Z"}
    )
    assert [(row["run_id"], row["task_id"]) for row in by_run] == [("run-a", "task-1")]
    with pytest.raises(ValidationError):
        binder.query("mv_recent_failures_by_taskspec", limit=0)
    with pytest.raises(ValidationError):
        binder.query("mv_guard_denials_by_policy_reason_code", {"failure_reason_code": "TESTS_FAILED"})
    with pytest.raises(ValueError, match="no query primitive"):
        binder.query("recent_failures")


def test_capsules_are_not_judged_before_their_last_binding() -> None:
    snapshot = BASIC.input
    binder = _binder(snapshot)
    binder.ingest(snapshot["events"])
    with pytest.raises(ValueError, match="before the last binding"):
        binder.capsules("2026-02-01T00:00:00Z", snapshot["policy"])
