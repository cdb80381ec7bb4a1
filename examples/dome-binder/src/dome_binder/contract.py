"""The binder at the JSON level, for pytest-treaty: dome's vectors run through DuckDB, not through Python.

Each function takes a vector's input and returns what the store gives for it; a refusal is any exception.
"""

from typing import Any

from treaty_dome_models import ModelMaintenanceInput, ModelReplayInput

from dome_binder.store import DEFAULT_LIMIT, Binder, micros

_SPEC = ("task", "task", "task-1", "fix")
"""The TaskSpec keys of the one capsule a maintain_capsule vector describes."""


def replay(snapshot: Any) -> Any:
    """Ingest the snapshot's events twice (the second must store nothing) and export the store."""
    events = snapshot.get("events") if isinstance(snapshot, dict) else None
    config = ModelReplayInput.model_validate(
        {**snapshot, "events": []}
    )  # the events are the binder's to read
    binder = Binder(
        active_triggers=[t.model_dump() for t in config.active_triggers],
        binder_version=config.binder_version,
        schema_version=config.schema_version,
    )
    try:
        first = binder.ingest(events or [])
        again = binder.ingest(events or [])
        rejected = first.rejected + again.rejected
        if rejected:
            raise ValueError("; ".join(str(rejection) for rejection in rejected))
        if again.stored:
            msg = f"the second ingest of the same snapshot stored {again.stored} event(s)"
            raise AssertionError(msg)
        return binder.export(config.evaluated_at, config.policy.model_dump())
    finally:
        binder.close()


def _query(name: str) -> Any:
    def run(value: Any) -> Any:
        binder = Binder()
        try:
            binder.load_task_facts(value["rows"])
            return binder.query(name, value.get("filters"), value.get("limit", DEFAULT_LIMIT))
        finally:
            binder.close()

    run.__doc__ = f"Load the vector's task facts into DuckDB and query {name} with its filters and limit."
    return run


recent_failures_by_taskspec = _query("mv_recent_failures_by_taskspec")
gate_rollup_by_failure_reason_code = _query("mv_gate_rollup_by_failure_reason_code")
guard_denials_by_policy_reason_code = _query("mv_guard_denials_by_policy_reason_code")


def maintain_capsule(value: Any) -> Any:
    """Store the vector's bindings and successes of one capsule, maintain it in SQL, and read its values.

    A binding is one row per idempotency key in the store; one key given at two times is refused here,
    as the contract's input check refuses it.
    """
    source = ModelMaintenanceInput.model_validate(value)
    binder = Binder()
    try:
        con = binder.connection
        for binding in source.bindings:
            con.execute(
                "INSERT INTO binding VALUES (?, 'capsule', 'run-1', 'task-1', 'task-1', ?, ?, ?, ?, "
                "'TESTS_FAILED', NULL, 'fingerprint', ?, ?, 1, ?, [], []) ON CONFLICT DO NOTHING",
                [
                    binding.idempotency_key,
                    *_SPEC,
                    binding.observed_at,
                    micros(binding.observed_at),
                    binding.idempotency_key,
                ],
            )
            stored = con.execute(
                "SELECT observed_ts FROM binding WHERE idempotency_key = ?", [binding.idempotency_key]
            ).fetchone()
            if stored is None or stored[0] != binding.observed_at:
                msg = f"binding {binding.idempotency_key} is observed at two different times"
                raise ValueError(msg)
        for index, success in enumerate(source.successes):
            con.execute(
                "INSERT INTO success VALUES ('run-1', ?, ?, ?, ?, ?, ?)",
                [f"success-{index}", *_SPEC, micros(success)],
            )
        con.execute("CREATE OR REPLACE TEMP TABLE touched AS SELECT 'capsule' AS derived_upsert_key")
        binder.maintain()
        (row,) = binder.maintenance(source.evaluated_at, source.policy.model_dump())
        del row["derived_upsert_key"]
        return row
    finally:
        binder.close()
