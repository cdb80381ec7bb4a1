"""The walk both schemas are compared in: located changes, the memoised pairwise comparison, shared helpers.

A comparison is memoised on the pair of normalised nodes (and the context of the enclosing object), and a
pair met again while it is still being compared stops the walk: that is what makes recursive schemas
terminate. Results are relative to the node, so a definition used at two document paths is compared once
and reported at both.
"""

import json
import math
from collections.abc import Iterable
from typing import Any, Final, NamedTuple

from treaty._diff.rules import RULES, Policy
from treaty._diff.schema import (
    TRUE_POINTER,
    Document,
    Loc,
    Node,
    Normaliser,
    Side,
    Values,
    escape,
    finite,
    shape,
)

AT: Final = "\x00at\x00"
"""Stands for the change's document path in a message until the path is known."""

_NO_CUT: Final = math.inf


# A NamedTuple rather than a frozen dataclass: a tenth of the cost to create, which start-up feels.
class Raw(NamedTuple):
    """A change before its path is complete: ``path`` is relative to the node that found it."""

    rule: str
    path: tuple[str, ...]
    pointer: str
    side: Side
    message: str
    old: Any = None
    new: Any = None
    treaty_rule: str = ""
    """The id of the Treaty rule the change is about, or of the x-treaty-rule whose schema holds it."""


# A NamedTuple rather than a frozen dataclass: a tenth of the cost to create, which start-up feels.
class Ctx(NamedTuple):
    """What the enclosing object says about the instance a fragment (then, allOf member, branch) constrains.

    ``declared``: keys some schema at this instance declares, so documents do carry them; ``closed``: the
    enclosing object refuses undeclared keys, so a fragment's constraint on one can never apply.
    """

    declared: frozenset[str] = frozenset()
    closed: bool = False


FRESH: Final = Ctx()
"""The context of a new document location (a property value, an item)."""


def show(value: Any) -> str:
    """Return a value as JSON text for a message."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def under(segment: str, raws: list[Raw]) -> list[Raw]:
    """Return changes found below a document path segment, located from the parent."""
    return [raw._replace(path=(segment, *raw.path)) for raw in raws]


def side_of(*, added: bool) -> Side:
    """Return the side whose schema holds an added (new) or removed (old) item."""
    return "new" if added else "old"


class Walker:
    """The memoised comparison of two schemas; the keyword rules are in subclasses."""

    def __init__(self, old: Any, new: Any, policy: Policy) -> None:
        """Prepare to compare ``old`` with ``new`` under ``policy``."""
        self.old = Document.of("old", old)
        self.new = Document.of("new", new)
        self.policy: Policy = policy
        self.norm = Normaliser()
        self.memo: dict[tuple[str, str, Ctx], list[Raw]] = {}
        self.active: dict[tuple[str, str, Ctx], int] = {}
        self.cut: float = _NO_CUT

    def _compare(self, a: Node, b: Node, ctx: Ctx) -> list[Raw]:
        raise NotImplementedError

    def node(self, item: Loc | Node) -> Node:
        """Return the normal form of a subschema."""
        return item if isinstance(item, Node) else self.norm.node(item)

    def locs(self, a: Loc | Node, b: Loc | Node, ctx: Ctx) -> list[Raw]:
        """Return the changes from old subschema ``a`` to new subschema ``b``."""
        return self.nodes(self.node(a), self.node(b), ctx)

    def nodes(self, a: Node, b: Node, ctx: Ctx) -> list[Raw]:
        """Return the changes from node ``a`` to node ``b``, memoised on the pair."""
        key = (a.key, b.key, ctx)
        if key in self.memo:
            return self.memo[key]
        if key in self.active:
            # a cycle: the pair is being compared further up, which reports its changes
            self.cut = min(self.cut, self.active[key])
            return []
        depth = len(self.active)
        self.active[key] = depth
        outer, self.cut = self.cut, _NO_CUT
        try:
            result = self._compare(a, b, ctx)
        finally:
            del self.active[key]
        inner = self.cut
        if inner >= depth:
            # complete: no cycle was cut short above this pair, so the result holds wherever it is met
            self.memo[key] = result
            inner = _NO_CUT
        self.cut = min(outer, inner)
        return result

    def true(self, doc: Document) -> Loc:
        """Return the schema that accepts everything, standing in for an absent subschema."""
        return Loc(value=True, pointer=TRUE_POINTER, doc=doc)

    @staticmethod
    def _at(a: Node, b: Node, keyword: str, *more: str) -> tuple[str, Side]:
        """Return where a keyword is: in the new schema, or in the old one when the new lacks it."""
        tail = "".join(f"/{escape(part)}" for part in more)
        if keyword in b.kw:
            return b.where(keyword) + tail, "new"
        return a.where(keyword) + tail, "old"

    def _raw(  # noqa: PLR0917 - every change needs all of these
        self,
        rule: str,
        a: Node,
        b: Node,
        keyword: str,
        message: str,
        old: Any = None,
        new: Any = None,
        *,
        path: tuple[str, ...] = (),
        more: tuple[str, ...] = (),
    ) -> Raw:
        pointer, side = self._at(a, b, keyword, *more)
        return Raw(rule, path, pointer, side, message, old, new)

    def _breaks(self, raws: Iterable[Raw]) -> tuple[bool, bool]:
        found = list(raws)
        readers = any(RULES[raw.rule].breaks_readers(self.policy) for raw in found)
        writers = any(RULES[raw.rule].breaks_writers(self.policy) for raw in found)
        return readers, writers

    def _shape(self, item: Loc | Node | None) -> Any:
        return None if item is None else shape(self.norm, item)

    def _label(self, item: Loc | Node) -> str:
        node = self.node(item)
        if node.title:
            return repr(node.title)
        values: Values | None = node.kw.get("enum")
        if values is not None:
            return " | ".join(show(value) for value in values.items.values())
        if node.types is not None:
            return "/".join(sorted(node.types))
        return show(self._shape(node))[:60]

    def _bound(self, a: Node, b: Node, keyword: str, prefix: str, *, lower: bool) -> list[Raw]:
        x, y = a.kw.get(keyword), b.kw.get(keyword)
        # a lower bound of 0 on a length or count is the default, the same as none
        x = x if finite(x) and (x or not lower) else None
        y = y if finite(y) and (y or not lower) else None
        if x == y:
            return []
        tighter = y is not None and (x is None or (y > x if lower else y < x))
        rule = f"{prefix}-increased" if tighter == lower else f"{prefix}-decreased"
        if x is None:
            message = f"{keyword} {show(y)} added at {AT}"
        elif y is None:
            message = f"{keyword} {show(x)} removed at {AT}"
        else:
            message = f"{keyword} at {AT} changed from {show(x)} to {show(y)}"
        return [self._raw(rule, a, b, keyword, message, x, y)]
