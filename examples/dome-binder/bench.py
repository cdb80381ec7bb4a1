"""Benchmark: ingest 100,000 dome event envelopes into a fresh DuckDB, then replay them; print the figures.

Half the events are task results, half wrappers (failed gates, guard denials, promoted evidence, anomalies)
over 1,000 runs whose tasks share TaskSpecs, so capsules gather bindings from many runs. The target is
each step under 30 s on two cores. It prints figures and never fails on time: timings on a shared host are
no verdict (``nox -s bench_binder`` runs it). Usage: ``python bench.py [--events N] [--database FILE]``.
"""

import argparse
import hashlib
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from dome_binder import Binder

TARGET_SECONDS = 30.0
POLICY = {
    "policy_version": "1",
    "min_support": 3,
    "min_confidence": 0.6,
    "max_contradiction_rate": 0.25,
    "max_staleness_days": 30,
}
CODES = ("TESTS_FAILED", "LINT_FAILED", "TYPECHECK_FAILED", "SCHEMA_INVALID")
SIGNALS = ("failed_gate", "failed_gate", "guard_denial", "promoted_evidence", "anomaly")


def _event(run: str, sequence: int, ts: str, topic: str, payload: dict[str, Any]) -> dict[str, Any]:
    event_id = "evt-" + hashlib.sha256(f"{run}/{sequence}".encode()).hexdigest()[:32]
    return {
        "schema_version": "0.3.0",
        "sequence": sequence,
        "event_id": event_id,
        "ts": ts,
        "topic": topic,
        "run_id": run,
        "payload": payload,
    }


def snapshot(count: int) -> list[dict[str, Any]]:
    """Return ``count`` events: per task of a run, its result and then its wrapper."""
    events = []
    for index in range(count // 2):
        run, task = f"run-{index // 50:04d}", f"task-{index % 50:02d}"
        ts = f"2026-02-{1 + index // 50 % 28:02d}T{index % 24:02d}:{index % 60:02d}:00Z"
        code = CODES[index % len(CODES)]
        signal = SIGNALS[index % len(SIGNALS)]
        status = "PASS" if signal == "promoted_evidence" else "FAIL"
        result = {"task_id": task, "status": status, "attempts": 1 + index % 3, "duration_ms": index % 5000}
        result |= {"worker_model": ("gpt-5.3", "claude")[index % 2], "failure_reason_code": code}
        spec: dict[str, Any] = {"scope": "task", "target": {"kind": "api", "id": f"svc-{index % 500}"}}
        spec |= {"action": {"kind": "fix"}, "failure_reason_code": code}
        wrapper: dict[str, Any] = {"artifact_kind": "wrapper_envelope", "schema_version": "0.3.0"}
        sequence = 2 * (index % 50) + 1
        events.append(_event(run, sequence, ts, "task.result", result))
        wrapper |= {"sequence": sequence + 1, "run_id": run, "task_id": task, "group_id": task}
        wrapper |= {"signal": signal, "wrapper_policy": "hybrid", "task_spec": spec}
        if signal == "guard_denial":
            spec["policy_reason_code"] = result["policy_reason_code"] = "DIRTY_REPO_DENIED"
        if signal == "anomaly":
            wrapper["anomaly_trigger"] = {"trigger_id": "retry_storm", "trigger_version": "1"}
        wrapper["evidence_refs"] = [
            {"path": f"evidence/{task}.log", "sha256": hashlib.sha256(task.encode()).hexdigest()}
        ]
        wrapper["fingerprint"] = {"gates": ["pytest", "ruff"], "versions": {"python": "3.12"}}
        event = _event(run, sequence + 1, ts.replace(":00Z", ":01Z"), "wrapper", wrapper)
        wrapper["event_id"] = event["event_id"]
        events.append(event)
    return events


def main(argv: list[str]) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--database", type=Path, help="a DuckDB file (default: a fresh one in a temp folder)")
    args = parser.parse_args(argv)
    events = snapshot(args.events)
    with tempfile.TemporaryDirectory() as folder:
        database = args.database or Path(folder) / "bench.duckdb"
        binder = Binder(database, active_triggers=[{"trigger_id": "retry_storm", "trigger_version": "1"}])
        figures = []
        start = time.perf_counter()
        first = binder.ingest(events)
        figures.append(("ingest", time.perf_counter() - start, f"{first.stored:,} events stored"))
        start = time.perf_counter()
        again = binder.ingest(events)
        figures.append(
            ("replay", time.perf_counter() - start, f"{again.stored:,} stored, {again.known:,} known")
        )
        start = time.perf_counter()
        exported = binder.export("2026-03-01T00:00:00Z", POLICY)
        sizes = ", ".join(f"{len(rows):,} {name}" for name, rows in exported.items())
        figures.append(("export", time.perf_counter() - start, sizes))
        binder.close()
    print(
        f"dome-binder: {len(events):,} envelopes into DuckDB (target: each step under {TARGET_SECONDS:.0f} s)"
    )
    for step, seconds, detail in figures:
        verdict = "met" if seconds < TARGET_SECONDS else "MISSED"
        print(f"  {step:<7} {seconds:6.2f} s  {verdict:<6}  {detail}")
    total = figures[0][1] + figures[1][1]
    verdict = "met" if total < TARGET_SECONDS else "MISSED"
    print(f"  {'both':<7} {total:6.2f} s  {verdict:<6}  ingest and replay together")
    if first.rejected or again.rejected or again.stored:
        print("  unexpected: rejections or a replay that stored events", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
