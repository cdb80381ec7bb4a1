"""The result cache: verdicts keyed by content, schemas and Treaty version, and whole runs keyed by stat.

A file's verdict is keyed by everything it depends on: the file's bytes, whether it is read as JSON, the
schema chosen for it by ``--schema`` or a path rule, the bytes of every installed manifest and schema (so an
upgraded or tampered schema is a miss, and is then checked), and the Treaty version (so a fixed rule is never
hidden by an old verdict). Findings are stored without the file name, which is attached again on the way
out: a renamed file keeps its verdict and reports its new name.

A whole run's output is kept too, keyed by the same schemas and version, the command's options, the
working directory, the configuration, and each file's name, size, times and inode. Re-running a command
over files that have not changed (a pre-commit hook, a second CI step) prints the stored output without
reading a document or loading a validator; any change to any of those is a miss, and the run goes file by
file, taking what it can from the verdicts above.
"""

import hashlib
import json
import os
import time
from collections.abc import Iterable, Mapping
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    import sqlite3
    from collections.abc import Callable, Sequence

DIRECTORY: Final = ".treaty_cache"
ENVIRONMENT: Final = "TREATY_CACHE_DIR"
"""Overrides where the cache lives (by default ``.treaty_cache`` beside pyproject.toml, or here)."""
_FILE: Final = "results-v1.sqlite3"
RACY_SECONDS: Final = 2
"""A file modified less than this long before it was read is hashed again on the next run (see `key_of`)."""
KEPT_RUNS: Final = 8
"""How many whole-run outputs are kept (the most recently stored): the commands a project re-runs."""


