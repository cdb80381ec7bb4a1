"""Pattern inclusion: whether every string one JSON Schema ``pattern`` matches is matched by another.

Inclusion of regular languages is decidable, but not for the regex dialects schemas are written in
(backreferences, lookarounds), so the check decides what it can and says why when it cannot:

- equal patterns, and a pattern that is one of the other's top-level alternatives (groups unwrapped);
- finite languages (every alternative anchored by ``^`` and ``$`` around literals, classes, groups and
  bounded repetition): each string is tried against the other pattern, which is exact;
- literals anchored at the start, the end or neither (``^ab``, ``ab$``, ``ab``), compared by prefix,
  suffix or substring;
- a refutation: strings sampled from one pattern (and checked against it) that the other refuses prove
  that it is not included.

Strings are matched with Python's ``re`` and never hold a newline, so ``$`` means the end of the string as
in ECMA-262.
"""

import itertools
import re
from collections.abc import Iterator
from typing import Any, Final, NamedTuple

try:  # the parser moved in Python 3.11; sre_parse warns on import there
    from re import _parser as sre  # type: ignore[attr-defined,unused-ignore]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as sre  # type: ignore[no-redef,unused-ignore]

_LIMIT: Final = 1024
"""The most strings a finite language is enumerated to (beyond it the language is treated as infinite)."""
_SAMPLES: Final = 64
"""The most sample strings drawn from a pattern to refute an inclusion."""
_FILLERS: Final = ("", "a", "0", "_", "A", " ", "-", "~")
"""Characters tried around an unanchored sample and for classes that exclude their first member."""
_BEGIN: Final = frozenset({sre.AT_BEGINNING, sre.AT_BEGINNING_STRING})
_END: Final = frozenset({sre.AT_END, sre.AT_END_STRING})
_CATEGORY: Final = {
    sre.CATEGORY_DIGIT: "0",
    sre.CATEGORY_NOT_DIGIT: "a",
    sre.CATEGORY_WORD: "a",
    sre.CATEGORY_NOT_WORD: "-",
    sre.CATEGORY_SPACE: " ",
    sre.CATEGORY_NOT_SPACE: "a",
}
UNDECIDED: Final = (
    "neither pattern is a finite set of strings, an anchored literal, or an alternative of the other, and no "
    "sampled string tells them apart"
)


# A NamedTuple rather than a frozen dataclass: a tenth of the cost to create, which start-up feels.
class _Alt(NamedTuple):
    """One top-level alternative: its parsed items without the outer anchors, and which anchors it has."""

    items: list[Any]
    begin: bool
    end: bool
    text: str


def includes(inner: str, outer: str) -> tuple[bool | None, str]:
    """Return whether every string ``inner`` matches is matched by ``outer`` (None: not decided), and why not."""
    if inner == outer:
        return True, ""
    try:
        inner_re, outer_re = re.compile(inner), re.compile(outer)
        alts_in, alts_out = _alternatives(sre.parse(inner)), _alternatives(sre.parse(outer))
    except (re.error, RecursionError, OverflowError):
        return None, "a pattern does not compile as a Python regular expression"
    finite = _language(alts_in)
    if finite is not None:
        return all(outer_re.search(text) for text in finite), ""
    if any(inner_re.search(text) and not outer_re.search(text) for text in _samples(alts_in)):
        return False, ""
    if all(any(_within(alt, other, outer_re) for other in alts_out) for alt in alts_in):
        return True, ""
    return None, UNDECIDED


def _alternatives(parsed: Any) -> list[_Alt]:
    """Split a parsed pattern into its top-level alternatives, unwrapping groups that hold a whole one."""
    items = _flat(list(parsed))
    if len(items) == 1:
        op, av = items[0]
        if op is sre.BRANCH:
            return [alt for branch in av[1] for alt in _alternatives(branch)]
        if op is sre.SUBPATTERN and not av[1] and not av[2]:
            return _alternatives(av[3])
    begin = bool(items) and items[0][0] is sre.AT and items[0][1] in _BEGIN
    if begin:
        items = items[1:]
    end = bool(items) and items[-1][0] is sre.AT and items[-1][1] in _END
    if end:
        items = items[:-1]
    return [_Alt(items, begin, end, repr(items))]


def _flat(items: list[Any]) -> list[Any]:
    """Return a sequence with its plain groups spliced in (``^(ab)c`` reads as ``^abc``), alternations kept."""
    out: list[Any] = []
    for op, av in items:
        inner = list(av[3]) if op is sre.SUBPATTERN and not av[1] and not av[2] else None
        if inner is not None and not any(sub_op is sre.BRANCH for sub_op, _ in inner) and len(items) > 1:
            out.extend(_flat(inner))
        else:
            out.append((op, av))
    return out


def _language(alts: list[_Alt]) -> set[str] | None:
    """Return the strings a pattern matches when they are finitely many (and none holds a newline)."""
    found: set[str] = set()
    for alt in alts:
        if not (alt.begin and alt.end):
            return None
        strings = _strings(alt.items)
        if strings is None:
            return None
        found |= strings
        if len(found) > _LIMIT or any("\n" in text for text in strings):
            return None
    return found


