"""JSON Schema dialects: each schema checked against its own meta-schema and translated to draft 2020-12.

The engine compares one form, draft 2020-12, so that no rule is written once per dialect. A schema in draft
4, 6, 7 or 2019-09 is translated before the comparison: ``definitions`` to ``$defs``, array-form ``items``
and ``additionalItems`` to ``prefixItems`` and ``items``, ``dependencies`` to ``dependentRequired`` and
``dependentSchemas``, draft-04's boolean ``exclusiveMaximum``/``exclusiveMinimum`` with their bound to a
numeric exclusive bound, ``id`` to ``$id`` (a plain-name fragment to ``$anchor``), ``$recursiveRef`` to a
``$ref`` where it resolves statically (``$dynamicRef`` otherwise), and before 2019-09 the siblings of a
``$ref`` dropped, as those dialects ignore them. A keyword the schema's dialect does not define but draft
2020-12 does (``const`` in draft-04, ``prefixItems`` in draft-07) is dropped too: the dialect's validators
ignore it. Local ``$ref``s are rewritten to where their targets moved. `Translated.original` maps a pointer
into the translated schema back to the schema as written, so changes are located in the author's terms.
"""

import re
from collections.abc import Iterator, Mapping
from typing import Any, Final, Literal, NamedTuple, get_args
from urllib.parse import unquote

from treaty._diff.schema import SchemaDiffError, Side, escape
from treaty._documents.findings import at_pointer

Dialect = Literal["4", "6", "7", "2019-09", "2020-12"]
"""A dialect as ``treaty diff --dialect`` names it."""

DIALECTS: Final[tuple[Dialect, ...]] = get_args(Dialect)
DEFAULT: Final[Dialect] = "2020-12"
"""What a schema without ``$schema`` is read as: what Treaty exports, and the current JSON Schema."""

URIS: Final[Mapping[Dialect, str]] = {
    "4": "http://json-schema.org/draft-04/schema#",
    "6": "http://json-schema.org/draft-06/schema#",
    "7": "http://json-schema.org/draft-07/schema#",
    "2019-09": "https://json-schema.org/draft/2019-09/schema",
    "2020-12": "https://json-schema.org/draft/2020-12/schema",
}
"""Each dialect's meta-schema URI, as its ``$schema`` is usually written (an empty fragment is also read)."""

NAMES: Final[Mapping[Dialect, str]] = {
    "4": "draft-04",
    "6": "draft-06",
    "7": "draft-07",
    "2019-09": "draft 2019-09",
    "2020-12": "draft 2020-12",
}

_BY_URI: Final = {uri.rstrip("#"): dialect for dialect, uri in URIS.items()}
_LEVEL: Final[Mapping[Dialect, int]] = {"4": 4, "6": 6, "7": 7, "2019-09": 2019, "2020-12": 2020}

_DRAFT_2020_ONLY: Final = frozenset(
    {
        "$id",
        "$anchor",
        "$dynamicRef",
        "$dynamicAnchor",
        "const",
        "contains",
        "propertyNames",
        "if",
        "then",
        "else",
        "prefixItems",
        "dependentRequired",
        "dependentSchemas",
        "unevaluatedItems",
        "unevaluatedProperties",
        "minContains",
        "maxContains",
    }
)
"""Keywords the engine reads that older dialects may not define (annotations are kept in any dialect)."""
_DEFINED: Final[Mapping[int, frozenset[str]]] = {
    4: frozenset(),
    6: frozenset({"$id", "const", "contains", "propertyNames"}),
    7: frozenset({"$id", "const", "contains", "propertyNames", "if", "then", "else"}),
    2019: _DRAFT_2020_ONLY - {"$dynamicRef", "$dynamicAnchor", "prefixItems"},
}
"""Which of `_DRAFT_2020_ONLY` each older dialect defines; the others are dropped from its schemas."""

