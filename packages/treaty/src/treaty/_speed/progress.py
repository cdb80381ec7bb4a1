"""A progress line for long validation runs, drawn on a terminal's standard error and cleared at the end.

It is for people watching a terminal: `wanted` keeps it off when the stream is not a TTY (a pipe, a file,
a CI log) or when ``CI`` or ``TREATY_NO_PROGRESS`` is set, so machine-read output never carries it. The
caller decides when a run is long enough (the command line: `treaty._cli.PROGRESS_AFTER` files), and imports
this module only then. Only plain text and carriage returns are written: no colour and no terminal escapes,
so ``NO_COLOR`` has nothing to turn off.
"""

import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Final, Self, TextIO

INTERVAL: Final = 0.1
"""Seconds between redraws at most: often enough to look live, rarely enough to cost nothing."""

OFF_VARIABLES: Final = ("CI", "TREATY_NO_PROGRESS")
"""Environment variables that, set to any non-empty value, turn the progress line off."""

_BAR_WIDTH: Final = 24


def wanted(stream: TextIO, environ: Mapping[str, str]) -> bool:
    """Return whether to draw progress on ``stream``: a TTY, and neither ``CI`` nor ``TREATY_NO_PROGRESS`` set.

    A variable set to the empty string counts as unset (as ``NO_COLOR`` is read). ``NO_COLOR`` itself
    plays no part: the line has no colour.
    """
    if any(environ.get(name) for name in OFF_VARIABLES):
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):  # no isatty, or a closed stream
        return False


class Progress:
    """A throttled ``done/total percent files/s`` line, redrawn in place by a carriage return.

    Use it as a context manager, or call `close` when done; `advance` is safe to call from several
    threads. A stream that fails to write (closed, broken pipe) turns the line off rather than failing the
    run it reports on.
    """

    def __init__(
        self,
        total: int,
        stream: TextIO,
        *,
        label: str = "validating",
        interval: float = INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Count ``total`` items on ``stream``, redrawing at most once per ``interval`` seconds of ``clock``."""
        self.total = max(total, 0)
        self.done = 0
        self.stream = stream
        self.label = label
        self.interval = interval
        self._clock = clock
        self._started = clock()
        self._drawn_at: float | None = None
        self._width = 0  # of the last line drawn: what close() must blank out
        self._closed = False
        import threading  # noqa: PLC0415  # a millisecond of every run's start-up, for long runs only

        self._lock = threading.Lock()

    def __enter__(self) -> Self:
        """Return the progress line."""
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        """Clear the line, also when the run failed or was interrupted."""
        self.close()

    def advance(self, n: int = 1) -> None:
        """Count ``n`` more items done, and redraw if the last drawing is older than the interval."""
        with self._lock:
            if self._closed:
                return
            self.done = min(self.done + n, self.total) if self.total else self.done + n
            now = self._clock()
            if self._drawn_at is None or now - self._drawn_at >= self.interval:
                self._draw(now)

    def close(self) -> None:
        """Clear the line (the cursor is left at its start) and stop drawing; closing twice is harmless."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            if self._width:
                self._write("\r" + " " * self._width + "\r")

    def line(self, now: float) -> str:
        """Return the text of the progress line at time ``now`` (of the clock given at construction)."""
        elapsed = now - self._started
        rate = f", {self.done / elapsed:.1f} files/s" if elapsed > 0 and self.done else ""
        if not self.total:
            return f"{self.label} {self.done}{rate}"
        fraction = self.done / self.total
        filled = int(fraction * _BAR_WIDTH)
        bar = "#" * filled + "-" * (_BAR_WIDTH - filled)
        done = f"{self.done:>{len(str(self.total))}}"  # fixed width: the line does not jitter as it grows
        return f"{self.label} [{bar}] {done}/{self.total} {int(fraction * 100):3d}%{rate}"

    def _draw(self, now: float) -> None:
        self._drawn_at = now
        text = self.line(now)
        pad = " " * max(self._width - len(text), 0)  # a shorter line must cover the longer one it replaces
        if self._write("\r" + text + pad):
            self._width = max(self._width, len(text))

    def _write(self, text: str) -> bool:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed stream or a broken pipe: progress is never worth failing for
            self._closed = True
            return False
        return True
