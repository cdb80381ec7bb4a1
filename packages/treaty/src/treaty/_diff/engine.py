"""The diff engine: compares two schemas keyword by keyword and classifies every difference by a rule.

The walk itself (memoised, cycle-safe) is in `treaty._diff.walk`; object keywords in `objects`; unions,
allOf members, not and conditionals in `composition`; Treaty's rule keywords in `vocabulary`.
"""

import json
import math
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Final, cast

from treaty._diff.composition import CompositionRules
from treaty._diff.dialect import Dialect, Translated, read
from treaty._diff.implied import settle
from treaty._diff.model import Change, fingerprint
from treaty._diff.objects import ObjectRules
from treaty._diff.patterns import includes
from treaty._diff.rules import RULES, Policy
from treaty._diff.schema import (
    ANNOTATIONS,
    TYPE_SPECIFIC,
    Loc,
    Node,
    SchemaDiffError,
    Side,
    Values,
    alone,
    canon,
    canonical_types,
    escape,
    finite,
    group_of,
    plain_json,
    type_intersection,
)
from treaty._diff.vocabulary import VocabularyRules
from treaty._diff.walk import AT, FRESH, Ctx, Raw, show, under

_GENERIC_TYPE_SPECIFIC: Final = frozenset({"unevaluatedItems", "unevaluatedProperties"})
"""Type-specific keywords compared as generic where the engine cannot tell what they apply to (see `alone`)."""
_MODELLED: Final = (TYPE_SPECIFIC - _GENERIC_TYPE_SPECIFIC) | {
    "type",
    "enum",
    "anyOf",
    "oneOf",
    "not",
    "$ref",
}
"""Keywords the engine compares with their own rules; any other non-annotation keyword is generic."""

_UNMODELLED: Final = {
    "unevaluatedItems": "not modelled beside contains, allOf members, anyOf, oneOf or if/then/else, whose "
    "evaluated items it skips",
    "unevaluatedProperties": "not modelled beside allOf members, anyOf, oneOf, if/then/else, dependentSchemas "
    "or an external $ref, whose evaluated properties it skips",
    "$dynamicRef": "not resolved statically: its target depends on the schema that refers to this one",
}
"""Why a keyword the engine otherwise models is compared as generic at a location."""

_ANNOTATION_RULES: Final = {
    "title": "title-changed",
    "description": "description-changed",
    "examples": "examples-changed",
    "$comment": "comment-changed",
}


def diff(
    old: Mapping[str, Any] | bool,  # noqa: FBT001 - a schema may be the boolean true or false
    new: Mapping[str, Any] | bool,  # noqa: FBT001
    *,
    policy: Policy = "lenient",
    dialect: Dialect | None = None,
) -> list[Change]:
    """Return every change from the ``old`` schema to the ``new`` one, sorted by path and rule.

    Each schema is read in the dialect its ``$schema`` names, else ``dialect`` (draft 4, 6, 7, 2019-09 or
    2020-12; a schema that only defaults to 2020-12 must not use an older dialect's keywords), and compared
    in draft 2020-12 form (`treaty._diff.dialect`); schema pointers point into the schemas as written.
    Local `$ref`s (``#/$defs/...``, ``#/definitions/...``, anchors) are followed; references to other
    documents are compared as text. ``policy`` says how to treat keys of open objects (see
    ``treaty._diff.rules.POLICIES``). Raises `SchemaDiffError` for a schema that is not one, or a local
    `$ref` that resolves nowhere.
    """
    if policy not in {"lenient", "strict"}:
        raise ValueError(f"unknown policy {policy!r}: use 'lenient' or 'strict'")
    try:
        before, after = read("old", old, dialect), read("new", new, dialect)
        if '"multipleOf"' in json.dumps([before.schema, after.schema], default=repr):  # one pass, in C
            # Imported before the walk, not where it is used: an import deep in the recursion could exhaust
            # the stack. Only here: most schemas have no multipleOf, and start-up would pay for fractions.
            import fractions  # noqa: F401, PLC0415
        changes = _Differ(before.schema, after.schema, policy).run()
    except RecursionError as error:
        raise SchemaDiffError(
            "the schemas nest too deeply to compare (the comparison stops at about 150 levels)"
        ) from error
    return [_as_written(change, before if change.schema_side == "old" else after) for change in changes]