_ONE: Final[Mapping[int, frozenset[str]]] = {
    4: frozenset({"additionalProperties", "not"}),
    6: frozenset({"additionalProperties", "not", "propertyNames", "contains"}),
    7: frozenset({"additionalProperties", "not", "propertyNames", "contains", "if", "then", "else"}),
    2019: frozenset(
        {
            "additionalProperties",
            "not",
            "propertyNames",
            "contains",
            "if",
            "then",
            "else",
            "unevaluatedItems",
            "unevaluatedProperties",
            "contentSchema",
        }
    ),
}
"""Keywords whose value is one subschema, by dialect (``items`` and ``additionalItems`` are read apart)."""
_LISTS: Final = frozenset({"allOf", "anyOf", "oneOf"})
_DEFINITIONS: Final = ("definitions", "$defs")
"""Where definitions live; read in every dialect, since a ``$ref`` reaches them by JSON pointer anyway."""
_LEGACY: Final = frozenset({"dependencies", "additionalItems", "$recursiveRef", "$recursiveAnchor"})
"""Keywords of older dialects that draft 2020-12 does not define: a sign that a schema without ``$schema``
is not written in 2020-12."""
_REF_KEPT: Final = ("$ref", *_DEFINITIONS)
"""What stays beside a ``$ref`` before 2019-09, which ignores its other siblings."""
_SYNTHETIC: Final = "treaty-dialect:"
"""Prefix of the ``$defs`` entry a ``$ref`` target outside every subschema is translated into."""


class DialectError(SchemaDiffError):
    """A schema whose ``$schema`` names no supported dialect, or that its dialect's meta-schema refuses."""

    def __init__(self, message: str, *, side: Side, dialect: str, pointer: str = "", hint: str = "") -> None:
        """Record what was refused, where, and the likely fix."""
        super().__init__(message)
        self.side: Side = side
        self.dialect = dialect
        self.pointer = pointer
        self.hint = hint


# A NamedTuple rather than a frozen dataclass: a tenth of the cost to create, which start-up feels.
class Translated(NamedTuple):
    """A schema in draft 2020-12 form, the dialect it was written in, and where its parts were written."""

    dialect: Dialect
    schema: Any
    moved: Mapping[str, str]
    """Translated pointer to pointer as written, for every subschema and renamed keyword that moved."""

    def original(self, pointer: str) -> str:
        """Return where a pointer into the translated schema points in the schema as written."""
        if not self.moved or not pointer.startswith("/"):
            return pointer
        parts = pointer.split("/")
        for end in range(len(parts), 0, -1):
            found = self.moved.get("/".join(parts[:end]))
            if found is not None:
                return "/".join([found, *parts[end:]])
        return pointer


def read(side: Side, schema: Any, dialect: Dialect | None = None) -> Translated:
    """Return the schema checked against its dialect's meta-schema and translated to draft 2020-12.

    The dialect is the schema's ``$schema``, else ``dialect``, else draft 2020-12; a schema that only falls
    back to 2020-12 and uses a keyword of an older dialect is refused, rather than silently misread.
    """
    written = schema.get("$schema") if isinstance(schema, Mapping) else None
    found = _named(side, written) if written is not None else dialect or DEFAULT
    assumed = written is None and dialect is None
    _check(side, schema, found, assumed=assumed)
    if found == "2020-12":
        if assumed:
            _refuse_legacy(side, schema)
        return Translated(found, _stamped(schema, found), {})
    translation = _Translation(found, schema)
    return Translated(found, _stamped(translation.run(), found), translation.moved)


def _named(side: Side, uri: Any) -> Dialect:
    found = _BY_URI.get(uri.rstrip("#")) if isinstance(uri, str) else None
    if found is None:
        supported = ", ".join(URIS.values())
        raise DialectError(
            f"the {side} schema's $schema {uri!r} is not a dialect treaty diff reads",
            side=side,
            dialect=str(uri),
            pointer="/$schema",
            hint=f"use one of {supported}",
        )
    return found


def _stamped(schema: Any, dialect: Dialect) -> Any:
    """Return the schema with its dialect's URI as ``$schema``: the engine reports a change of dialect."""
    if not isinstance(schema, Mapping) or schema.get("$schema") == URIS[dialect]:
        return schema
    return {**schema, "$schema": URIS[dialect]}


