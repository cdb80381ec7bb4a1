"""Writing files whole: whoever reads a file Treaty writes sees its old bytes or its new ones, never a part.

Each new content goes to a temporary file in the target's own folder (so that renaming it is atomic: same
file system), is flushed and fsynced, and then `os.replace` puts it in the target's place; the folder is
fsynced last, so that the rename itself survives a crash. An interrupted write (an error, a full disk, a
kill) leaves the target as it was; a kill at the wrong moment can leave a ``.<name>.treaty-*.tmp`` file
beside it, which nothing reads.
"""

import os
import shutil
import stat
from collections.abc import Iterable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Final

TEMPORARY_MARK: Final = ".treaty-"
"""What the name of every temporary file contains: ``.<target name>.treaty-<random>.tmp``."""
_BINARY: Final = getattr(os, "O_BINARY", 0)
"""Windows translates newlines in files opened without it."""


def write_atomic(path: Path, data: bytes | str) -> None:
    """Replace the contents of ``path`` (created if need be) with ``data``, atomically; text is UTF-8."""
    replace_all([(path, data)])


def replace_all(files: Sequence[tuple[Path, bytes | str]]) -> None:
    """Write several files: every new content to its temporary file first, then each put in place in order.

    Nothing is replaced until every content is on disk, so an error while writing (a full disk) changes
    no file. The replacements themselves are one rename each, in the order given: a caller whose files
    depend on one another lists last the one that commits the change (see `treaty._cli.contracts`).
    """
    # A link is written through, as open() does: the rename replaces the file it points to, not the link.
    files = [(path.resolve() if path.is_symlink() else path, data) for path, data in files]
    staged: list[str] = []
    placed = 0
    try:
        for path, data in files:
            staged.append(_stage(path, data.encode() if isinstance(data, str) else data))
        for temporary, (path, _) in zip(staged, files, strict=True):
            os.replace(temporary, path)  # noqa: PTH105  # the name is a string from _stage
            placed += 1
    finally:
        for temporary in staged[placed:]:  # what was not put in place: an error stopped the writing
            with suppress(OSError):
                os.unlink(temporary)  # noqa: PTH108  # the name is a string from _stage
    _sync_folders(path.parent for path, _ in files)


def _stage(path: Path, data: bytes) -> str:
    """Write ``data`` to a new temporary file beside ``path``, synced to disk; return its name."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    try:  # keep the target's permissions; a new file gets what open() would give it (0o666 less the umask)
        mode = stat.S_IMODE(os.stat(path).st_mode)  # noqa: PTH116  # as os.open below
    except FileNotFoundError:
        mode = None
    while True:
        temporary = os.fspath(folder / f".{path.name}{TEMPORARY_MARK}{_token()}.tmp")
        try:
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o666)
            break
        except FileExistsError:  # another writer's temporary: draw another name
            continue
    try:
        with os.fdopen(descriptor, "wb") as stream:
            if mode is not None:
                os.chmod(temporary, mode)  # noqa: PTH101  # before any byte: never readable wider than the target
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)  # noqa: PTH108  # as above
        raise
    return temporary


def _sync_folders(folders: Iterable[Path]) -> None:
    """Fsync each folder, so that the renames into it are on disk (POSIX: Windows cannot open a folder)."""
    if os.name != "posix":
        return
    for folder in dict.fromkeys(folders):
        try:
            descriptor = os.open(folder, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.fsync(descriptor)
        except OSError:  # some file systems cannot sync a folder: the files themselves are synced
            pass
        finally:
            os.close(descriptor)


def replace_folder(folder: Path, files: Iterable[tuple[str, bytes | str]]) -> None:
    """Replace ``folder`` with a new folder holding exactly ``files`` (``/``-separated names inside it).

    Every file is written into a temporary folder beside ``folder`` (`replace_all`), which then takes its
    place by a rename: one rename when ``folder`` is missing or empty. A folder with files is renamed aside
    first, and deleted once the new one is in place, so a reader sees the old folder or the new one (or, for
    an instant, none), never a mix. An interruption leaves ``folder`` as it was, or, between the two renames,
    the old one beside it as ``.<name>.treaty-<random>.old``; the caller decides whether ``folder`` may be
    replaced at all.
    """
    folder = folder.resolve()  # a link is written through, as by replace_all; "." gets a real parent
    parent = folder.parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = _beside(folder, ".tmp", make=True)
    try:
        replace_all([(staging.joinpath(*name.split("/")), data) for name, data in files])
        try:
            staging.replace(folder)  # POSIX renames a folder over an empty one, atomically
            aside = None
        except OSError:  # a folder with files (or Windows, which renames over no folder)
            aside = _beside(folder, ".old", make=False)
            folder.replace(aside)
            try:
                staging.replace(folder)
            except BaseException:
                aside.replace(folder)
                raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _sync_folders([parent])
    if aside is not None:
        shutil.rmtree(aside)


def _beside(path: Path, suffix: str, *, make: bool) -> Path:
    """Return a new name beside ``path`` (``.<name>.treaty-<random><suffix>``), as a new folder if ``make``."""
    while True:
        candidate = path.parent / f".{path.name}{TEMPORARY_MARK}{_token()}{suffix}"
        if not make:
            if not candidate.exists():
                return candidate
            continue
        try:
            candidate.mkdir()  # the mode a new folder gets (0o777 less the umask), unlike mkdtemp's 0o700
        except FileExistsError:  # another writer's: draw another name
            continue
        return candidate


def _token() -> str:
    """Return 8 random hex digits: what ``secrets.token_hex(4)`` reads, without importing random and hmac."""
    return os.urandom(4).hex()
