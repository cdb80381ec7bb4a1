"""Policy rules: what JSON Schema cannot say (across collections of one document), with stable ids.

A rule runs only on a document that is valid against its schema, so it may rely on the schema's structure.
Adding a family's rules is one entry in `RULES`.
"""

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

from treaty._documents.findings import Severity
from treaty._validation.catalog import version_key

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
    since: str = "0.0.0"
    """The first contract version whose documents can follow the rule (by their own ``schema_version``)."""
    models_enforce: bool = False
    """The family's models reject a breaking document too (they hold the rule); most rules are the
    toolkit's alone."""

    def applies(self, doc: Mapping[str, Any]) -> bool:
        """Return whether the rule applies to a document (documents without a version always qualify)."""
        version = doc.get("schema_version")
        if not isinstance(version, str):
            return True
        return version_key(version) >= version_key(self.since)


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


def _prs(doc: Mapping[str, Any]) -> Iterator[tuple[Path_, str, Mapping[str, Any]]]:
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


# cwom: the spec's SHOULD rules, and consistency rules that follow from its shapes. All warnings.
CWOM_TIMESTAMPED: Final = ("repo", "issue", "context_packet", "doctrine_ref", "run", "artifact")
RUN_STARTED: Final = frozenset({"running", "done", "failed"})
"""Statuses a Run has once it started ("once running", in the spec's words)."""
INLINE_SMALL: Final = 1024


