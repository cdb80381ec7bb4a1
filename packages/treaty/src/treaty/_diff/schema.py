"""Schemas as the engine compares them: located subschemas, local `$ref` resolution and normal forms.

A `Loc` is a raw subschema with its JSON pointer. `Normaliser.node` turns one into a `Node`: local `$ref`s
followed (with their sibling keywords kept), allOf members merged into the parent where their keyword groups
do not conflict, `const` read as a one-value enum, `type` read as a set, and the nullable unions Pydantic
writes (`anyOf: [X, {"type": "null"}]`) lifted into X with null added to its type. Treaty's rule keywords
(`x-treaty-*`) are read into `TreatyRule`s beside the keywords. Subschemas below the node (properties, items,
branches...) stay `Loc`s and are normalised when the engine reaches them, so recursive schemas are never
expanded.
"""

import json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Final, Literal, TypeGuard
from urllib.parse import unquote

from treaty._documents.findings import at_pointer
from treaty._validation.vocabulary import KEYWORDS

Side = Literal["old", "new"]


class SchemaDiffError(ValueError):
    """A schema the classifier cannot read: not a JSON Schema object, or a local `$ref` that resolves nowhere."""


SHADOWABLE: Final = frozenset({"title", "description", "examples"})
"""Documentation keywords of a ``$ref`` target still compared when the referrer overrides them."""

ANNOTATIONS: Final = frozenset(
    {
        "title",
        "description",
        "examples",
        "$comment",
        "deprecated",
        "default",
        "readOnly",
        "writeOnly",
        "contentEncoding",
        "contentMediaType",
        "contentSchema",
        "discriminator",
    }
)
"""Keywords that never change which documents are valid."""

IGNORED: Final = frozenset(
    {
        "$schema",
        "$id",
        "$anchor",
        "$dynamicAnchor",
        "$defs",
        "definitions",
        "$vocabulary",
    }
)
"""Keywords that structure the schema document rather than constrain the instance (`$schema` is compared at
the root only, as the dialect)."""

VOCABULARY: Final = frozenset(KEYWORDS)
"""Treaty's rule keywords (docs/rules-vocabulary.md): each entry carries a rule object with a stable id."""

_RULE_TEXT: Final = ("message", "hint")

STRING_KEYWORDS: Final = frozenset({"minLength", "maxLength", "pattern", "format"})
NUMBER_KEYWORDS: Final = frozenset(
    {
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
    }
)
ARRAY_KEYWORDS: Final = frozenset(
    {
        "items",
        "prefixItems",
        "minItems",
        "maxItems",
        "uniqueItems",
        "contains",
        "minContains",
        "maxContains",
        "unevaluatedItems",
    }
)
OBJECT_KEYWORDS: Final = frozenset(
    {
        "properties",
        "patternProperties",
        "additionalProperties",
        "required",
        "minProperties",
        "maxProperties",
        "propertyNames",
        "dependentRequired",
        "dependentSchemas",
        "unevaluatedProperties",
    }
)
TYPE_SPECIFIC: Final = STRING_KEYWORDS | NUMBER_KEYWORDS | ARRAY_KEYWORDS | OBJECT_KEYWORDS
"""Keywords that apply to one JSON type only, so they accept every value of the other types (null too)."""

FAMILIES: Final = {
    "string": frozenset({"string"}),
    "number": frozenset({"number", "integer"}),
    "array": frozenset({"array"}),
    "object": frozenset({"object"}),
}

_SUBSCHEMA: Final = frozenset(
    {
        "additionalProperties",
        "propertyNames",
        "items",
        "contains",
        "not",
        "unevaluatedItems",
        "unevaluatedProperties",
    }
)
_SUBSCHEMA_MAPS: Final = frozenset({"properties", "patternProperties", "dependentSchemas"})
_SUBSCHEMA_LISTS: Final = frozenset({"prefixItems"})
_LOWER: Final = frozenset({"minLength", "minItems", "minProperties", "minimum", "exclusiveMinimum"})
_UPPER: Final = frozenset({"maxLength", "maxItems", "maxProperties", "maximum", "exclusiveMaximum"})
_GROUPS: Final = {
    "properties": "props",
    "patternProperties": "props",
    "additionalProperties": "props",
    "prefixItems": "array",
    "items": "array",
    "contains": "contains",
    "minContains": "contains",
    "maxContains": "contains",
}
"""Keywords that only mean something together (additionalProperties reads its sibling properties)."""