def _as_written(change: Change, schema: Translated) -> Change:
    pointer = schema.original(change.schema_pointer)
    return change if pointer == change.schema_pointer else replace(change, schema_pointer=pointer)


class _Differ(ObjectRules, CompositionRules, VocabularyRules):
    """One comparison of two schemas."""

    def run(self) -> list[Change]:
        raws = self.locs(Loc(self.old.root, "", self.old), Loc(self.new.root, "", self.new), FRESH)
        old_root, new_root = self.old.root, self.new.root
        if isinstance(old_root, Mapping) and isinstance(new_root, Mapping):
            before, after = old_root.get("$schema"), new_root.get("$schema")
            if before != after:
                side: Side = "new" if "$schema" in new_root else "old"
                raws = [
                    *raws,
                    Raw(
                        "dialect-changed",
                        (),
                        "/$schema",
                        side,
                        "the JSON Schema dialect changed",
                        before,
                        after,
                    ),
                ]
        return _finish(raws, self.policy)

    def _compare(self, a: Node, b: Node, ctx: Ctx) -> list[Raw]:
        a, b = settle(a, b)
        if a.false or b.false:
            return self._false(a, b)
        frag = Ctx(
            ctx.declared | frozenset(a.kw.get("properties", {})) | frozenset(b.kw.get("properties", {})),
            ctx.closed or (self._closed(a) and self._closed(b)),
        )
        a, b = _align(a, b), _align(b, a)
        a, b, unions = self._unions(a, b, frag)
        out = [*self._types(a, b), *self._values(a, b)]
        for family, compare in (
            ("string", self._strings),
            ("number", self._numbers),
            ("array", self._arrays),
            ("object", lambda x, y: self._objects(x, y, ctx, frag)),
        ):
            if a.accepts_family(family) and b.accepts_family(family):
                out.extend(compare(a, b))
        out.extend(unions)
        out.extend(self._members(a, b, frag))
        out.extend(self._not(a, b, frag))
        out.extend(self._conditionals(a, b, frag))
        out.extend(self._external(a, b))
        out.extend(self._annotations(a, b))
        out.extend(self._generic(a, b))
        return [*self._named(a, b, out), *self._vocabulary(a, b)]

    def _false(self, a: Node, b: Node) -> list[Raw]:
        if a.false and b.false:
            return []
        if b.false:
            return [
                Raw(
                    "schema-made-false",
                    (),
                    b.pointer,
                    "new",
                    f"{AT} now accepts no value",
                    old=None,
                    new=False,
                )
            ]
        return [
            Raw(
                "schema-made-satisfiable",
                (),
                b.pointer,
                "new",
                f"{AT} accepted no value and now does",
                old=False,
            )
        ]

    def _types(self, a: Node, b: Node) -> list[Raw]:
        out: list[Raw] = []
        ta, tb = a.types, b.types
        if ta is None and tb is not None:
            out.append(
                self._raw("type-narrowed", a, b, "type", f"{AT} must now be {_types(tb)}", None, sorted(tb))
            )
        elif tb is None and ta is not None:
            out.append(self._raw("type-widened", a, b, "type", f"{AT} may now be of any type", sorted(ta)))
        elif ta is not None and tb is not None and not ("enum" in a.kw and "enum" in b.kw):
            # two value sets say everything types could (settle made each type the types of its values)
            xa, xb = canonical_types(ta - {"null"}), canonical_types(tb - {"null"})
            if xa != xb:
                lost = any(type_intersection(frozenset({t}), xb) != {t} for t in xa)
                gained = any(type_intersection(frozenset({t}), xa) != {t} for t in xb)
                rule = "type-changed" if lost and gained else "type-narrowed" if lost else "type-widened"
                message = f"the type of {AT} changed from {_types(xa)} to {_types(xb)}"
                out.append(self._raw(rule, a, b, "type", message, sorted(xa), sorted(xb)))
        if (ta is not None or "enum" in a.kw) and (tb is not None or "enum" in b.kw):
            before, after = _null_ok(a), _null_ok(b)
            if before != after:
                keyword = "type" if "type" in (b.kw if after else a.kw) else "enum"
                if after:
                    out.append(self._raw("nullable-added", a, b, keyword, f"{AT} now accepts null"))
                else:
                    out.append(self._raw("nullable-removed", a, b, keyword, f"{AT} no longer accepts null"))
        return out

    def _values(self, a: Node, b: Node) -> list[Raw]:
        va: Values | None = a.kw.get("enum")
        vb: Values | None = b.kw.get("enum")
        if va is None and vb is None:
            return []
        if va is None or vb is None:
            present = vb or va
            assert present is not None  # noqa: S101 - one of the two is set
            keyword = present.kind
            listed = sorted(present.items.values(), key=canon)
            pointer = f"{(b if vb else a).origin.get('enum', (b if vb else a).pointer)}/{keyword}"
            if vb is not None:
                message = f"{AT} is now restricted to {' | '.join(show(v) for v in listed)}"
                return [Raw(f"{keyword}-added", (), pointer, "new", message, None, listed)]
            message = f"{AT} is no longer restricted to {' | '.join(show(v) for v in listed)}"
            return [Raw(f"{keyword}-removed", (), pointer, "old", message, listed, None)]
        out: list[Raw] = []
        for key in sorted(set(va.items) - set(vb.items) - {"null"}):
            value = va.items[key]
            pointer = f"{a.origin.get('enum', a.pointer)}/{va.kind}"
            message = f"{va.kind} value {show(value)} removed from {AT}"
            out.append(Raw("enum-value-removed", (), pointer, "old", message, value, None))
        for key in sorted(set(vb.items) - set(va.items) - {"null"}):
            value = vb.items[key]
            pointer = f"{b.origin.get('enum', b.pointer)}/{vb.kind}"
            message = f"{vb.kind} value {show(value)} added to {AT}"
            out.append(Raw("enum-value-added", (), pointer, "new", message, None, value))
        return out

    def _strings(self, a: Node, b: Node) -> list[Raw]:
        out = [
            *self._bound(a, b, "minLength", "min-length", lower=True),
            *self._bound(a, b, "maxLength", "max-length", lower=False),
        ]
        for keyword in ("pattern", "format"):
            x, y = a.kw.get(keyword), b.kw.get(keyword)
            if x == y:
                continue
            if x is None:
                rule, message = f"{keyword}-added", f"{keyword} {show(y)} now applies at {AT}"
            elif y is None:
                rule, message = f"{keyword}-removed", f"{keyword} {show(x)} no longer applies at {AT}"
            else:
                rule, message = (
                    f"{keyword}-changed",
                    f"{keyword} at {AT} changed from {show(x)} to {show(y)}",
                )
                if keyword == "pattern" and isinstance(x, str) and isinstance(y, str):
                    decided = _pattern_rule(x, y)
                    if decided is None:
                        continue  # the two patterns match the same strings
                    rule, why = decided
                    message += f" ({why})" if why else ""
            out.append(self._raw(rule, a, b, keyword, message, x, y))
        return out

    def _numbers(self, a: Node, b: Node) -> list[Raw]:
        out = [*self._limit(a, b, lower=True), *self._limit(a, b, lower=False)]
        x, y = a.kw.get("multipleOf"), b.kw.get("multipleOf")
        if x is None and y is None:
            return out
        from fractions import Fraction  # noqa: PLC0415  # imported by `diff` before the walk (see there)

        fx = Fraction(str(x)) if finite(x) and x > 0 else None
        fy = Fraction(str(y)) if finite(y) and y > 0 else None
        if fx != fy:
            if fx is None or (fy is not None and (fy / fx).denominator == 1):
                rule = "multiple-of-tightened"
            elif fy is None or (fx / fy).denominator == 1:
                rule = "multiple-of-loosened"
            else:
                rule = "multiple-of-changed"
            message = f"multipleOf at {AT} changed from {show(x)} to {show(y)}"
            out.append(self._raw(rule, a, b, "multipleOf", message, x, y))
        return out

    def _limit(self, a: Node, b: Node, *, lower: bool) -> list[Raw]:
        """Compare the effective lower (or upper) bound: inclusive and exclusive keywords together."""
        x, y = _effective(a, lower=lower), _effective(b, lower=lower)
        if x is None and y is None:
            return []
        if x is not None and y is not None and x[:2] == y[:2]:
            return []
        tighter = y is not None and (x is None or _tighter(y, x, lower=lower))
        name = "minimum" if lower else "maximum"
        rule = f"{name}-increased" if tighter == lower else f"{name}-decreased"
        old = {x[2]: a.kw[x[2]]} if x else None
        new = {y[2]: b.kw[y[2]]} if y else None
        message = f"the {'lower' if lower else 'upper'} bound at {AT} changed from {_bound_text(old)} to {_bound_text(new)}"
        keyword = y[2] if y else x[2] if x else name
        return [self._raw(rule, a, b, keyword, message, old, new)]

    def _arrays(self, a: Node, b: Node) -> list[Raw]:
        out: list[Raw] = []
        pa: list[Loc] = a.kw.get("prefixItems", [])
        pb: list[Loc] = b.kw.get("prefixItems", [])
        ia, ib = self._rest_items(a, b), self._rest_items(b, a)
        for index in range(max(len(pa), len(pb))):
            ea = pa[index] if index < len(pa) else ia or self.true(a.doc)
            eb = pb[index] if index < len(pb) else ib or self.true(b.doc)
            out.extend(under(str(index), self.locs(ea, eb, FRESH)))
        if ia is not None or ib is not None:
            out.extend(under("*", self.locs(ia or self.true(a.doc), ib or self.true(b.doc), FRESH)))
        out.extend(self._bound(a, b, "minItems", "min-items", lower=True))
        out.extend(self._bound(a, b, "maxItems", "max-items", lower=False))
        if "uniqueItems" in a.kw and "uniqueItems" not in b.kw:
            out.append(
                self._raw(
                    "unique-items-removed",
                    a,
                    b,
                    "uniqueItems",
                    f"items of {AT} need no longer be unique",
                    old=True,
                )
            )
        elif "uniqueItems" in b.kw and "uniqueItems" not in a.kw:
            out.append(
                self._raw(
                    "unique-items-added", a, b, "uniqueItems", f"items of {AT} must now be unique", new=True
                )
            )
        out.extend(self._contains(a, b))
        return out

    def _rest_items(self, node: Node, other: Node) -> Loc | None:
        """Return the schema of the items after prefixItems: items, or unevaluatedItems where it is exact."""
        if "items" in node.kw:
            return cast("Loc", node.kw["items"])
        if (
            "unevaluatedItems" in node.kw
            and alone(node, "unevaluatedItems")
            and alone(other, "unevaluatedItems")
        ):
            return cast("Loc", node.kw["unevaluatedItems"])
        return None

    def _contains(self, a: Node, b: Node) -> list[Raw]:
        """Compare contains with the bounds on how many items match it (minContains 1 by default)."""
        out: list[Raw] = []
        ca, cb = _contains(a), _contains(b)
        if ca is not None and cb is not None:
            inner = self.locs(ca, cb, FRESH)
            lower = (a.kw.get("minContains", 1), b.kw.get("minContains", 1))
            upper = "maxContains" in a.kw or "maxContains" in b.kw
            if all(lower) and not upper:
                out.extend(
                    under("*", inner)
                )  # a narrower schema refuses arrays: the items' own changes say so
            else:
                # fewer matching items fail a lower bound and pass an upper one (and more the other way)
                narrowed, widened = self._breaks(inner)
                readers = (narrowed and any(lower)) or (widened and upper)
                writers = (widened and any(lower)) or (narrowed and upper)
                out.extend(under("*", [raw for raw in inner if not any(self._breaks([raw]))]))
                if readers or writers:
                    how = "changed" if readers and writers else "narrowed" if readers else "widened"
                    message = f"the items contains counts at {AT} changed beside minContains and maxContains"
                    out.append(
                        self._raw(
                            f"contains-{how}", a, b, "contains", message, self._shape(ca), self._shape(cb)
                        )
                    )
            counts = (_counts(a), _counts(b))
            out.extend(self._bound(*counts, "minContains", "min-contains", lower=True))
            out.extend(self._bound(*counts, "maxContains", "max-contains", lower=False))
        elif cb is not None:
            message = f"{AT} must now contain an item matching {self._label(cb)}"
            out.append(self._raw("contains-added", a, b, "contains", message, None, self._shape(cb)))
        elif ca is not None:
            message = f"{AT} need no longer contain an item matching {self._label(ca)}"
            out.append(self._raw("contains-removed", a, b, "contains", message, self._shape(ca)))
        return out

    def _external(self, a: Node, b: Node) -> list[Raw]:
        x, y = a.kw.get("$ref"), b.kw.get("$ref")
        if x == y or not (isinstance(x, str | None) and isinstance(y, str | None)):
            return []
        if x is None:
            rule, message = "external-ref-added", f"{AT} must now match {y} (not followed)"
        elif y is None:
            rule, message = "external-ref-removed", f"{AT} need no longer match {x}"
        else:
            rule, message = "external-ref-changed", f"the reference at {AT} changed from {x} to {y}"
        return [self._raw(rule, a, b, "$ref", message, x, y)]

    def _annotations(self, a: Node, b: Node) -> list[Raw]:
        out: list[Raw] = []
        for keyword in sorted(ANNOTATIONS):
            x, y = _annotation(a, keyword), _annotation(b, keyword)
            if keyword in a.kw and keyword in b.kw and canon(x) == canon(y):
                continue
            if keyword not in a.kw and keyword not in b.kw:
                continue
            if keyword == "deprecated":
                rule = "deprecated-added" if y else "deprecated-removed"
                message = f"{AT} is {'now' if y else 'no longer'} deprecated"
            elif keyword == "default":
                rule = (
                    "default-added"
                    if keyword not in a.kw
                    else "default-removed"
                    if keyword not in b.kw
                    else "default-changed"
                )
                message = f"the default of {AT} changed from {show(x)} to {show(y)}"
            else:
                rule = _ANNOTATION_RULES.get(keyword, "annotation-changed")
                message = f"{keyword} of {AT} changed"
                if rule == "annotation-changed":
                    x = None if x is None else {keyword: x}
                    y = None if y is None else {keyword: y}
            out.append(self._raw(rule, a, b, keyword, message, x, y))
        # Only when both sides still refer to a definition: inlining it (which drops the hidden text) is a move.
        for keyword in sorted(set(a.shadowed) & set(b.shadowed)):
            x, y = a.shadowed[keyword], b.shadowed[keyword]
            if canon(x) != canon(y):
                message = f"{keyword} of the definition {AT} refers to changed"
                out.append(self._raw(_ANNOTATION_RULES[keyword], a, b, keyword, message, x, y))
        return out

    def _generic(self, a: Node, b: Node) -> list[Raw]:
        out: list[Raw] = []
        for keyword in sorted((set(a.kw) | set(b.kw)) - _MODELLED - ANNOTATIONS):
            x, y = a.kw.get(keyword), b.kw.get(keyword)
            if keyword in a.kw and keyword in b.kw and canon(plain_json(x)) == canon(plain_json(y)):
                continue
            if keyword in _GENERIC_TYPE_SPECIFIC and alone(a, keyword) and alone(b, keyword):
                continue  # compared as the items after prefixItems, or as additionalProperties
            old = {keyword: plain_json(x)} if keyword in a.kw else None
            new = {keyword: plain_json(y)} if keyword in b.kw else None
            reason = _UNMODELLED.get(keyword, "not modelled")
            message = f"{keyword} at {AT} changed ({reason}: both directions may break)"
            out.append(self._raw("keyword-changed", a, b, keyword, message, old, new))
        return out