def _instant(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


def _timestamps_present(doc: Mapping[str, Any]) -> Iterator[Hit]:
    for name in ("created_at", "updated_at"):
        if doc.get(name) is None:
            yield (name,), f"{name} is missing", f"record when the object was {name.split('_')[0]} (UTC)"


def _updated_not_before_created(doc: Mapping[str, Any]) -> Iterator[Hit]:
    created, updated = doc.get("created_at"), doc.get("updated_at")
    if created and updated and _instant(updated) < _instant(created):
        yield (
            ("updated_at",),
            f"updated_at {updated} is before created_at {created}",
            "fix one of the two timestamps",
        )


def _data_blob_one_source(doc: Mapping[str, Any]) -> Iterator[Hit]:
    for index, blob in enumerate(doc.get("inputs", {}).get("data_blobs", [])):
        uri, inline = blob.get("uri"), blob.get("inline")
        if uri is None and inline is None:
            yield (
                ("inputs", "data_blobs", index),
                f"data blob {blob['name']!r} has neither uri nor inline data",
                "set uri (where the data is) or inline (the data itself)",
            )
        elif uri is not None and inline is not None and len(inline) > INLINE_SMALL:
            yield (
                ("inputs", "data_blobs", index, "inline"),
                f"data blob {blob['name']!r} sets uri and {len(inline)} characters of inline data",
                f"keep only the uri, or keep inline data beside a uri to at most {INLINE_SMALL} characters",
            )


def _started(doc: Mapping[str, Any]) -> bool:
    return doc.get("status") in RUN_STARTED


def _running_run_has_context(doc: Mapping[str, Any]) -> Iterator[Hit]:
    if _started(doc) and not doc.get("inputs", {}).get("context_packets"):
        yield (
            ("inputs", "context_packets"),
            f"the Run is {doc['status']} but references no ContextPacket",
            "reference the ContextPacket the Run was briefed with in inputs.context_packets",
        )


def _run_pins_constraints(doc: Mapping[str, Any]) -> Iterator[Hit]:
    if _started(doc) and doc.get("inputs", {}).get("constraint_snapshot") is None:
        yield (
            ("inputs", "constraint_snapshot"),
            f"the Run is {doc['status']} but pinned no ConstraintSnapshot",
            "pin the ConstraintSnapshot in force when the Run started in inputs.constraint_snapshot",
        )


def _failure_only_when_failed(doc: Mapping[str, Any]) -> Iterator[Hit]:
    if doc.get("failure") is not None and doc.get("status", "planned") != "failed":
        yield (
            ("failure",),
            f"failure is recorded but the Run's status is {doc.get('status', 'planned')}",
            "set status to failed, or remove the failure",
        )


def _telemetry_order(doc: Mapping[str, Any]) -> Iterator[Hit]:
    telemetry = doc.get("telemetry", {})
    started, ended = telemetry.get("started_at"), telemetry.get("ended_at")
    if started and ended and _instant(ended) < _instant(started):
        yield (
            ("telemetry", "ended_at"),
            f"ended_at {ended} is before started_at {started}",
            "fix one of the two timestamps",
        )


def _cwom_rules() -> Iterator[PolicyRule]:
    for kind in CWOM_TIMESTAMPED:
        yield PolicyRule(
            "cwom/timestamps-present",
            "cwom",
            kind,
            Severity.WARNING,
            "objects should carry created_at and updated_at (spec rule 6)",
            _timestamps_present,
        )
        yield PolicyRule(
            "cwom/updated-not-before-created",
            "cwom",
            kind,
            Severity.WARNING,
            "updated_at is not earlier than created_at",
            _updated_not_before_created,
        )
    run_rules = (
        (
            "cwom/running-run-has-context",
            "a started Run references at least one ContextPacket (spec rule 14)",
            _running_run_has_context,
        ),
        (
            "cwom/run-pins-constraints",
            "a started Run pins a ConstraintSnapshot (spec rule 15)",
            _run_pins_constraints,
        ),
        (
            "cwom/failure-only-when-failed",
            "failure is present only when the Run's status is failed",
            _failure_only_when_failed,
        ),
        ("cwom/telemetry-order", "telemetry.ended_at is not earlier than started_at", _telemetry_order),
    )
    for rule_id, summary, check in run_rules:
        yield PolicyRule(rule_id, "cwom", "run", Severity.WARNING, summary, check)
    yield PolicyRule(
        "cwom/data-blob-one-source",
        "cwom",
        "context_packet",
        Severity.WARNING,
        "each data blob sets exactly one of uri and inline; both only when inline is small (spec rule 10)",
        _data_blob_one_source,
    )


# xtrl: plant consistency the SSOT never checked (defects A.12.5-6), and transition verdicts that contradict.
def _plant_transitions_consistent(doc: Mapping[str, Any]) -> Iterator[Hit]:
    states = {state["id"] for state in doc.get("states", [])}
    for index, transition in enumerate(doc.get("transitions", [])):
        for end in ("from", "to"):
            if transition[end] not in states:
                yield (
                    ("transitions", index, end),
                    f"transition {transition['id']} goes {end} {transition[end]}, which is no state of the plant",
                    f"declare {transition[end]} in states, or fix the transition",
                )
        expected = f"T.{transition['from'].removeprefix('S.')}->{transition['to'].removeprefix('S.')}.{transition['on']}"
        if transition["id"] != expected:
            yield (
                ("transitions", index, "id"),
                f"transition id {transition['id']} does not name its states and event (from, to, on say {expected})",
                f"rename it {expected}, or fix from, to or on",
            )


def _admissible_or_denied(doc: Mapping[str, Any]) -> Iterator[Hit]:
    evaluation = doc.get("transition_evaluation", {})
    admissible = set(evaluation.get("admissible", []))
    for index, denial in enumerate(evaluation.get("denied", [])):
        if denial["transition_id"] in admissible:
            yield (
                ("transition_evaluation", "denied", index, "transition_id"),
                f"transition {denial['transition_id']} is both admissible and denied",
                "a denied transition is not admissible: remove it from one of the two lists",
            )


def _alias_agrees(at: Path_) -> Callable[[Mapping[str, Any]], Iterator[Hit]]:
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


def _dome_rules() -> Iterator[PolicyRule]:
    for kind, at in (("task_spec", ()), ("wrapper_envelope", ("task_spec",)), ("capsule", ("task_spec",))):
        yield PolicyRule(
            "dome/reason-code-alias",
            "dome",
            kind,
            Severity.ERROR,
            "the legacy reason_code, when written, equals failure_reason_code (it is only its alias)",
            _alias_agrees(at),
            models_enforce=True,
        )


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
    PolicyRule(
        "change_control/actual-work-is-planned-or-drift",
        "change_control",
        "day_close",
        Severity.ERROR,
        "every pull request maps to a plan requirement or a drift entry (documents of 1.1.0 and later)",
        _actual_work_is_planned_or_drift,
        since="1.1.0",
    ),
    PolicyRule(
        "change_control/link-resolves",
        "change_control",
        "day_close",
        Severity.ERROR,
        "every requirement_ids and drift_ids link names an entry of the report's plan or drift_detected",
        _links_resolve,
    ),
    *_cwom_rules(),
    PolicyRule(
        "xtrl/unique-state-id",
        "xtrl",
        "plant_spec",
        Severity.ERROR,
        "state ids are unique within a plant",
        _unique("states", "id"),
    ),
    PolicyRule(
        "xtrl/unique-transition-id",
        "xtrl",
        "plant_spec",
        Severity.ERROR,
        "transition ids are unique within a plant",
        _unique("transitions", "id"),
    ),
    PolicyRule(
        "xtrl/transition-consistent",
        "xtrl",
        "plant_spec",
        Severity.ERROR,
        "a transition goes between declared states, and its id T.<FROM>-><TO>.<event> names them and its event",
        _plant_transitions_consistent,
    ),
    PolicyRule(
        "xtrl/admissible-or-denied",
        "xtrl",
        "state_space",
        Severity.ERROR,
        "no transition is both admissible and denied",
        _admissible_or_denied,
    ),
    *_dome_rules(),
)


def rules_for(family: str, kind: str) -> list[PolicyRule]:
    """Return the policy rules that apply to one kind."""
    return [rule for rule in RULES if rule.family == family and rule.kind == kind]
