"""Fuzz the strict loader and the `treaty validate` pipeline: `nox -s fuzz -- [SECONDS]` (default 60).

    python tests/fuzz/run.py [--seconds N] [--workdir DIR] [--engine atheris|mutate] [--seed N]
    python tests/fuzz/run.py --reproduce FILE...    # run saved inputs once, showing the failure

Engines:

- ``atheris`` (the default when it is installed): libFuzzer, guided by the coverage of Treaty's Python code,
  with a dictionary of YAML tokens (``yaml.dict``). libFuzzer stops at the first crash and saves the input
  as ``<workdir>/crashes/crash-<sha1>``; ``-timeout`` turns a slow input into a crash too.
- ``mutate``: a seeded loop of byte mutations and splices of the seeds, with no coverage guidance, for
  machines without atheris wheels. It records every failing input in ``<workdir>/crashes/`` and goes on.

Both start from the seeds (every fixture and template document, and the hostile corpus) and check the
invariants of `targets` on each input. A failing input becomes a regression case: copy it to
``tests/fuzz_regressions/`` (see the README there), where the normal test suite runs it.
"""

import argparse
import hashlib
import random
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Final

HERE: Final = Path(__file__).resolve().parent
CAP: Final = 10
"""Seconds one input may take before it counts as a hang (the hostile corpus allows the same)."""
MAX_LEN: Final = 32 * 1024
TOKENS: Final = [
    line[1:-1].encode().decode("unicode_escape").encode("latin-1")
    for line in (HERE / "yaml.dict").read_text().splitlines()
    if line.startswith('"')
]


class Hang(Exception):  # noqa: N818  # named for what it reports
    """An input ran past the time cap."""


def main() -> int:
    """Parse the options and run the chosen engine; return non-zero when an input failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60, help="how long to fuzz (default: 60)")
    parser.add_argument(
        "--workdir", type=Path, help="where seeds, corpus and crashes go (default: a temp dir)"
    )
    parser.add_argument("--engine", choices=("atheris", "mutate"), help="default: atheris if installed")
    parser.add_argument("--seed", type=int, default=20260101, help="random seed (mutate engine)")
    parser.add_argument("--reproduce", nargs="+", type=Path, metavar="FILE", help="run saved inputs once")
    args = parser.parse_args()
    workdir = (args.workdir or Path(tempfile.mkdtemp(prefix="treaty-fuzz-"))).resolve()  # we chdir into it
    workdir.mkdir(parents=True, exist_ok=True)
    if args.reproduce:
        return _reproduce(args.reproduce, workdir)
    engine = args.engine or ("atheris" if _has_atheris() else "mutate")
    _say(f"fuzz: engine {engine}, {args.seconds} s, work folder {workdir}")
    if engine == "atheris":
        return _atheris(args.seconds, workdir)
    return _mutate(args.seconds, workdir, args.seed)


def _say(text: str) -> None:
    """Report on stdout, at once (libFuzzer writes to stderr in between)."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _has_atheris() -> bool:
    try:
        import atheris  # noqa: F401, PLC0415  # optional
    except ImportError:
        return False
    return True