def _align(node: Node, other: Node) -> Node:
    """Move a keyword group the other side keeps in a residual allOf member into a member here too.

    When allOf sources conflict, each keeps the group in a member; the side without the conflict has the
    group in the parent. Comparing member with member reports only the member that was added or removed.
    """
    apart = {group_of(k) for m in other.members if isinstance(m, Node) for k in m.validation}
    apart -= {group_of(k) for m in node.members if isinstance(m, Node) for k in m.validation}
    moved = [k for k in node.validation if group_of(k) in apart]
    if not moved:
        return node
    member = node.view("apart", moved, keep=True)
    rest = node.view("kept", moved, keep=False)
    return replace(rest, members=[*rest.members, member])


def _pattern_rule(old: str, new: str) -> tuple[str, str] | None:
    """Return the rule of a pattern change and why it was not decided ("" when it was); None: no change."""
    kept, why_kept = includes(old, new)  # every string old matched, new matches: readers keep theirs
    within, why_within = includes(new, old)
    if kept and within:
        return None
    refuses = "whether it refuses a string the old one matched is not decided: "
    matches = "whether it matches a string the old one refused is not decided: "
    if kept:
        return "pattern-widened", why_within and matches + why_within
    if within:
        return "pattern-narrowed", why_kept and refuses + why_kept
    if kept is None and within is None:
        return "pattern-changed", f"inclusion is not decided either way: {why_kept}"
    if kept is None:
        return "pattern-changed", f"it matches a string the old one refused; {refuses}{why_kept}"
    if within is None:
        return "pattern-changed", f"it refuses a string the old one matched; {matches}{why_within}"
    return "pattern-changed", ""


