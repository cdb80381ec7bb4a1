"""The binder: dome event envelopes in, task facts, bindings and capsules out, kept in DuckDB.

Every row is a function of the *set* of events ingested (dome 0.3.0's ``replay``): an event is stored once
by (run_id, event_id), the later of two events of one run wins by (sequence, ts, event_id), and a capsule
is recomputed from all its bindings whenever one of them changes. So ingesting a snapshot twice, or in
other batches, writes no row twice and changes nothing. The keys and fingerprints are the installed
contract's own functions (``treaty_dome_models``), so they cannot drift from it.
"""

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import duckdb
from pydantic import ValidationError
from treaty_dome_models import (
    TOPIC_TASK_RESULT,
    TOPIC_WRAPPER,
    EnumSignal,
    ModelAnomalyTrigger,
    ModelEligibilityPolicy,
    ModelEventEnvelope,
    ModelFallbackInput,
    ModelFallbackWrapper,
    ModelFingerprintInput,
    ModelGateRollupQuery,
    ModelGuardDenialsQuery,
    ModelIdempotencyKeyInput,
    ModelRecentFailuresQuery,
    ModelTaskFact,
    ModelTaskResult,
    ModelUpsertKeyInput,
    ModelWrapperEnvelope,
    fallback_decision,
    fingerprint_hash,
    idempotency_key,
    upsert_key,
)
from treaty_dome_models._types import instant

from dome_binder import _sql

BINDER_VERSION: Final = "v1"
SCHEMA_VERSION: Final = "0.3.0"
"""The dome version the binder's documents are written in."""
DEFAULT_LIMIT: Final = 20
_Query = ModelRecentFailuresQuery | ModelGateRollupQuery | ModelGuardDenialsQuery
_QUERIES: Final[Mapping[str, type[_Query]]] = {
    "mv_recent_failures_by_taskspec": ModelRecentFailuresQuery,
    "mv_gate_rollup_by_failure_reason_code": ModelGateRollupQuery,
    "mv_guard_denials_by_policy_reason_code": ModelGuardDenialsQuery,
}
"""Each query primitive, with the contract model that checks its filters and limit."""
_EPOCH: Final = instant("1970-01-01T00:00:00Z")
_TASK_FACT_COLUMNS: Final = (
    "run_id",
    "task_id",
    "status",
    "failure_reason_code",
    "policy_reason_code",
    "attempts",
    "duration_ms",
    "worker_model",
    "evidence_capsule_path",
    "updated_ts",
)


def micros(stamp: str) -> int:
    """Return a contract timestamp as epoch microseconds: what the store orders and compares by."""
    delta = instant(stamp) - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


@dataclass(frozen=True)
class Rejection:
    """An event the binder refused: nothing of it was stored. ``index`` is its position in the batch."""

    index: int
    run_id: str | None
    event_id: str | None
    reason: str

    def __str__(self) -> str:
        """Say which event was refused and why."""
        where = f"event {self.event_id} of run {self.run_id}" if self.event_id else "an event"
        return f"#{self.index} ({where}): {self.reason}"


@dataclass
class IngestReport:
    """What one ``ingest`` did: events it stored (new ones), events it had already, and the refused."""

    stored: int = 0
    known: int = 0
    rejected: list[Rejection] = field(default_factory=list)


@dataclass
class _Batch:
    """What a batch derives, each row tagged with its event's "run_id NUL event_id"."""

    events: list[tuple[str, str, str]] = field(default_factory=list)
    facts: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)
    bindings: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)
    successes: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)


def _insert(table: str, width: int) -> str:
    """Return an INSERT of ``width`` columns, each given as one list (one round trip for the whole batch)."""
    return f"INSERT INTO {table} SELECT " + ", ".join(f"unnest(${i})" for i in range(1, width + 1))


def _columns(rows: Sequence[tuple[Any, ...]], width: int) -> list[list[Any]]:
    return [list(column) for column in zip(*rows, strict=True)] if rows else [[] for _ in range(width)]


def _errors(error: ValidationError, prefix: str) -> str:
    found = (
        f"{prefix}/{'/'.join(str(p) for p in detail['loc'])}: {detail['msg']}" for detail in error.errors()
    )
    return "; ".join(found)


@lru_cache(maxsize=65_536)
def _fingerprint(failure: str | None, policy: str | None, dimensions: str) -> str:
    """fingerprint_hash() of a wrapper's codes and dimensions: many wrappers share one, so it is memoised."""
    return fingerprint_hash(
        ModelFingerprintInput.model_validate(
            {"failure_reason_code": failure, "policy_reason_code": policy, **json.loads(dimensions)}
        ),
    )


