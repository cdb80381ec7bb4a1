"""The binder's DuckDB schema: its tables, the capsule maintenance query and the three query primitives.

Timestamps are kept twice: the text the event wrote (what the contract returns) and its instant in epoch
microseconds (what orders and compares), because a database's own timestamp text is not the contract's.
"""

from typing import Final

TABLES: Final = """
CREATE TABLE IF NOT EXISTS event_log (
    run_id VARCHAR NOT NULL,
    event_id VARCHAR NOT NULL,
    body_sha256 VARCHAR NOT NULL,
    PRIMARY KEY (run_id, event_id)
);
CREATE TABLE IF NOT EXISTS task_fact (
    run_id VARCHAR NOT NULL,
    task_id VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    failure_reason_code VARCHAR,
    policy_reason_code VARCHAR,
    attempts BIGINT NOT NULL,
    duration_ms BIGINT NOT NULL,
    worker_model VARCHAR NOT NULL,
    evidence_capsule_path VARCHAR,
    updated_ts VARCHAR NOT NULL,
    updated_us BIGINT NOT NULL,
    sequence BIGINT NOT NULL,
    event_id VARCHAR NOT NULL,
    PRIMARY KEY (run_id, task_id)
);
CREATE TABLE IF NOT EXISTS binding (
    idempotency_key VARCHAR PRIMARY KEY,
    derived_upsert_key VARCHAR NOT NULL,
    run_id VARCHAR NOT NULL,
    task_id VARCHAR NOT NULL,
    group_id VARCHAR NOT NULL,
    scope VARCHAR NOT NULL,
    target_kind VARCHAR NOT NULL,
    target_id VARCHAR NOT NULL,
    action_kind VARCHAR NOT NULL,
    failure_reason_code VARCHAR,
    policy_reason_code VARCHAR,
    fingerprint_hash VARCHAR NOT NULL,
    observed_ts VARCHAR NOT NULL,
    observed_us BIGINT NOT NULL,
    sequence BIGINT NOT NULL,
    event_id VARCHAR NOT NULL,
    evidence_paths VARCHAR[] NOT NULL,
    evidence_sha256s VARCHAR[] NOT NULL
);
CREATE TABLE IF NOT EXISTS success (
    run_id VARCHAR NOT NULL,
    event_id VARCHAR NOT NULL,
    scope VARCHAR NOT NULL,
    target_kind VARCHAR NOT NULL,
    target_id VARCHAR NOT NULL,
    action_kind VARCHAR NOT NULL,
    observed_us BIGINT NOT NULL,
    PRIMARY KEY (run_id, event_id)
);
CREATE TABLE IF NOT EXISTS capsule (
    derived_upsert_key VARCHAR PRIMARY KEY,
    idempotency_key VARCHAR NOT NULL,
    run_id VARCHAR NOT NULL,
    task_id VARCHAR NOT NULL,
    group_id VARCHAR NOT NULL,
    scope VARCHAR NOT NULL,
    target_kind VARCHAR NOT NULL,
    target_id VARCHAR NOT NULL,
    action_kind VARCHAR NOT NULL,
    failure_reason_code VARCHAR,
    policy_reason_code VARCHAR,
    fingerprint_hash VARCHAR NOT NULL,
    support_count BIGINT NOT NULL,
    contradiction_count BIGINT NOT NULL,
    last_seen_ts VARCHAR NOT NULL,
    last_seen_us BIGINT NOT NULL,
    confidence DOUBLE NOT NULL,
    evidence STRUCT(path VARCHAR, sha256 VARCHAR)[] NOT NULL
);
"""

# The later of two events of one run wins: replay order (sequence, ts, event_id), as the contract's replay.
LATER: Final = """
    excluded.sequence > {t}.sequence
    OR (excluded.sequence = {t}.sequence AND excluded.{us} > {t}.{us})
    OR (excluded.sequence = {t}.sequence AND excluded.{us} = {t}.{us} AND excluded.event_id > {t}.event_id)
"""

UPSERT_TASK_FACTS: Final = f"""
INSERT INTO task_fact
SELECT * FROM new_task_fact
QUALIFY row_number() OVER (
    PARTITION BY run_id, task_id ORDER BY sequence DESC, updated_us DESC, event_id DESC
) = 1
ON CONFLICT (run_id, task_id) DO UPDATE SET
    status = excluded.status,
    failure_reason_code = excluded.failure_reason_code,
    policy_reason_code = excluded.policy_reason_code,
    attempts = excluded.attempts,
    duration_ms = excluded.duration_ms,
    worker_model = excluded.worker_model,
    evidence_capsule_path = excluded.evidence_capsule_path,
    updated_ts = excluded.updated_ts,
    updated_us = excluded.updated_us,
    sequence = excluded.sequence,
    event_id = excluded.event_id
WHERE {LATER.format(t="task_fact", us="updated_us")}
"""

UPSERT_BINDINGS: Final = f"""
INSERT INTO binding
SELECT * FROM new_binding
QUALIFY row_number() OVER (
    PARTITION BY idempotency_key ORDER BY sequence DESC, observed_us DESC, event_id DESC
) = 1
ON CONFLICT (idempotency_key) DO UPDATE SET
    derived_upsert_key = excluded.derived_upsert_key,
    scope = excluded.scope,
    target_kind = excluded.target_kind,
    target_id = excluded.target_id,
    action_kind = excluded.action_kind,
    failure_reason_code = excluded.failure_reason_code,
    policy_reason_code = excluded.policy_reason_code,
    fingerprint_hash = excluded.fingerprint_hash,
    observed_ts = excluded.observed_ts,
    observed_us = excluded.observed_us,
    sequence = excluded.sequence,
    event_id = excluded.event_id,
    evidence_paths = excluded.evidence_paths,
    evidence_sha256s = excluded.evidence_sha256s
WHERE {LATER.format(t="binding", us="observed_us")}
"""

