"""The field tables of a kind's page: every property of a schema, its type, whether it is required, its limits.

A kind's schema is read bundled (`treaty._validation.refs.bundle`), so every ``$ref`` is local
(``#/$defs/<Name>``) and becomes a link to that definition's section of the same page. Objects written inline
(not as a definition) are listed under their property with a dotted name (``meta.owner``, ``items[].id``).
"""

import html
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

_LOCAL: Final = "#/$defs/"
_SAFE: Final = re.compile(r"[^A-Za-z0-9_./-]")
_LIMITS: Final = (
    "format",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "exclusiveMinimum",
    "maximum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "default",
)
_NEWLINE_EXCLUSION: Final = {"type": "string", "pattern": "\\n"}
"""What versions released with the vocabulary add beside an anchored pattern (docs/rules-vocabulary.md)."""


def anchor(*parts: str) -> str:
    """Return an HTML id made of ``parts``: any character but letters, digits and ``_./-`` written as ``_<hex>_``."""
    return "-".join(_SAFE.sub(lambda m: f"_{ord(m[0]):x}_", part) for part in parts)


def definition_anchor(name: str) -> str:
    """Return the id of a definition's section on a kind's page."""
    return anchor("def", name)


def escape(value: Any) -> str:
    """Return text (or any JSON value, compactly) escaped for HTML."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    return html.escape(text)


def code(value: Any) -> str:
    """Return a value as inline code."""
    return f"<code>{escape(value)}</code>"


@dataclass(frozen=True)
class Row:
    """One property in a field table."""

    name: str
    """The property's name, dotted from the table's object for properties of inline objects."""
    anchor: str
    pointer: str
    """Where the property's schema is in the kind's schema (a JSON pointer)."""
    type: str
    """The type, as HTML (definitions are links)."""
    required: bool
    description: str
    details: tuple[str, ...]
    """Allowed values and limits, each as HTML."""


def rows(schema: Mapping[str, Any], pointer: str, owner: str) -> list[Row]:
    """Return the rows of an object schema's properties, and of the inline objects among them.

    ``owner`` prefixes each row's anchor (``field`` for the kind itself, the definition's anchor otherwise).
    """
    return list(_rows(schema, pointer, owner, ""))


def _rows(schema: Mapping[str, Any], pointer: str, owner: str, prefix: str) -> Iterator[Row]:
    properties = schema.get("properties")
    if not isinstance(properties, Mapping):
        return
    required = schema.get("required", [])
    for name, node in properties.items():
        if not isinstance(node, Mapping):
            continue
        dotted = f"{prefix}{name}"
        where = f"{pointer}/properties/{_escape_pointer(name)}"
        yield Row(
            dotted,
            anchor(owner, dotted),
            where,
            type_html(node),
            name in required,
            str(_plain(node).get("description") or node.get("description") or ""),
            tuple(details(node)),
        )
        for inner, inner_pointer, suffix in _inline_objects(node, where):
            yield from _rows(inner, inner_pointer, owner, f"{dotted}{suffix}.")


def _inline_objects(node: Mapping[str, Any], pointer: str) -> Iterator[tuple[Mapping[str, Any], str, str]]:
    """Yield the objects written inline in a property's schema, with their pointers and name suffixes."""
    if isinstance(node.get("properties"), Mapping) and "$ref" not in node:
        yield node, pointer, ""
    items = node.get("items")
    if isinstance(items, Mapping):
        yield from ((o, p, f"[]{s}") for o, p, s in _inline_objects(items, f"{pointer}/items"))
    values = node.get("additionalProperties")
    if isinstance(values, Mapping):
        yield from (
            (o, p, f"{{}}{s}") for o, p, s in _inline_objects(values, f"{pointer}/additionalProperties")
        )
    for keyword in ("anyOf", "oneOf"):
        for number, branch in enumerate(node.get(keyword, [])):
            if isinstance(branch, Mapping):
                yield from _inline_objects(branch, f"{pointer}/{keyword}/{number}")


def _escape_pointer(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


def _plain(node: Mapping[str, Any]) -> Mapping[str, Any]:
    """Return the non-null branch of Pydantic's optional form ``anyOf: [X, {"type": "null"}]``, else ``node``."""
    branches = node.get("anyOf")
    if isinstance(branches, list) and len(branches) == 2 and {"type": "null"} in branches:  # noqa: PLR2004
        other = branches[0] if branches[1] == {"type": "null"} else branches[1]
        if isinstance(other, Mapping):
            return other
    return node


def type_html(node: Any) -> str:
    """Return the type a schema allows, as HTML: definitions as links, ``array of X``, ``X | null``."""
    if node is True or node == {}:
        return "any"
    if node is False:
        return "nothing"
    if not isinstance(node, Mapping):
        return escape(node)
    ref = node.get("$ref")
    if isinstance(ref, str):
        return _reference(ref)
    if "const" in node:
        return f"const {code(node['const'])}"
    for keyword in ("anyOf", "oneOf"):
        branches = node.get(keyword)
        if isinstance(branches, list) and branches:
            joined = " | ".join(type_html(branch) for branch in branches)
            return joined if keyword == "anyOf" else f"one of: {joined}"
    members = node.get("allOf")
    if isinstance(members, list) and len(members) == 1:
        return type_html(members[0])
    types = node.get("type")
    names = [types] if isinstance(types, str) else list(types) if isinstance(types, list) else []
    if "enum" in node and not names:
        names = ["enum"]
    shown = [_typed(node, str(name)) for name in names]
    return " | ".join(shown) if shown else "any"


def _reference(ref: str) -> str:
    """Return a reference as a link to its definition's section (a bundled schema's are all local)."""
    if ref.startswith(_LOCAL):
        name = ref.removeprefix(_LOCAL)
        return f'<a href="#{definition_anchor(name)}">{escape(name)}</a>'
    return code(ref)


def _typed(node: Mapping[str, Any], name: str) -> str:
    if name == "array" and "items" in node:
        return f"array of {type_html(node['items'])}"
    values = node.get("additionalProperties")
    if name == "object" and isinstance(values, Mapping) and not node.get("properties"):
        return f"object of {type_html(values)}"
    return escape(name)


def details(node: Mapping[str, Any]) -> Iterator[str]:
    """Yield a schema's allowed values and limits, each as HTML (a nullable one's, from its non-null branch)."""
    plain = _plain(node)
    if plain is not node:
        yield "may be null"
    enum = plain.get("enum")
    if isinstance(enum, list):
        yield "one of: " + ", ".join(code(value) for value in enum)
    for keyword in _LIMITS:
        if keyword in plain:
            yield f"{escape(keyword)}: {code(plain[keyword])}"
        elif keyword == "default" and "default" in node:
            yield f"default: {code(node['default'])}"
    refused = plain.get("not")
    if refused == _NEWLINE_EXCLUSION:
        yield "no newline"
    elif refused is not None:
        yield f"not: {code(refused)}"
    if plain.get("additionalProperties") is False and plain.get("properties"):
        yield "no other keys"
    examples = node.get("examples")
    if isinstance(examples, list) and examples:
        yield f"example: {code(examples[0])}"
