"""The store's contract functions (since 0.3.0): capsule maintenance, prescriptive eligibility, queries, replay.

Every value a store keeps is a function of the *set* of events it ingested, never of their order or of how
often each arrived: replaying a snapshot twice, or in other batches, gives the same rows. ``replay`` is the
reference: a store (``examples/dome-binder`` on DuckDB) must give exactly its output for the same snapshot.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Final, TypeVar

from pydantic import BaseModel

from treaty_dome_models._canonical import canonical_json
from treaty_dome_models._functions import (
    eligibility,
    fallback_decision,
    fingerprint_hash,
    idempotency_key,
    json_function,
    order_gate_rollup,
    order_guard_denials,
    order_recent_failures,
    stale,
    to_json,
    upsert_key,
)
from treaty_dome_models._types import instant
from treaty_dome_models.enums import EnumEligibility, EnumSignal, EnumTaskStatus
from treaty_dome_models.models.model_binder_fact import ModelBinderFact
from treaty_dome_models.models.model_capsule import ModelCapsule
from treaty_dome_models.models.model_contract_inputs import (
    ModelEligibilityInput,
    ModelFallbackInput,
    ModelFallbackWrapper,
    ModelFingerprintInput,
    ModelIdempotencyKeyInput,
    ModelUpsertKeyInput,
)
from treaty_dome_models.models.model_event_envelope import ModelEventEnvelope
from treaty_dome_models.models.model_query_rows import (
    ModelGateRollupRow,
    ModelGuardDenialRow,
    ModelRecentFailureRow,
)
from treaty_dome_models.models.model_store_inputs import (
    TOPIC_TASK_RESULT,
    TOPIC_WRAPPER,
    ModelBinding,
    ModelGateRollupQuery,
    ModelGuardDenialsQuery,
    ModelMaintenance,
    ModelMaintenanceInput,
    ModelPrescriptiveDecision,
    ModelPrescriptiveInput,
    ModelRecentFailuresQuery,
    ModelReplayInput,
    ModelTaskFact,
    ModelTaskResult,
)
from treaty_dome_models.models.model_task_spec import ModelTaskSpecKeys
from treaty_dome_models.models.model_wrapper_envelope import ModelEvidenceRef, ModelWrapperEnvelope

Row = TypeVar("Row", bound=BaseModel)


def latest(stamps: Iterable[str]) -> str:
    """Return the latest of UTC timestamps; of texts naming one instant, the greatest in code point order."""
    return max(stamps, key=lambda stamp: (instant(stamp), stamp))


def maintain_capsule(source: ModelMaintenanceInput) -> ModelMaintenance:
    """Return a capsule's maintained values, from its bindings and the successes of its TaskSpec keys.

    - A binding counts once however often it is replayed (by idempotency key; one key observed at two
      different times is refused).
    - A contradiction is a failure after a prior success: a binding observed after the first success of
      the capsule's TaskSpec keys that followed its first binding. Every other binding is support, so the
      binding that minted the capsule always is, and ``support_count`` is at least 1.
    - ``last_seen_ts`` is the latest binding (``latest``); ``stale`` says it is older than the policy's
      ``max_staleness_days`` at ``evaluated_at``.
    - ``confidence`` is Laplace's rule of succession, (support + 1) / (support + contradictions + 2), one
      IEEE 754 division: more support raises it, contradictions lower it.
    - ``decision`` is ``eligibility()`` of the result.
    """
    observed: dict[str, str] = {}
    for binding in source.bindings:
        if observed.setdefault(binding.idempotency_key, binding.observed_at) != binding.observed_at:
            msg = f"binding {binding.idempotency_key} is observed at two different times"
            raise ValueError(msg)
    first = min(instant(stamp) for stamp in observed.values())
    success = min((instant(s) for s in source.successes if instant(s) > first), default=None)
    contradictions = sum(1 for stamp in observed.values() if success is not None and instant(stamp) > success)
    support = len(observed) - contradictions
    last_seen = latest(observed.values())
    confidence = (support + 1) / (support + contradictions + 2)
    decision = eligibility(
        ModelEligibilityInput(
            support_count=support,
            contradiction_count=contradictions,
            confidence=confidence,
            last_seen_ts=last_seen,
            evaluated_at=source.evaluated_at,
            policy=source.policy,
        ),
    )
    return ModelMaintenance(
        support_count=support,
        contradiction_count=contradictions,
        last_seen_ts=last_seen,
        confidence=confidence,
        stale=stale(last_seen, source.evaluated_at, source.policy.max_staleness_days),
        decision=decision,
    )


def prescriptive_eligibility(state: ModelPrescriptiveInput) -> ModelPrescriptiveDecision:
    """Decide whether the planner may apply a capsule single-shot: its eligibility, and guard compatibility.

    A capsule is guard-compatible when no guard denied the work it was minted from (its TaskSpec has no
    ``policy_reason_code``) and the guards in force deny nothing for its TaskSpec. An incompatible
    capsule is at most guided: a suggestion, never applied automatically. Contradictions and staleness
    still degrade it to shadow first.
    """
    own = eligibility(state)
    compatible = state.policy_reason_code is None and not state.guard_denials
    capped = own is EnumEligibility.PRESCRIPTIVE and not compatible
    return ModelPrescriptiveDecision(
        decision=EnumEligibility.GUIDED if capped else own, eligibility=own, guard_compatible=compatible
    )


def _matches(row: BaseModel, filters: BaseModel) -> bool:
    """Whether a row meets every filter given (``since``: updated at or after it, as instants)."""
    values = dict(row)
    for name, wanted in filters:
        if wanted is None:
            continue
        if name == "since":
            if instant(values["updated_ts"]) < instant(wanted):
                return False
        elif values[name] != wanted:
            return False
    return True


def recent_failures_view(facts: Iterable[ModelTaskFact]) -> list[ModelRecentFailureRow]:
    """Return every failed task fact as a recent-failure row, in the contract's order (the view, unbounded)."""
    failed = [fact for fact in facts if fact.status is EnumTaskStatus.FAIL]
    return order_recent_failures(
        ModelRecentFailureRow.model_validate(f.model_dump(mode="json")) for f in failed
    )


