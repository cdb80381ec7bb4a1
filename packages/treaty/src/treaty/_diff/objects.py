"""Object keywords: properties, required, additionalProperties, patternProperties and the rest.

Properties are where the two policies differ: see `treaty._diff.rules.POLICIES`.
"""

from dataclasses import replace

from treaty._diff.schema import Loc, Node, alone, escape, finite, pattern_matches
from treaty._diff.walk import AT, FRESH, Ctx, Raw, Walker, show, side_of, under


class ObjectRules(Walker):
    """Compares what two schemas say about objects."""

    def _closed(self, node: Node) -> bool:
        """Return whether the object refuses every key it does not declare."""
        return self._other(node)[0] == "closed" and not node.kw.get("patternProperties")

    def _other(self, node: Node) -> tuple[str, Loc | None]:
        """Return how the object treats keys that no property or pattern names: closed, open or a schema."""
        # without additionalProperties, unevaluatedProperties applies to the keys no property or pattern
        # declares, when no in-place applicator may evaluate others (then it is compared as generic)
        loc: Loc | None = node.kw.get("additionalProperties")
        if loc is None and alone(node, "unevaluatedProperties"):
            loc = node.kw.get("unevaluatedProperties")
        if loc is None:
            return "open", None
        target = self.node(loc)
        if target.false:
            return "closed", loc
        if target.trivial:
            return "open", loc
        return "schema", loc

    def _undeclared(self, node: Node, name: str) -> tuple[str, Loc | None]:
        """Return how the object treats a key it does not declare (the first matching pattern applies)."""
        patterns: dict[str, Loc] = node.kw.get("patternProperties", {})
        for pattern in sorted(patterns):
            if pattern_matches(pattern, name):
                target = self.node(patterns[pattern])
                if target.false:
                    return "closed", patterns[pattern]
                return ("open" if target.trivial else "schema"), patterns[pattern]
        return self._other(node)

    def _objects(self, a: Node, b: Node, ctx: Ctx, frag: Ctx) -> list[Raw]:
        out: list[Raw] = []
        pa: dict[str, Loc] = a.kw.get("properties", {})
        pb: dict[str, Loc] = b.kw.get("properties", {})
        for name in sorted(set(pa) | set(pb)):
            if name in pa and name in pb:
                out.extend(under(name, self.locs(pa[name], pb[name], FRESH)))
            elif name in pb:
                out.extend(self._declared(a, b, name, ctx, added=True))
            else:
                out.extend(self._declared(a, b, name, ctx, added=False))
        ra: frozenset[str] = a.kw.get("required", frozenset())
        rb: frozenset[str] = b.kw.get("required", frozenset())
        for name in sorted(rb - ra):
            message = f"{AT} is now required"
            out.append(self._raw("required-added", a, b, "required", message, None, name, path=(name,)))
        for name in sorted(ra - rb):
            message = f"{AT} is no longer required"
            out.append(self._raw("required-removed", a, b, "required", message, name, None, path=(name,)))
        out.extend(self._additional(a, b))
        out.extend(self._count(a, b, lower=True))
        out.extend(self._count(a, b, lower=False))
        out.extend(self._names(a, b))
        out.extend(self._dependent(a, b, frag))
        return out

    def _declared(self, a: Node, b: Node, name: str, ctx: Ctx, *, added: bool) -> list[Raw]:
        """Classify a property declared on one side only."""
        mine, other = (b, a) if added else (a, b)
        loc: Loc = mine.kw["properties"][name]
        pair = (self.true(a.doc), loc) if added else (loc, self.true(b.doc))
        if name in ctx.declared:
            # a fragment (then, allOf member...) constraining a key the enclosing object declares, which
            # documents do carry: only the key's constraints changed
            return under(name, self.locs(*pair, FRESH))
        if ctx.closed:
            return []  # the enclosing object refuses the key, so a fragment's constraint on it never applies
        kind, fallback = self._undeclared(other, name)
        if kind == "open" and name in _mentioned(other):
            # an open object that requires (or depends on) the key: documents carry it
            return under(name, self.locs(*pair, FRESH))
        target = self.node(loc)
        if kind == "closed" and target.false:
            return []  # refused on both sides

        def change(rule: str, message: str) -> Raw:
            pointer = f"{mine.where('properties')}/{escape(name)}"
            return Raw(rule, (name,), pointer, side_of(added=added), message)

        now = "now" if added else "no longer"
        if kind == "closed":
            verb = "added to" if added else "removed from"
            rule = "property-added" if added else "property-removed"
            return [change(rule, f"property {AT} {verb} a closed object")]
        if kind == "open" and target.trivial:
            rule = "property-declared" if added else "property-undeclared"
            return [change(rule, f"property {AT} is {now} declared (it accepts any value)")]
        if kind == "open":
            verb = "declared in" if added else "removed from"
            rule = "property-added-to-open-object" if added else "property-removed-from-open-object"
            return [change(rule, f"property {AT} {verb} an open object")]
        assert fallback is not None  # noqa: S101 - a schema fallback has its location
        rule = "property-declared" if added else "property-undeclared"
        message = f"property {AT} is {now} declared (additionalProperties or patternProperties covers it)"
        pair = (fallback, loc) if added else (loc, fallback)
        return [change(rule, message), *under(name, self.locs(*pair, FRESH))]

    def _additional(self, a: Node, b: Node) -> list[Raw]:
        out: list[Raw] = []
        (ka, la), (kb, lb) = self._other(a), self._other(b)
        if ka != kb or ka == "schema":
            if kb == "closed":
                message = f"{AT} no longer accepts undeclared properties"
                out.append(self._raw("additional-properties-closed", a, b, "additionalProperties", message))
            elif ka == "closed":
                message = f"{AT} now accepts undeclared properties"
                out.append(self._raw("additional-properties-opened", a, b, "additionalProperties", message))
            else:
                pair = (la or self.true(a.doc), lb or self.true(b.doc))
                out.extend(under("*", self.locs(*pair, FRESH)))
        pa: dict[str, Loc] = a.kw.get("patternProperties", {})
        pb: dict[str, Loc] = b.kw.get("patternProperties", {})
        for pattern in sorted(set(pa) | set(pb)):
            if pattern in pa and pattern in pb:
                out.extend(under("*", self.locs(pa[pattern], pb[pattern], FRESH)))
            elif pattern in pb:
                if ka == "closed":
                    message = f"{AT} now accepts properties matching {show(pattern)}"
                    raw = self._raw(
                        "pattern-property-added",
                        a,
                        b,
                        "patternProperties",
                        message,
                        None,
                        pattern,
                        more=(pattern,),
                    )
                    out.append(raw._replace(path=("*",)))
                else:
                    out.extend(under("*", self.locs(la or self.true(a.doc), pb[pattern], FRESH)))
            elif kb == "closed":
                message = f"{AT} no longer accepts properties matching {show(pattern)}"
                raw = Raw(
                    "pattern-property-removed",
                    ("*",),
                    f"{a.where('patternProperties')}/{escape(pattern)}",
                    "old",
                    message,
                    pattern,
                )
                out.append(raw)
            else:
                out.extend(under("*", self.locs(pa[pattern], lb or self.true(b.doc), FRESH)))
        return out

    def _count(self, a: Node, b: Node, *, lower: bool) -> list[Raw]:
        """Compare minProperties (maxProperties) after what required (a closed object's properties) implies.

        A bound the other keywords already imply is no constraint of its own: the changes of required or of
        the declared properties say what changed.
        """
        keyword, prefix = (
            ("minProperties", "min-properties") if lower else ("maxProperties", "max-properties")
        )
        implied = [self._implied_count(node, lower=lower) for node in (a, b)]
        own = [node.kw.get(keyword) if finite(node.kw.get(keyword)) else None for node in (a, b)]
        useful = [
            value is not None and (bound is None or (value > bound if lower else value < bound))
            for value, bound in zip(own, implied, strict=True)
        ]
        if not any(useful):
            return []
        effective = [
            value if flag else bound for value, bound, flag in zip(own, implied, useful, strict=True)
        ]
        views = [
            replace(node, kw={**node.kw, keyword: value})
            for node, value in zip((a, b), effective, strict=True)
        ]
        return self._bound(views[0], views[1], keyword, prefix, lower=lower)

    def _implied_count(self, node: Node, *, lower: bool) -> int | None:
        """Return the least (most) number of properties the node's other keywords allow, None for no bound."""
        if lower:
            return len(node.kw.get("required", ())) or None
        return len(node.kw.get("properties", {})) if self._closed(node) else None

    def _names(self, a: Node, b: Node) -> list[Raw]:
        na: Loc | None = a.kw.get("propertyNames")
        nb: Loc | None = b.kw.get("propertyNames")
        if na is None and nb is None:
            return []
        readers, writers = self._breaks(self.locs(na or self.true(a.doc), nb or self.true(b.doc), FRESH))
        if not (readers or writers):
            return []
        how = "changed" if readers and writers else "narrowed" if readers else "widened"
        rule = f"property-names-{how}"
        message = f"the property names {AT} accepts {how}"
        return [self._raw(rule, a, b, "propertyNames", message, self._shape(na), self._shape(nb))]

    def _dependent(self, a: Node, b: Node, frag: Ctx) -> list[Raw]:
        out: list[Raw] = []
        pairs = [
            {
                (name, other)
                for name, others in node.kw.get("dependentRequired", {}).items()
                for other in others
            }
            for node in (a, b)
        ]
        for added, found in ((True, pairs[1] - pairs[0]), (False, pairs[0] - pairs[1])):
            rule = "dependent-required-added" if added else "dependent-required-removed"
            for name, other in sorted(found):
                message = (
                    f"at {AT}, property {show(name)} {'now' if added else 'no longer'} requires {show(other)}"
                )
                pair = (None, [name, other]) if added else ([name, other], None)
                out.append(self._raw(rule, a, b, "dependentRequired", message, *pair, more=(name,)))
        sa: dict[str, Loc] = a.kw.get("dependentSchemas", {})
        sb: dict[str, Loc] = b.kw.get("dependentSchemas", {})
        for name in sorted(set(sa) | set(sb)):
            if name in sa and name in sb:
                out.extend(self.locs(sa[name], sb[name], frag))
                continue
            added = name in sb
            if self.node((sb if added else sa)[name]).trivial:
                continue  # a dependent schema that accepts everything constrains nothing
            rule = "dependent-schema-added" if added else "dependent-schema-removed"
            message = (
                f"at {AT}, a schema {'now' if added else 'no longer'} applies when {show(name)} is present"
            )
            values = (None, name) if added else (name, None)
            out.append(self._raw(rule, a, b, "dependentSchemas", message, *values, more=(name,)))
        return out


def _mentioned(node: Node) -> frozenset[str]:
    """Return the keys an object names without declaring them as properties (required, dependencies)."""
    names: set[str] = set(node.kw.get("required", ()))
    for name, others in node.kw.get("dependentRequired", {}).items():
        names |= {name, *others}
    names |= set(node.kw.get("dependentSchemas", {}))
    return frozenset(names)
