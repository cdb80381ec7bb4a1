"""Which files a run validates: paths, directories (searched recursively) and globs, as posix strings.

Names are strings, not `pathlib.Path` objects: a run over 10,000 files builds, sorts and stats each name
once, and a warm run does little else, so the cost of a `Path` per file is worth saving.
"""

import os
from collections.abc import Iterable, Iterator
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
            import glob  # noqa: PLC0415  # only for patterns

            matches = sorted(glob.glob(item, recursive=True))  # noqa: PTH207  # patterns come from the user
            if not matches:
                raise UsageError(f"{item}: no such file, directory or matching glob", hint="check the path")
            found.extend(Path(m).as_posix() for m in matches if is_document_name(m))
    return found


def is_document_name(name: str | PurePath) -> bool:
    """Return whether a name ends in a document suffix (.yaml, .yml or .json, in any case), as `PurePath.suffix` reads it.

    A dotfile (``.yaml``) has no suffix. Three times faster than ``PurePath(name).suffix``, which matters to a
    warm run: it asks for every file.
    """
    base = os.fspath(name).rpartition("/")[2]
    dot = base.rfind(".")
    return dot > 0 and base[dot + 1 :].lower() in _EXTENSIONS


def _documents_under(root: str) -> Iterator[str]:
    """Yield the document files below a directory, in the order `pathlib` sorts their paths.

    That order is a walk that visits each folder's entries sorted by name, so no list of every path is
    sorted. Directory entries know their type, so a regular file is recognised without a stat. Linked
    directories are not followed (as by ``rglob``); a dangling or looping link is kept, to be reported as
    unreadable. The walk keeps its own stack: no directory tree is too deep for it.
    """
    prefix = "" if root == "." else root.rstrip("/") + "/"  # as Path("."), Path("/") and Path("a") join
    stack = [_entries(prefix, "")]
    while stack:
        for folder, entry in stack[-1]:
            try:
                if entry.is_dir() and not entry.is_symlink():
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