def gate_rollup_view(facts: Iterable[ModelTaskFact]) -> list[ModelGateRollupRow]:
    """Return the task facts counted by (failure_reason_code, worker_model, status), in the contract's order."""
    counts = Counter((fact.failure_reason_code, fact.worker_model, fact.status) for fact in facts)
    return order_gate_rollup(
        ModelGateRollupRow(failure_reason_code=code, worker_model=model, status=status, task_count=count)
        for (code, model, status), count in counts.items()
    )


def guard_denials_view(facts: Iterable[ModelTaskFact]) -> list[ModelGuardDenialRow]:
    """Return every task fact a guard denied (whatever its status) as a guard-denial row, in the contract's order."""
    denied = [fact for fact in facts if fact.policy_reason_code is not None]
    return order_guard_denials(
        ModelGuardDenialRow.model_validate(
            fact.model_dump(
                mode="json", include={"run_id", "task_id", "policy_reason_code", "status", "updated_ts"}
            )
        )
        for fact in denied
    )


def recent_failures_by_taskspec(query: ModelRecentFailuresQuery) -> list[ModelRecentFailureRow]:
    """Return the failed task facts that meet the filters, newest first, at most ``limit`` of them."""
    return recent_failures_view(f for f in query.rows if _matches(f, query.filters))[: query.limit]


def gate_rollup_by_failure_reason_code(query: ModelGateRollupQuery) -> list[ModelGateRollupRow]:
    """Return the rollup's groups that meet the filters, largest first, at most ``limit`` of them."""
    return [row for row in gate_rollup_view(query.rows) if _matches(row, query.filters)][: query.limit]


def guard_denials_by_policy_reason_code(query: ModelGuardDenialsQuery) -> list[ModelGuardDenialRow]:
    """Return the denied task facts that meet the filters, newest first, at most ``limit`` of them."""
    return guard_denials_view(f for f in query.rows if _matches(f, query.filters))[: query.limit]


@dataclass(frozen=True)
class _Bound:
    """A derived wrapper: its keys, its TaskSpec, when and where its event was."""

    lineage: tuple[Any, ...]
    idempotency_key: str
    upsert_key: str
    run_id: str
    task_id: str
    group_id: str
    spec: ModelTaskSpecKeys
    fingerprint_hash: str
    observed_at: str
    evidence_refs: tuple[ModelEvidenceRef, ...]


def _spec_key(spec: ModelTaskSpecKeys) -> tuple[str, str, str, str]:
    """Return the TaskSpec keys a success is matched on: scope, target kind and id, action kind."""
    return (spec.scope.value, spec.target.kind.value, spec.target.id, spec.action.kind.value)


