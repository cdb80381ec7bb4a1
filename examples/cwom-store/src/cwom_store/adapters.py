"""What pytest-treaty runs the cwom fixtures through: the store itself, on a database rolled back after each.

Each adapter checks a document (or a set) as `Store.add_set` does, writes it, reads it back and requires the
document it wrote: a valid fixture must survive the round trip through the rows unchanged. The database is
``CWOM_STORE_URL`` (default: SQLite in memory), upgraded to the newest revision once.
"""

import os
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, Final

from cwom_store.contract import check_document
from cwom_store.errors import ContractViolation, Problem, StoreError
from cwom_store.schema import KINDS
from cwom_store.store import DEFAULT_URL, Store

URL_VARIABLE: Final = "CWOM_STORE_URL"


@cache
def shared_store() -> Store:
    """Return the store the adapters write to (opened and migrated on first use)."""
    return Store.open(os.environ.get(URL_VARIABLE, DEFAULT_URL))


def _round_trip(store: Store, kind: str, name: str, document: dict[str, Any]) -> None:
    if store.get(kind, document["id"]) != document:
        raise StoreError(
            (
                Problem(
                    name, "", "cwom-store/round-trip", "the document read back differs from the one written"
                ),
            )
        )


def _document_adapter(kind: str) -> Callable[[Any], dict[str, Any]]:
    def adapter(document: Any) -> dict[str, Any]:
        problems = check_document(document, f"{kind} document", kind)
        if problems:
            raise ContractViolation(tuple(problems))
        with shared_store().scratch() as store:
            # one document alone: its Refs point outside it, and nothing here commits (deferred keys unchecked)
            store.add(document, references=False)
            _round_trip(store, kind, f"{kind} document", document)
        return document  # type: ignore[no-any-return]  # a dict: the contract checked it

    adapter.__name__ = adapter.__qualname__ = kind
    adapter.__doc__ = f"Store one {kind} document and read it back, on a database rolled back after."
    return adapter


def sets(documents: Mapping[str, Any]) -> Mapping[str, Any]:
    """Store a set of documents together (every Ref resolved, ids unique), read each back, roll back."""
    with shared_store().scratch() as store:
        store.add_set(documents)
        for name, document in documents.items():
            _round_trip(store, KINDS_BY_NAME[document["kind"]], name, document)
    return documents


KINDS_BY_NAME: Final = {m.name: m.kind for m in KINDS.values()}
repo = _document_adapter("repo")
issue = _document_adapter("issue")
context_packet = _document_adapter("context_packet")
constraint_snapshot = _document_adapter("constraint_snapshot")
doctrine_ref = _document_adapter("doctrine_ref")
run = _document_adapter("run")
artifact = _document_adapter("artifact")

__all__ = [
    "artifact",
    "constraint_snapshot",
    "context_packet",
    "doctrine_ref",
    "issue",
    "repo",
    "run",
    "sets",
    "shared_store",
]