def _check(side: Side, schema: Any, dialect: Dialect, *, assumed: bool) -> None:
    """Refuse a schema its dialect's meta-schema refuses, naming the dialect and where."""
    if _certainly_valid(schema, dialect):
        return
    from jsonschema import validators  # noqa: PLC0415 - the explaining validator: only for a doubtful schema
    from jsonschema.exceptions import SchemaError  # noqa: PLC0415

    checker = validators.validator_for({"$schema": URIS[dialect]})
    try:
        checker.check_schema(schema)
    except SchemaError as error:
        at = "/" + "/".join(escape(str(part)) for part in error.path)
        if assumed:
            hint = (
                "it has no $schema, so it was read as draft 2020-12: if it is written in another dialect, "
                "add its $schema or give --dialect (4, 6, 7, 2019-09)"
            )
        else:
            hint = f"fix the schema, or name the dialect it is written in ({', '.join(DIALECTS)})"
        raise DialectError(
            f"the {side} schema is not a valid JSON Schema at {at} under {NAMES[dialect]}: {error.message}",
            side=side,
            dialect=dialect,
            pointer=at,
            hint=hint,
        ) from error


def _certainly_valid(schema: Any, dialect: Dialect) -> bool:
    """Return True when the schema is certainly valid (False: not sure).

    jsonschema-rs checks a 50 KB schema in about 0.1 ms, python-jsonschema in about 35 ms, which was most of
    a diff's time. Rust reads ``pattern`` as ECMA-262 and does not assert the ``regex`` format, which
    python-jsonschema checks with Python's ``re``: a pattern Python cannot compile sends the schema to it.
    """
    if not isinstance(schema, Mapping):
        return False
    import jsonschema_rs  # noqa: PLC0415 - loaded with the diff, not with the command line

    # always a known $schema: jsonschema-rs would try to download an unknown one
    if not jsonschema_rs.meta.is_valid({**schema, "$schema": URIS[dialect]}):
        return False
    try:
        for pattern in _patterns(schema):
            re.compile(pattern)
    except (re.error, TypeError):
        return False
    return True


def _patterns(schema: Any) -> list[str]:
    """Return every string that may be read as a regular expression (a superset: any ``pattern`` member).

    Schemas are JSON data: only dicts and lists are searched (testing every scalar against the ``Mapping``
    ABC took five times as long); a pattern Python cannot compile elsewhere fails the comparison's own
    ``re`` use instead, as a changed pattern.
    """
    found: list[str] = []
    stack = [schema]
    while stack:  # a loop, not recursion: a 50 KB schema has thousands of containers
        value = stack.pop()
        if isinstance(value, dict):
            pattern = value.get("pattern")
            if isinstance(pattern, str):
                found.append(pattern)
            named = value.get("patternProperties")
            if isinstance(named, dict):
                found.extend(named)
            stack.extend([item for item in value.values() if isinstance(item, dict | list)])
        else:
            stack.extend([item for item in value if isinstance(item, dict | list)])
    return found


def _refuse_legacy(side: Side, schema: Any) -> None:
    """Refuse a schema read as 2020-12 only by default that uses a keyword of an older dialect."""
    for pointer, node in _subschemas(schema, ""):
        legacy = sorted(_LEGACY & set(node))
        if legacy:
            raise DialectError(
                f"the {side} schema has no $schema, so it is read as draft 2020-12, which does not define "
                f"{legacy[0]} (at {pointer}/{escape(legacy[0])})",
                side=side,
                dialect=DEFAULT,
                pointer=f"{pointer}/{escape(legacy[0])}",
                hint="give the dialect it is written in: add its $schema, or --dialect (4, 6, 7, 2019-09)",
            )