class Binder:
    """A dome binder on one DuckDB database (a file, or ``:memory:``)."""

    def __init__(
        self,
        database: str | Path = ":memory:",
        *,
        active_triggers: Iterable[Mapping[str, str]] = (),
        binder_version: str = BINDER_VERSION,
        schema_version: str = SCHEMA_VERSION,
    ) -> None:
        """Open (or create) the database; ``active_triggers`` are the anomaly triggers in force (hybrid)."""
        self.connection = duckdb.connect(str(database))
        self.binder_version = binder_version
        self.schema_version = schema_version
        self.active_triggers = tuple(ModelAnomalyTrigger.model_validate(t) for t in active_triggers)
        self.connection.execute(_sql.TABLES)
        self.connection.execute(_sql.VIEWS)

    def close(self) -> None:
        """Close the database."""
        self.connection.close()

    def ingest(self, events: Iterable[Any]) -> IngestReport:
        """Store a batch of event envelopes (JSON values) in one transaction; refuse each invalid one.

        A refused event (invalid, a wrapper whose lineage is not its event's, or an id already stored with
        other contents) is reported in ``rejected`` and stores nothing; the rest of the batch is stored.
        """
        report = IngestReport()
        batch = _Batch()
        seen: dict[tuple[str, str], str] = {}
        for index, value in enumerate(events):
            self._read(index, value, batch, seen, report)
        if not batch.events:
            return report
        with self._transaction():
            con = self.connection
            tags = [f"{run}\x00{event}" for run, event, _ in batch.events]
            con.execute(
                "CREATE OR REPLACE TEMP TABLE new_event AS SELECT split_part(tag, chr(0), 1) AS run_id, "
                "split_part(tag, chr(0), 2) AS event_id, body_sha256, tag "
                "FROM (SELECT unnest($1) AS tag, unnest($2) AS body_sha256)",
                [tags, [body for _, _, body in batch.events]],
            )
            stored = con.execute(
                "SELECT n.tag, n.body_sha256 = o.body_sha256 FROM new_event AS n "
                "JOIN event_log AS o USING (run_id, event_id)"
            ).fetchall()
            for tag, same in stored:
                if not same:
                    run, event = tag.split("\x00")
                    reason = "already stored with other contents: one event id, two events"
                    report.rejected.append(Rejection(-1, run, event, reason))
            report.known += sum(1 for _, same in stored if same)
            con.execute(
                "INSERT INTO event_log SELECT run_id, event_id, body_sha256 FROM new_event AS n WHERE NOT EXISTS "
                "(SELECT 1 FROM event_log AS o WHERE o.run_id = n.run_id AND o.event_id = n.event_id)"
            )
            report.stored = len(tags) - len(stored)
            self._derive(batch, {tag for tag, _ in stored})
        return report

    def _derive(self, batch: _Batch, old: set[str]) -> None:
        """Upsert the facts, bindings and successes of the batch's new events; maintain the touched capsules."""
        con = self.connection
        facts = [row for tag, row in batch.facts if tag not in old]
        bindings = [row for tag, row in batch.bindings if tag not in old]
        successes = [row for tag, row in batch.successes if tag not in old]
        con.execute(
            "CREATE OR REPLACE TEMP TABLE new_task_fact AS SELECT * FROM task_fact LIMIT 0; "
            "CREATE OR REPLACE TEMP TABLE new_binding AS SELECT * FROM binding LIMIT 0"
        )
        if facts:
            con.execute(_insert("new_task_fact", 13), _columns(facts, 13))
            con.execute(_sql.UPSERT_TASK_FACTS)
        # the capsules to maintain: those of new bindings, of bindings they replace, and of new successes
        con.execute("CREATE OR REPLACE TEMP TABLE touched (derived_upsert_key VARCHAR)")
        if bindings:
            con.execute(_insert("new_binding", 18), _columns(bindings, 18))
            con.execute(
                "INSERT INTO touched SELECT derived_upsert_key FROM new_binding "
                "UNION SELECT b.derived_upsert_key FROM binding AS b JOIN new_binding USING (idempotency_key)"
            )
            con.execute(_sql.UPSERT_BINDINGS)
        if successes:
            con.execute(
                "INSERT INTO success SELECT unnest($1), unnest($2), unnest($3), unnest($4), unnest($5), "
                "unnest($6), unnest($7) ON CONFLICT DO NOTHING",
                _columns(successes, 7),
            )
            con.execute(
                "INSERT INTO touched SELECT DISTINCT b.derived_upsert_key FROM binding AS b "
                "JOIN (SELECT unnest($1) AS scope, unnest($2) AS target_kind, unnest($3) AS target_id, "
                "unnest($4) AS action_kind) AS s USING (scope, target_kind, target_id, action_kind)",
                _columns([row[2:6] for row in successes], 4),
            )
        self.maintain()

    def maintain(self) -> None:
        """Recompute the capsules whose keys are in the ``touched`` table from all their bindings (upsert)."""
        self.connection.execute(
            "DELETE FROM capsule WHERE derived_upsert_key IN (SELECT derived_upsert_key FROM touched) "
            "AND derived_upsert_key NOT IN (SELECT derived_upsert_key FROM binding)"
        )
        self.connection.execute(_sql.MAINTAIN_CAPSULES)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """Everything of a batch or nothing: a failure rolls the store back to before the batch."""
        self.connection.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")

    def _read(
        self, index: int, value: Any, batch: _Batch, seen: dict[tuple[str, str], str], report: IngestReport
    ) -> None:
        """Validate one event and add what it derives to the batch, or record its rejection."""
        try:
            event = ModelEventEnvelope.model_validate(value)
        except ValidationError as error:
            report.rejected.append(Rejection(index, None, None, "invalid event: " + _errors(error, "")))
            return
        body = hashlib.sha256(
            json.dumps(event.model_dump(mode="json"), sort_keys=True, ensure_ascii=False).encode()
        ).hexdigest()
        key = (event.run_id, event.event_id)
        tag = f"{event.run_id}\x00{event.event_id}"
        if key in seen:
            if seen[key] == body:
                report.known += 1  # the same event twice in one batch: stored once
            else:
                reason = "repeated in the batch with other contents: one event id, two events"
                report.rejected.append(Rejection(index, *key, reason))
            return
        seen[key] = body
        us = micros(event.ts)
        try:
            if event.topic == TOPIC_TASK_RESULT:
                result = ModelTaskResult.model_validate(event.payload)
                batch.facts.append((tag, self._fact(event, result, us)))
            elif event.topic == TOPIC_WRAPPER:
                wrapper = ModelWrapperEnvelope.model_validate(event.payload)
                self._wrapper(event, wrapper, us, tag, batch)
        except ValidationError as error:
            report.rejected.append(
                Rejection(index, *key, f"invalid {event.topic}: " + _errors(error, "/payload"))
            )
            return
        except ValueError as error:
            report.rejected.append(Rejection(index, *key, str(error)))
            return
        batch.events.append((*key, body))

    @staticmethod
    def _fact(event: ModelEventEnvelope, result: ModelTaskResult, us: int) -> tuple[Any, ...]:
        return (
            event.run_id,
            result.task_id,
            result.status.value,
            result.failure_reason_code.value if result.failure_reason_code else None,
            result.policy_reason_code.value if result.policy_reason_code else None,
            result.attempts,
            result.duration_ms,
            result.worker_model,
            result.evidence_capsule_path,
            event.ts,
            us,
            event.sequence,
            event.event_id,
        )

    def _wrapper(
        self, event: ModelEventEnvelope, wrapper: ModelWrapperEnvelope, us: int, tag: str, batch: _Batch
    ) -> None:
        if (wrapper.event_id, wrapper.sequence, wrapper.run_id) != (
            event.event_id,
            event.sequence,
            event.run_id,
        ):
            msg = "the wrapper's lineage (event_id, sequence, run_id) differs from its event's"
            raise ValueError(msg)
        spec = wrapper.task_spec
        where = (spec.scope.value, spec.target.kind.value, spec.target.id, spec.action.kind.value)
        if wrapper.signal is EnumSignal.PROMOTED_EVIDENCE:
            batch.successes.append((tag, (event.run_id, event.event_id, *where, us)))
        question = ModelFallbackInput(
            policy=wrapper.wrapper_policy,
            wrapper=ModelFallbackWrapper(signal=wrapper.signal, anomaly_trigger=wrapper.anomaly_trigger),
            active_triggers=self.active_triggers,
        )
        if not fallback_decision(question).derive:
            return
        failure = spec.failure_reason_code.value
        policy = spec.policy_reason_code.value if spec.policy_reason_code else None
        dimensions = wrapper.fingerprint.model_dump_json() if wrapper.fingerprint else "{}"
        fingerprint = _fingerprint(failure, policy, dimensions)
        task_id = wrapper.task_id or wrapper.group_id  # a wrapper about a whole run binds under its group
        binding = idempotency_key(
            ModelIdempotencyKeyInput(
                run_id=wrapper.run_id,
                task_id=task_id,
                group_id=wrapper.group_id,
                binder_version=self.binder_version,
            ),
        )
        derived = upsert_key(
            ModelUpsertKeyInput(
                scope=spec.scope,
                target_kind=spec.target.kind,
                target_id=spec.target.id,
                action_kind=spec.action.kind,
                failure_reason_code=spec.failure_reason_code,
                fingerprint_hash=fingerprint,
                binder_version=self.binder_version,
            ),
        )
        row = (
            binding,
            derived,
            wrapper.run_id,
            task_id,
            wrapper.group_id,
            *where,
            failure,
            policy,
            fingerprint,
            event.ts,
            us,
            event.sequence,
            event.event_id,
            [ref.path for ref in wrapper.evidence_refs],
            [ref.sha256 for ref in wrapper.evidence_refs],
        )
        batch.bindings.append((tag, row))

    def load_task_facts(self, rows: Iterable[Any]) -> None:
        """Load task facts as they are (a backfill from another store); a (run_id, task_id) already held is refused."""
        facts = [ModelTaskFact.model_validate(row) for row in rows]
        if not facts:
            return
        values = [
            (
                *(
                    getattr(f, name).value if isinstance(getattr(f, name), Enum) else getattr(f, name)
                    for name in _TASK_FACT_COLUMNS
                ),
                micros(f.updated_ts),
                0,
                "",
            )
            for f in facts
        ]
        with self._transaction():
            self.connection.execute(_insert("task_fact", 13), _columns(values, 13))

    def task_facts(self) -> list[dict[str, Any]]:
        """Return every task fact, by (run_id, task_id)."""
        columns = ", ".join(_TASK_FACT_COLUMNS)
        rows = self.connection.execute(f"SELECT {columns} FROM task_fact ORDER BY run_id, task_id").fetchall()
        return [dict(zip(_TASK_FACT_COLUMNS, row, strict=True)) for row in rows]

    def binder_facts(self) -> list[dict[str, Any]]:
        """Return a binder fact per derived upsert key (the binding that minted it, and its counters), by key."""
        rows = self.connection.execute(
            "SELECT derived_upsert_key, idempotency_key, run_id, task_id, group_id, scope, target_kind, target_id, "
            "action_kind, failure_reason_code, policy_reason_code, fingerprint_hash, support_count, "
            "contradiction_count, last_seen_ts FROM capsule ORDER BY derived_upsert_key"
        ).fetchall()
        names = (
            "derived_upsert_key", "idempotency_key", "run_id", "task_id", "group_id", "scope", "target_kind",
            "target_id", "action_kind", "failure_reason_code", "policy_reason_code", "fingerprint_hash",
            "support_count", "contradiction_count", "last_seen_ts",
        )  # fmt: skip
        out = []
        for row in rows:
            fact = dict(zip(names, row, strict=True))
            head = {"artifact_kind": "binder_fact", "schema_version": self.schema_version}
            out.append(head | fact | {"binder_version": self.binder_version})
        return out

    def maintenance(self, evaluated_at: str, policy: Mapping[str, Any]) -> list[dict[str, Any]]:
        """Return each capsule's maintained values (dome's ``maintain_capsule`` output), by key."""
        names = ("support_count", "contradiction_count", "last_seen_ts", "confidence", "decision", "stale")
        return [
            {"derived_upsert_key": row[0], **dict(zip(names, (*row[8:12], row[12], row[13]), strict=True))}
            for row in self._capsule_rows(evaluated_at, policy)[1]
        ]

    def capsules(self, evaluated_at: str, policy: Mapping[str, Any]) -> list[dict[str, Any]]:
        """Return every capsule with its eligibility at ``evaluated_at`` under ``policy``, by key.

        Refuses (``ValueError``) an ``evaluated_at`` before a capsule's last binding, as the contract does.
        """
        thresholds, rows = self._capsule_rows(evaluated_at, policy)
        return self._documents(thresholds, evaluated_at, rows)

    def _capsule_rows(
        self, evaluated_at: str, policy: Mapping[str, Any]
    ) -> tuple[ModelEligibilityPolicy, list[tuple[Any, ...]]]:
        thresholds = ModelEligibilityPolicy.model_validate(policy)
        evaluated_us = micros(evaluated_at)
        params = {
            "evaluated_us": evaluated_us,
            "max_contradiction_rate": thresholds.max_contradiction_rate,
            "max_staleness_days": thresholds.max_staleness_days,
            "min_support": thresholds.min_support,
            "min_confidence": thresholds.min_confidence,
        }
        later = self.connection.execute(
            "SELECT count(*) FROM capsule WHERE last_seen_us > $evaluated_us", {"evaluated_us": evaluated_us}
        ).fetchone()
        if later and later[0]:
            msg = f"evaluated_at {evaluated_at} is before the last binding of {later[0]} capsule(s)"
            raise ValueError(msg)
        rows = self.connection.execute(
            "SELECT derived_upsert_key, scope, target_kind, target_id, action_kind, failure_reason_code, "
            "policy_reason_code, fingerprint_hash, support_count, contradiction_count, last_seen_ts, confidence, "
            f"{_sql.ELIGIBILITY} AS decision, {_sql.STALE} AS stale, evidence FROM capsule ORDER BY derived_upsert_key",
            params,
        ).fetchall()
        return thresholds, rows

    def _documents(
        self, thresholds: ModelEligibilityPolicy, evaluated_at: str, rows: list[tuple[Any, ...]]
    ) -> list[dict[str, Any]]:
        eligibility = {"policy": thresholds.model_dump(mode="json"), "evaluated_at": evaluated_at}
        return [
            {
                "artifact_kind": "capsule",
                "schema_version": self.schema_version,
                "derived_upsert_key": key,
                "task_spec": {
                    "scope": scope,
                    "target": {"kind": kind, "id": target},
                    "action": {"kind": action},
                    "failure_reason_code": failure,
                    "policy_reason_code": policy_code,
                },
                "fingerprint_hash": fingerprint,
                "binder_version": self.binder_version,
                "support_count": support,
                "contradiction_count": contradictions,
                "last_seen_ts": last_seen,
                "confidence": confidence,
                "eligibility": {"decision": decision, **eligibility},
                "evidence_refs": evidence,
            }
            for (
                key, scope, kind, target, action, failure, policy_code, fingerprint, support, contradictions,
                last_seen, confidence, decision, _, evidence,
            ) in rows
        ]  # fmt: skip

    def view(self, name: str) -> list[dict[str, Any]]:
        """Return every row of a query primitive, in the contract's order (the view, unbounded)."""
        return self._select(name, "", {}, None)

    def query(
        self, name: str, filters: Mapping[str, Any] | None = None, limit: int = DEFAULT_LIMIT
    ) -> list[dict[str, Any]]:
        """Return a query primitive's rows that meet ``filters``, in the contract's order, at most ``limit``.

        The filters and the limit are the contract's (dome's query models check them: an unknown filter, a
        code of the wrong kind or a limit outside 1..200 raise ``pydantic.ValidationError``).
        """
        model = _QUERIES.get(name)
        if model is None:
            msg = f"no query primitive {name!r}; the binder has {', '.join(_QUERIES)}"
            raise ValueError(msg)
        query = model.model_validate({"rows": [], "filters": dict(filters or {}), "limit": limit})
        clauses: list[str] = []
        params: dict[str, Any] = {}
        for column, wanted in query.filters:
            if wanted is None:
                continue
            if column == "since":
                clauses.append("updated_us >= $since")
                params["since"] = micros(wanted)
            else:
                clauses.append(f"{column} = ${column}")
                params[column] = wanted.value if isinstance(wanted, Enum) else wanted
        return self._select(name, " AND ".join(clauses), params, query.limit)

    def _select(
        self, name: str, where: str, params: dict[str, Any], limit: int | None
    ) -> list[dict[str, Any]]:
        columns = ", ".join(_sql.COLUMNS[name])
        sql = f"SELECT {columns} FROM {name}"  # names and columns are the binder's own
        sql += f" WHERE {where}" if where else ""
        sql += f" ORDER BY {_sql.ORDER[name]}" + (" LIMIT $limit" if limit is not None else "")
        cursor = self.connection.execute(sql, params | ({"limit": limit} if limit is not None else {}))
        return [dict(zip(_sql.COLUMNS[name], row, strict=True)) for row in cursor.fetchall()]

    def export(self, evaluated_at: str, policy: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
        """Return everything the store holds, in the shape and order of dome's ``replay``."""
        return {
            "task_facts": self.task_facts(),
            "binder_facts": self.binder_facts(),
            "capsules": self.capsules(evaluated_at, policy),
            "recent_failures_by_taskspec": self.view("mv_recent_failures_by_taskspec"),
            "gate_rollup_by_failure_reason_code": self.view("mv_gate_rollup_by_failure_reason_code"),
            "guard_denials_by_policy_reason_code": self.view("mv_guard_denials_by_policy_reason_code"),
        }