def _unique(events: Sequence[ModelEventEnvelope]) -> list[ModelEventEnvelope]:
    """Return the events once each, by (run_id, event_id); refuse one id carrying two different events."""
    seen: dict[tuple[str, str], bytes] = {}
    out = []
    for event in events:
        body = canonical_json(event.model_dump(mode="json"))
        known = seen.setdefault((event.run_id, event.event_id), body)
        if known != body:
            msg = f"event {event.event_id} of run {event.run_id} arrives twice with different contents"
            raise ValueError(msg)
        if known is body:
            out.append(event)
    return out


def _lineage(event: ModelEventEnvelope) -> tuple[Any, ...]:
    """Return the replay order of a run (sequence, ts, event_id): the later of two results or wrappers wins."""
    return (event.run_id, event.sequence, instant(event.ts), event.event_id)


def _bind(snapshot: ModelReplayInput, event: ModelEventEnvelope, wrapper: ModelWrapperEnvelope) -> _Bound:
    spec = wrapper.task_spec
    task_id = wrapper.task_id or wrapper.group_id  # a wrapper about a whole run binds under its group
    dimensions = wrapper.fingerprint.model_dump() if wrapper.fingerprint else {}
    fingerprint = fingerprint_hash(
        ModelFingerprintInput(
            failure_reason_code=spec.failure_reason_code,
            policy_reason_code=spec.policy_reason_code,
            **dimensions,
        ),
    )
    return _Bound(
        lineage=(instant(event.ts), event.run_id, event.sequence, event.event_id),
        idempotency_key=idempotency_key(
            ModelIdempotencyKeyInput(
                run_id=wrapper.run_id,
                task_id=task_id,
                group_id=wrapper.group_id,
                binder_version=snapshot.binder_version,
            ),
        ),
        upsert_key=upsert_key(
            ModelUpsertKeyInput(
                scope=spec.scope,
                target_kind=spec.target.kind,
                target_id=spec.target.id,
                action_kind=spec.action.kind,
                failure_reason_code=spec.failure_reason_code,
                fingerprint_hash=fingerprint,
                binder_version=snapshot.binder_version,
            ),
        ),
        run_id=wrapper.run_id,
        task_id=task_id,
        group_id=wrapper.group_id,
        spec=spec,
        fingerprint_hash=fingerprint,
        observed_at=event.ts,
        evidence_refs=wrapper.evidence_refs,
    )


def _wrapper(event: ModelEventEnvelope) -> ModelWrapperEnvelope:
    wrapper = ModelWrapperEnvelope.model_validate(event.payload)
    if (wrapper.event_id, wrapper.sequence, wrapper.run_id) != (event.event_id, event.sequence, event.run_id):
        msg = f"the wrapper's lineage (event_id, sequence, run_id) differs from its event {event.event_id}'s"
        raise ValueError(msg)
    return wrapper


def _fact(event: ModelEventEnvelope) -> ModelTaskFact:
    result = ModelTaskResult.model_validate(event.payload)
    return ModelTaskFact(run_id=event.run_id, updated_ts=event.ts, **result.model_dump())


def replay(snapshot: ModelReplayInput) -> dict[str, list[Any]]:
    """Return what a store holds after ingesting the snapshot's events: facts, capsules and the three views.

    - Events count once by (run_id, event_id); other topics than ``task.result`` and ``wrapper`` are ignored.
    - A task fact is the last ``task.result`` of (run_id, task_id) in replay order (sequence, ts, event_id).
    - A wrapper is derived from when ``fallback_decision`` says so under its own ``wrapper_policy``; the last
      one of an idempotency key is its binding. A ``promoted_evidence`` wrapper is also a success of its
      TaskSpec keys, whatever the policy.
    - Bindings sharing an upsert key make one binder fact and one capsule: the earliest binding (by ts, then
      run_id, sequence, event_id) names it, ``maintain_capsule`` gives its counters, and its evidence is
      every binding's, once each, sorted by path then sha256.
    - The views are the query primitives without filters or limit.
    Rows are sorted: task facts by (run_id, task_id), binder facts and capsules by derived_upsert_key.
    """
    facts: dict[tuple[str, str], ModelTaskFact] = {}
    bindings: dict[str, _Bound] = {}
    successes: defaultdict[tuple[str, str, str, str], list[str]] = defaultdict(list)
    for event in sorted(_unique(snapshot.events), key=_lineage):
        if event.topic == TOPIC_TASK_RESULT:
            fact = _fact(event)
            facts[fact.run_id, fact.task_id] = fact
        elif event.topic == TOPIC_WRAPPER:
            wrapper = _wrapper(event)
            if wrapper.signal is EnumSignal.PROMOTED_EVIDENCE:
                successes[_spec_key(wrapper.task_spec)].append(event.ts)
            question = ModelFallbackInput(
                policy=wrapper.wrapper_policy,
                wrapper=ModelFallbackWrapper(signal=wrapper.signal, anomaly_trigger=wrapper.anomaly_trigger),
                active_triggers=snapshot.active_triggers,
            )
            if fallback_decision(question).derive:
                bound = _bind(snapshot, event, wrapper)
                bindings[bound.idempotency_key] = bound
    groups: defaultdict[str, list[_Bound]] = defaultdict(list)
    for bound in bindings.values():
        groups[bound.upsert_key].append(bound)
    binder_facts, capsules = [], []
    for key in sorted(groups):
        group = groups[key]
        minted = min(group, key=lambda b: b.lineage)
        kept = maintain_capsule(
            ModelMaintenanceInput(
                bindings=tuple(
                    ModelBinding(idempotency_key=b.idempotency_key, observed_at=b.observed_at) for b in group
                ),
                successes=tuple(successes[_spec_key(minted.spec)]),
                evaluated_at=snapshot.evaluated_at,
                policy=snapshot.policy,
            ),
        )
        binder_facts.append(_binder_fact(snapshot, minted, kept))
        capsules.append(_capsule(snapshot, minted, kept, group))
    ordered_facts = [facts[key] for key in sorted(facts)]
    return {
        "task_facts": to_json(ordered_facts),
        "binder_facts": binder_facts,
        "capsules": capsules,
        "recent_failures_by_taskspec": to_json(recent_failures_view(ordered_facts)),
        "gate_rollup_by_failure_reason_code": to_json(gate_rollup_view(ordered_facts)),
        "guard_denials_by_policy_reason_code": to_json(guard_denials_view(ordered_facts)),
    }


