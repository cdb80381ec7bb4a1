"""The rule objects of the dome schemas (docs/rules-vocabulary.md), shared by the models that declare them.

Since 0.2.0 the rules of a dome version are part of its exported schemas: an ``x-treaty-*`` keyword carries
each rule's id, severity, message and hint, and Treaty reports a broken rule under its id. Rules of 0.1.0,
whose files are frozen, stay code in ``treaty_dome_schemas.rules``.
"""

from typing import Final

from pydantic import JsonValue


def derived_rule(rule_id: str, function: str) -> dict[str, JsonValue]:
    """Return the rule object of a stored value that must equal ``function()`` of the document's own values."""
    return {
        "id": rule_id,
        "severity": "error",
        "message": f"{{value}} is not what {function}() gives for this document ({{expected}})",
        "hint": f"store {function}() of the document's own values (recompute it; never copy it from "
        "another document)",
    }


EXAMPLE_IDEMPOTENCY_KEY: Final = "b614e000af5de4a3368469fce8c49743a14065aabd7c0a2610a2a16e36e6fcca"
"""idempotency_key() of the examples run-2026-02-15.a, task-17, task-17, v1 (the template's key)."""

EXAMPLE_UPSERT_KEY: Final = "c3daec3dd7f2d71b033d00d2d2bb0b33b1cb1df9b6a9139bfeed5a407c37184c"
"""upsert_key() of the examples task, task, task-17, fix, TESTS_FAILED, 64 zeros, v1 (the templates' key)."""


REASON_CODE_ALIAS: Final[dict[str, JsonValue]] = {
    "x-treaty-equals": {
        "properties": ["reason_code", "failure_reason_code"],
        "rule": {
            "id": "dome/reason-code-alias",
            "severity": "error",
            "message": "the legacy reason_code {a} differs from failure_reason_code {b}",
            "hint": "reason_code is only an alias of failure_reason_code: drop it, or make the two equal",
        },
    },
}
"""``dome/reason-code-alias``: a written (non-null) legacy ``reason_code`` equals ``failure_reason_code``.

On every object with both keys; ``x-treaty-equals`` compares only values that are written (not null), as
0.1.0's coded rule did. The models refuse a conflict too (``normalise_reason_fields``).
"""