def _subschemas(value: Any, pointer: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Yield every subschema of a draft 2020-12 schema that is an object, with its pointer."""
    if not isinstance(value, Mapping):
        return
    yield pointer, value
    for key, item in value.items():
        at = f"{pointer}/{escape(key)}"
        if key in _ONE[2019] or key == "items":
            yield from _subschemas(item, at)
        elif key in {"properties", "patternProperties", "dependentSchemas", *_DEFINITIONS}:
            if isinstance(item, Mapping):
                for name, sub in item.items():
                    yield from _subschemas(sub, f"{at}/{escape(name)}")
        elif key in {*_LISTS, "prefixItems"} and isinstance(item, list):
            for index, sub in enumerate(item):
                yield from _subschemas(sub, f"{at}/{index}")


class _Translation:
    """One schema of an older dialect translated to draft 2020-12, with where each part moved."""

    def __init__(self, dialect: Dialect, root: Any) -> None:
        self.level = level = _LEVEL[dialect]
        self.draft4 = level == _LEVEL["4"]
        self.legacy = level < _LEVEL["2019-09"]
        """Before 2019-09: $ref siblings ignored, dependencies a keyword."""
        self.recursive_refs = level == _LEVEL["2019-09"]
        self.identifier = "id" if self.draft4 else "$id"
        self.root = root
        self.drop = _DRAFT_2020_ONLY - _DEFINED[self.level]
        self.moved: dict[str, str] = {}
        """Translated pointer to original, for subschemas and renamed keywords."""
        self.placed: dict[str, str] = {"": ""}
        """Original pointer of each subschema to where its translation is."""
        self.refs: list[dict[str, Any]] = []
        """Translated schema objects whose local $ref is still to be rewritten."""
        self.synthetic: dict[str, Any] = {}
        anchor = isinstance(root, Mapping) and root.get("$recursiveAnchor") is True
        self.root_anchor = anchor
        identifier = root.get(self.identifier) if isinstance(root, Mapping) else None
        self.base = identifier.split("#", 1)[0] if isinstance(identifier, str) else ""

    def run(self) -> Any:
        """Return the translated schema."""
        out = self.schema(self.root, "", "", ("", self.root_anchor))
        while self.refs:
            holder = self.refs.pop()
            holder["$ref"] = self.ref(holder["$ref"])
        if self.synthetic and isinstance(out, dict):
            out["$defs"] = {**out.get("$defs", {}), **self.synthetic}
        return out

    def schema(self, value: Any, src: str, dst: str, resource: tuple[str, bool]) -> Any:
        """Return one subschema translated; ``resource`` is its schema resource's pointer and recursive anchor."""
        self.placed.setdefault(src, dst)
        if src != dst:
            self.moved[dst] = src
        if not isinstance(value, Mapping):
            return value
        identifier = value.get(self.identifier)
        if src and isinstance(identifier, str) and not identifier.startswith("#"):
            resource = (src, value.get("$recursiveAnchor") is True)
        keys = _REF_KEPT if self.legacy and "$ref" in value else value
        out: dict[str, Any] = {}
        for key in keys:
            if key in value:
                self.keyword(out, key, value, (src, dst), resource)
        if self.draft4:  # a boolean exclusive bound qualifies its bound
            for bound, exclusive in (("maximum", "exclusiveMaximum"), ("minimum", "exclusiveMinimum")):
                if value.get(exclusive) is True and bound in out:
                    out[exclusive] = out.pop(bound)
        return out

    def keyword(  # noqa: C901, PLR0912 - one branch per keyword that moves
        self,
        out: dict[str, Any],
        key: str,
        value: Mapping[str, Any],
        at: tuple[str, str],
        resource: tuple[str, bool],
    ) -> None:
        """Write one keyword of a schema object into its translation."""
        src, dst = at
        item = value[key]
        here = f"{src}/{escape(key)}"
        if key in _DEFINITIONS and isinstance(item, Mapping):
            name = "$defs" if key == "$defs" or "$defs" not in value else key
            out[name] = self.each(item, here, f"{dst}/{escape(name)}", resource)
            self.rename(dst, name, here)
        elif key == "$ref":
            out[key] = item
            if isinstance(item, str):
                self.refs.append(out)
        elif key == self.identifier:
            if isinstance(item, str) and item.startswith("#"):
                out["$anchor"] = item[1:]
                self.rename(dst, "$anchor", here)
            else:
                out["$id"] = item
                self.rename(dst, "$id", here)
        elif key == "items" and isinstance(item, list):
            out["prefixItems"] = [
                self.schema(sub, f"{here}/{i}", f"{dst}/prefixItems/{i}", resource)
                for i, sub in enumerate(item)
            ]
            self.rename(dst, "prefixItems", here)
            if "additionalItems" in value:
                extra = f"{src}/additionalItems"
                out["items"] = self.schema(value["additionalItems"], extra, f"{dst}/items", resource)
        elif key == "additionalItems":
            pass  # read with an array-form items, and ignored beside any other
        elif key == "dependencies" and self.legacy and isinstance(item, Mapping):
            for name, dependency in item.items():
                if isinstance(dependency, list):
                    out.setdefault("dependentRequired", {})[name] = dependency
                    self.rename(dst, "dependentRequired", here)
                else:
                    place = f"{dst}/dependentSchemas/{escape(name)}"
                    sub = self.schema(dependency, f"{here}/{escape(name)}", place, resource)
                    out.setdefault("dependentSchemas", {})[name] = sub
                    self.rename(dst, "dependentSchemas", here)
        elif key in {"$recursiveRef", "$recursiveAnchor"} and self.recursive_refs:
            self.recursive(out, key, value, at, resource)
        elif key in self.drop or (self.draft4 and key in {"exclusiveMaximum", "exclusiveMinimum"}):
            pass  # not a keyword of this dialect (draft-04's boolean bounds are read with their bound)
        elif key in _ONE[self.level] or key == "items":
            out[key] = self.schema(item, here, f"{dst}/{escape(key)}", resource)
        elif key in {"properties", "patternProperties", "dependentSchemas"} and isinstance(item, Mapping):
            out[key] = self.each(item, here, f"{dst}/{escape(key)}", resource)
        elif key in _LISTS and isinstance(item, list):
            out[key] = [
                self.schema(sub, f"{here}/{i}", f"{dst}/{key}/{i}", resource) for i, sub in enumerate(item)
            ]
        else:
            out[key] = item

    def each(self, item: Mapping[str, Any], src: str, dst: str, resource: tuple[str, bool]) -> dict[str, Any]:
        """Translate a mapping of names to subschemas."""
        return {
            name: self.schema(sub, f"{src}/{escape(name)}", f"{dst}/{escape(name)}", resource)
            for name, sub in item.items()
        }

    def rename(self, dst: str, name: str, src: str) -> None:
        """Record that keyword ``name`` of the translation at ``dst`` was written at ``src``."""
        if f"{dst}/{escape(name)}" != src:
            self.moved[f"{dst}/{escape(name)}"] = src

    def recursive(
        self,
        out: dict[str, Any],
        key: str,
        value: Mapping[str, Any],
        at: tuple[str, str],
        resource: tuple[str, bool],
    ) -> None:
        """Translate 2019-09's recursive reference: a plain `$ref` wherever its target is known statically.

        ``$recursiveRef: "#"`` starts at the root of its schema resource; only when that resource has
        ``$recursiveAnchor: true`` does it move to the outermost such resource of the evaluation, and the
        document root, where every evaluation starts, is that resource when it has the anchor itself.
        """
        src, dst = at
        item = value[key]
        if key == "$recursiveAnchor":
            if item is True:
                out["$dynamicAnchor"] = "recursive"
                self.rename(dst, "$dynamicAnchor", f"{src}/$recursiveAnchor")
            return
        home, anchored = resource
        target = "" if self.root_anchor else home if not anchored or not home else None
        if item == "#" and target is not None and "$ref" not in value:
            out["$ref"] = "#" + target
            self.refs.append(out)
            self.rename(dst, "$ref", f"{src}/$recursiveRef")
        else:
            out["$dynamicRef"] = "#recursive" if item == "#" else item
            self.rename(dst, "$dynamicRef", f"{src}/$recursiveRef")

    def ref(self, ref: str) -> str:
        """Return a local reference rewritten to where its target is in the translation."""
        if ref.startswith("#"):
            prefix, fragment = "", ref[1:]
        elif self.base and ref.partition("#")[0] == self.base:
            prefix, fragment = self.base, ref.partition("#")[2]
        else:
            return ref  # another document's: compared as text
        pointer = unquote(fragment)
        if not pointer.startswith("/"):
            return ref  # the root, or an anchor (which moves with its schema)
        target = self.placed.get(pointer)
        if target is None:
            found = self.resolve(pointer)
            if found is _MISSING:
                return ref  # the engine reports that it resolves to nothing
            # a target outside every subschema (below an unknown keyword, or a $ref's ignored sibling)
            name = _SYNTHETIC + pointer
            target = f"/$defs/{escape(name)}"
            self.synthetic[name] = self.schema(found, pointer, target, ("", self.root_anchor))
        return f"{prefix}#{target.replace('%', '%25')}"

    def resolve(self, pointer: str) -> Any:
        """Return what a JSON pointer names in the schema as written, or `_MISSING`."""
        found, node = at_pointer(self.root, pointer)
        return node if found else _MISSING


_MISSING: Final = object()