def _write_seeds(seeds: list[tuple[str, bytes]], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for _name, data in seeds:
        (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)  # noqa: S324  # a file name, not security


def _atheris(seconds: int, workdir: Path) -> int:
    import atheris  # noqa: PLC0415  # optional

    with atheris.instrument_imports(include=["treaty"]):
        import targets  # noqa: PLC0415  # imported under instrumentation

    targets.isolate(workdir)
    checks = targets.Targets(workdir / "files")
    seeds_folder, corpus, crashes = workdir / "seeds", workdir / "corpus", workdir / "crashes"
    _write_seeds(list(targets.seeds()), seeds_folder)
    corpus.mkdir(exist_ok=True)
    crashes.mkdir(exist_ok=True)
    argv = [
        sys.argv[0],
        str(corpus),  # new inputs go to the first folder
        str(seeds_folder),
        f"-max_total_time={seconds}",
        f"-timeout={CAP}",
        f"-max_len={MAX_LEN}",
        f"-dict={HERE / 'yaml.dict'}",
        f"-artifact_prefix={crashes}/",
        "-rss_limit_mb=2048",
        "-print_final_stats=1",
    ]
    atheris.Setup(argv, checks.check)
    atheris.Fuzz()  # exits the process: 0 when the time is up, non-zero on a crash
    return 0


def _mutate(seconds: int, workdir: Path, seed: int) -> int:
    import targets  # noqa: PLC0415  # beside this file

    targets.isolate(workdir)
    checks = targets.Targets(workdir / "files")
    pool = [data for _name, data in targets.seeds()]
    crashes = workdir / "crashes"
    rng = random.Random(seed)  # noqa: S311  # reproducible inputs, not secrets
    deadline = time.monotonic() + seconds
    count = failed = 0
    started = time.monotonic()
    signal.signal(signal.SIGALRM, _on_alarm)
    while time.monotonic() < deadline:
        data = pool[count] if count < len(pool) else mutate(rng, pool)
        count += 1
        if (problem := _run_one(checks.check, data)) is not None:
            failed += 1
            crashes.mkdir(exist_ok=True)
            path = crashes / f"crash-{hashlib.sha1(data).hexdigest()}"  # noqa: S324  # a file name
            path.write_bytes(data)
            _say(f"fuzz: FAILED on {path}\n{problem}")
        elif count > len(pool) and rng.random() < 0.05:  # keep a few survivors: later mutations go deeper
            pool.append(data)
    elapsed = time.monotonic() - started
    _say(
        f"fuzz: {count} inputs in {elapsed:.1f} s ({count / elapsed:.0f} inputs/s), "
        f"{len(pool)} in the pool, {failed} failed"
    )
    return 1 if failed else 0


def _on_alarm(_signum: int, _frame: FrameType | None) -> None:
    raise Hang(f"the input ran past {CAP} s")


def _run_one(check: Callable[[bytes], None], data: bytes) -> str | None:
    signal.setitimer(signal.ITIMER_REAL, CAP)
    try:
        check(data)
    except Exception:  # noqa: BLE001  # every failure is a finding: it is recorded, not raised
        return traceback.format_exc()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return None


def mutate(rng: random.Random, pool: list[bytes]) -> bytes:
    """Return a mutant of an input from ``pool``: its header kept or changed, its body edited 1 to 4 times."""
    data = bytearray(rng.choice(pool))
    header, body = data[:2], data[2:]
    if rng.random() < 0.2:
        header = bytearray(rng.randbytes(2))
    for _ in range(rng.randint(1, 4)):
        position = rng.randint(0, len(body))
        roll = rng.random()
        if roll < 0.25 and body:  # flip a bit
            at = rng.randrange(len(body))
            body[at] ^= 1 << rng.randrange(8)
        elif roll < 0.45:  # insert a token of YAML or JSON
            body[position:position] = rng.choice(TOKENS)
        elif roll < 0.6 and body:  # delete a run
            del body[position : position + rng.randint(1, 16)]
        elif roll < 0.75 and body:  # repeat a run
            end = min(len(body), position + rng.randint(1, 64))
            body[position:position] = body[position:end] * rng.randint(1, 8)
        elif roll < 0.9:  # splice in part of another input
            other = rng.choice(pool)[2:]
            start = rng.randint(0, len(other))
            body[position:position] = other[start : start + rng.randint(1, 256)]
        else:  # random bytes
            body[position:position] = rng.randbytes(rng.randint(1, 8))
    return bytes(header + body[:MAX_LEN])


def _reproduce(paths: list[Path], workdir: Path) -> int:
    import targets  # noqa: PLC0415  # beside this file

    targets.isolate(workdir)
    checks = targets.Targets(workdir / "files")
    signal.signal(signal.SIGALRM, _on_alarm)
    failed = 0
    for path in paths:
        problem = _run_one(lambda data: checks.check(data, cli=True), path.read_bytes())
        _say(f"{path}: {'ok' if problem is None else 'FAILED'}")
        if problem is not None:
            failed += 1
            _say(problem)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
