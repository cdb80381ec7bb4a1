"""The service's contract functions at the JSON level: a JSON value in, a JSON value out.

This is the shape Treaty's behaviour vectors call (``[tool.pytest-treaty.functions]`` in ``pyproject.toml``
points here). Each function checks its input as strictly as the contract does (unknown keys, wrong types and
codes outside the xtrl vocabulary are refused with an exception), then calls the service's own code.
"""

from collections.abc import Mapping
from typing import Any, Self

from pydantic import BaseModel, Field, model_validator
from treaty_xtrl_models import EnumFailureReasonCode, EnumPolicyReasonCode

from dome_service import canonical, keys
from dome_service.binder import decide
from dome_service.documents import (
    CLOSED,
    ActionKind,
    AnomalyTrigger,
    Scope,
    Sha256,
    Signal,
    TargetKind,
    TaskSpecKeys,
    Text,
    WrapperPolicy,
)


class _FingerprintInput(BaseModel):
    model_config = CLOSED

    failure_reason_code: EnumFailureReasonCode | None = None
    policy_reason_code: EnumPolicyReasonCode | None = None
    gates: tuple[Text, ...] = ()
    signature: Text | None = None
    versions: dict[Text, Text] = Field(default_factory=dict)
    environment: dict[Text, Text] = Field(default_factory=dict)


class _IdempotencyInput(BaseModel):
    model_config = CLOSED

    run_id: Text
    task_id: Text
    group_id: Text
    binder_version: Text


class _UpsertInput(BaseModel):
    model_config = CLOSED

    scope: Scope
    target_kind: TargetKind
    target_id: Text
    action_kind: ActionKind
    failure_reason_code: EnumFailureReasonCode | None  # required, but may be null
    fingerprint_hash: Sha256
    binder_version: Text


class _Wrapper(BaseModel):
    model_config = CLOSED

    signal: Signal
    anomaly_trigger: AnomalyTrigger | None = None

    @model_validator(mode="after")
    def _anomaly_rule(self) -> Self:
        if (self.signal == "anomaly") != (self.anomaly_trigger is not None):
            raise ValueError(
                "an anomaly wrapper names the versioned anomaly trigger that fired, "
                "and only an anomaly wrapper does"
            )
        return self


class _FallbackInput(BaseModel):
    model_config = CLOSED

    policy: WrapperPolicy
    wrapper: _Wrapper | None  # required, but may be null: a fact without a wrapper
    active_triggers: tuple[AnomalyTrigger, ...] = ()


def canonical_json(text: Any) -> str:
    """Return the RFC 8785 form of JSON text."""
    if not isinstance(text, str):
        raise TypeError("expected JSON text")
    return canonical.dumps(canonical.loads(text)).decode("utf-8")


def fingerprint_hash(value: Any) -> dict[str, str]:
    """Return the canonical fingerprint payload and its hash."""
    given = _FingerprintInput.model_validate(value)
    source = keys.FingerprintSource(
        failure_reason_code=given.failure_reason_code.value if given.failure_reason_code else None,
        policy_reason_code=given.policy_reason_code.value if given.policy_reason_code else None,
        gates=given.gates,
        signature=given.signature,
        versions=given.versions,
        environment=given.environment,
    )
    payload = canonical.dumps(keys.fingerprint_payload(source)).decode("utf-8")
    return {"payload": payload, "fingerprint_hash": keys.fingerprint_hash(source)}


def idempotency_key(value: Any) -> str:
    """Return the binder's idempotency key of (run_id, task_id, group_id, binder_version)."""
    given = _IdempotencyInput.model_validate(value)
    return keys.idempotency_key(given.run_id, given.task_id, given.group_id, given.binder_version)


def upsert_key(value: Any) -> str:
    """Return the binder's upsert key of the TaskSpec keys, the fingerprint and the binder version."""
    given = _UpsertInput.model_validate(value)
    return keys.upsert_key(
        scope=given.scope,
        target_kind=given.target_kind,
        target_id=given.target_id,
        action_kind=given.action_kind,
        failure_reason_code=given.failure_reason_code.value if given.failure_reason_code else None,
        fingerprint=given.fingerprint_hash,
        binder_version=given.binder_version,
    )


def normalise_reason_fields(value: Any) -> dict[str, Any]:
    """Return TaskSpec keys with the legacy reason_code folded in, as written (unset keys stay unset)."""
    if not isinstance(value, Mapping):
        raise TypeError("expected the TaskSpec keys as an object")
    return TaskSpecKeys.model_validate(value).model_dump(mode="json", exclude_unset=True)


def fallback_decision(value: Any) -> dict[str, Any]:
    """Return whether a fact may be derived from under the run's fallback policy, and on what basis."""
    given = _FallbackInput.model_validate(value)
    wrapper = given.wrapper
    basis = decide(
        given.policy,
        wrapper.signal if wrapper else None,
        wrapper.anomaly_trigger if wrapper else None,
        given.active_triggers,
    )
    return {"derive": basis is not None, "basis": basis}


__all__ = [
    "canonical_json",
    "fallback_decision",
    "fingerprint_hash",
    "idempotency_key",
    "normalise_reason_fields",
    "upsert_key",
]
