"""The cwom rules JSON Schema alone cannot make warnings: the spec's SHOULD rules, stated in the schema.

Since 0.2.0 each rule of a single document is part of the exported schema (docs/rules-vocabulary.md): an
``x-treaty-should`` member (plain JSON Schema that Treaty reports as a warning under the rule's id) where JSON
Schema can say it, and ``x-treaty-notBefore`` for two timestamps of one object, which it cannot. Every rule
keeps the id, severity and meaning it had as code in 0.1.0 (``treaty_cwom_schemas.rules``, which still holds
them for 0.1.0 documents). They are SHOULD rules: a document that breaks one stays valid, so the models accept
it and no other engine refuses it (they read the keywords as annotations).

The rules across documents (Refs resolve, ids are unique) stay code in ``treaty_cwom_schemas.rules``: no
schema compares two documents.
"""

from typing import Any, Final

from pydantic import ConfigDict

SHOULD: Final = "x-treaty-should"
RULE: Final = "x-treaty-rule"
STARTED: Final = ("running", "done", "failed")
"""Statuses a Run has once it started ("once running", in the spec's words)."""
INLINE_SMALL: Final = 1024
"""The most characters of inline data a data blob should carry beside a uri."""


def rule(name: str, message: str, hint: str, severity: str = "warning") -> dict[str, Any]:
    """Return the rule object ``cwom/<name>``; ``message`` and ``hint`` may name the keyword's placeholders."""
    return {"id": f"cwom/{name}", "severity": severity, "message": message, "hint": hint}


def should(rule_object: dict[str, Any], **schema: Any) -> dict[str, Any]:
    """Return an ``x-treaty-should`` member: ``schema`` must hold, else Treaty warns with ``rule_object``."""
    return {RULE: rule_object, **schema}


def _present(name: str, verb: str) -> dict[str, Any]:
    # Absent: `required` fails at the object; null: `type` fails at the timestamp (0.1.0 said both "missing").
    return should(
        rule("timestamps-present", f"{name} is missing", f"record when the object was {verb} (UTC)"),
        required=[name],
        properties={name: {"type": "string"}},
    )


TIMESTAMPS_PRESENT: Final = (_present("created_at", "created"), _present("updated_at", "updated"))
"""``cwom/timestamps-present``: objects should carry created_at and updated_at (spec rule 6)."""

UPDATED_NOT_BEFORE_CREATED: Final[dict[str, Any]] = {
    "earlier": "created_at",
    "later": "updated_at",
    "rule": rule(
        "updated-not-before-created",
        "updated_at {later} is before created_at {earlier}",
        "fix one of the two timestamps",
    ),
}
"""``cwom/updated-not-before-created``: updated_at is not earlier than created_at (compared as instants)."""


def timestamped(config: ConfigDict, *more: dict[str, Any]) -> ConfigDict:
    """Return ``config`` with the rules of a timestamped kind in its schema, then the ``more`` should members."""
    extra: dict[str, Any] = {
        SHOULD: [*TIMESTAMPS_PRESENT, *more],
        "x-treaty-notBefore": UPDATED_NOT_BEFORE_CREATED,
    }
    return ConfigDict(**config, json_schema_extra=extra)


_STARTED_RUN: Final = {"required": ["status"], "properties": {"status": {"enum": list(STARTED)}}}
"""The ``if`` of a started Run: its status is running, done or failed (left out, it is planned)."""


def _started_run_needs(key: str, value: dict[str, Any]) -> dict[str, Any]:
    """Return the ``then`` of a started Run whose ``inputs`` must hold ``key``, and ``key`` match ``value``."""
    inputs = {"required": [key], "properties": {key: value}}
    return {"required": ["inputs"], "properties": {"inputs": inputs}}


RUNNING_RUN_HAS_CONTEXT: Final = should(
    rule(
        "running-run-has-context",
        "the Run has started (running, done or failed) but references no ContextPacket",
        "reference the ContextPacket the Run was briefed with in inputs.context_packets",
    ),
    **{"if": _STARTED_RUN, "then": _started_run_needs("context_packets", {"minItems": 1})},
)
"""``cwom/running-run-has-context``: a started Run references at least one ContextPacket (spec rule 14)."""

RUN_PINS_CONSTRAINTS: Final = should(
    rule(
        "run-pins-constraints",
        "the Run has started (running, done or failed) but pinned no ConstraintSnapshot",
        "pin the ConstraintSnapshot in force when the Run started in inputs.constraint_snapshot",
    ),
    **{"if": _STARTED_RUN, "then": _started_run_needs("constraint_snapshot", {"type": "object"})},
)
"""``cwom/run-pins-constraints``: a started Run pins a ConstraintSnapshot (spec rule 15)."""

FAILURE_ONLY_WHEN_FAILED: Final = should(
    rule(
        "failure-only-when-failed",
        "failure is recorded but the Run's status is not failed",
        "set status to failed, or remove the failure",
    ),
    **{
        "if": {"not": {"required": ["status"], "properties": {"status": {"const": "failed"}}}},
        "then": {"properties": {"failure": {"type": "null"}}},
    },
)
"""``cwom/failure-only-when-failed``: failure is present (not null) only when the status is failed; a status
left out is planned."""

TELEMETRY_ORDER: Final[dict[str, Any]] = {
    "earlier": "started_at",
    "later": "ended_at",
    "rule": rule(
        "telemetry-order", "ended_at {later} is before started_at {earlier}", "fix one of the two timestamps"
    ),
}
"""``cwom/telemetry-order``: telemetry.ended_at is not earlier than started_at (compared as instants)."""

_NULL: Final = {"type": "null"}

DATA_BLOB_ONE_SOURCE: Final = (
    should(
        rule(
            "data-blob-one-source",
            "a data blob has neither uri nor inline data",
            "set uri (where the data is) or inline (the data itself)",
        ),
        # `not` rather than `anyOf`: its failure is the blob itself, as in 0.1.0, not one of the two keys.
        **{"not": {"properties": {"uri": _NULL, "inline": _NULL}}},
    ),
    should(
        rule(
            "data-blob-one-source",
            f"a data blob sets uri and more than {INLINE_SMALL} characters of inline data",
            f"keep only the uri, or keep inline data beside a uri to at most {INLINE_SMALL} characters",
        ),
        **{
            "if": {
                "required": ["uri", "inline"],
                "properties": {"uri": {"type": "string"}, "inline": {"type": "string"}},
            },
            "then": {"properties": {"inline": {"maxLength": INLINE_SMALL}}},
        },
    ),
)
"""``cwom/data-blob-one-source``: each data blob sets exactly one of uri and inline; both only when inline is
small (spec rule 10). Two members, so that each of the two ways to break it says what is wrong."""
