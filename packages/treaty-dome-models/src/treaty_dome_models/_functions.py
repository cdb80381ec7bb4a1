"""The contract functions of the dome family: pure and deterministic, pinned by the vectors of each version.

Every function takes validated models (or plain values) and returns plain values; ``FUNCTIONS`` exposes
each one at the JSON level (a JSON value in, a JSON value out) for the behaviour vectors in
``fixtures/dome/<version>/vectors/``.
"""

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from types import MappingProxyType
from typing import Any, Final, TypeVar

from pydantic import BaseModel
from treaty_xtrl_models import EnumPolicyReasonCode

from treaty_dome_models._canonical import canonical_json, parse_json
from treaty_dome_models._types import instant
from treaty_dome_models.enums import EnumDerivationBasis, EnumEligibility, EnumSignal, EnumWrapperPolicy
from treaty_dome_models.models.model_contract_inputs import (
    ModelEligibilityInput,
    ModelFallbackDecision,
    ModelFallbackInput,
    ModelFingerprintInput,
    ModelGuardDenialInput,
    ModelIdempotencyKeyInput,
    ModelUpsertKeyInput,
)
from treaty_dome_models.models.model_query_rows import (
    ModelGateRollupRow,
    ModelGuardDenialRow,
    ModelRecentFailureRow,
)
from treaty_dome_models.models.model_task_spec import ModelTaskSpecKeys, normalise_reason_fields

_SIGNAL_BASIS: Final = MappingProxyType(
    {
        EnumSignal.FAILED_GATE: EnumDerivationBasis.FAILURE,
        EnumSignal.SPEC_TEST_FAILURE: EnumDerivationBasis.FAILURE,
        EnumSignal.FUZZ_FAILURE: EnumDerivationBasis.FAILURE,
        EnumSignal.GUARD_DENIAL: EnumDerivationBasis.DENIAL,
        EnumSignal.ANOMALY: EnumDerivationBasis.ANOMALY,
        EnumSignal.PROMOTED_EVIDENCE: EnumDerivationBasis.EVIDENCE,
    },
)
_EXPLICIT: Final = frozenset({EnumDerivationBasis.FAILURE, EnumDerivationBasis.DENIAL})

Spec = TypeVar("Spec", bound=ModelTaskSpecKeys)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_ASCII_SPACE: Final = " \t\n\r\f\v"
"""What trimming removes: ASCII white space only, so every language trims alike."""
_ASCII_UPPER: Final = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _trimmed(text: str, what: str) -> str:
    out = text.strip(_ASCII_SPACE)
    if not out:
        msg = f"{what} must not be blank"
        raise ValueError(msg)
    return out


def _lower(text: str) -> str:
    """Lower-case ASCII letters only (Unicode case mapping differs between languages and versions)."""
    return text.translate(_ASCII_UPPER)


