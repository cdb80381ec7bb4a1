"""Policy rules: what JSON Schema cannot say (across collections of one document), with stable ids.

A rule runs only on a document that is valid against its schema, so it may rely on the schema's structure.
Adding a family's rules is one entry in `RULES`.
"""

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

from treaty._findings import Severity

Path_ = tuple[str | int, ...]
Hit = tuple[Path_, str, str]
"""Where a rule is broken (a path into the document), the message, and the hint."""


@dataclass(frozen=True)
class PolicyRule:
    """A named rule over one kind of document."""

    id: str
    family: str
    kind: str
    severity: Severity
    summary: str
    check: Callable[[Mapping[str, Any]], Iterator[Hit]]


def _unknown_invariant_needs_correction(doc: Mapping[str, Any]) -> Iterator[Hit]:
    if doc.get("corrections_for_tomorrow"):
        return
    for name, status in doc.get("invariants_checked", {}).items():
        if status == "unknown":
            yield (
                ("invariants_checked", name),
                f"invariant {name!r} is unknown but corrections_for_tomorrow is empty",
                "add at least one entry to corrections_for_tomorrow saying how the unknown will be resolved",
            )


def _unique(collection: str, key: str) -> Callable[[Mapping[str, Any]], Iterator[Hit]]:
    def check(doc: Mapping[str, Any]) -> Iterator[Hit]:
        first: dict[object, int] = {}
        for index, item in enumerate(doc.get(collection, [])):
            value = item.get(key)
            if value in first:
                yield (
                    (collection, index, key),
                    f"{key} {value!r} is used twice (first at {collection}[{first[value]}])",
                    f"give each {collection} entry its own {key}",
                )
            else:
                first[value] = index

    return check


RULES: Final[tuple[PolicyRule, ...]] = (
    PolicyRule(
        "change_control/unknown-invariant-needs-correction",
        "change_control",
        "day_close",
        Severity.ERROR,
        "every invariant marked unknown needs at least one correction for tomorrow",
        _unknown_invariant_needs_correction,
    ),
    PolicyRule(
        "change_control/unique-drift-id",
        "change_control",
        "day_close",
        Severity.ERROR,
        "drift_id is unique within a report",
        _unique("drift_detected", "drift_id"),
    ),
    PolicyRule(
        "change_control/unique-requirement-id",
        "change_control",
        "day_close",
        Severity.ERROR,
        "requirement_id is unique within a report",
        _unique("plan", "requirement_id"),
    ),
)


def rules_for(family: str, kind: str) -> list[PolicyRule]:
    """Return the policy rules that apply to one kind."""
    return [rule for rule in RULES if rule.family == family and rule.kind == kind]
