r"""Newline exclusions: proofs about which strings a JSON Schema ``pattern`` can match, read as ECMA-262.

A contract may write ``"not": {"pattern": "\\n"}`` beside an anchored pattern so that Python's ``re``, in
which ``$`` also matches before a final newline, refuses what every other engine refuses. Treaty reads
``pattern`` with ECMA-262 semantics (no flags: ``^`` and ``$`` are the absolute start and end of the string),
so when the pattern beside it provably cannot match a string that holds a newline (U+000A), the exclusion
changes no verdict. The proof is a conservative scan: whatever it does not understand is "cannot prove".
"""

from collections.abc import Iterator
from typing import Final

NEWLINE: Final = 0x0A
"""U+000A, the only newline Python's ``$`` matches before."""

_ASSERTION: Final = "assertion"
r"""What `_escape` returns for ``\b`` and ``\B`` outside a class: they consume no character."""
_SAFE: Final = "safe"
_UNSAFE: Final = "unsafe"
"""Tokens of `_tokens`: an atom that consumes no U+000A (or nothing), and one that may (or is not read)."""
_DASH: Final = "-"
"""An unescaped ``-`` in a class, which may stand between the two ends of a range."""
_CLASS_ESCAPES: Final = {"d": False, "w": False, "S": False, "s": True, "D": True, "W": True}
r"""Class escapes, by whether U+000A is a member: ECMA-262's ``\s`` holds the line terminators, so ``\S``
never matches one while ``\D`` and ``\W`` do."""
_CONTROL: Final = {"t": 0x09, "n": NEWLINE, "v": 0x0B, "f": 0x0C, "r": 0x0D}
_SYNTAX: Final = frozenset("^$\\.*+?()[]{}|/-")
"""Characters an identity escape makes literal (``\\-`` included: ECMA-262 allows it in a class)."""
_HEX: Final = frozenset("0123456789abcdefABCDEF")

Member = int | tuple[int, int] | str
"""One member of a class: a code point, an inclusive range of code points, or a class escape's letter."""


def newline_free(pattern: str) -> bool:
    r"""Return whether no string holding U+000A can match ``pattern`` (False: it cannot be proven).

    Every top-level alternative must start with ``^`` and end with ``$`` (and hold neither elsewhere), so a
    match spans the whole string, and every character the pattern consumes must exclude U+000A: literals
    other than a newline, ``.`` (which no ECMA-262 pattern without the s flag lets match a line terminator),
    ``\d``, ``\w``, ``\S``, escaped syntax characters, ``\t``, ``\r``, ``\xHH`` and ``\uHHHH`` other than
    U+000A, and classes that provably exclude it (a negated class must list it). Groups, non-capturing groups,
    alternatives inside them, quantifiers and ``\b`` are read too; lookarounds, named groups, backreferences,
    ``\c``, ``\p`` and anything else are not.
    """
    depth, state = 0, "start"  # start: before an alternative's ^; body: between ^ and $; end: after the $
    for part in _tokens(pattern):
        if part == _UNSAFE or (state == "start") != (part == "^"):
            return False  # an atom that may consume U+000A, or an alternative that does not start with ^
        if part == "^":
            state = "body"
        elif state == "end":
            if part != "|":  # after the final $ only another anchored alternative may follow
                return False
            state = "start"
        elif part in {"(", ")"}:
            depth += 1 if part == "(" else -1
            if depth < 0:
                return False
        elif part == "$" and not depth:
            state = "end"
        elif part == "$" or (part == "|" and not depth):
            return False  # a $ inside a group, or a top-level alternative that does not end in $
    return state == "end"


def _tokens(pattern: str) -> Iterator[str]:
    """Yield the pattern's tokens: ``^``, ``$``, ``(``, ``)``, ``|``, or whether one atom may consume U+000A.

    An atom that the scan cannot read is unsafe, and ends the tokens.
    """
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            found = _escape(pattern, i, in_class=False)
            if found is None:
                yield _UNSAFE
                return
            yield _UNSAFE if _may_match_newline(found[0]) else _SAFE
            i = found[1]
        elif char == "[":
            parsed = _class(pattern, i)
            if parsed is None:
                yield _UNSAFE
                return
            negated, members, i = parsed
            yield _UNSAFE if any(_may_match_newline(member) for member in members) != negated else _SAFE
        elif char == "(":
            if pattern.startswith("(?", i) and not pattern.startswith("(?:", i):
                yield _UNSAFE  # a lookaround or a named group
                return
            i += 3 if pattern.startswith("(?:", i) else 1
            yield "("
        else:
            # a literal other than a newline, `.`, or a quantifier consumes no U+000A
            yield char if char in "^$()|" else _UNSAFE if char == "\n" else _SAFE
            i += 1