def group_of(keyword: str) -> str:
    """Return the keyword group a keyword belongs to (allOf merging combines or separates whole groups)."""
    return _GROUPS.get(keyword, keyword)


TRUE_POINTER: Final = "#true"
NULL_POINTER: Final = "#null"


def canon(value: Any) -> str:
    """Return a canonical JSON text of a value: keys sorted, and 1.0 written as 1 (JSON Schema equality)."""
    return json.dumps(_canon_value(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _canon_value(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Mapping):
        return {str(key): _canon_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_canon_value(item) for item in value]
    return value


def json_types(value: Any) -> frozenset[str]:
    """Return the JSON Schema types a value has (an integral number is both integer and number)."""
    if value is None:
        return frozenset({"null"})
    if isinstance(value, bool):
        return frozenset({"boolean"})
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return frozenset({"integer", "number"})
    if isinstance(value, float):
        return frozenset({"number"})
    if isinstance(value, str):
        return frozenset({"string"})
    if isinstance(value, list):
        return frozenset({"array"})
    return frozenset({"object"})


def types_overlap(a: frozenset[str], b: frozenset[str]) -> bool:
    """Return whether two type sets share a value (integer is part of number)."""
    return bool(type_intersection(a, b))


def type_intersection(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    """Return the type set of values that both type sets accept."""
    both = set(a & b)
    if ("integer" in a and "number" in b) or ("number" in a and "integer" in b):
        both.add("integer")
    return canonical_types(frozenset(both))


def canonical_types(types: frozenset[str]) -> frozenset[str]:
    """Drop integer when number is present: it says nothing more."""
    return types - {"integer"} if "number" in types else types


def escape(segment: str) -> str:
    """Return a JSON pointer segment (RFC 6901)."""
    return segment.replace("~", "~0").replace("/", "~1")


@dataclass(frozen=True)
class Document:
    """One of the two schemas being diffed, which its local `$ref`s resolve against."""

    side: Side
    root: Any
    anchors: Mapping[str, str] = field(default_factory=dict)
    dynamic: Mapping[str, str] = field(default_factory=dict)
    """The `$dynamicAnchor`s a `$dynamicRef` resolves to statically: each declared once, in a schema without
    embedded resources (then the outermost dynamic scope declaring it is this document)."""

    @classmethod
    def of(cls, side: Side, root: Any) -> "Document":
        """Return the document, with its `$anchor`s and `$dynamicAnchor`s indexed."""
        plain: list[tuple[str, str]] = []
        dynamic: list[tuple[str, str]] = []
        for kind, name, pointer in _anchors(root, ""):
            (dynamic if kind == "$dynamicAnchor" else plain).append((name, pointer))
        names = [name for name, _ in dynamic]
        embedded = any(kind == "$id" for kind, _, pointer in _anchors(root, "") if pointer)
        static = {} if embedded else {name: at for name, at in dynamic if names.count(name) == 1}
        # a $dynamicAnchor is also a plain anchor for $ref
        return cls(side, root, {**dict(dynamic), **dict(plain)}, static)

    def dynamic_targets(self, ref: str) -> list[Any]:
        """Return the subschemas of this document a `$dynamicRef` may resolve to (its anchor's name declared)."""
        name = ref.rpartition("#")[2]
        return [
            target[0]
            for keyword, found, pointer in _anchors(self.root, "")
            if keyword in {"$anchor", "$dynamicAnchor"} and found == name
            if (target := self.resolve(f"#{pointer}")) is not None
        ]

    def resolve_dynamic(self, ref: str) -> tuple[Any, str] | None:
        """Return the target of a `$dynamicRef` that resolves statically, or None."""
        fragment = ref[1:] if ref.startswith("#") else None
        if fragment is None or (fragment and not fragment.startswith("/") and fragment not in self.dynamic):
            return None
        return self.resolve(ref)

    @property
    def base(self) -> str:
        """Return the root `$id`, which a `$ref` may spell out before its fragment."""
        if isinstance(self.root, Mapping) and isinstance(self.root.get("$id"), str):
            return str(self.root["$id"]).split("#", 1)[0]
        return ""

    def resolve(self, ref: str) -> tuple[Any, str] | None:
        """Return the subschema and pointer a local `$ref` names, or None for a reference to another document."""
        if ref.startswith("#"):
            fragment = ref[1:]
        elif self.base and ref.split("#", 1)[0] == self.base:
            fragment = ref.partition("#")[2]
        else:
            return None
        fragment = unquote(fragment)
        if fragment and not fragment.startswith("/"):
            if fragment not in self.anchors:
                raise SchemaDiffError(f"$ref {ref!r} names no $anchor in the {self.side} schema")
            fragment = self.anchors[fragment]
        found, node = at_pointer(self.root, fragment)
        if not found:
            raise SchemaDiffError(f"$ref {ref!r} resolves to nothing in the {self.side} schema")
        return node, fragment


def _anchors(node: Any, pointer: str) -> Iterator[tuple[str, str, str]]:
    """Yield (keyword, name, pointer) of every `$anchor`, `$dynamicAnchor` and `$id` below a schema."""
    if isinstance(node, Mapping):
        for keyword in ("$anchor", "$dynamicAnchor", "$id"):
            if isinstance(node.get(keyword), str):
                yield keyword, node[keyword], pointer
        for key, value in node.items():
            if key not in {"enum", "const", "default", "examples"}:
                yield from _anchors(value, f"{pointer}/{escape(str(key))}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _anchors(value, f"{pointer}/{index}")


@dataclass(frozen=True, eq=False)
class Loc:
    """A raw subschema where it sits in its document; ``add_null`` asks for the subschema or null."""

    value: Any
    pointer: str
    doc: Document
    add_null: bool = False

    @property
    def key(self) -> str:
        """Return the identity the engine memoises on."""
        return f"{self.doc.side}:{self.pointer}" + ("?null" if self.add_null else "")


@dataclass(frozen=True)
class Values:
    """An enum or const, as a set of JSON values keyed by their canonical text."""

    kind: Literal["enum", "const"]
    items: Mapping[str, Any]


@dataclass(frozen=True)
class Conditional:
    """One if/then/else (a missing then or else is None)."""

    if_: Loc
    then: Loc | None
    else_: Loc | None
    pointer: str

    @property
    def key(self) -> str:
        """Return the identity of the conditional."""
        return f"{self.if_.doc.side}:{self.pointer}#if"


@dataclass(frozen=True)
class TreatyRule:
    """One rule of a Treaty keyword where it sits: a keyword's entry, an x-treaty-should member, or an x-treaty-rule.

    ``checks`` is what the rule checks beside its rule object: the entry's parameters, or for x-treaty-rule and
    an x-treaty-should member the schema the rule object sits in.
    """

    keyword: str
    pointer: str
    value: Any
    """The entry as written (for x-treaty-rule, the rule object)."""
    rule: Mapping[str, Any]
    checks: Any

    @property
    def id(self) -> str:
        """Return the rule's id."""
        return str(self.rule["id"])

    @property
    def severity(self) -> Literal["error", "warning"]:
        """Return the severity the validator gives a failure: an x-treaty-should member's is always a warning."""
        if self.keyword == "x-treaty-should" or self.rule.get("severity") == "warning":
            return "warning"
        return "error"

    @property
    def parts(self) -> dict[str, Any]:
        """Return what the rule checks, by name: its keyword, parameters and rule fields other than the text.

        An x-treaty-rule's schema is left out: the engine compares its keywords as schema.
        """
        params = self.checks if isinstance(self.checks, Mapping) and self.keyword != "x-treaty-rule" else {}
        extra = {
            f"rule.{key}": value
            for key, value in self.rule.items()
            if key not in {"id", "severity", *_RULE_TEXT}
        }
        return {"keyword": self.keyword, **params, **extra}

    @property
    def text(self) -> dict[str, Any]:
        """Return the rule's message and hint."""
        return {key: self.rule[key] for key in _RULE_TEXT if key in self.rule}


def _treaty_rules(keyword: str, item: Any, at: str, schema: Mapping[str, Any]) -> list[TreatyRule] | None:
    """Return the rules of a Treaty keyword, or None when its value is malformed (then it is a generic keyword)."""
    holders: list[tuple[str, Any]]
    if keyword == "x-treaty-rule":
        holders = [(at, schema)]  # the rule object names the schema it sits in
    elif isinstance(item, Mapping):
        holders = [(at, item)]
    elif isinstance(item, list):
        holders = [(f"{at}/{index}", entry) for index, entry in enumerate(item)]
    else:
        return None
    inner = "x-treaty-rule" if keyword in {"x-treaty-rule", "x-treaty-should"} else "rule"
    found = []
    for pointer, holder in holders:
        rule = holder.get(inner) if isinstance(holder, Mapping) else None
        if not _rule_object(rule):
            return None
        value = rule if keyword == "x-treaty-rule" else holder
        checks = {key: sub for key, sub in holder.items() if key != inner}
        found.append(TreatyRule(keyword, pointer, value, rule, checks))
    return found


def _rule_object(value: Any) -> TypeGuard[Mapping[str, Any]]:
    return isinstance(value, Mapping) and isinstance(value.get("id"), str)


@dataclass
class Node:
    """A normalised schema: its keywords (subschemas as `Loc`s), where each came from, and what stayed apart.

    ``members`` are allOf members that could not be merged (they conflict with another source of the same
    keyword group); a `Loc` member is a reference back into a schema being normalised (a cycle). ``treaty``
    holds the rules of Treaty's keywords, allOf members' included (the rules of every source apply).
    """

    key: str
    pointer: str
    doc: Document
    false: bool = False
    kw: dict[str, Any] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)
    conditionals: list[Conditional] = field(default_factory=list)
    members: list["Node | Loc"] = field(default_factory=list)
    treaty: list[TreatyRule] = field(default_factory=list)
    shadowed: dict[str, Any] = field(default_factory=dict)
    """Documentation of a referenced definition that the referring schema's own overrides (Pydantic writes a
    field's description beside the ``$ref`` to its model): still compared, so editing it is a change."""

    def where(self, keyword: str) -> str:
        """Return the pointer of the keyword (in the schema object it came from)."""
        return f"{self.origin.get(keyword, self.pointer)}/{escape(keyword)}"

    def view(self, suffix: str, keywords: Iterable[str], *, keep: bool) -> "Node":
        """Return a copy with only (``keep``) or without the keywords, under a key of its own."""
        chosen = set(keywords)
        kw = {k: v for k, v in self.kw.items() if (k in chosen) == keep}
        tail = f"&{suffix}:{','.join(sorted(chosen))}"  # the view depends on the keywords chosen
        return replace(
            self,
            # the same view of a view is the view itself: a union compared with its own branch stops
            key=self.key if self.key.endswith(tail) else self.key + tail,
            kw=kw,
            origin={k: v for k, v in self.origin.items() if k in kw},
            conditionals=[] if keep else self.conditionals,
            members=[] if keep else self.members,
            treaty=[] if keep else self.treaty,
        )

    @property
    def validation(self) -> list[str]:
        """Return the keywords that constrain documents."""
        return [k for k in self.kw if k not in ANNOTATIONS]

    @property
    def trivial(self) -> bool:
        """Return whether the node accepts every value."""
        return not (self.false or self.validation or self.conditionals or self.members or self.treaty)

    @property
    def types(self) -> frozenset[str] | None:
        """Return the accepted types, or None when any type is accepted."""
        types: frozenset[str] | None = self.kw.get("type")
        return types

    def accepts_family(self, family: str) -> bool:
        """Return whether values of a type family (string, number, array, object) can be valid here."""
        types = self.types
        return types is None or types_overlap(types, FAMILIES[family])

    @property
    def title(self) -> str | None:
        """Return the title, if it is a string."""
        title = self.kw.get("title")
        return title if isinstance(title, str) else None


_CONFLICT: Final = object()


class Normaliser:
    """Turns located subschemas into `Node`s, caching top-level results."""

    def __init__(self) -> None:
        """Start with an empty cache."""
        self._cache: dict[str, Node] = {}

    def node(self, loc: Loc) -> Node:
        """Return the normal form of a located subschema."""
        cached = self._cache.get(loc.key)
        if cached is None:
            cached = self._build(loc, ())
            self._cache[loc.key] = cached
        return cached

    def peel(self, loc: Loc) -> Loc:
        """Follow `$ref`s that have no constraining siblings (what Pydantic writes for a nested model)."""
        seen = {loc.pointer}
        while isinstance(loc.value, Mapping) and len(refs := [k for k in loc.value if k not in IGNORED]) == 1:
            ref = loc.value[refs[0]]
            if not isinstance(ref, str) or refs[0] not in {"$ref", "$dynamicRef"}:
                break
            target = loc.doc.resolve(ref) if refs[0] == "$ref" else loc.doc.resolve_dynamic(ref)
            if target is None or target[1] in seen:
                break
            seen.add(target[1])
            loc = Loc(target[0], target[1], loc.doc, loc.add_null)
        return loc

    def _build(self, loc: Loc, stack: tuple[str, ...]) -> Node:
        loc = self.peel(loc)
        node = self._plain(loc, (*stack, loc.pointer))
        if not loc.add_null:
            return node
        lifted = self.lift(node, union="anyOf")
        if lifted is not None:
            return lifted
        plain = Loc(loc.value, loc.pointer, loc.doc)
        null = Loc({"type": "null"}, NULL_POINTER, loc.doc)
        return Node(loc.key, loc.pointer, loc.doc, kw={"anyOf": [plain, null]}, origin={"anyOf": loc.pointer})

    def _plain(self, loc: Loc, stack: tuple[str, ...]) -> Node:  # noqa: C901 - one branch per keyword kind
        value, pointer, doc = loc.value, loc.pointer, loc.doc
        own = Node(loc.key, pointer, doc)
        if value is True:
            return own
        if value is False:
            own.false = True
            return own
        if not isinstance(value, Mapping):
            raise SchemaDiffError(f"{pointer or '/'} in the {doc.side} schema is not a schema: {value!r}")
        members: list[Node | Loc] = []
        for keyword, item in value.items():
            at = f"{pointer}/{escape(keyword)}"
            if keyword in IGNORED or keyword in {"if", "then", "else"}:
                continue
            if keyword == "$ref" and isinstance(item, str):
                members.extend(self._ref(loc, item, stack, own))
            elif keyword == "$dynamicRef" and isinstance(item, str):
                members.extend(self._dynamic_ref(loc, item, stack, own))
            elif keyword == "allOf" and isinstance(item, list):
                members.extend(self._member(Loc(sub, f"{at}/{i}", doc), stack) for i, sub in enumerate(item))
            elif keyword in {"anyOf", "oneOf"} and isinstance(item, list):
                members.extend(self._union(own, keyword, item, at, doc, stack))
            elif keyword in VOCABULARY and (rules := _treaty_rules(keyword, item, at, value)) is not None:
                own.treaty.extend(rules)
            else:
                _read(own, keyword, item, at)
        if "enum" in own.kw and not own.kw["enum"].items:
            own.false = True  # no value is allowed
        own.conditionals.extend(_conditional(value, pointer, doc))
        return _merge(own, members) if members else own

    def _ref(self, loc: Loc, ref: str, stack: tuple[str, ...], own: Node) -> list[Node | Loc]:
        target = loc.doc.resolve(ref)
        if target is None:
            own.kw["$ref"] = ref
            own.origin["$ref"] = loc.pointer
            return []
        return [self._member(Loc(target[0], target[1], loc.doc), stack)]

    def _dynamic_ref(self, loc: Loc, ref: str, stack: tuple[str, ...], own: Node) -> list[Node | Loc]:
        target = loc.doc.resolve_dynamic(ref)
        if target is None:
            # compared as text, with every schema of this document it may resolve to
            own.kw["$dynamicRef"] = {"$dynamicRef": ref, "targets": loc.doc.dynamic_targets(ref)}
            own.origin["$dynamicRef"] = loc.pointer
            return []
        return [self._member(Loc(target[0], target[1], loc.doc), stack)]

    def _member(self, loc: Loc, stack: tuple[str, ...]) -> "Node | Loc":
        peeled = self.peel(loc)
        if peeled.pointer in stack:
            return peeled
        return self._build(peeled, stack)

    def _union(  # noqa: PLR0917 - internal helper of _plain
        self,
        own: Node,
        keyword: str,
        branches: list[Any],
        at: str,
        doc: Document,
        stack: tuple[str, ...],
    ) -> list[Node | Loc]:
        locs = [Loc(sub, f"{at}/{i}", doc) for i, sub in enumerate(branches)]
        if len(locs) == 1:
            return [self._member(locs[0], stack)]
        nulls = [loc for loc in locs if _is_null(self.peel(loc))]
        others = [loc for loc in locs if loc not in nulls]
        if len(nulls) == 1 and len(others) == 1:
            other = self.peel(others[0])
            if other.pointer not in stack:
                lifted = self.lift(self._build(other, stack), union=keyword)
                if lifted is not None:
                    return [lifted]
        elif keyword == "anyOf" and len(nulls) == 1 and others:
            # X | Y | None: each branch also accepts null, so the unions of [X?, Y?] and [X, Y, null] agree
            locs = [Loc(loc.value, loc.pointer, doc, add_null=True) for loc in others]
        own.kw[keyword] = locs
        own.origin[keyword] = own.pointer
        return []

    def lift(self, node: Node, *, union: str) -> Node | None:
        """Return the node also accepting null (the union [node, null]), or None if that needs the union."""
        if node.false:
            return None
        types = node.types
        if union == "oneOf" and (types is None or "null" in types):
            return None
        if self._nullsafe(node) is not True:
            return None
        kw = dict(node.kw)
        if types is not None:
            kw["type"] = types | {"null"}
        values: Values | None = node.kw.get("enum")
        if values is not None:
            kw["enum"] = Values("enum", {**values.items, "null": None})
        return replace(node, key=f"{node.key}?null", kw=kw)

    def _nullsafe(self, node: Node) -> bool | None:
        """Return whether null passes every keyword of the node except type, enum and const."""
        results: list[bool | None] = []
        for keyword, value in node.kw.items():
            if keyword in TYPE_SPECIFIC or keyword in ANNOTATIONS or keyword in {"type", "enum"}:
                continue
            if keyword == "anyOf":
                results.append(_any(self.accepts_null(sub) for sub in value))
            elif keyword == "oneOf":
                found = [self.accepts_null(sub) for sub in value]
                results.append(None if None in found else found.count(True) == 1)
            elif keyword == "not":
                inner = self.accepts_null(value)
                results.append(None if inner is None else not inner)
            else:
                results.append(None)
        results.extend(self._conditional_null(cond) for cond in node.conditionals)
        results.extend(self.accepts_null(member) for member in node.members)
        return _all(results)

    def accepts_null(self, item: "Loc | Node", depth: int = 0) -> bool | None:
        """Return whether null is valid against a subschema (None: cannot tell)."""
        if depth > 8:  # noqa: PLR2004 - a recursion guard for null checks through cyclic refs
            return None
        node = item if isinstance(item, Node) else self.node(item)
        if node.false:
            return False
        types = node.types
        values: Values | None = node.kw.get("enum")
        if (types is not None and "null" not in types) or (values is not None and "null" not in values.items):
            return False
        return self._nullsafe(node)

    def _conditional_null(self, cond: Conditional) -> bool | None:
        taken = self.accepts_null(cond.if_)
        if taken is None:
            return None
        branch = cond.then if taken else cond.else_
        return True if branch is None else self.accepts_null(branch)


def _conditional(value: Mapping[str, Any], pointer: str, doc: Document) -> list[Conditional]:
    """Return the schema object's if/then/else (an if without then or else constrains nothing)."""
    if not isinstance(value.get("if"), bool | Mapping) or ("then" not in value and "else" not in value):
        return []
    return [
        Conditional(
            Loc(value["if"], f"{pointer}/if", doc),
            Loc(value["then"], f"{pointer}/then", doc) if "then" in value else None,
            Loc(value["else"], f"{pointer}/else", doc) if "else" in value else None,
            pointer,
        )
    ]


def _read(own: Node, keyword: str, item: Any, at: str) -> None:  # noqa: C901 - one branch per keyword
    """Store one keyword of a schema object in its node, in the form the engine compares."""
    doc = own.doc
    if keyword == "type":
        own.kw["type"] = canonical_types(frozenset([item] if isinstance(item, str) else item))
    elif keyword in {"enum", "const"}:
        values = {canon(v): v for v in (item if keyword == "enum" else [item])}
        kind: Literal["enum", "const"] = "const" if keyword == "const" else "enum"
        if "enum" in own.kw:  # enum and const side by side: both apply
            values = {k: v for k, v in values.items() if k in own.kw["enum"].items}
            kind = "const" if len(values) == 1 else "enum"
        own.kw["enum"] = Values(kind, values)
        keyword = "enum"
    elif keyword == "required":
        own.kw[keyword] = frozenset(item)
    elif keyword == "dependentRequired":
        own.kw[keyword] = {name: frozenset(names) for name, names in item.items()}
    elif keyword in _SUBSCHEMA:
        own.kw[keyword] = Loc(item, at, doc)
    elif keyword in _SUBSCHEMA_MAPS:
        own.kw[keyword] = {name: Loc(sub, f"{at}/{escape(name)}", doc) for name, sub in item.items()}
    elif keyword in _SUBSCHEMA_LISTS:
        own.kw[keyword] = [Loc(sub, f"{at}/{i}", doc) for i, sub in enumerate(item)]
    elif keyword in {"uniqueItems", "deprecated"}:
        if item:  # false is the default
            own.kw[keyword] = True
    else:
        own.kw[keyword] = item
    if keyword in own.kw:
        own.origin[keyword] = own.pointer


def _any(results: Iterable[bool | None]) -> bool | None:
    found = list(results)
    if True in found:
        return True
    return None if None in found else False


def _all(results: Iterable[bool | None]) -> bool | None:
    found = list(results)
    if False in found:
        return False
    return None if None in found else True


def _is_null(loc: Loc) -> bool:
    value = loc.value
    if not isinstance(value, Mapping):
        return False
    keys = {key for key in value if key not in ANNOTATIONS and key not in IGNORED}
    if keys == {"type"}:
        return bool(value["type"] in ("null", ["null"]))
    if keys == {"const"}:
        return value["const"] is None
    if keys == {"enum"}:
        return bool(value["enum"] == [None])
    return False


def _merge(own: Node, members: list["Node | Loc"]) -> Node:
    """Merge allOf members (and a `$ref` target, and a lifted nullable union) into their parent.

    A keyword group from several sources is combined when the combination is exact (required lists united,
    lower bounds maxed, properties of groups without additionalProperties joined...); otherwise each source
    keeps that group in a residual member. The decision is per group, so it does not depend on member order.
    """
    sources = [own, *(m for m in members if isinstance(m, Node))]
    merged = Node(own.key, own.pointer, own.doc)
    merged.false = any(source.false for source in sources)
    merged.members = [m for m in members if isinstance(m, Loc)]
    for source in sources:
        merged.conditionals.extend(source.conditionals)
        merged.members.extend(source.members)
        merged.treaty.extend(source.treaty)
    groups: dict[str, list[tuple[Node, dict[str, Any]]]] = {}
    for source in sources:
        by_group: dict[str, dict[str, Any]] = {}
        for keyword, value in source.kw.items():
            if keyword not in ANNOTATIONS:
                by_group.setdefault(group_of(keyword), {})[keyword] = value
        for group, kw in by_group.items():
            groups.setdefault(group, []).append((source, kw))
    residual: dict[str, Node] = {}
    for group, holders in groups.items():
        combined = holders[0][1] if len(holders) == 1 else _combine(group, [kw for _, kw in holders])
        if combined is _CONFLICT:
            for source, kw in holders:
                part = residual.setdefault(source.key, Node(source.key, source.pointer, source.doc))
                part.kw.update(kw)
                part.origin.update({k: source.origin.get(k, source.pointer) for k in kw})
            continue
        assert isinstance(combined, dict)  # noqa: S101 - _combine returns a dict unless it conflicts
        merged.kw.update(combined)
        first = holders[0][0]
        merged.origin.update({k: first.origin.get(k, first.pointer) for k in combined})
    # a residual member's key names its keywords: the same source may leave other groups apart elsewhere
    merged.members.extend(
        replace(part, key=f"{part.key}&{','.join(sorted(part.kw))}") for part in residual.values()
    )
    for keyword in sorted(ANNOTATIONS):
        _merge_annotation(merged, own, sources[1:], keyword)
    return merged


def _merge_annotation(merged: Node, own: Node, members: list[Node], keyword: str) -> None:
    """Keep the parent's annotation (Pydantic's field description over its model's), else a unanimous one."""
    if keyword in own.kw:
        merged.kw[keyword] = own.kw[keyword]
        merged.origin[keyword] = own.origin.get(keyword, own.pointer)
        hidden = [member.kw[keyword] for member in members if keyword in member.kw]
        if keyword in SHADOWABLE and hidden:
            merged.shadowed[keyword] = plain_json(hidden[0] if len(hidden) == 1 else hidden)
        return
    holders = [member for member in members if keyword in member.kw]
    if holders and len({canon(plain_json(member.kw[keyword])) for member in holders}) == 1:
        merged.kw[keyword] = holders[0].kw[keyword]
        merged.origin[keyword] = holders[0].origin.get(keyword, holders[0].pointer)


def _combine(group: str, parts: list[dict[str, Any]]) -> Any:
    """Return the exact combination of the same keyword group from several allOf sources, or _CONFLICT."""
    if group in _COMBINERS:
        return _COMBINERS[group](parts)
    if group in _LOWER:
        return {group: max(part[group] for part in parts)}
    if group in _UPPER:
        return {group: min(part[group] for part in parts)}
    texts = {canon(plain_json(part)) for part in parts}
    return parts[0] if len(texts) == 1 else _CONFLICT


def _combine_types(parts: list[dict[str, Any]]) -> Any:
    types = parts[0]["type"]
    for part in parts[1:]:
        types = type_intersection(types, part["type"])
    return {"type": types} if types else _CONFLICT


def _combine_values(parts: list[dict[str, Any]]) -> Any:
    first: Values = parts[0]["enum"]
    keys = set(first.items)
    for part in parts[1:]:
        keys &= set(part["enum"].items)
    if not keys:
        return _CONFLICT
    kind: Literal["enum", "const"] = "const" if len(keys) == 1 else "enum"
    return {"enum": Values(kind, {k: first.items[k] for k in first.items if k in keys})}


def _combine_dependencies(parts: list[dict[str, Any]]) -> Any:
    joined: dict[str, frozenset[str]] = {}
    for part in parts:
        for name, names in part["dependentRequired"].items():
            joined[name] = joined.get(name, frozenset()) | names
    return {"dependentRequired": joined}


def _combine_properties(parts: list[dict[str, Any]]) -> Any:
    if any(set(part) != {"properties"} for part in parts):
        return _CONFLICT  # additionalProperties reads its own sibling properties only
    properties: dict[str, Loc] = {}
    for part in parts:
        for name, loc in part["properties"].items():
            if name in properties and canon(properties[name].value) != canon(loc.value):
                return _CONFLICT
            properties.setdefault(name, loc)
    return {"properties": properties}


_COMBINERS: Final[Mapping[str, Callable[[list[dict[str, Any]]], Any]]] = {
    "type": _combine_types,
    "enum": _combine_values,
    "required": lambda parts: {"required": frozenset().union(*(part["required"] for part in parts))},
    "dependentRequired": _combine_dependencies,
    "uniqueItems": lambda _parts: {"uniqueItems": True},
    "props": _combine_properties,
}


def plain_json(value: Any) -> Any:
    """Return a keyword value as JSON (a Loc as its raw subschema, a set sorted), to compare it as text."""
    if isinstance(value, Loc):
        return value.value
    if isinstance(value, Values):
        return sorted(value.items)
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, Mapping):
        return {key: plain_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain_json(item) for item in value]
    return value


def shape(normaliser: Normaliser, item: "Loc | Node", depth: int = 3) -> Any:
    """Return a JSON value that describes a subschema with local refs inlined (to ``depth`` levels).

    It names a branch or member in a change's old/new value and fingerprint, so it must not depend on
    where the subschema sits (inline or under $defs).
    """
    node = item if isinstance(item, Node) else normaliser.node(item)
    if node.false:
        return False
    if depth == 0:
        return "..."
    out: dict[str, Any] = {}
    for keyword, value in sorted(node.kw.items()):
        out[keyword] = _shape_value(normaliser, value, depth)
    if node.conditionals:
        out["if/then/else"] = [
            [shape(normaliser, loc, depth - 1) if loc else None for loc in (cond.if_, cond.then, cond.else_)]
            for cond in node.conditionals
        ]
    if node.members:
        out["allOf"] = sorted((shape(normaliser, member, depth - 1) for member in node.members), key=canon)
    for keyword in sorted({rule.keyword for rule in node.treaty}):
        out[keyword] = sorted((rule.value for rule in node.treaty if rule.keyword == keyword), key=canon)
    return out


def _shape_value(normaliser: Normaliser, value: Any, depth: int) -> Any:
    if isinstance(value, Loc):
        return shape(normaliser, value, depth - 1)
    if isinstance(value, Values):
        return sorted(value.items.values(), key=canon)
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, Mapping):
        return {key: _shape_value(normaliser, item, depth) for key, item in sorted(value.items())}
    if isinstance(value, list):
        return [_shape_value(normaliser, item, depth) for item in value]
    return value


def alone(node: Node, keyword: str) -> bool:
    """Return whether unevaluatedItems (or unevaluatedProperties) of a node applies to a known set of items.

    Beside items (additionalProperties) it applies to nothing. Otherwise it applies to what the node's own
    keywords leave unevaluated, unless an in-place applicator may evaluate more in some documents.
    """
    if keyword == "unevaluatedItems":
        sibling, applicators = "items", {"contains", "anyOf", "oneOf", "$ref", "$dynamicRef"}
    else:
        sibling, applicators = (
            "additionalProperties",
            {"dependentSchemas", "anyOf", "oneOf", "$ref", "$dynamicRef"},
        )
    if sibling in node.kw:
        return True
    return not (node.members or node.conditionals or applicators & set(node.kw))


def pattern_matches(pattern: str, name: str) -> bool:
    """Return whether a patternProperties regex (read as a Python regex) matches a property name."""
    try:
        return re.search(pattern, name) is not None
    except re.error:
        return False


def finite(value: Any) -> TypeGuard[int | float]:
    """Return whether a keyword value is a usable number."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
