"""Composition and conditionals: anyOf, oneOf, residual allOf members, not, and if/then/else.

Branches, members and conditionals are matched regardless of order: equal ones first, then the most similar.
"""

from typing import Any, Final

from treaty._diff.newline import newline_free, newline_only
from treaty._diff.schema import (
    Conditional,
    Loc,
    Node,
    Side,
    Values,
    canon,
    json_types,
    type_intersection,
    types_overlap,
)
from treaty._diff.walk import AT, Ctx, Raw, Walker

MATCH_THRESHOLD: Final = 2
"""The least similarity score at which two branches are taken for the same alternative."""


class CompositionRules(Walker):
    """Compares unions, allOf members, not and conditionals."""

    _judging: bool = False
    """Whether a comparison runs to judge if one branch covers another (see `_essential`)."""

    def _unions(self, a: Node, b: Node, frag: Ctx) -> tuple[Node, Node, list[Raw]]:
        """Compare anyOf/oneOf; a plain side facing a union is read as a one-branch union of its constraints."""
        ka = [k for k in ("anyOf", "oneOf") if k in a.kw]
        kb = [k for k in ("anyOf", "oneOf") if k in b.kw]
        if ka == kb:
            return a, b, [raw for k in ka for raw in self._branches(k, k, a, b, a.kw[k], b.kw[k], frag)]
        if len(ka) == 1 and len(kb) == 1:
            return a, b, self._branches(ka[0], kb[0], a, b, a.kw[ka[0]], b.kw[kb[0]], frag)
        if not ka and len(kb) == 1 and (split := _wrap(a, b)):
            rest, wrapped = split
            return rest, b, self._branches(kb[0], kb[0], a, b, [wrapped], b.kw[kb[0]], frag)
        if not kb and len(ka) == 1 and (split := _wrap(b, a)):
            rest, wrapped = split
            return a, rest, self._branches(ka[0], ka[0], a, b, a.kw[ka[0]], [wrapped], frag)
        out: list[Raw] = []
        for k in ("anyOf", "oneOf"):
            name = "any-of" if k == "anyOf" else "one-of"
            if k in a.kw and k in b.kw:
                out.extend(self._branches(k, k, a, b, a.kw[k], b.kw[k], frag))
            elif k in b.kw:
                message = f"{AT} must now match {k} {self._labels(b.kw[k])}"
                out.append(self._raw(f"{name}-added", a, b, k, message, None, self._shapes(b.kw[k])))
            elif k in a.kw:
                message = f"{AT} need no longer match {k} {self._labels(a.kw[k])}"
                out.append(self._raw(f"{name}-removed", a, b, k, message, self._shapes(a.kw[k])))
        return a, b, out

    def _labels(self, items: list[Loc]) -> str:
        return "[" + ", ".join(self._label(item) for item in items) + "]"

    def _shapes(self, items: list[Loc]) -> list[Any]:
        return sorted((self._shape(item) for item in items), key=canon)

    def _branches(  # noqa: PLR0917 - the two sides of a union comparison
        self,
        kind_a: str,
        kind_b: str,
        a: Node,
        b: Node,
        la: list[Loc | Node],
        lb: list[Loc | Node],
        frag: Ctx,
    ) -> list[Raw]:
        olds, news = [self.node(x) for x in la], [self.node(y) for y in lb]
        if kind_a == kind_b == "anyOf":
            olds, news = self._essential(olds, frag), self._essential(news, frag)
        pairs, diffs = self._match(olds, news, frag)
        out: list[Raw] = []
        if kind_a != kind_b and not self._disjoint_all(olds if kind_a == "oneOf" else news):
            rule = "any-of-became-one-of" if kind_b == "oneOf" else "one-of-became-any-of"
            message = f"{AT}: {kind_a} became {kind_b} over branches that may overlap"
            out.append(self._raw(rule, a, b, kind_b, message, kind_a, kind_b))
        one_of = kind_a == kind_b == "oneOf"
        for i, j in pairs:
            out.extend(diffs[i, j])
            if one_of and any(self._breaks(diffs[i, j])) and self._overlaps(olds, i, news, j):
                message = f"{AT}: oneOf branch {self._label(news[j])} changed and may overlap another branch"
                value = self._shape(news[j])
                rule = "one-of-overlapping-branch-changed"
                out.append(Raw(rule, (), news[j].pointer, "new", message, None, value))
        matched_a, matched_b = {i for i, _ in pairs}, {j for _, j in pairs}
        out.extend(
            self._branch_change(kind_a, node, olds, added=False)
            for i, node in enumerate(olds)
            if i not in matched_a
        )
        out.extend(
            self._branch_change(kind_b, node, news, added=True)
            for j, node in enumerate(news)
            if j not in matched_b
        )
        if one_of and pairs:
            before = self._disjoint_all([olds[i] for i, _ in pairs])
            after = self._disjoint_all([news[j] for _, j in pairs])
            if before and not after:
                message = f"{AT}: oneOf branches may now overlap, so a document may match two"
                out.append(self._raw("one-of-overlap-introduced", a, b, "oneOf", message))
            elif after and not before:
                message = f"{AT}: oneOf branches are now disjoint"
                out.append(self._raw("one-of-overlap-removed", a, b, "oneOf", message))
        return out

    def _essential(self, nodes: list[Node], frag: Ctx) -> list[Node]:
        """Return the branches of a union without the anyOf branches another branch covers.

        A branch whose every value another branch of the same anyOf accepts adds nothing to the union, so
        adding, removing or editing it changes no verdict (of two equal branches, the first stays). In a oneOf
        it makes those values match two branches, so it is never left out there.
        """
        if self._judging or len(nodes) < 2:  # noqa: PLR2004 - a branch needs another to be covered
            return nodes
        covered: set[int] = set()
        for i, node in enumerate(nodes):
            if any(
                k != i
                and k not in covered
                and not self._disjoint(node, other)
                and self._within(node, other, frag)
                for k, other in enumerate(nodes)
            ):
                covered.add(i)
        return [node for i, node in enumerate(nodes) if i not in covered]

    def _within(self, inner: Node, outer: Node, frag: Ctx) -> bool:
        """Return whether every value ``inner`` accepts is provably accepted by ``outer``."""
        # the comparison inside runs without looking for covered branches: comparing a union with its own
        # branch would look again, wrapping the same branch deeper each time
        self._judging = True
        try:
            raws = self.nodes(inner, outer, frag)
        finally:
            self._judging = False
        # a comparison cut short by a cycle is incomplete: it proves nothing
        return (inner.key, outer.key, frag) in self.memo and not self._breaks(raws)[0]

    def _overlaps(self, olds: list[Node], i: int, news: list[Node], j: int) -> bool:
        """Return whether a matched oneOf branch may overlap another branch both before and after.

        When it is provably disjoint on one side, one-of-overlap-introduced or -removed covers the change.
        """
        before = all(self._disjoint(olds[i], other) for k, other in enumerate(olds) if k != i)
        after = all(self._disjoint(news[j], other) for k, other in enumerate(news) if k != j)
        return not before and not after

    def _branch_change(self, kind: str, node: Node, siblings: list[Node], *, added: bool) -> Raw:
        others = [other for other in siblings if other is not node]
        label = self._label(node)
        value = self._shape(node)
        if kind == "anyOf":
            rule = "any-of-branch-added" if added else "any-of-branch-removed"
        else:
            rule = "one-of-branch-added" if added else "one-of-branch-removed"
            if not all(self._disjoint(node, other) for other in others):
                rule += "-overlapping"
        verb = "added to" if added else "removed from"
        message = f"{kind} branch {label} {verb} {AT}"
        side: Side = "new" if added else "old"
        return Raw(rule, (), node.pointer, side, message, None if added else value, value if added else None)

    def _match(
        self, olds: list[Node], news: list[Node], ctx: Ctx
    ) -> tuple[list[tuple[int, int]], dict[tuple[int, int], list[Raw]]]:
        """Pair branches regardless of order: equal ones first, then the most similar (never below 2)."""
        diffs: dict[tuple[int, int], list[Raw]] = {}
        pairs: list[tuple[int, int]] = []
        for i, x in enumerate(olds):
            free = [j for j in range(len(news)) if j not in {p[1] for p in pairs}]
            for j in free:
                diffs[i, j] = self.nodes(x, news[j], ctx)
                if not diffs[i, j]:
                    pairs.append((i, j))
                    break
        used_a, used_b = {i for i, _ in pairs}, {j for _, j in pairs}
        scored = [
            (-score, i, j)
            for i, x in enumerate(olds)
            for j, y in enumerate(news)
            if i not in used_a
            and j not in used_b
            and (score := self._similarity(x, y, ctx) or 0) >= MATCH_THRESHOLD
        ]
        for _, i, j in sorted(scored):
            if i not in used_a and j not in used_b:
                used_a.add(i)
                used_b.add(j)
                pairs.append((i, j))
                diffs[i, j] = diffs.get((i, j)) or self.nodes(olds[i], news[j], ctx)
        return sorted(pairs), diffs

    def _similarity(self, x: Node, y: Node, ctx: Ctx | None = None) -> int | None:
        """Score how likely two branches are the same alternative; None when they cannot be.

        A branch that accepts a subset or a superset of the other's values (integer and number) is the same
        alternative narrowed or widened, whatever else they share.
        """
        tx, ty = x.types, y.types
        if x.false or y.false or self._disjoint_by_property(x, y):
            return None
        if ctx is not None and not all(self._breaks(self.nodes(x, y, ctx))):
            return MATCH_THRESHOLD + 4 + (self._similarity(x, y) or 0)
        if tx is not None and ty is not None and not types_overlap(tx, ty):
            return None
        values = _value_score(x, y)
        if values is None:
            return None
        score = values
        name_x, name_y = _definition(x.pointer), _definition(y.pointer)
        if name_x and name_y:
            score += 4 if name_x == name_y else -2
        if x.title and y.title:
            score += 3 if x.title == y.title else -2
        if tx is not None and ty is not None:
            score += 2 if tx - {"null"} == ty - {"null"} else 1
        px, py = set(x.kw.get("properties", {})), set(y.kw.get("properties", {}))
        if px and py:
            overlap = len(px & py) / len(px | py)
            score += 2 if overlap >= 0.5 else 1 if overlap else 0  # noqa: PLR2004 - half the names shared
        return score

    def _disjoint_all(self, nodes: list[Node]) -> bool:
        return all(self._disjoint(x, y) for i, x in enumerate(nodes) for y in nodes[i + 1 :])

    def _disjoint(self, x: Node, y: Node, depth: int = 0) -> bool:
        """Return whether no value can be valid against both (False when it cannot be proven)."""
        if x.false or y.false:
            return True
        tx, ty = x.types, y.types
        if tx is not None and ty is not None and not types_overlap(tx, ty):
            return True
        vx: Values | None = x.kw.get("enum")
        vy: Values | None = y.kw.get("enum")
        if vx is not None and vy is not None and not set(vx.items) & set(vy.items):
            return True
        for values, types in ((vx, ty), (vy, tx)):
            if (
                values is not None
                and types is not None
                and not any(types_overlap(json_types(v), types) for v in values.items.values())
            ):
                return True
        return depth < 2 and self._disjoint_by_property(x, y, depth)  # noqa: PLR2004 - two levels of nesting

    def _disjoint_by_property(self, x: Node, y: Node, depth: int = 0) -> bool:
        """Return whether a required property whose values cannot agree (a discriminator) separates two objects."""
        tx, ty = x.types, y.types
        if tx is None or ty is None or type_intersection(tx, ty) != {"object"}:
            return False
        px: dict[str, Loc] = x.kw.get("properties", {})
        py: dict[str, Loc] = y.kw.get("properties", {})
        shared = x.kw.get("required", frozenset()) & y.kw.get("required", frozenset()) & set(px) & set(py)
        return any(
            self._disjoint(self.node(px[name]), self.node(py[name]), depth + 1) for name in sorted(shared)
        )

    def _members(self, a: Node, b: Node, frag: Ctx) -> list[Raw]:
        if not a.members and not b.members:
            return []
        olds, news = [self.node(m) for m in a.members], [self.node(m) for m in b.members]
        pairs, diffs = self._match(olds, news, frag)
        out = [raw for pair in pairs for raw in diffs[pair]]
        matched_a, matched_b = {i for i, _ in pairs}, {j for _, j in pairs}
        for i, node in enumerate(olds):
            if i not in matched_a:
                message = f"allOf member {self._label(node)} removed from {AT}"
                out.append(Raw("all-of-member-removed", (), node.pointer, "old", message, self._shape(node)))
        for j, node in enumerate(news):
            if j not in matched_b:
                message = f"allOf member {self._label(node)} added to {AT}"
                out.append(
                    Raw("all-of-member-added", (), node.pointer, "new", message, None, self._shape(node))
                )
        return out

    def _not(self, a: Node, b: Node, frag: Ctx) -> list[Raw]:
        na: Loc | None = a.kw.get("not")
        nb: Loc | None = b.kw.get("not")
        if na is None and nb is None:
            return []
        if na is None or nb is None:
            rule = "not-added" if na is None else "not-removed"
            present = nb if na is None else na
            assert present is not None  # noqa: S101 - one of the two is set
            message = f"{AT} must {'now' if na is None else 'no longer'} not match {self._label(present)}"
            if self._newline_exclusion(b if na is None else a, present):
                rule = "newline-exclusion-added" if na is None else "newline-exclusion-removed"
                message = (
                    f"{AT} {'now' if na is None else 'no longer'} refuses a value holding a newline by a `not`, "
                    "beside a pattern that refuses every such value (a newline exclusion: no value changes verdict)"
                )
            return [self._raw(rule, a, b, "not", message, self._shape(na), self._shape(nb))]
        readers, writers = self._breaks(self.locs(na, nb, frag))
        if not (readers or writers):
            return []
        # the schema under `not` widening excludes more values: directions swap
        rule = (
            "not-changed" if readers and writers else "not-excludes-less" if readers else "not-excludes-more"
        )
        message = f"the schema {AT} must not match changed"
        return [self._raw(rule, a, b, "not", message, self._shape(na), self._shape(nb))]

    def _newline_exclusion(self, carrier: Node, excluded: Loc) -> bool:
        r"""Return whether the `not` of ``carrier`` only refuses strings holding a newline, which it refuses anyway.

        The `not` must hold only a pattern matching exactly the strings with a newline (``\n``), beside
        `type: string` or at a location that accepts only strings (`not` refuses what its schema accepts, and
        a pattern accepts every non-string); the location's own pattern must provably admit no newline under
        ECMA-262 (`treaty._diff.newline`).
        """
        inner = self.node(excluded)
        if inner.false or inner.conditionals or inner.members or inner.treaty:
            return False
        keywords = set(inner.validation)
        typed = inner.types == frozenset({"string"})
        if keywords != ({"pattern", "type"} if typed else {"pattern"}):
            return False
        pattern, own = inner.kw["pattern"], carrier.kw.get("pattern")
        return (
            (typed or carrier.types == frozenset({"string"}))
            and isinstance(pattern, str)
            and newline_only(pattern)
            and isinstance(own, str)
            and newline_free(own)
        )

    def _conditionals(self, a: Node, b: Node, frag: Ctx) -> list[Raw]:
        olds, news = a.conditionals, b.conditionals
        if not olds and not news:
            return []
        pairs = self._pair_conditionals(olds, news, frag)
        out: list[Raw] = []
        for (i, j), condition in pairs.items():
            x, y = olds[i], news[j]
            # an annotation in the condition does not change which branch runs
            rule = _condition_rule(*self._breaks(condition), x, y)
            if rule:
                message = f"the if condition at {AT} changed"
                old, new = self._shape(x.if_), self._shape(y.if_)
                out.append(Raw(rule, (), y.if_.pointer, "new", message, old, new))
            out.extend(self._clause("then", x.then, y.then, frag))
            out.extend(self._clause("else", x.else_, y.else_, frag))
        used_a, used_b = {i for i, _ in pairs}, {j for _, j in pairs}
        for i, x in enumerate(olds):
            if i not in used_a:
                message = f"an if/then/else was removed from {AT}"
                out.append(
                    Raw("conditional-removed", (), f"{x.pointer}/if", "old", message, self._cond_shape(x))
                )
        for j, y in enumerate(news):
            if j not in used_b:
                message = f"an if/then/else now applies at {AT}"
                shaped = self._cond_shape(y)
                out.append(Raw("conditional-added", (), f"{y.pointer}/if", "new", message, None, shaped))
        return out

    def _pair_conditionals(
        self, olds: list[Conditional], news: list[Conditional], frag: Ctx
    ) -> dict[tuple[int, int], list[Raw]]:
        """Pair conditionals by equal parts (condition 3, then 2, else 1); return each pair's condition change."""
        parts: dict[tuple[int, int], tuple[list[Raw], list[Raw], list[Raw]]] = {
            (i, j): (
                self.locs(x.if_, y.if_, frag),
                self._optional(x.then, y.then, frag),
                self._optional(x.else_, y.else_, frag),
            )
            for i, x in enumerate(olds)
            for j, y in enumerate(news)
        }
        scored = [
            (-score, i, j)
            for (i, j), (condition, then, else_) in parts.items()
            if (score := 3 * (not any(self._breaks(condition))) + 2 * (not then) + (not else_))
            >= MATCH_THRESHOLD
        ]
        if len(olds) == len(news) == 1 and not scored:
            scored.append((0, 0, 0))  # one rule edited in both its condition and its consequence
        pairs: dict[tuple[int, int], list[Raw]] = {}
        for _, i, j in sorted(scored):
            if all(i != p and j != q for p, q in pairs):
                pairs[i, j] = parts[i, j][0]
        return pairs

    def _optional(self, x: Loc | None, y: Loc | None, frag: Ctx) -> list[Raw]:
        if x is None and y is None:
            return []
        return self.locs(x or self.true(self.old), y or self.true(self.new), frag)

    def _clause(self, name: str, x: Loc | None, y: Loc | None, frag: Ctx) -> list[Raw]:
        if x is not None and y is not None:
            return self.locs(x, y, frag)
        if y is not None:
            return [
                Raw(
                    f"{name}-added",
                    (),
                    y.pointer,
                    "new",
                    f"a {name} now applies at {AT}",
                    None,
                    self._shape(y),
                )
            ]
        if x is not None:
            return [
                Raw(
                    f"{name}-removed", (), x.pointer, "old", f"the {name} at {AT} was removed", self._shape(x)
                )
            ]
        return []

    def _cond_shape(self, cond: Conditional) -> dict[str, Any]:
        return {"if": self._shape(cond.if_), "then": self._shape(cond.then), "else": self._shape(cond.else_)}


