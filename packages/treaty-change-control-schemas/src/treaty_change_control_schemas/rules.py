"""The change_control rules JSON Schema could not say in the versions released before the rule vocabulary.

Their schema files are frozen, so the rules live here, each listed with the released versions it belongs
to; later versions carry their rules in their schemas (``x-treaty-*``). Plain data and functions: Treaty
reads ``RULES`` through the ``treaty.rules`` entry point, and nothing here imports it.
"""

from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final

Path = tuple[str | int, ...]
Hit = tuple[Path, str, str]
"""Where a rule is broken (a path into the document), the message, and the hint."""

RELEASED: Final = ("1.0.0", "1.1.0")


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


def _prs(doc: Mapping[str, Any]) -> Iterator[tuple[Path, str, Mapping[str, Any]]]:
    for r, repo in enumerate(doc.get("actual_by_repo", [])):
        for p, pr in enumerate(repo.get("prs", [])):
            yield ("actual_by_repo", r, "prs", p), repo["repo"], pr


def _actual_work_is_planned_or_drift(doc: Mapping[str, Any]) -> Iterator[Hit]:
    for where, repo, pr in _prs(doc):
        if not pr.get("requirement_ids") and not pr.get("drift_ids"):
            yield (
                where,
                f"pull request #{pr['pr']} in {repo} maps to no plan requirement and no drift entry",
                "link it with requirement_ids, or record the unplanned work in drift_detected and link it with drift_ids",
            )


def _links_resolve(doc: Mapping[str, Any]) -> Iterator[Hit]:
    targets = (
        (
            "requirement_ids",
            {item["requirement_id"] for item in doc.get("plan", [])},
            "plan",
            "requirement_id",
        ),
        (
            "drift_ids",
            {item["drift_id"] for item in doc.get("drift_detected", [])},
            "drift_detected",
            "drift_id",
        ),
    )
    for where, _, pr in _prs(doc):
        for field, known, home, key in targets:
            for i, target in enumerate(pr.get(field, [])):
                if target not in known:
                    yield (
                        (*where, field, i),
                        f"pull request #{pr['pr']} links to {target!r}, which is no {key} in {home}",
                        f"fix the link, or add {target!r} to {home}",
                    )


def _rule(
    rule_id: str, summary: str, check: Callable[[Mapping[str, Any]], Iterator[Hit]], **extra: Any
) -> dict[str, Any]:
    return {
        "id": f"change_control/{rule_id}",
        "kind": "day_close",
        "severity": "error",
        "summary": summary,
        "check": check,
        "versions": RELEASED,
        **extra,
    }


RULES: Final = (
    _rule(
        "unknown-invariant-needs-correction",
        "every invariant marked unknown needs at least one correction for tomorrow",
        _unknown_invariant_needs_correction,
    ),
    _rule("unique-drift-id", "drift_id is unique within a report", _unique("drift_detected", "drift_id")),
    _rule(
        "unique-requirement-id", "requirement_id is unique within a report", _unique("plan", "requirement_id")
    ),
    _rule(
        "actual-work-is-planned-or-drift",
        "every pull request maps to a plan requirement or a drift entry (documents of 1.1.0 and later)",
        _actual_work_is_planned_or_drift,
        since="1.1.0",
    ),
    _rule(
        "link-resolves",
        "every requirement_ids and drift_ids link names an entry of the report's plan or drift_detected",
        _links_resolve,
    ),
)
"""The rules over one day_close document of the released versions (all errors)."""
