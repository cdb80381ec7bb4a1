"""Failure fingerprints and the binder's keys, computed the way the dome 0.1.0 contract defines them.

- The fingerprint hashes a normalised payload: gates trimmed, de-duplicated and sorted; dimension names
  trimmed and lower-cased; version values lose a leading ``v`` before a digit; environment values are
  lower-cased. Trimming and lower-casing touch ASCII only, so every language computes the same payload.
- A key is the sha256 of the canonical JSON array of its parts. A ``"|"`` join would be ambiguous:
  ``("a|b", "c")`` and ``("a", "b|c")`` would share a key.
"""

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from dome_service import canonical

BINDER_VERSION: Final = "v1"
_ASCII_SPACE: Final = " \t\n\r\f\v"
_ASCII_LOWER: Final = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_DIGITS: Final = "0123456789"


@dataclass(frozen=True)
class FingerprintSource:
    """What a failure's fingerprint is computed from (never volatile values such as durations)."""

    failure_reason_code: str | None = None
    policy_reason_code: str | None = None
    gates: Sequence[str] = ()
    signature: str | None = None
    versions: Mapping[str, str] = field(default_factory=dict)
    environment: Mapping[str, str] = field(default_factory=dict)


def _trim(text: str, what: str) -> str:
    trimmed = text.strip(_ASCII_SPACE)
    if not trimmed:
        raise ValueError(f"{what} must not be blank")
    return trimmed


def _dimensions(values: Mapping[str, str], what: str, normalise: Callable[[str], str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in values.items():
        key = _trim(name, f"{what} names").translate(_ASCII_LOWER)
        if key in out:
            raise ValueError(f"{what} name {name!r} repeats {key!r} once normalised")
        out[key] = normalise(_trim(value, f"{what} values"))
    return out


def _version(value: str) -> str:
    return value[1:] if value[:1] in ("v", "V") and value[1:2] and value[1:2] in _DIGITS else value


def fingerprint_payload(source: FingerprintSource) -> dict[str, object]:
    """Return the normalised payload of a fingerprint; every key is present (null or empty when unknown)."""
    return {
        "environment": _dimensions(source.environment, "environment", lambda v: v.translate(_ASCII_LOWER)),
        "failure_reason_code": source.failure_reason_code,
        "gates": sorted({_trim(gate, "gates") for gate in source.gates}),
        "policy_reason_code": source.policy_reason_code,
        "signature": None if source.signature is None else _trim(source.signature, "signature"),
        "versions": _dimensions(source.versions, "versions", _version),
    }


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint_hash(source: FingerprintSource) -> str:
    """Return the lower-case hex sha256 of the canonical bytes of the fingerprint payload."""
    return _sha256(canonical.dumps(fingerprint_payload(source)))


def _key(parts: Iterable[str | None]) -> str:
    return _sha256(canonical.dumps(list(parts)))


def idempotency_key(run_id: str, task_id: str, group_id: str, binder_version: str = BINDER_VERSION) -> str:
    """Return the key that makes a replayed wrapper a no-op: one per (run, task, group, binder version)."""
    return _key([run_id, task_id, group_id, binder_version])


def upsert_key(  # noqa: PLR0913  # the contract's seven parts, by name
    *,
    scope: str,
    target_kind: str,
    target_id: str,
    action_kind: str,
    failure_reason_code: str | None,
    fingerprint: str,
    binder_version: str = BINDER_VERSION,
) -> str:
    """Return the key derived rows are upserted by: TaskSpec keys, fingerprint and binder version."""
    return _key(
        [scope, target_kind, target_id, action_kind, failure_reason_code, fingerprint, binder_version]
    )
