"""The progress line: drawn only on a terminal outside CI, throttled, cleared at the end."""

import io
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from treaty._speed.progress import Progress, wanted

from .conftest import TICKET


class FakeTTY(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Broken(FakeTTY):
    def write(self, _text: str) -> int:
        raise BrokenPipeError


@pytest.mark.parametrize(
    ("environ", "tty", "expected"),
    [
        ({}, True, True),
        ({"NO_COLOR": "1"}, True, True),  # no colour is drawn: NO_COLOR has nothing to turn off
        ({"CI": "true"}, True, False),
        ({"TREATY_NO_PROGRESS": "1"}, True, False),
        ({"CI": ""}, True, True),  # set to nothing counts as unset
        ({}, False, False),
    ],
)
def test_wanted_only_on_a_terminal_outside_ci(environ: dict[str, str], tty: bool, expected: bool) -> None:  # noqa: FBT001
    stream = FakeTTY() if tty else io.StringIO()
    assert wanted(stream, environ) is expected


def test_wanted_is_false_for_a_closed_stream_or_one_without_isatty() -> None:
    closed = io.StringIO()
    closed.close()
    assert wanted(closed, {}) is False
    assert wanted(object(), {}) is False  # type: ignore[arg-type]


def test_draws_done_total_percent_and_rate_then_clears() -> None:
    stream, clock = FakeTTY(), Clock()
    with Progress(200, stream, clock=clock) as progress:
        clock.now += 2.0
        progress.advance(50)
        assert stream.getvalue() == "\rvalidating [######------------------]  50/200  25%, 25.0 files/s"
        clock.now += 2.0
        progress.advance(150)
    drawn = "\rvalidating [########################] 200/200 100%, 50.0 files/s"
    width = len(drawn) - 1
    assert stream.getvalue().endswith(drawn + "\r" + " " * width + "\r")


def test_redraws_at_most_once_per_interval() -> None:
    stream, clock = FakeTTY(), Clock()
    progress = Progress(1000, stream, clock=clock)
    for _ in range(1000):  # 1000 files in one second: about ten redraws, not a thousand
        clock.now += 0.001
        progress.advance()
    progress.close()
    assert 9 <= stream.getvalue().count("\rvalidating") <= 11


def test_a_shorter_line_covers_the_longer_one() -> None:
    stream, clock = FakeTTY(), Clock()
    progress = Progress(0, stream, clock=clock, interval=0)  # an unknown total: a count only
    clock.now += 1
    progress.advance(12345)
    clock.now += 10_000
    progress.advance(1)
    first, second = stream.getvalue().split("\r")[1:]
    assert len(second) >= len(first)
    assert second.startswith("validating 12346, 1.2 files/s")


def test_advance_after_close_and_closing_twice_draw_nothing() -> None:
    stream = FakeTTY()
    progress = Progress(5, stream)
    progress.close()
    progress.advance()
    progress.close()
    assert stream.getvalue() == ""


def test_a_broken_stream_turns_the_line_off_without_an_error() -> None:
    progress = Progress(5, Broken(), interval=0)
    progress.advance()
    progress.advance()
    progress.close()


def test_done_never_passes_the_total_and_threads_count_every_item() -> None:
    progress = Progress(4000, FakeTTY(), interval=0)

    def work() -> None:
        for _ in range(1000):
            progress.advance()

    workers = [threading.Thread(target=work) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert progress.done == 4000
    progress.advance(10)
    assert progress.done == 4000


SCRIPT = """\
import os, sys
from treaty._speed.progress import Progress, wanted
print("wanted" if wanted(sys.stderr, os.environ) else "not wanted", file=sys.stderr, end="|")
if wanted(sys.stderr, os.environ):
    with Progress(3, sys.stderr, interval=0) as progress:
        for _ in range(3):
            progress.advance()
"""


def _environ(**extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if k not in {"CI", "TREATY_NO_PROGRESS"}}
    return {**base, **extra}


def _stderr_on_a_terminal(argv: list[str], environ: dict[str, str], cwd: Path) -> tuple[int, bytes]:
    """Run a command with standard error on a pseudo-terminal (standard output piped); return its exit code
    and what it drew on the terminal."""
    import pty  # noqa: PLC0415  # POSIX only

    master, slave = pty.openpty()
    try:
        child = subprocess.Popen(argv, stderr=slave, stdout=subprocess.DEVNULL, env=environ, cwd=cwd)
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        code = child.wait(timeout=60)
    finally:
        os.close(master)
    return code, b"".join(chunks)


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_a_real_pseudo_terminal_gets_the_line_and_ci_does_not(tmp_path: Path) -> None:
    def run(environ: dict[str, str]) -> bytes:
        return _stderr_on_a_terminal([sys.executable, "-c", SCRIPT], environ, tmp_path)[1]

    drawn = run(_environ())
    assert drawn.startswith(b"wanted|\rvalidating [")
    assert b" 3/3 100%" in drawn
    assert drawn.rstrip(b" ").endswith(b"\r")  # cleared: blanks, then back to the start of the line
    assert run(_environ(CI="true")) == b"not wanted|"
    assert run(_environ(TREATY_NO_PROGRESS="1")) == b"not wanted|"


def test_a_pipe_is_not_a_terminal(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        env=_environ(),
        cwd=tmp_path,
        check=True,
    )
    assert done.stderr == b"not wanted|"


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
@pytest.mark.parametrize(
    ("files", "environ", "drawn"), [(60, {}, True), (50, {}, False), (60, {"CI": "1"}, False)]
)
def test_treaty_validate_draws_progress_for_long_runs_on_a_terminal_only(
    tmp_path: Path, files: int, environ: dict[str, str], *, drawn: bool
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for number in range(files):
        (folder / f"t{number:03d}.yaml").write_text(TICKET, encoding="utf-8")
    argv = [sys.executable, "-m", "treaty", "validate", "--no-cache", str(folder)]
    code, stderr = _stderr_on_a_terminal(argv, _environ(**environ), tmp_path)
    assert code == 0
    if drawn:
        assert stderr.startswith(b"\rvalidating [")
        assert f"/{files} ".encode() in stderr  # done/total (redrawn at most ten times a second)
        assert stderr.rstrip(b" ").endswith(b"\r")  # erased at the end, before the report is read
    else:
        assert stderr == b""
