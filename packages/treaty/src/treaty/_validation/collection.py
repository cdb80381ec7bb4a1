"""Cross-document rules: what holds across a set of documents validated together (a directory, several files).

cwom objects link to each other with Refs (``{kind, id, role}``); validated together, every Ref must resolve
to exactly one object of its kind, and ids must be unique. A Ref is found through the document's schema, not
by its shape in the data, so a Ref-like mapping inside free-form ``meta`` is never mistaken for one.
"""

from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from treaty._documents.document import Document
from treaty._documents.findings import Finding, Severity, pointer_of
from treaty._validation.select import Selection

Path_ = tuple[str | int, ...]
_SHOWN: Final = 3
"""How many candidate objects a message names."""


@dataclass(frozen=True)
class Member:
    """A document of the set that names an object (a mapping with a string ``kind`` and ``id``).

    Only a schema-valid member (``valid``) has its Refs checked; an invalid one still counts as present, so
    its own errors do not cascade into "unresolved" errors in the documents that point to it.
    """

    document: Document
    selection: Selection
    schema: Mapping[str, Any]
    valid: bool = True

    @staticmethod
    def names_object(data: object) -> bool:
        """Return whether loaded data can be indexed as an object (``kind`` and ``id`` are strings)."""
        return (
            isinstance(data, dict) and isinstance(data.get("kind"), str) and isinstance(data.get("id"), str)
        )

    @property
    def data(self) -> Mapping[str, Any]:
        """Return the document's data (a mapping: the schema accepted it)."""
        data: Mapping[str, Any] = self.document.data
        return data

    @property
    def where(self) -> str:
        """Return ``file:line`` of the document's ``id``."""
        line, _ = self.document.locate(("id",))
        return f"{self.document.source}:{line}"


@dataclass(frozen=True)
class Ref:
    """A reference found in a member: where it sits, and what it names."""

    member: Member
    path: Path_
    kind: str
    id: str


@dataclass(frozen=True)
class SetHit:
    """A broken cross-document rule: in which member, where, what, and the hint."""

    member: Member
    path: Path_
    message: str
    hint: str


@dataclass(frozen=True)
class CollectionRule:
    """A named rule over the documents of one family validated together."""

    id: str
    family: str
    severity: Severity
    summary: str
    check: Callable[["Index"], Iterator[SetHit]]


def _is_ref(schema: Mapping[str, Any]) -> bool:
    properties = schema.get("properties", {})
    return (
        "const" in properties.get("kind", {})
        and "id" in properties
        and set(properties) <= {"kind", "id", "role"}
    )


def _refs_in(root: Mapping[str, Any], schema: Mapping[str, Any], data: Any, path: Path_) -> Iterator[Path_]:
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


def _at(data: Any, path: Path_) -> Any:
    for part in path:
        data = data[part]
    return data


class Index:
    """The objects of one family's documents, by kind and id, and every Ref they hold."""

    def __init__(self, members: Sequence[Member]) -> None:
        """Index ``members`` (in input order)."""
        self.members = list(members)
        self.by_key: dict[tuple[str, str], list[Member]] = defaultdict(list)
        self.by_id: dict[str, list[Member]] = defaultdict(list)
        for member in self.members:
            self.by_key[member.data["kind"], member.data["id"]].append(member)
            self.by_id[member.data["id"]].append(member)
        self.refs = [
            Ref(member, path, (value := _at(member.data, path))["kind"], value["id"])
            for member in self.members
            if member.valid
            for path in _refs_in(member.schema, member.schema, member.data, ())
        ]

    def of_kind(self, kind: str) -> list[Member]:
        """Return the members of one object kind."""
        return [m for m in self.members if m.data["kind"] == kind]

    def target(self, ref: Ref) -> Member | None:
        """Return the one object a Ref resolves to, or None when it resolves to none or several."""
        found = self.by_key.get((ref.kind, ref.id), [])
        return found[0] if len(found) == 1 else None


def _unique_id(index: Index) -> Iterator[SetHit]:
    for object_id, members in index.by_id.items():
        first = members[0]
        for other in (m for m in members[1:] if m.valid):
            yield SetHit(
                other,
                ("id",),
                f"id {object_id} is also the id of the {first.data['kind']} in {first.where}",
                "give every object its own id (a new ULID)",
            )


