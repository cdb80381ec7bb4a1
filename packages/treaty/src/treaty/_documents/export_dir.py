"""Folders that an export owns: found by the index it writes last, refused when someone else's, tidied after.

`treaty fixtures export` and `treaty schemas export` each write a folder of files and, last, an index listing
every file it wrote. That index is how the next run knows the folder is an earlier export (it may be
replaced) and which files to remove once the new ones are in place; a non-empty folder without it belongs
to someone else and is written into only with ``--force``.
"""

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from treaty.exceptions import UsageError

_SHOWN: Final = 5


def previous_files(out: Path, index: str, generator: str) -> list[str] | None:
    """Return the files an earlier export listed in ``out/index``, or None when ``out`` holds no such export."""
    try:
        data = json.loads((out / index).read_bytes())
        listed = [entry["path"] for entry in data["files"]] if data.get("generator") == generator else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if listed is None or not all(isinstance(p, str) for p in listed):
        return None
    return listed


def check_out(out: Path, index: str, generator: str, what: str, *, force: bool) -> list[str]:
    """Refuse a non-empty ``out`` that no earlier export wrote (unless ``force``); return the files to replace.

    ``what`` names what is exported, for the messages ("the fixtures").
    """
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is a file", hint=f"name a directory to export {what} into")
    if not out.is_dir() or not any(out.iterdir()):
        return []
    previous = previous_files(out, index, generator)
    if previous is not None:
        return previous
    if force:
        return []
    shown = sorted(child.name for child in out.iterdir())
    listing = ", ".join(shown[:_SHOWN]) + (", ..." if len(shown) > _SHOWN else "")
    raise UsageError(
        f"{out} is not empty ({listing}) and holds no earlier export (no {index} written by `{generator}`)",
        hint="export into a new or empty directory, or pass --force to write into it anyway (files of the same "
        "name are replaced; nothing else is deleted)",
    )


def remove_leftovers(out: Path, listed: Sequence[str]) -> None:
    """Delete files an earlier export wrote (only inside ``out``), then the folders it leaves empty."""
    root = out.resolve()
    folders: set[Path] = set()
    for relative in listed:
        path = (out / relative).resolve()
        if path.is_relative_to(root) and path != root and path.is_file():
            path.unlink()
            folders.update(p for p in path.parents if p.is_relative_to(root) and p != root)
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
