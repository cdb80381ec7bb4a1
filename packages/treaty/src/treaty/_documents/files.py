"""Which files a run validates: paths, directories (searched recursively) and globs, as posix strings.

Names are strings, not `pathlib.Path` objects: a run over 10,000 files builds, sorts and stats each name
once, and a warm run does little else, so the cost of a `Path` per file is worth saving.

Globs have one dialect, on the command line and in ``[tool.treaty.paths]`` alike: a pattern matches a whole
path, segment by segment; ``*``, ``?`` and ``[...]`` match within one segment (never a ``/``; a leading dot
is an ordinary character), and a ``**`` segment matches zero or more folders (a trailing ``**``, everything
below). That is gitignore's ``**``, anchored as a gitignore pattern with a ``/`` is. Case matters.
"""

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from fnmatch import fnmatchcase
from pathlib import Path, PurePath
from typing import Final

from treaty.exceptions import UsageError

DOCUMENT_SUFFIXES: Final = frozenset({".yaml", ".yml", ".json"})
_EXTENSIONS: Final = frozenset(suffix[1:] for suffix in DOCUMENT_SUFFIXES)
STDIN: Final = "-"


def expand(inputs: Iterable[str]) -> list[str | None]:
    """Return the files named by paths, directories and globs, in order; None stands for standard input.

    A directory's files come in the order `pathlib` sorts their paths; each name is the path as given joined
    with the file's path below it, as `Path.as_posix` writes it (``./a//b`` is ``a/b``).
    """
    found: list[str | None] = []
    for item in inputs:
        if item == STDIN:
            found.append(None)
            continue
        path = Path(item)
        if path.is_dir():
            below = list(_documents_under(path.as_posix()))
            if not below and is_document_name(item):
                found.append(path.as_posix())  # reported as a directory, not a document, with the rest
                continue
            if not below:
                raise UsageError(
                    f"{item}: the directory holds no .yaml, .yml or .json files", hint="check the path"
                )
            found.extend(below)
        elif path.exists() or path.is_symlink():
            found.append(path.as_posix())
        else:
            matches = _glob(path)
            if not matches:
                raise UsageError(f"{item}: no such file, directory or matching glob", hint="check the path")
            found.extend(matches)
    return found


RECURSIVE: Final = "**"


def is_glob(segment: str) -> bool:
    """Return whether a path (or one segment of it) holds a wildcard: ``*``, ``?`` or ``[``."""
    return any(mark in segment for mark in "*?[")


def glob_parts(pattern: PurePath) -> tuple[str, ...]:
    """Return the segments a pattern is matched by (``pathlib`` drops ``.`` and empty ones; ``**/**`` is ``**``)."""
    parts: list[str] = []
    for part in pattern.parts:
        if not (part == RECURSIVE and parts and parts[-1] == RECURSIVE):
            parts.append(part)
    return tuple(parts)


def glob_match(pattern: Sequence[str], parts: Sequence[str]) -> bool:
    """Return whether a path's segments match a pattern's (`glob_parts`)."""
    return len(pattern) in _states(pattern, parts)


def _could_hold(pattern: Sequence[str], folder: Sequence[str]) -> bool:
    """Return whether a path below a folder (its segments) may match: whether a walk must enter it."""
    return any(state < len(pattern) for state in _states(pattern, folder))


def _states(pattern: Sequence[str], parts: Sequence[str]) -> set[int]:
    """Return the pattern positions that the segments lead to, matched one by one (none: no match)."""
    states = _reach(pattern, {0})
    for part in parts:
        if not states:
            break
        states = _reach(pattern, _step(pattern, states, part))
    return states


def _step(pattern: Sequence[str], states: set[int], part: str) -> set[int]:
    """Return the pattern positions reached by matching one more segment (``**`` may take any number)."""
    reached = set()
    for state in states:
        if state < len(pattern):
            if pattern[state] == RECURSIVE:
                reached.add(state)
                reached.add(state + 1)
            elif fnmatchcase(part, pattern[state]):
                reached.add(state + 1)
    return reached


def _reach(pattern: Sequence[str], states: set[int]) -> set[int]:
    """Add the positions past a ``**`` that matches no segment; a trailing ``**`` matches at least one."""
    return states | {s + 1 for s in states if s < len(pattern) - 1 and pattern[s] == RECURSIVE}


def _glob(pattern: Path) -> list[str]:
    """Return the document files a pattern names, in the order a directory's are listed (`expand`)."""
    parts = glob_parts(pattern)
    literal = next((i for i, part in enumerate(parts) if is_glob(part)), len(parts))
    if literal == len(parts):  # no wildcard: a path that does not exist
        return []
    rest = parts[literal:]
    root = PurePath(*parts[:literal]).as_posix() if literal else "."
    start = len(_prefix(root))
    return [
        name
        for name in _documents_under(root, lambda folder: _could_hold(rest, folder.split("/")))
        if glob_match(rest, name[start:].split("/"))
    ]


def is_document_name(name: str | PurePath) -> bool:
    """Return whether a name ends in a document suffix (.yaml, .yml or .json, in any case), as `PurePath.suffix` reads it.

    A dotfile (``.yaml``) has no suffix. Three times faster than ``PurePath(name).suffix``, which matters to a
    warm run: it asks for every file.
    """
    base = os.fspath(name).rpartition("/")[2]
    dot = base.rfind(".")
    return dot > 0 and base[dot + 1 :].lower() in _EXTENSIONS


def _prefix(root: str) -> str:
    """Return what joins a folder's name to the paths below it, as Path("."), Path("/") and Path("a") join."""
    return "" if root == "." else root.rstrip("/") + "/"


def _documents_under(root: str, enter: Callable[[str], bool] | None = None) -> Iterator[str]:
    """Yield the document files below a directory, in the order `pathlib` sorts their paths.

    That order is a walk that visits each folder's entries sorted by name, so no list of every path is
    sorted. Directory entries know their type, so a regular file is recognised without a stat. Linked
    directories are not followed (as by ``rglob``); a dangling or looping link is kept, to be reported as
    unreadable. The walk keeps its own stack: no directory tree is too deep for it. ``enter``, given a
    folder's path below ``root``, says whether to walk it (a glob's walk skips what it cannot match).
    """
    prefix = _prefix(root)
    stack = [_entries(prefix, "")]
    while stack:
        for folder, entry in stack[-1]:
            try:
                if entry.is_dir() and not entry.is_symlink():
                    if enter is not None and not enter(f"{folder}{entry.name}"):
                        continue
                    stack.append(_entries(prefix, f"{folder}{entry.name}/"))
                    break  # the folder's files come before this folder's next entries
            except OSError:  # a looping link: not a directory
                pass
            if not is_document_name(entry.name):
                continue
            try:
                keep = entry.is_file() or (entry.is_symlink() and not os.path.exists(entry.path))  # noqa: PTH110
            except OSError:  # a looping link
                keep = True
            if keep:
                yield f"{prefix}{folder}{entry.name}"
        else:
            stack.pop()


def _entries(prefix: str, folder: str) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Yield a folder's entries sorted by name, each with the folder (nothing if it cannot be listed)."""
    try:
        with os.scandir(prefix + folder or ".") as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:  # unreadable or vanished: as rglob, skip it
        return
    for entry in entries:
        yield folder, entry