def _listing(members: Sequence[Member]) -> str:
    shown = ", ".join(f"{m.where} ({m.data['id']})" for m in members[:_SHOWN])
    return shown + (f" and {len(members) - _SHOWN} more" if len(members) > _SHOWN else "")


def _refs_resolve(index: Index) -> Iterator[SetHit]:
    for ref in index.refs:
        if index.by_key.get((ref.kind, ref.id)):
            continue
        message = f"Ref to {ref.kind} {ref.id} does not resolve: no {ref.kind} in the set has this id"
        others = index.by_id.get(ref.id, [])
        if others:
            message += f"; it is the id of the {others[0].data['kind']} in {others[0].where}"
        candidates = index.of_kind(ref.kind)
        message += f" ({ref.kind} objects in the set: {_listing(candidates)})" if candidates else ""
        yield SetHit(
            ref.member,
            ref.path,
            message,
            f"fix the id, add the {ref.kind} to the set, or validate with --isolated to skip cross-document rules",
        )


def _refs_unambiguous(index: Index) -> Iterator[SetHit]:
    for ref in index.refs:
        found = index.by_key.get((ref.kind, ref.id), [])
        if len(found) > 1:
            yield SetHit(
                ref.member,
                ref.path,
                f"Ref to {ref.kind} {ref.id} is ambiguous: {len(found)} objects have it ({_listing(found)})",
                "give every object its own id",
            )


def _same_link(kind: str, via: str, link: str) -> Callable[[Index], Iterator[SetHit]]:
    """Return a check: a ``kind`` object's ``link`` Ref equals the ``link`` of the object its ``via`` Ref names."""

    def check(index: Index) -> Iterator[SetHit]:
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
                yield SetHit(
                    ref.member,
                    (link,),
                    f"{link} names {mine['id']}, but the {target.data['kind']} it names in {via} "
                    f"({target.where}) has {link} {theirs['id']}",
                    f"make {link} agree along the chain",
                )

    return check


RULES: Final[tuple[CollectionRule, ...]] = (
    CollectionRule(
        "cwom/unique-id",
        "cwom",
        Severity.ERROR,
        "every object's id is unique across the documents validated together (spec rule 1)",
        _unique_id,
    ),
    CollectionRule(
        "cwom/ref-unresolved",
        "cwom",
        Severity.ERROR,
        "every Ref resolves to an object of its kind among the documents validated together (spec rule 2)",
        _refs_resolve,
    ),
    CollectionRule(
        "cwom/ref-ambiguous",
        "cwom",
        Severity.ERROR,
        "no Ref resolves to more than one object (spec rule 2)",
        _refs_unambiguous,
    ),
    CollectionRule(
        "cwom/artifact-issue-matches-run",
        "cwom",
        Severity.WARNING,
        "an Artifact is for the Issue its Run is for",
        _same_link("Artifact", "produced_by", "for_issue"),
    ),
    CollectionRule(
        "cwom/run-repo-matches-issue",
        "cwom",
        Severity.WARNING,
        "a Run works in the Repo of its Issue",
        _same_link("Run", "for_issue", "repo"),
    ),
)


def cross_check(members: Sequence[Member]) -> dict[int, list[Finding]]:
    """Apply every collection rule to each family's members; return the findings by member position."""
    position = {id(m): n for n, m in enumerate(members)}
    found: dict[int, list[Finding]] = defaultdict(list)
    for family in sorted({m.selection.family for m in members}):
        rules = [rule for rule in RULES if rule.family == family]
        if not rules:
            continue
        index = Index([m for m in members if m.selection.family == family])
        for rule in rules:
            for hit in rule.check(index):
                line, column = hit.member.document.locate(hit.path)
                found[position[id(hit.member)]].append(
                    Finding(
                        hit.member.document.source,
                        line,
                        column,
                        pointer_of(hit.path),
                        rule.id,
                        hit.message,
                        hit.hint,
                        rule.severity,
                        hit.member.selection.label,
                    )
                )
    return found
