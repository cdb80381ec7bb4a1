"""Path globs of the surface maps, in Treaty's one glob dialect, compiled to one regular expression each.

The dialect is the toolkit's (``[tool.treaty.paths]`` and the command line): a glob matches a whole path
segment by segment; ``*``, ``?`` and ``[...]`` (``[!...]`` negated) match within one segment as Python's
``fnmatchcase`` does, and a ``**`` segment matches zero or more segments (a trailing ``**``, at least one).
Case matters. A models package may not import the toolkit, and ``fnmatch`` is outside the purity
allow-list, so the translation is written here once more; ``tests/test_onex.py`` holds it to the toolkit's
matcher. A whole-path expression, rather than a walk over segments, is what makes 10,000 paths against 50
globs take a fraction of a second.
"""

import re
from functools import cache
from typing import Final

RECURSIVE: Final = "**"
_ANY_SEGMENTS: Final = "(?:[^/]*/)*"


def glob_segments(glob: str) -> list[str]:
    """Return a glob's segments as the toolkit reads them: no empty or ``.`` segment, ``**/**`` once."""
    out: list[str] = []
    for part in glob.split("/"):
        if part in {"", "."} or (part == RECURSIVE and out and out[-1] == RECURSIVE):
            continue
        out.append(part)
    return out


@cache
def compile_glob(glob: str) -> re.Pattern[str]:
    """Return the expression that matches exactly the paths ``glob`` matches."""
    segments = glob_segments(glob)
    pieces: list[str] = []
    joined = True  # the next segment follows a "/" already written (or starts the path)
    for index, segment in enumerate(segments):
        if segment == RECURSIVE:
            last = index == len(segments) - 1
            prefix = "" if joined else "/"
            pieces.append(prefix + ("[^/].*" if last else _ANY_SEGMENTS))
            joined = True
        else:
            pieces.append(("" if joined else "/") + _segment(segment))
            joined = False
    return re.compile("(?s:" + "".join(pieces) + ")")


def _segment(pattern: str) -> str:
    """Translate one segment as ``fnmatch.translate`` does, never matching a ``/``."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        char = pattern[i]
        i += 1
        if char == "*":
            if not out or out[-1] != "[^/]*":
                out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            j = i
            if j < n and pattern[j] == "!":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                j += 1
            if j >= n:
                out.append("\\[")
                continue
            out.append(_bracket(pattern, i, j))
            i = j + 1
        else:
            out.append(re.escape(char))
    return "".join(out)


def _bracket(pattern: str, i: int, j: int) -> str:  # noqa: C901  # fnmatch.translate's class reading, kept in its order
    """Translate the class ``pattern[i:j]`` (between ``[`` and ``]``) as fnmatch does, excluding ``/``."""
    stuff = pattern[i:j]
    if "-" not in stuff:
        stuff = stuff.replace("\\", r"\\")
    else:
        chunks = []
        k = i + 2 if pattern[i] == "!" else i + 1
        while True:
            k = pattern.find("-", k, j)
            if k < 0:
                break
            chunks.append(pattern[i:k])
            i = k + 1
            k += 3
        chunk = pattern[i:j]
        if chunk:
            chunks.append(chunk)
        else:
            chunks[-1] += "-"
        for k in range(len(chunks) - 1, 0, -1):  # an empty range (z-a) is dropped, as fnmatch drops it
            if chunks[k - 1][-1] > chunks[k][0]:
                chunks[k - 1] = chunks[k - 1][:-1] + chunks[k][1:]
                del chunks[k]
        stuff = "-".join(s.replace("\\", r"\\").replace("-", r"\-") for s in chunks)
    stuff = re.sub(r"([&~|])", r"\\\1", stuff)
    if not stuff:
        return "(?!)"
    if stuff == "!":
        return "[^/]"
    if stuff[0] == "!":
        stuff = "^" + stuff[1:]
    elif stuff[0] in {"^", "["}:
        stuff = "\\" + stuff
    return f"(?!/)[{stuff}]"
