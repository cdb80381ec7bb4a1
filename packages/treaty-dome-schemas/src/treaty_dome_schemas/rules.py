"""The dome rules JSON Schema could not say in the versions released before the rule vocabulary.

Their schema files are frozen, so the rules live here, listed with the released versions they belong to;
later versions carry them in their schemas (``x-treaty-*``). Plain data and functions: Treaty reads
``RULES`` through the ``treaty.rules`` entry point, and nothing here imports it.
"""

from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final

Path = tuple[str | int, ...]
Hit = tuple[Path, str, str]
"""Where a rule is broken (a path into the document), the message, and the hint."""

RELEASED: Final = ("0.1.0",)
"""The versions whose rules are code. From 0.2.0 on, each rule is in the schema: ``dome/reason-code-alias``
as ``x-treaty-equals`` on every object with both keys (task_spec, and the task_spec of wrapper_envelope and
capsule), so no rule here lists 0.2.0."""


def _alias_agrees(at: Path) -> Callable[[Mapping[str, Any]], Iterator[Hit]]:
    def check(doc: Mapping[str, Any]) -> Iterator[Hit]:
        keys: Any = doc
        for step in at:
            keys = keys.get(step, {}) if isinstance(keys, Mapping) else {}
        legacy, failure = keys.get("reason_code"), keys.get("failure_reason_code")
        if legacy is not None and failure is not None and legacy != failure:
            yield (
                (*at, "reason_code"),
                f"the legacy reason_code {legacy!r} differs from failure_reason_code {failure!r}",
                "reason_code is only an alias of failure_reason_code: drop it, or make the two equal",
            )

    return check


RULES: Final = tuple(
    {
        "id": "dome/reason-code-alias",
        "kind": kind,
        "severity": "error",
        "summary": "the legacy reason_code, when written, equals failure_reason_code (it is only its alias)",
        "check": _alias_agrees(at),
        "versions": RELEASED,
        "models_enforce": True,
    }
    for kind, at in (("task_spec", ()), ("wrapper_envelope", ("task_spec",)), ("capsule", ("task_spec",)))
)
"""The rules over one document of the released versions: the models hold them too (``models_enforce``)."""
