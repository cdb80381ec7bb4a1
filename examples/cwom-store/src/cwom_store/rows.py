"""CWOM documents as rows, and rows as documents again: the one place that knows both shapes."""

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, select

from cwom_store.schema import MOVED, KindMap, RefField


@dataclass
class Rows:
    """One document's rows: its kind's row and the rows of its join tables."""

    kind: KindMap
    row: dict[str, Any]
    joins: dict[Table, list[dict[str, Any]]] = field(default_factory=dict)


def _at(body: Any, path: tuple[str, ...]) -> tuple[dict[str, Any] | None, Any]:
    """Return the object holding a member and its value (None, None when a step is missing or not an object)."""
    holder = body
    for step in path[:-1]:
        holder = holder.get(step) if isinstance(holder, dict) else None
    if not isinstance(holder, dict):
        return None, None
    return holder, holder.get(path[-1])


def to_rows(kind: KindMap, document: dict[str, Any]) -> Rows:
    """Return the rows that store a (valid) document."""
    body = copy.deepcopy(document)
    rows = Rows(kind, {"id": body["id"], "schema_version": body["schema_version"], "body": body})
    if "meta" in body:
        rows.row["meta"], body["meta"] = body["meta"], MOVED
    for name in kind.columns:
        if body.get(name) is not None:
            rows.row[name], body[name] = body[name], MOVED
    for column, path in kind.copies:
        rows.row[column] = _at(body, path)[1]
    for ref in kind.refs:
        _, value = _at(body, ref.path)
        if ref.column is not None:
            if isinstance(value, dict):
                rows.row[f"{ref.column}_id"], value["id"] = value["id"], MOVED
                rows.row[f"{ref.column}_role"] = value.get("role")
        elif ref.table is not None:
            rows.joins[ref.table] = [
                {"owner_id": body["id"], "position": n, "target_id": item["id"], "role": item.get("role")}
                for n, item in enumerate(value or ())
            ]
            for item in value or ():
                item["id"] = MOVED
    return rows


def from_rows(rows: Rows) -> dict[str, Any]:
    """Return the document that a kind's row and its join rows store."""
    row = rows.row
    document: dict[str, Any] = copy.deepcopy(row["body"])
    if document.get("meta") == MOVED:
        document["meta"] = row["meta"]
    for name in rows.kind.columns:
        if document.get(name) == MOVED:
            document[name] = row[name]
    for ref in rows.kind.refs:
        _, value = _at(document, ref.path)
        if ref.column is not None and isinstance(value, dict):
            value["id"] = row[f"{ref.column}_id"]
        elif ref.table is not None and isinstance(value, list):
            targets = [join["target_id"] for join in rows.joins.get(ref.table, [])]
            for item, target in zip(value, targets, strict=True):
                item["id"] = target
    return document


def refs(kind: KindMap, document: dict[str, Any]) -> Iterator[tuple[str, RefField, dict[str, Any]]]:
    """Yield each Ref of a document with its JSON pointer and field: single Refs and list items alike."""
    for ref in kind.refs:
        _, value = _at(document, ref.path)
        pointer = "/" + "/".join(ref.path)
        if ref.column is not None and isinstance(value, dict):
            yield pointer, ref, value
        elif ref.table is not None and isinstance(value, list):
            yield from (
                (f"{pointer}/{n}", ref, item) for n, item in enumerate(value) if isinstance(item, dict)
            )


def write(connection: Connection, rows: Rows) -> None:
    """Insert a document's rows."""
    connection.execute(rows.kind.table.insert(), [rows.row])
    for table, joined in rows.joins.items():
        if joined:
            connection.execute(table.insert(), joined)


def read(connection: Connection, kind: KindMap, object_id: str) -> Rows | None:
    """Return the stored rows of one object, or None."""
    found = connection.execute(select(kind.table).where(kind.table.c.id == object_id)).mappings().first()
    if found is None:
        return None
    rows = Rows(kind, dict(found))
    for ref in kind.refs:
        if ref.table is not None:
            query = select(ref.table).where(ref.table.c.owner_id == object_id).order_by(ref.table.c.position)
            rows.joins[ref.table] = [dict(join) for join in connection.execute(query).mappings()]
    return rows


__all__ = ["Rows", "from_rows", "read", "refs", "to_rows", "write"]