# dome's maintain_capsule over the bindings of the touched keys: the earliest binding (ts, run_id,
# sequence, event_id) mints; a binding after the first success that followed the first binding contradicts.
MAINTAIN_CAPSULES: Final = """
INSERT OR REPLACE INTO capsule
WITH bound AS (
    SELECT *,
        row_number() OVER (
            PARTITION BY derived_upsert_key ORDER BY observed_us, run_id, sequence, event_id
        ) AS position,
        min(observed_us) OVER (PARTITION BY derived_upsert_key) AS first_us
    FROM binding
    WHERE derived_upsert_key IN (SELECT derived_upsert_key FROM touched)
),
minted AS (SELECT * FROM bound WHERE position = 1),
first_success AS (
    SELECT m.derived_upsert_key, min(s.observed_us) AS success_us
    FROM minted AS m
    JOIN success AS s
        ON s.scope = m.scope AND s.target_kind = m.target_kind AND s.target_id = m.target_id
        AND s.action_kind = m.action_kind AND s.observed_us > m.first_us
    GROUP BY m.derived_upsert_key
),
counted AS (
    SELECT b.derived_upsert_key,
        count(*) AS bindings,
        count(*) FILTER (WHERE b.observed_us > f.success_us) AS contradictions,
        first(b.observed_ts ORDER BY b.observed_us DESC, b.observed_ts DESC) AS last_seen_ts,
        max(b.observed_us) AS last_seen_us
    FROM bound AS b
    LEFT JOIN first_success AS f USING (derived_upsert_key)
    GROUP BY b.derived_upsert_key
),
evidence AS (
    SELECT derived_upsert_key, list_sort(list_distinct(list({'path': path, 'sha256': sha256}))) AS evidence
    FROM (
        SELECT derived_upsert_key, unnest(evidence_paths) AS path, unnest(evidence_sha256s) AS sha256
        FROM bound
    )
    GROUP BY derived_upsert_key
)
SELECT m.derived_upsert_key, m.idempotency_key, m.run_id, m.task_id, m.group_id, m.scope, m.target_kind,
    m.target_id, m.action_kind, m.failure_reason_code, m.policy_reason_code, m.fingerprint_hash,
    c.bindings - c.contradictions AS support_count,
    c.contradictions AS contradiction_count,
    c.last_seen_ts,
    c.last_seen_us,
    (c.bindings - c.contradictions + 1)::DOUBLE / (c.bindings + 2) AS confidence,
    coalesce(e.evidence, []) AS evidence
FROM minted AS m
JOIN counted AS c USING (derived_upsert_key)
LEFT JOIN evidence AS e USING (derived_upsert_key)  -- a binding always has evidence; the maintenance vectors give none
"""

# Staleness and eligibility at a time, under thresholds: dome's stale() and eligibility(), exact on microseconds.
STALE: Final = "($evaluated_us - last_seen_us > $max_staleness_days * 86400000000)"
ELIGIBILITY: Final = f"""
CASE
    WHEN contradiction_count::DOUBLE / (support_count + contradiction_count) > $max_contradiction_rate
        OR {STALE} THEN 'shadow'
    WHEN support_count >= $min_support AND confidence >= $min_confidence THEN 'prescriptive'
    ELSE 'guided'
END
"""

VIEWS: Final = """
CREATE OR REPLACE VIEW mv_recent_failures_by_taskspec AS
SELECT run_id, task_id, status, failure_reason_code, policy_reason_code, attempts, duration_ms, worker_model,
    evidence_capsule_path, updated_ts, updated_us
FROM task_fact
WHERE status = 'FAIL'
ORDER BY updated_us DESC, run_id, task_id;

CREATE OR REPLACE VIEW mv_gate_rollup_by_failure_reason_code AS
SELECT failure_reason_code, worker_model, status, count(*) AS task_count
FROM task_fact
GROUP BY failure_reason_code, worker_model, status
ORDER BY task_count DESC, failure_reason_code NULLS LAST, worker_model, status;

CREATE OR REPLACE VIEW mv_guard_denials_by_policy_reason_code AS
SELECT run_id, task_id, policy_reason_code, status, updated_ts, updated_us
FROM task_fact
WHERE policy_reason_code IS NOT NULL
ORDER BY updated_us DESC, run_id, task_id;
"""
"""The query primitives: each view holds its rows and states the contract's order, which every query
restates (DuckDB does not promise a view's order to a query that filters it)."""

COLUMNS: Final = {
    "mv_recent_failures_by_taskspec": (
        "run_id", "task_id", "status", "failure_reason_code", "policy_reason_code", "attempts", "duration_ms",
        "worker_model", "evidence_capsule_path", "updated_ts",
    ),
    "mv_gate_rollup_by_failure_reason_code": ("failure_reason_code", "worker_model", "status", "task_count"),
    "mv_guard_denials_by_policy_reason_code": ("run_id", "task_id", "policy_reason_code", "status", "updated_ts"),
}  # fmt: skip
"""The contract's columns of each query primitive (the views also carry the instant they order by)."""

ORDER: Final = {
    "mv_recent_failures_by_taskspec": "updated_us DESC, run_id, task_id",
    "mv_gate_rollup_by_failure_reason_code": "task_count DESC, failure_reason_code NULLS LAST, worker_model, status",
    "mv_guard_denials_by_policy_reason_code": "updated_us DESC, run_id, task_id",
}