def _binder_fact(snapshot: ModelReplayInput, minted: _Bound, kept: ModelMaintenance) -> Any:
    spec = minted.spec
    return to_json(
        ModelBinderFact(
            artifact_kind="binder_fact",
            schema_version=snapshot.schema_version,
            derived_upsert_key=minted.upsert_key,
            idempotency_key=minted.idempotency_key,
            run_id=minted.run_id,
            task_id=minted.task_id,
            group_id=minted.group_id,
            scope=spec.scope,
            target_kind=spec.target.kind,
            target_id=spec.target.id,
            action_kind=spec.action.kind,
            failure_reason_code=spec.failure_reason_code,
            policy_reason_code=spec.policy_reason_code,
            fingerprint_hash=minted.fingerprint_hash,
            binder_version=snapshot.binder_version,
            support_count=kept.support_count,
            contradiction_count=kept.contradiction_count,
            last_seen_ts=kept.last_seen_ts,
        ),
    )


def _capsule(snapshot: ModelReplayInput, minted: _Bound, kept: ModelMaintenance, group: list[_Bound]) -> Any:
    evidence = sorted({(ref.path, ref.sha256) for bound in group for ref in bound.evidence_refs})
    return to_json(
        ModelCapsule.model_validate(
            {
                "artifact_kind": "capsule",
                "schema_version": snapshot.schema_version,
                "derived_upsert_key": minted.upsert_key,
                "task_spec": minted.spec.model_dump(mode="json"),
                "fingerprint_hash": minted.fingerprint_hash,
                "binder_version": snapshot.binder_version,
                "support_count": kept.support_count,
                "contradiction_count": kept.contradiction_count,
                "last_seen_ts": kept.last_seen_ts,
                "confidence": kept.confidence,
                "eligibility": {
                    "decision": kept.decision.value,
                    "policy": snapshot.policy.model_dump(mode="json"),
                    "evaluated_at": snapshot.evaluated_at,
                },
                "evidence_refs": [{"path": path, "sha256": sha256} for path, sha256 in evidence],
            },
        ),
    )


STORE_FUNCTIONS: Final[MappingProxyType[str, Callable[[Any], Any]]] = MappingProxyType(
    {
        "maintain_capsule": json_function(ModelMaintenanceInput, maintain_capsule),
        "prescriptive_eligibility": json_function(ModelPrescriptiveInput, prescriptive_eligibility),
        "recent_failures_by_taskspec": json_function(ModelRecentFailuresQuery, recent_failures_by_taskspec),
        "gate_rollup_by_failure_reason_code": json_function(
            ModelGateRollupQuery, gate_rollup_by_failure_reason_code
        ),
        "guard_denials_by_policy_reason_code": json_function(
            ModelGuardDenialsQuery, guard_denials_by_policy_reason_code
        ),
        "replay": json_function(ModelReplayInput, replay),
    },
)
"""The store's contract functions at the JSON level, by name (since 0.3.0)."""