def _dimensions(values: Mapping[str, str], what: str, value: Callable[[str], str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for raw_key, raw_value in values.items():
        key = _lower(_trimmed(raw_key, f"{what} names"))
        if key in out:
            msg = f"{what} {raw_key!r} repeats {key!r} once normalised (names are trimmed and lower-cased)"
            raise ValueError(msg)
        out[key] = value(_trimmed(raw_value, f"{what} values"))
    return out


def _version(text: str) -> str:
    return text[1:] if text[:1] in {"v", "V"} and text[1:2] in set("0123456789") else text


def fingerprint_payload(source: ModelFingerprintInput) -> dict[str, Any]:
    """Return the normalised payload a fingerprint hashes.

    Trimming removes ASCII white space and lower-casing maps ASCII letters only, so that every language
    computes the same payload. Gates are trimmed, de-duplicated and sorted by code point; dimension names
    are trimmed and lower-cased; version values are trimmed and lose a leading ``v`` before an ASCII digit;
    environment values are trimmed and lower-cased; the signature is trimmed. Blank values are refused.
    Every key is always present (null when absent), so the payload has one shape.
    """
    gates = {_trimmed(gate, "gates") for gate in source.gates}
    return {
        "environment": _dimensions(source.environment, "environment", _lower),
        "failure_reason_code": source.failure_reason_code.value if source.failure_reason_code else None,
        "gates": sorted(gates),
        "policy_reason_code": source.policy_reason_code.value if source.policy_reason_code else None,
        "signature": _trimmed(source.signature, "signature") if source.signature is not None else None,
        "versions": _dimensions(source.versions, "versions", _version),
    }


def fingerprint_hash(source: ModelFingerprintInput) -> str:
    """Return the lower-case hex sha256 of the RFC 8785 bytes of the normalised fingerprint payload."""
    return _sha256(canonical_json(fingerprint_payload(source)))


def _key(parts: list[Any]) -> str:
    """sha256 over the canonical JSON array of the parts: unambiguous, unlike a "|" join."""
    return _sha256(canonical_json(parts))


def idempotency_key(parts: ModelIdempotencyKeyInput) -> str:
    """Return the binder's idempotency key of (run_id, task_id, group_id, binder_version)."""
    return _key([parts.run_id, parts.task_id, parts.group_id, parts.binder_version])


def upsert_key(parts: ModelUpsertKeyInput) -> str:
    """Return the derived upsert key of (scope, target.kind, target.id, action.kind, failure_reason_code, fingerprint_hash, binder_version)."""
    return _key(
        [
            parts.scope.value,
            parts.target_kind.value,
            parts.target_id,
            parts.action_kind.value,
            parts.failure_reason_code.value if parts.failure_reason_code else None,
            parts.fingerprint_hash,
            parts.binder_version,
        ],
    )


def fallback_decision(question: ModelFallbackInput) -> ModelFallbackDecision:
    """Decide whether a fact may be derived from, under the run's fallback policy.

    strict: only explicit failure or denial wrappers. hybrid: also an anomaly wrapper whose trigger is in
    force at the same version. lenient: every wrapper, and facts without one.
    """
    wrapper = question.wrapper
    if wrapper is None:
        lenient = question.policy is EnumWrapperPolicy.LENIENT
        return ModelFallbackDecision(derive=lenient, basis=EnumDerivationBasis.FACT if lenient else None)
    basis = _SIGNAL_BASIS[wrapper.signal]
    if question.policy is EnumWrapperPolicy.LENIENT or basis in _EXPLICIT:
        derive = True
    elif question.policy is EnumWrapperPolicy.HYBRID and basis is EnumDerivationBasis.ANOMALY:
        derive = wrapper.anomaly_trigger in question.active_triggers
    else:
        derive = False
    return ModelFallbackDecision(derive=derive, basis=basis if derive else None)


def stale(last_seen_ts: str, evaluated_at: str, max_staleness_days: int) -> bool:
    """Whether more than ``max_staleness_days`` days passed from ``last_seen_ts`` to ``evaluated_at``.

    Exact (microseconds, no floating point); refuses an ``evaluated_at`` before ``last_seen_ts``.
    """
    age = instant(evaluated_at) - instant(last_seen_ts)
    if age < dt.timedelta(0):
        msg = "last_seen_ts is after evaluated_at"
        raise ValueError(msg)
    return age > dt.timedelta(days=max_staleness_days)


def eligibility(state: ModelEligibilityInput) -> EnumEligibility:
    """Decide how the planner may use a capsule: contradictions and staleness degrade it to shadow."""
    policy = state.policy
    old = stale(state.last_seen_ts, state.evaluated_at, policy.max_staleness_days)
    rate = state.contradiction_count / (state.support_count + state.contradiction_count)
    if rate > policy.max_contradiction_rate or old:
        return EnumEligibility.SHADOW
    if state.support_count >= policy.min_support and state.confidence >= policy.min_confidence:
        return EnumEligibility.PRESCRIPTIVE
    return EnumEligibility.GUIDED


def record_guard_denial(spec: Spec, code: EnumPolicyReasonCode) -> Spec:
    """Return the TaskSpec with a guard's denial recorded: policy_reason_code set, failure_reason_code kept."""
    return spec.model_validate(
        {**spec.model_dump(mode="json", exclude_unset=True), "policy_reason_code": code.value}
    )


def _newest_first(rows: Iterable[ModelRecentFailureRow | ModelGuardDenialRow]) -> list[Any]:
    # a stable sort by the tie-breakers, then by the instant (not the text: "10:00:00.5Z" < "10:00:00Z")
    ordered = sorted(rows, key=lambda r: (r.run_id, r.task_id))
    return sorted(ordered, key=lambda r: instant(r.updated_ts), reverse=True)


def order_recent_failures(rows: Iterable[ModelRecentFailureRow]) -> list[ModelRecentFailureRow]:
    """Order recent failures: updated_ts newest first, then run_id, then task_id (code point order)."""
    return _newest_first(rows)


def order_guard_denials(rows: Iterable[ModelGuardDenialRow]) -> list[ModelGuardDenialRow]:
    """Order guard denials: updated_ts newest first, then run_id, then task_id (code point order)."""
    return _newest_first(rows)


def order_gate_rollup(rows: Iterable[ModelGateRollupRow]) -> list[ModelGateRollupRow]:
    """Order the gate rollup: task_count largest first, then failure_reason_code (null last), worker_model, status."""
    return sorted(
        rows,
        key=lambda r: (
            -r.task_count,
            r.failure_reason_code is None,
            r.failure_reason_code.value if r.failure_reason_code else "",
            r.worker_model,
            r.status.value,
        ),
    )


def json_function(model: type[BaseModel], function: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Return ``function`` at the JSON level: its input validated by ``model``, its output as JSON values."""
    return lambda value: to_json(function(model.model_validate(value)))


def _rows(model: type[BaseModel], function: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def run(value: Any) -> Any:
        if not isinstance(value, list):
            msg = "expected a list of rows"
            raise TypeError(msg)
        return to_json(function([model.model_validate(row) for row in value]))

    return run


def to_json(value: Any) -> Any:
    """Return a function's result as JSON values: models dumped, enums by value, lists item by item."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [to_json(item) for item in value]
    return value.value if isinstance(value, Enum) else value


def _canonical(text: Any) -> str:
    if not isinstance(text, str):
        msg = "expected JSON text"
        raise TypeError(msg)
    return canonical_json(parse_json(text)).decode("utf-8")


def _fingerprint(source: ModelFingerprintInput) -> dict[str, str]:
    payload = canonical_json(fingerprint_payload(source))
    return {"payload": payload.decode("utf-8"), "fingerprint_hash": _sha256(payload)}


def _normalised(value: Any) -> Any:
    if not isinstance(value, Mapping):
        msg = "expected the TaskSpec keys as an object"
        raise TypeError(msg)
    return ModelTaskSpecKeys.model_validate(normalise_reason_fields(value)).model_dump(
        mode="json", exclude_unset=True
    )


def _denial(denial: ModelGuardDenialInput) -> Any:
    return record_guard_denial(denial.task_spec, denial.policy_reason_code)


FUNCTIONS: Final[MappingProxyType[str, Callable[[Any], Any]]] = MappingProxyType(
    {
        "canonical_json": _canonical,
        "fingerprint_hash": json_function(ModelFingerprintInput, _fingerprint),
        "idempotency_key": json_function(ModelIdempotencyKeyInput, idempotency_key),
        "upsert_key": json_function(ModelUpsertKeyInput, upsert_key),
        "fallback_decision": json_function(ModelFallbackInput, fallback_decision),
        "eligibility": json_function(ModelEligibilityInput, eligibility),
        "normalise_reason_fields": _normalised,
        "record_guard_denial": json_function(ModelGuardDenialInput, _denial),
        "order_recent_failures": _rows(ModelRecentFailureRow, order_recent_failures),
        "order_gate_rollup": _rows(ModelGateRollupRow, order_gate_rollup),
        "order_guard_denials": _rows(ModelGuardDenialRow, order_guard_denials),
    },
)
"""Each contract function at the JSON level, by name: what the behaviour vectors call."""