class Cache:
    """Verdicts by key and whole runs by key; read and written in few queries.

    Whatever is read back is checked for shape: a damaged or foreign cache file is a miss, never an error.
    """

    def __init__(self, folder: Path, salt: str = "") -> None:
        """Keep the cache in ``folder``; ``salt`` is what every key shares (Treaty version and schemas)."""
        self.folder = folder
        self.salt = salt.encode()
        self._pending: dict[str, str] = {}
        self._seen: dict[str, tuple[str, str]] | None = None
        self._seen_pending: dict[str, tuple[str, str]] = {}
        self._stats: dict[str, os.stat_result] = {}  # taken for the run key, used again by key_of
        self.created = False
        """Whether this run created the cache file (the command line then says where it is, once)."""

    @classmethod
    def at(cls, root: Path | None, salt: str = "") -> "Cache":
        """Return the cache of a project root (None: the working directory), or of $TREATY_CACHE_DIR."""
        override = os.environ.get(ENVIRONMENT)
        folder = Path(override) if override else (root or Path.cwd()) / DIRECTORY
        return cls(folder, salt)

    def salted(self, salt: str) -> "Cache":
        """Return the same cache with keys salted by ``salt`` (known once the schemas are found)."""
        return type(self)(self.folder, salt)

    def key_of(self, path: str, *parts: str) -> str | None:
        """Return the key of a file read in a given way, or None when it cannot be read (never cached).

        A file whose size, times and inode match what was recorded when it was last hashed is not read
        again: its recorded key is used, as git's index does. The record is trusted only if the file had
        not been modified within `RACY_SECONDS` of being read, so an edit in the same clock tick as the
        read, which the times cannot show, is never missed.
        """
        try:
            stat = self._stats.pop(path, None) or os.stat(path)  # noqa: PTH116  # names are strings (see treaty._documents.files)
        except OSError:
            return None
        name = "\0".join((os.path.abspath(path), *parts))  # noqa: PTH100  # no syscalls, unlike resolve()
        signature = f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns}:{stat.st_ino}"
        if self._seen is None:
            self._seen = self._load_seen()
        known = self._seen.get(name)
        if known is not None and known[0] == signature:
            return known[1]
        from treaty._documents.document import MAX_BYTES  # noqa: PLC0415  # not for a run recalled whole

        try:
            with open(path, "rb") as stream:  # noqa: PTH123  # as above
                raw = stream.read(MAX_BYTES + 1)
        except OSError:
            return None
        key = self.key(raw, *parts)
        if time.time_ns() - max(stat.st_mtime_ns, stat.st_ctime_ns) > RACY_SECONDS * 1_000_000_000:
            self._seen_pending[name] = (signature, key)
        return key

    def key(self, raw: bytes, *parts: str) -> str:
        """Return the key of a file's bytes read in a given way (its schema choice, JSON or YAML)."""
        digest = hashlib.blake2b(self.salt, digest_size=20)
        for part in parts:
            digest.update(b"\0" + part.encode())
        digest.update(b"\0")
        digest.update(raw)
        return digest.hexdigest()

    def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        """Return the stored entries of the keys that have one."""
        wanted = list(dict.fromkeys(keys))
        path = self.folder / _FILE
        if not wanted or not path.is_file():
            return {}
        import sqlite3  # noqa: PLC0415  # not for --no-cache runs

        found: dict[str, Any] = {}
        parsed: dict[str, Any] = {}
        try:
            with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
                for start in range(0, len(wanted), 900):  # SQLite's limit on bound parameters is 999
                    chunk = wanted[start : start + 900]
                    marks = ",".join("?" * len(chunk))
                    rows = db.execute(f"SELECT key, value FROM results WHERE key IN ({marks})", chunk)  # noqa: S608  # only placeholders are interpolated
                    for key, value in rows:  # most values repeat ("valid, no findings"): parse each once
                        found[key] = parsed.get(value) or parsed.setdefault(value, json.loads(value))
        except (sqlite3.Error, ValueError):  # unreadable or from another format: a cold run rebuilds it
            return {}
        return found

    def _load_seen(self) -> dict[str, tuple[str, str]]:
        import sqlite3  # noqa: PLC0415  # see get_many

        path = self.folder / _FILE
        if not path.is_file():
            return {}
        try:
            with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
                rows = db.execute("SELECT name, signature, key FROM seen WHERE salt = ?", (self.salt,))
                return {name: (signature, key) for name, signature, key in rows}
        except sqlite3.Error:
            return {}

    def run_key(self, setup: str, names: "Sequence[str | None]") -> str | None:
        """Return the key of a whole run: its ``setup`` (options, configuration) and each file's stat.

        None when the run reads standard input, or when a file was modified less than `RACY_SECONDS`
        before now: its times could not show an edit made in the same clock tick as the run's read.
        """
        limit = time.time_ns() - RACY_SECONDS * 1_000_000_000
        lines = [setup]
        for name in names:
            if name is None:
                return None
            try:
                stat = os.stat(name)  # noqa: PTH116  # names are strings (see treaty._documents.files)
            except OSError as error:  # unreadable, looping: reported the same way while it stays so
                lines.append(f"{name}\0!{error.errno}")
                continue
            if stat.st_mtime_ns > limit or stat.st_ctime_ns > limit:
                return None
            self._stats[name] = stat
            lines.append(f"{name}\0{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns}:{stat.st_ino}")
        return hashlib.blake2b(self.salt + b"\0run\0" + "\n".join(lines).encode(), digest_size=20).hexdigest()

    def recall_run(self, key: str) -> tuple[int, str] | None:
        """Return the exit code and output stored for a run key, if any."""
        row = self._read("SELECT code, output FROM runs WHERE key = ?", (key,))
        if row and isinstance(row[0], int) and isinstance(row[1], str):
            return row[0], row[1]
        return None

    def _read(self, query: str, values: tuple[str, ...]) -> tuple[Any, ...] | None:
        """Return the first row of a query, or None (no cache file, no such row, or an unreadable file)."""
        path = self.folder / _FILE
        if not path.is_file():
            return None
        import sqlite3  # noqa: PLC0415  # see get_many

        try:
            with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
                row: tuple[Any, ...] | None = db.execute(query, values).fetchone()
        except sqlite3.Error:
            return None
        return row

    def remember_run(self, key: str, code: int, output: str) -> None:
        """Store a run's exit code and output, keeping the `KEPT_RUNS` most recent (never an error)."""

        def store(db: "sqlite3.Connection") -> None:
            db.execute("INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?)", (key, code, output, time.time_ns()))
            db.execute(
                "DELETE FROM runs WHERE key NOT IN (SELECT key FROM runs ORDER BY stored DESC LIMIT ?)",
                (KEPT_RUNS,),
            )

        self._write(store)

    def put(self, key: str, entry: Mapping[str, Any]) -> None:
        """Remember an entry; `flush` writes them."""
        self._pending[key] = json.dumps(entry, separators=(",", ":"), ensure_ascii=False)

    def flush(self) -> None:
        """Write the remembered entries (a cache that cannot be written is skipped, never an error)."""
        if not self._pending and not self._seen_pending:
            return

        def store(db: "sqlite3.Connection") -> None:
            db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?)", self._pending.items())
            db.executemany(
                "INSERT OR REPLACE INTO seen VALUES (?, ?, ?, ?)",
                ((self.salt, name, *known) for name, known in self._seen_pending.items()),
            )

        self._write(store)
        self._pending.clear()
        self._seen_pending.clear()

    def _write(self, work: "Callable[[sqlite3.Connection], object]") -> None:
        """Do ``work`` in one transaction on the cache file, created if need be; skip it if it cannot be written."""
        import sqlite3  # noqa: PLC0415  # see get_many

        try:
            fresh = not (self.folder / _FILE).exists()
            self.folder.mkdir(parents=True, exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                from treaty._documents.atomic import write_atomic  # noqa: PLC0415  # once per cache folder

                write_atomic(ignore, "# written by treaty: the result cache\n*\n")
            # The file is written only in SQLite transactions, never replaced or truncated: runs that share it
            # take turns (the timeout), and a run killed mid-transaction leaves a journal that the next writer
            # rolls back, so every reader sees whole transactions (tests/test_atomic_writes.py kills runs).
            with closing(sqlite3.connect(self.folder / _FILE, timeout=10)) as db, db:
                # No fsync: that guards against a power cut, not a killed process, and a cache lost in a crash
                # is rebuilt (a damaged file is a miss); waiting for the disk would cost a one-file run more
                # than validating the file.
                db.execute("PRAGMA synchronous = OFF")
                db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
                db.execute(
                    "CREATE TABLE IF NOT EXISTS seen (salt BLOB, name TEXT, signature TEXT NOT NULL, "
                    "key TEXT NOT NULL, PRIMARY KEY (salt, name))"
                )
                db.execute(
                    "CREATE TABLE IF NOT EXISTS runs (key TEXT PRIMARY KEY, code INTEGER NOT NULL, "
                    "output TEXT NOT NULL, stored INTEGER NOT NULL)"
                )
                work(db)
        except (OSError, sqlite3.Error):
            return
        self.created = self.created or fresh


def schemas_digest(files: Iterable[bytes]) -> str:
    """Return one digest of the bytes of every schema and manifest the run may use."""
    digest = hashlib.blake2b(digest_size=20)
    for data in files:
        digest.update(hashlib.blake2b(data, digest_size=20).digest())
    return digest.hexdigest()
