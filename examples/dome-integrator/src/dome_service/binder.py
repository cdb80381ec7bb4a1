"""The binder: derives one row per derivable wrapper envelope, upserted by key.

A wrapper is derived from when the run's fallback policy allows it (``decide``). Its idempotency key makes a
replayed wrapper a no-op; its upsert key gathers the same failure of the same TaskSpec keys, so a second,
distinct wrapper of that failure raises the row's support instead of adding a row.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any, Final, Literal

from dome_service import keys
from dome_service.documents import AnomalyTrigger, Signal, WrapperPolicy, parse_wrapper_envelope

Basis = Literal["failure", "denial", "anomaly", "evidence", "fact"]
_BASIS: Final[Mapping[Signal, Basis]] = MappingProxyType(
    {
        "failed_gate": "failure",
        "spec_test_failure": "failure",
        "fuzz_failure": "failure",
        "guard_denial": "denial",
        "anomaly": "anomaly",
        "promoted_evidence": "evidence",
    }
)
_EXPLICIT: Final = frozenset({"failure", "denial"})


def decide(
    policy: WrapperPolicy,
    signal: Signal | None,
    trigger: AnomalyTrigger | None,
    active_triggers: Iterable[AnomalyTrigger],
) -> Basis | None:
    """Return what a derivation rests on, or None when the policy does not derive from this fact.

    strict: explicit failure or denial wrappers only. hybrid: also an anomaly wrapper whose trigger is active
    at the same version. lenient: every wrapper, and facts without one.
    """
    if signal is None:
        return "fact" if policy == "lenient" else None
    basis = _BASIS[signal]
    if policy == "lenient" or basis in _EXPLICIT:
        return basis
    if policy == "hybrid" and basis == "anomaly" and trigger in tuple(active_triggers):
        return basis
    return None


@dataclass(frozen=True)
class BinderRow:
    """A derived row: the TaskSpec keys of a failure, its fingerprint, and how often it was seen."""

    upsert_key: str
    idempotency_key: str
    run_id: str
    group_id: str
    scope: str
    target_kind: str
    target_id: str
    action_kind: str
    failure_reason_code: str
    policy_reason_code: str | None
    fingerprint_hash: str
    basis: Basis
    support_count: int = 1


class Binder:
    """An in-memory binder store (a real service would upsert the same rows into its database)."""

    def __init__(
        self, *, active_triggers: Sequence[AnomalyTrigger] = (), binder_version: str = keys.BINDER_VERSION
    ) -> None:
        """Start an empty store; ``active_triggers`` are the anomaly triggers in force (hybrid policy)."""
        self.active_triggers = tuple(active_triggers)
        self.binder_version = binder_version
        self.rows: dict[str, BinderRow] = {}
        self._seen: set[str] = set()

    def ingest(
        self, document: Any, *, gates: Sequence[str] = (), signature: str | None = None
    ) -> BinderRow | None:
        """Parse a wrapper envelope and derive from it; return its row, or None when the policy does not.

        Raises ``pydantic.ValidationError`` for an invalid envelope: it is rejected, never skipped silently.
        """
        envelope = parse_wrapper_envelope(document)
        basis = decide(
            envelope.wrapper_policy, envelope.signal, envelope.anomaly_trigger, self.active_triggers
        )
        if basis is None:
            return None
        spec = envelope.task_spec
        # a wrapper about a whole run has no task id: it binds under its evidence group
        task_id = envelope.task_id or envelope.group_id
        idempotency = keys.idempotency_key(envelope.run_id, task_id, envelope.group_id, self.binder_version)
        failure = spec.failure_reason_code.value
        policy = spec.policy_reason_code.value if spec.policy_reason_code else None
        fingerprint = keys.fingerprint_hash(
            keys.FingerprintSource(failure, policy, gates=gates, signature=signature)
        )
        upsert = keys.upsert_key(
            scope=spec.scope,
            target_kind=spec.target.kind,
            target_id=spec.target.id,
            action_kind=spec.action.kind,
            failure_reason_code=failure,
            fingerprint=fingerprint,
            binder_version=self.binder_version,
        )
        existing = self.rows.get(upsert)
        if idempotency in self._seen:
            return existing  # a replay: nothing changes
        self._seen.add(idempotency)
        if existing is not None:
            self.rows[upsert] = replace(existing, support_count=existing.support_count + 1)
            return self.rows[upsert]
        row = BinderRow(
            upsert_key=upsert,
            idempotency_key=idempotency,
            run_id=envelope.run_id,
            group_id=envelope.group_id,
            scope=spec.scope,
            target_kind=spec.target.kind,
            target_id=spec.target.id,
            action_kind=spec.action.kind,
            failure_reason_code=failure,
            policy_reason_code=policy,
            fingerprint_hash=fingerprint,
            basis=basis,
        )
        self.rows[upsert] = row
        return row