def _contains(node: Node) -> Loc | None:
    """Return the contains schema, unless minContains 0 without maxContains makes it constrain nothing."""
    if node.kw.get("minContains", 1) == 0 and "maxContains" not in node.kw:
        return None
    return cast("Loc | None", node.kw.get("contains"))


def _counts(node: Node) -> Node:
    """Return the node with its minContains made explicit (1 by default), to compare as a bound."""
    return replace(node, kw={**node.kw, "minContains": node.kw.get("minContains", 1)})


def _types(types: frozenset[str]) -> str:
    return " or ".join(sorted(types)) if types else "nothing but null"


def _null_ok(node: Node) -> bool:
    types = node.types
    values: Values | None = node.kw.get("enum")
    return (types is None or "null" in types) and (values is None or "null" in values.items)


def _effective(node: Node, *, lower: bool) -> tuple[Any, bool, str] | None:
    """Return the tightest (value, exclusive, keyword) bound; on integers an exclusive bound is made inclusive."""
    inclusive, exclusive = ("minimum", "exclusiveMinimum") if lower else ("maximum", "exclusiveMaximum")
    found = [
        (node.kw[keyword], keyword == exclusive, keyword)
        for keyword in (inclusive, exclusive)
        if finite(node.kw.get(keyword))
    ]
    if not found:
        return None
    types = node.types
    if types is not None and types - {"null"} == {"integer"}:
        found = [(_integer_bound(value, excl, lower=lower), False, keyword) for value, excl, keyword in found]
    best = found[0]
    for candidate in found[1:]:
        if _tighter(candidate, best, lower=lower):
            best = candidate
    return best


