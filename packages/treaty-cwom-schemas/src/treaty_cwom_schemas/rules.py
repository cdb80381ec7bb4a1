"""The cwom rules JSON Schema cannot say: the spec's SHOULD rules, and Refs across documents.

The single-document rules (``RULES``, all warnings) belong to the versions released before the rule
vocabulary: their schema files are frozen, so the rules live here; later versions carry them in their
schemas (``x-treaty-*``). The cross-document rules (``SET_RULES``) compare documents validated together,
which no schema can: objects link to each other with Refs (``{kind, id, role}``), every Ref must resolve to
exactly one object of its kind, and ids must be unique. A Ref is found through the document's schema, not by
its shape in the data, so a Ref-like mapping inside free-form ``meta`` is never mistaken for one.

Plain data and functions: Treaty reads ``RULES`` and ``SET_RULES`` through the ``treaty.rules`` entry point
and hands the set rules its members (``data``, ``schema``, ``valid``, ``version`` and ``at(path)``, the
``file:line`` of a path); nothing here imports it.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Final

Path = tuple[str | int, ...]
Hit = tuple[Path, str, str]
"""Where a rule is broken (a path into the document), the message, and the hint."""
Member = Any
"""A document of the set, as Treaty hands it over (see the module docstring)."""
SetHit = tuple[Member, Path, str, str]

RELEASED: Final = ("0.1.0",)
SET_VERSIONS: Final = ("0.1.0", "0.2.0")
"""The set rules are code in every version: no schema can compare two documents."""
TIMESTAMPED: Final = ("repo", "issue", "context_packet", "doctrine_ref", "run", "artifact")
RUN_STARTED: Final = frozenset({"running", "done", "failed"})
"""Statuses a Run has once it started ("once running", in the spec's words)."""
INLINE_SMALL: Final = 1024
_SHOWN: Final = 3
"""How many candidate objects a message names."""


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


def _rule(
    rule_id: str, kind: str, summary: str, check: Callable[[Mapping[str, Any]], Iterator[Hit]]
) -> dict[str, Any]:
    return {
        "id": f"cwom/{rule_id}",
        "kind": kind,
        "severity": "warning",
        "summary": summary,
        "check": check,
        "versions": RELEASED,
    }


RULES: Final = (
    *(
        rule
        for kind in TIMESTAMPED
        for rule in (
            _rule(
                "timestamps-present",
                kind,
                "objects should carry created_at and updated_at (spec rule 6)",
                _timestamps_present,
            ),
            _rule(
                "updated-not-before-created",
                kind,
                "updated_at is not earlier than created_at",
                _updated_not_before_created,
            ),
        )
    ),
    _rule(
        "running-run-has-context",
        "run",
        "a started Run references at least one ContextPacket (spec rule 14)",
        _running_run_has_context,
    ),
    _rule(
        "run-pins-constraints",
        "run",
        "a started Run pins a ConstraintSnapshot (spec rule 15)",
        _run_pins_constraints,
    ),
    _rule(
        "failure-only-when-failed",
        "run",
        "failure is present only when the Run's status is failed",
        _failure_only_when_failed,
    ),
    _rule("telemetry-order", "run", "telemetry.ended_at is not earlier than started_at", _telemetry_order),
    _rule(
        "data-blob-one-source",
        "context_packet",
        "each data blob sets exactly one of uri and inline; both only when inline is small (spec rule 10)",
        _data_blob_one_source,
    ),
)
"""The spec's SHOULD rules over one document of the released versions (warnings)."""


def _names_object(data: object) -> bool:
    """Return whether loaded data can be indexed as an object (``kind`` and ``id`` are strings)."""
    return isinstance(data, dict) and isinstance(data.get("kind"), str) and isinstance(data.get("id"), str)


def _is_ref(schema: Mapping[str, Any]) -> bool:
    properties = schema.get("properties", {})
    return (
        "const" in properties.get("kind", {})
        and "id" in properties
        and set(properties) <= {"kind", "id", "role"}
    )


def _refs_in(root: Mapping[str, Any], schema: Mapping[str, Any], data: Any, path: Path) -> Iterator[Path]:
    """Yield the paths of the values of ``data`` that ``schema`` (within ``root``) describes as Refs."""
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        schema = root["$defs"][ref.removeprefix("#/$defs/")]
    if isinstance(data, dict) and _is_ref(schema):
        yield path
        return
    for branch in schema.get("anyOf", []):  # X | None: only the branch that fits the value yields
        yield from _refs_in(root, branch, data, path)
    if isinstance(data, dict):
        children: Iterator[tuple[str | int, Any, Any]] = (
            (key, schema["properties"][key], value)
            for key, value in data.items()
            if key in schema.get("properties", {})
        )
    elif isinstance(data, list) and "items" in schema:
        children = ((number, schema["items"], item) for number, item in enumerate(data))
    else:
        return
    for step, child_schema, value in children:
        yield from _refs_in(root, child_schema, value, (*path, step))


def _at(data: Any, path: Path) -> Any:
    for part in path:
        data = data[part]
    return data


class _Ref:
    """A reference found in a member: where it sits, and what it names."""

    def __init__(self, member: Member, path: Path) -> None:
        value = _at(member.data, path)
        self.member, self.path, self.kind, self.id = member, path, value["kind"], value["id"]


class _Index:
    """The objects of the set, by kind and id, and every Ref they hold."""

    def __init__(self, members: Sequence[Member]) -> None:
        self.members = [m for m in members if _names_object(m.data)]
        self.by_key: dict[tuple[str, str], list[Member]] = defaultdict(list)
        self.by_id: dict[str, list[Member]] = defaultdict(list)
        for member in self.members:
            self.by_key[member.data["kind"], member.data["id"]].append(member)
            self.by_id[member.data["id"]].append(member)
        self.refs = [
            _Ref(member, path)
            for member in self.members
            if member.valid
            for path in _refs_in(member.schema, member.schema, member.data, ())
        ]

    def of_kind(self, kind: str) -> list[Member]:
        return [m for m in self.members if m.data["kind"] == kind]

    def target(self, ref: _Ref) -> Member | None:
        """Return the one object a Ref resolves to, or None when it resolves to none or several."""
        found = self.by_key.get((ref.kind, ref.id), [])
        return found[0] if len(found) == 1 else None


def _where(member: Member) -> str:
    where: str = member.at(("id",))
    return where


def _listing(members: Sequence[Member]) -> str:
    shown = ", ".join(f"{_where(m)} ({m.data['id']})" for m in members[:_SHOWN])
    return shown + (f" and {len(members) - _SHOWN} more" if len(members) > _SHOWN else "")


def _unique_id(members: Sequence[Member]) -> Iterator[SetHit]:
    for object_id, found in _Index(members).by_id.items():
        first = found[0]
        for other in (m for m in found[1:] if m.valid):
            yield (
                other,
                ("id",),
                f"id {object_id} is also the id of the {first.data['kind']} in {_where(first)}",
                "give every object its own id (a new ULID)",
            )


def _refs_resolve(members: Sequence[Member]) -> Iterator[SetHit]:
    index = _Index(members)
    for ref in index.refs:
        if index.by_key.get((ref.kind, ref.id)):
            continue
        message = f"Ref to {ref.kind} {ref.id} does not resolve: no {ref.kind} in the set has this id"
        others = index.by_id.get(ref.id, [])
        if others:
            message += f"; it is the id of the {others[0].data['kind']} in {_where(others[0])}"
        candidates = index.of_kind(ref.kind)
        message += f" ({ref.kind} objects in the set: {_listing(candidates)})" if candidates else ""
        yield (
            ref.member,
            ref.path,
            message,
            f"fix the id, add the {ref.kind} to the set, or validate with --isolated to skip cross-document rules",
        )


def _refs_unambiguous(members: Sequence[Member]) -> Iterator[SetHit]:
    index = _Index(members)
    for ref in index.refs:
        found = index.by_key.get((ref.kind, ref.id), [])
        if len(found) > 1:
            yield (
                ref.member,
                ref.path,
                f"Ref to {ref.kind} {ref.id} is ambiguous: {len(found)} objects have it ({_listing(found)})",
                "give every object its own id",
            )


def _same_link(kind: str, via: str, link: str) -> Callable[[Sequence[Member]], Iterator[SetHit]]:
    """Return a check: a ``kind`` object's ``link`` Ref equals the ``link`` of the object its ``via`` Ref names."""

    def check(members: Sequence[Member]) -> Iterator[SetHit]:
        index = _Index(members)
        for ref in index.refs:
            if ref.path != (via,) or ref.member.data["kind"] != kind:
                continue
            target = index.target(ref)
            if target is None or not target.valid:
                continue  # unresolved, ambiguous or invalid: other rules or the schema say so
            mine, theirs = ref.member.data.get(link), target.data.get(link)
            if not (mine and theirs) or not all(
                index.by_key.get((r["kind"], r["id"])) for r in (mine, theirs)
            ):
                continue  # a dangling link is reported as unresolved, not again as a mismatch
            if (mine["kind"], mine["id"]) != (theirs["kind"], theirs["id"]):
                yield (
                    ref.member,
                    (link,),
                    (
                        f"{link} names {mine['id']}, but the {target.data['kind']} it names in {via} "
                        f"({_where(target)}) has {link} {theirs['id']}"
                    ),
                    f"make {link} agree along the chain",
                )

    return check


def _set_rule(
    rule_id: str, severity: str, summary: str, check: Callable[[Sequence[Member]], Iterator[SetHit]]
) -> dict[str, Any]:
    return {
        "id": f"cwom/{rule_id}",
        "severity": severity,
        "summary": summary,
        "check": check,
        "versions": SET_VERSIONS,
    }


SET_RULES: Final = (
    _set_rule(
        "unique-id",
        "error",
        "every object's id is unique across the documents validated together (spec rule 1)",
        _unique_id,
    ),
    _set_rule(
        "ref-unresolved",
        "error",
        "every Ref resolves to an object of its kind among the documents validated together (spec rule 2)",
        _refs_resolve,
    ),
    _set_rule(
        "ref-ambiguous", "error", "no Ref resolves to more than one object (spec rule 2)", _refs_unambiguous
    ),
    _set_rule(
        "artifact-issue-matches-run",
        "warning",
        "an Artifact is for the Issue its Run is for",
        _same_link("Artifact", "produced_by", "for_issue"),
    ),
    _set_rule(
        "run-repo-matches-issue",
        "warning",
        "a Run works in the Repo of its Issue",
        _same_link("Run", "for_issue", "repo"),
    ),
)
"""The rules over the cwom documents validated together."""