def newline_only(pattern: str) -> bool:
    r"""Return whether ``pattern`` matches exactly the strings that hold U+000A.

    It must be one atom that matches U+000A and nothing else: ``\n``, ``\x0a``, ``\u000a``, a newline
    character, or a class of those (``[\n]``).
    """
    if pattern == "\n":
        return True
    if pattern.startswith("\\"):
        return _escape(pattern, 0, in_class=False) == (NEWLINE, len(pattern))
    if pattern.startswith("["):
        parsed = _class(pattern, 0)
        if parsed is None:
            return False
        negated, members, end = parsed
        return (
            end == len(pattern)
            and not negated
            and bool(members)
            and all(member in {NEWLINE, (NEWLINE, NEWLINE)} for member in members)
        )
    return False


def _may_match_newline(member: Member) -> bool:
    if isinstance(member, int):
        return member == NEWLINE
    if isinstance(member, tuple):
        return member[0] <= NEWLINE <= member[1]
    return _CLASS_ESCAPES.get(member, False)  # an assertion consumes nothing


def _escape(pattern: str, i: int, *, in_class: bool) -> tuple[int | str, int] | None:
    """Read the escape at ``pattern[i]`` (a backslash): its code point or class letter, and the index after it."""
    if i + 1 >= len(pattern):
        return None
    char = pattern[i + 1]
    after = i + 2
    if char in _CLASS_ESCAPES:
        return char, after
    if char == "b":
        return (0x08, after) if in_class else (_ASSERTION, after)  # backspace in a class, a word boundary out
    if char == "B" and not in_class:
        return _ASSERTION, after
    if char in _CONTROL:
        return _CONTROL[char], after
    if char == "0":
        # \0 followed by a digit is a legacy octal escape (\012 is a newline): not read
        return None if pattern[after : after + 1].isdigit() else (0, after)
    if char in {"x", "u"}:
        width = 2 if char == "x" else 4
        digits = pattern[after : after + width]
        if len(digits) != width or not set(digits) <= _HEX:
            return None  # \u{...}, or an identity escape the engines disagree on
        return int(digits, 16), after + width
    if char in _SYNTAX:
        return ord(char), after
    return None  # a backreference, \c, \k, \p, \P, or an escape the scan does not know


def _class(pattern: str, i: int) -> tuple[bool, list[Member], int] | None:
    """Read the class at ``pattern[i]`` (``[``): whether it is negated, its members, and the index after it."""
    i += 1
    negated = pattern.startswith("^", i)
    if negated:
        i += 1
    if pattern.startswith("]", i):
        return None  # `[]` and `[^]` mean nothing and anything in ECMA-262, a literal `]` in Python's re
    atoms: list[int | str] = []
    while True:
        if i >= len(pattern):
            return None
        char = pattern[i]
        if char == "]":
            break
        if char == "[":
            return None  # a nested class (ECMA-262's v flag), which Python's re warns about
        if char == "\\":
            found = _escape(pattern, i, in_class=True)
            if found is None:
                return None
            atom, i = found
            atoms.append(atom)
        else:
            atoms.append(_DASH if char == "-" else ord(char))
            i += 1
    members = _ranges(atoms)
    return None if members is None else (negated, members, i + 1)


def _ranges(atoms: list[int | str]) -> list[Member] | None:
    """Read a class's atoms as ECMA-262 does: ``a-b`` is a range, a ``-`` at either end is itself."""
    members: list[Member] = []
    k = 0
    while k < len(atoms):
        low = atoms[k]
        if k + 2 < len(atoms) and atoms[k + 1] == _DASH:
            high = atoms[k + 2]
            low = ord(_DASH) if low == _DASH else low
            high = ord(_DASH) if high == _DASH else high
            if not isinstance(low, int) or not isinstance(high, int) or low > high:
                return None  # a range from or to a class escape, or out of order: the engines disagree
            members.append((low, high))
            k += 3
        else:
            members.append(ord(_DASH) if low == _DASH else low)
            k += 1
    return members