def _integer_bound(value: Any, exclusive: bool, *, lower: bool) -> int:  # noqa: FBT001 - internal
    if lower:
        return int(math.floor(value) + 1 if exclusive else math.ceil(value))
    return int(math.ceil(value) - 1 if exclusive else math.floor(value))


def _tighter(x: tuple[Any, bool, str], y: tuple[Any, bool, str], *, lower: bool) -> bool:
    """Return whether bound x excludes more than bound y."""
    if x[0] != y[0]:
        return bool(x[0] > y[0]) if lower else bool(x[0] < y[0])
    return x[1] and not y[1]


def _bound_text(bound: dict[str, Any] | None) -> str:
    if bound is None:
        return "none"
    ((keyword, value),) = bound.items()
    return f"{keyword} {show(value)}"


def _annotation(node: Node, keyword: str) -> Any:
    value = node.kw.get(keyword)
    if keyword == "discriminator" and isinstance(value, Mapping):
        # the mapping's values are $ref strings, which change when a definition moves; its keys matter
        mapping = value.get("mapping")
        return {
            "propertyName": value.get("propertyName"),
            "mapping": sorted(mapping) if isinstance(mapping, Mapping) else mapping,
        }
    return plain_json(value)


def _finish(raws: list[Raw], policy: Policy) -> list[Change]:
    changes: list[Change] = []
    for raw in raws:
        rule = RULES[raw.rule]
        path = "".join("/" + (part if part == "*" else escape(part)) for part in raw.path)
        old, new = plain_json(raw.old), plain_json(raw.new)
        changes.append(
            Change(
                rule=raw.rule,
                path=path,
                schema_pointer=raw.pointer,
                schema_side=raw.side,
                message=raw.message.replace(AT, path or "(root)")
                + (f" (rule `{raw.treaty_rule}`)" if raw.treaty_rule and rule.category != "rule" else ""),
                old=old,
                new=new,
                breaks_readers=rule.breaks_readers(policy),
                breaks_writers=rule.breaks_writers(policy),
                bump=rule.bump(policy),
                fingerprint=fingerprint(raw.rule, path, old, new),
                treaty_rule=raw.treaty_rule,
            )
        )
    changes.sort(key=lambda c: (c.path, c.rule, canon(c.old), canon(c.new), c.schema_pointer, c.message))
    seen: set[str] = set()
    unique: list[Change] = []
    for change in changes:
        if change.fingerprint not in seen:
            seen.add(change.fingerprint)
            unique.append(change)
    return unique
