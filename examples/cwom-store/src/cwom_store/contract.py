"""The cwom contract at the store's door: each document against its installed schema, and a set's Refs.

A document is checked with Treaty's validator against the schemas of ``treaty-cwom-schemas`` (the version
its ``schema_version`` names), offline. The cross-document rules (every Ref resolves to exactly one object of
its kind, ids are unique across kinds) are the store's own code: they look at the set being written and at
what is already stored.
"""

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any, Final

from treaty import Catalog, Document, Finding, Runner, SchemaRef, Selector, Severity

from cwom_store.errors import Problem
from cwom_store.rows import refs
from cwom_store.schema import BY_NAME, KINDS, KindMap

FAMILY: Final = "cwom"


@cache
def _runner() -> Runner:
    return Runner(Selector(Catalog.installed()))


def _problem(finding: Finding, file: str) -> Problem:
    return Problem(file, finding.pointer, finding.rule, finding.message, finding.hint)


def kind_of(document: Any, file: str) -> KindMap | Problem:
    """Return the kind a document says it is, or the problem when it names none the store knows."""
    name = document.get("kind") if isinstance(document, dict) else None
    if name not in BY_NAME:
        known = ", ".join(BY_NAME)
        return Problem(
            file, "/kind", "cwom-store/kind", f"{name!r} is not a CWOM kind", f"write one of {known}"
        )
    return BY_NAME[name]


def check_document(document: Any, file: str, kind: str | None = None) -> list[Problem]:
    """Return every error the contract finds in one document (its warnings are not refusals)."""
    found = kind_of(document, file) if kind is None else KINDS[kind]
    if isinstance(found, Problem):
        return [found]
    runner = _runner()
    loaded = Document(file, document, {}, {})
    selection = runner.selector.select(loaded, None, SchemaRef(FAMILY, found.kind, None))
    if isinstance(selection, Finding):
        return [_problem(selection, file)]
    return [_problem(f, file) for f in runner.check(loaded, selection) if f.severity is Severity.ERROR]


def check_set(
    documents: Mapping[str, dict[str, Any]], stored: Callable[[str], Sequence[str]]
) -> list[Problem]:
    """Return the cross-document errors of a set of valid documents, by file name.

    ``stored(id)`` returns the kinds (table names) already stored under an id: a Ref may point there too.
    An id is reported on every document that repeats it after the first (in file name order).
    """
    holders: dict[str, list[tuple[str, str]]] = defaultdict(list)  # id -> (file, kind)
    for file, document in sorted(documents.items()):
        holders[document["id"]].append((file, BY_NAME[document["kind"]].kind))
    problems = []
    for object_id, found in holders.items():
        already = stored(object_id)
        for file, _ in found if already else found[1:]:  # a stored holder came first
            problems.append(
                Problem(
                    file,
                    "/id",
                    "cwom/unique-id",
                    f"id {object_id} is also the id of {_others(found, file, already)}",
                    "give every object an id of its own (a new ULID)",
                )
            )
    for file, document in sorted(documents.items()):
        for pointer, ref, value in refs(BY_NAME[document["kind"]], document):
            targets = [f for f, kind in holders.get(value["id"], []) if kind == ref.target]
            targets += [f"stored {ref.target}" for kind in stored(value["id"]) if kind == ref.target]
            if len(targets) == 1:
                continue
            rule = "cwom/ref-unresolved" if not targets else "cwom/ref-ambiguous"
            what = "no" if not targets else f"{len(targets)} objects ({', '.join(targets)}):"
            problems.append(
                Problem(
                    file,
                    pointer,
                    rule,
                    f"Ref to {value['kind']} {value['id']}: {what} {value['kind']} with this id in the set or the store",
                    "add the object to the set, or fix the id",
                )
            )
    return problems


def _others(found: list[tuple[str, str]], file: str, stored: Sequence[str]) -> str:
    names = [f"{kind} in {other}" for other, kind in found if other != file]
    return ", ".join(names + [f"a stored {kind}" for kind in stored])


__all__ = ["check_document", "check_set", "kind_of"]
