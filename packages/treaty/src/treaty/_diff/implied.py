"""Constraints one keyword of a schema already implies for another: an enum's values against the rest.

An enum (or const) lists every value a schema may accept, so a constraint all those values meet says nothing
more, and a value the schema's other keywords refuse is not really allowed. `settle` rewrites the two nodes
being compared so that each keyword is judged after what the enum implies: the engine's keyword rules then
report only what changes which documents are valid.
"""

from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Final

from treaty._diff.schema import Node, Values, canonical_types, json_types

_GROUPS: Final = (
    ("type",),
    ("minLength",),
    ("maxLength",),
    ("pattern",),
    ("format",),
    ("minimum", "exclusiveMinimum"),
    ("maximum", "exclusiveMaximum"),
    ("multipleOf",),
    ("minItems",),
    ("maxItems",),
    ("uniqueItems",),
    ("required",),
    ("minProperties",),
    ("maxProperties",),
)
"""Keywords a value is checked against on its own (a bound with its exclusive form, which replaces it)."""
SETTLED: Final = frozenset(keyword for group in _GROUPS for keyword in group)


def settle(a: Node, b: Node) -> tuple[Node, Node]:
    """Return the two nodes with the constraints their enums imply made explicit or dropped.

    With an enum on both sides, each keeps only the values its other keywords accept, and those keywords
    go: the two value sets say everything. With an enum on one side, that side takes the other side's
    keyword where every value of the enum meets it (no change to report) and drops it otherwise (the other
    side's keyword is then reported as added or removed: some value crosses it).
    """
    if a.false or b.false or ("enum" not in a.kw and "enum" not in b.kw):
        return a, b
    fa, fb = _kept(a), _kept(b)
    if (fa is not None and not fa.items) or (fb is not None and not fb.items):
        # no value of the enum meets the other keywords: the schema accepts nothing
        return replace(a, false=fa is not None and not fa.items), replace(
            b, false=fb is not None and not fb.items
        )
    if fa is not None and fb is not None:
        return _only_values(a, fa), _only_values(b, fb)
    if fa is not None:
        return _against(a, fa, b), b
    assert fb is not None  # noqa: S101 - one side has an enum
    return a, _against(b, fb, a)


def _kept(node: Node) -> Values | None:
    """Return the enum values the node's other settled keywords accept (None when it has no enum)."""
    values: Values | None = node.kw.get("enum")
    if values is None:
        return None
    schema = _schema(node.kw, SETTLED)
    return Values(values.kind, {key: value for key, value in values.items.items() if _valid(schema, value)})


def _only_values(node: Node, values: Values) -> Node:
    kw = {k: v for k, v in node.kw.items() if k not in SETTLED}
    kw["enum"] = values
    kw["type"] = _types_of(values)
    return replace(node, kw=kw)


def _against(node: Node, values: Values, other: Node) -> Node:
    kw = {k: v for k, v in node.kw.items() if k not in SETTLED}
    kw["enum"] = values
    for group in _GROUPS:
        # the other side's keyword where every value meets it; dropped where one does not (it is reported)
        theirs = {k: other.kw[k] for k in group if k in other.kw}
        if theirs and all(_valid(_schema(theirs, group), value) for value in values.items.values()):
            kw.update(theirs)
    return replace(node, kw=kw)


def _types_of(values: Values) -> frozenset[str]:
    found: frozenset[str] = frozenset()
    for value in values.items.values():
        found |= json_types(value)
    return canonical_types(found)


def _schema(kw: Mapping[str, Any], keywords: frozenset[str] | tuple[str, ...]) -> dict[str, Any]:
    """Return the JSON Schema of the node's keywords among ``keywords`` (sets written as sorted lists)."""
    return {k: sorted(v) if isinstance(v, frozenset) else v for k, v in kw.items() if k in keywords}


def _valid(schema: dict[str, Any], value: Any) -> bool:
    """Return whether one value meets a few keywords, read as JSON Schema reads them (patterns as ECMA-262).

    jsonschema-rs, which `treaty validate` loads anyway: python-jsonschema would double `treaty diff`'s start.
    """
    import jsonschema_rs  # noqa: PLC0415  # only once an enum is compared

    return bool(jsonschema_rs.Draft202012Validator(schema, validate_formats=True).is_valid(value))