def _strings(items: list[Any]) -> set[str] | None:
    """Return the strings a sequence of parsed nodes matches, or None if they are too many or unknown."""
    found = {""}
    for op, av in items:
        if op is sre.LITERAL:
            options: set[str] | None = {chr(av)}
        elif op is sre.IN:
            options = _members(av)
        elif op is sre.SUBPATTERN:
            options = None if av[1] or av[2] else _strings(list(av[3]))
        elif op is sre.BRANCH:
            parts = [_strings(list(branch)) for branch in av[1]]
            options = None if any(part is None for part in parts) else set().union(*parts)  # type: ignore[arg-type]
        elif op in {sre.MAX_REPEAT, sre.MIN_REPEAT}:
            low, high, sub = av
            inner = _strings(list(sub))
            if inner is None or high is sre.MAXREPEAT or len(inner) ** high > _LIMIT * 4:
                return None
            options = {
                "".join(parts)
                for count in range(low, high + 1)
                for parts in itertools.product(inner, repeat=count)
            }
        else:
            return None
        if options is None:
            return None
        found = {head + tail for head in found for tail in options}
        if len(found) > _LIMIT:
            return None
    return found


def _members(members: list[Any]) -> set[str] | None:
    """Return the characters of a class without negation or categories (few enough to list)."""
    chars: set[str] = set()
    for op, av in members:
        if op is sre.LITERAL:
            chars.add(chr(av))
        elif op is sre.RANGE and av[1] - av[0] < _LIMIT:
            chars.update(chr(code) for code in range(av[0], av[1] + 1))
        else:
            return None
    return chars


def _within(alt: _Alt, other: _Alt, outer: re.Pattern[str]) -> bool:
    """Return whether an alternative is provably inside another (equal, finite, or literal by anchors)."""
    if alt.text == other.text and (alt.begin, alt.end) == (other.begin, other.end):
        return True
    if alt.begin and alt.end and (strings := _strings(alt.items)) is not None:
        return all(outer.search(text) for text in strings)
    mine, theirs = _literal(alt.items), _literal(other.items)
    if mine is None or theirs is None:
        return False
    if other.begin and other.end:
        return False  # a finite language cannot hold the infinitely many strings of an open literal
    if other.begin:
        return alt.begin and mine.startswith(theirs)
    if other.end:
        return alt.end and mine.endswith(theirs)
    return theirs in mine


def _literal(items: list[Any]) -> str | None:
    if all(op is sre.LITERAL for op, _ in items):
        return "".join(chr(av) for _, av in items)
    return None


def _samples(alts: list[_Alt]) -> Iterator[str]:
    """Yield a few strings each alternative may match (the caller checks that they do), without newlines."""
    count = 0
    for alt in alts:
        for core in itertools.islice(_draw(alt.items), _SAMPLES):
            for before, after in itertools.product(
                ("",) if alt.begin else _FILLERS[:3], ("",) if alt.end else _FILLERS[:3]
            ):
                text = before + core + after
                if "\n" not in text:
                    count += 1
                    yield text
            if count > _SAMPLES * 4:
                return


def _draw(items: list[Any]) -> Iterator[str]:
    """Yield strings built from a few choices at each node: repeat counts at their bounds, class members."""
    choices = [_choices(op, av) for op, av in items]
    for parts in itertools.islice(itertools.product(*choices), _SAMPLES):
        yield "".join(parts)


def _choices(op: Any, av: Any) -> list[str]:
    if op is sre.LITERAL:
        return [chr(av)]
    if op is sre.NOT_LITERAL:
        return [c for c in _FILLERS[1:3] if ord(c) != av]
    if op is sre.ANY:
        return ["a", "0"]
    if op is sre.IN:
        return _class_choices(av)
    if op is sre.SUBPATTERN:
        return list(itertools.islice(_draw(list(av[3])), 4))
    if op is sre.BRANCH:
        return [text for branch in av[1] for text in itertools.islice(_draw(list(branch)), 2)]
    if op in {sre.MAX_REPEAT, sre.MIN_REPEAT}:
        low, high, sub = av
        inner = list(itertools.islice(_draw(list(sub)), 6)) or [""]
        counts = sorted({low, low + 1 if high is sre.MAXREPEAT else min(low + 1, high), min(high, low + 3)})
        return [text * count for text in inner for count in counts]
    if op is sre.AT:
        return [""]
    return ["a"]


def _class_choices(members: list[Any]) -> list[str]:
    if members and members[0][0] is sre.NEGATE:
        return list(_FILLERS[1:4])  # the caller keeps the samples the pattern does match
    out: list[str] = []
    for op, av in members[:3]:
        if op is sre.LITERAL:
            out.append(chr(av))
        elif op is sre.RANGE:
            out.extend(sorted({chr(av[0]), chr(av[1])}))
        elif op is sre.CATEGORY:
            out.append(_CATEGORY.get(av, "a"))
    return out or ["a"]