def _condition_rule(narrowed: bool, widened: bool, x: Conditional, y: Conditional) -> str:  # noqa: FBT001
    """Return the rule of a changed condition: what its only clause now applies to, or if-changed ("": none).

    ``narrowed``: some document matched the old condition and not the new one; ``widened``: the other way.
    """
    if not (narrowed or widened):
        return ""
    then = x.then is not None or y.then is not None
    else_ = x.else_ is not None or y.else_ is not None
    if (narrowed and widened) or then == else_:
        return "if-changed"
    # a then applies where the condition holds, an else where it does not
    return "if-constrains-more" if widened == then else "if-constrains-less"


def _wrap(plain: Node, union: Node) -> tuple[Node, Node] | None:
    """Split a plain node into its parent part and a branch of the keywords the union side lacks."""
    moved = [k for k in plain.validation if k not in union.kw]
    if not moved:
        return None
    return plain.view("parent", moved, keep=False), plain.view("wrap", moved, keep=True)


def _value_score(x: Node, y: Node) -> int | None:
    """Score equal (2) or overlapping (1) value sets; None when both are sets with nothing in common."""
    vx: Values | None = x.kw.get("enum")
    vy: Values | None = y.kw.get("enum")
    if vx is None or vy is None:
        return 0
    if set(vx.items) == set(vy.items):
        return 2
    return 1 if set(vx.items) & set(vy.items) else None


def _definition(pointer: str) -> str | None:
    parts = pointer.split("/")
    if len(parts) == 3 and parts[1] in {"$defs", "definitions"}:  # noqa: PLR2004 - "", "$defs", name
        return parts[2]
    return None
