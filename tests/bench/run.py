"""`nox -s bench`: Treaty against check-jsonschema, on the same files and the same exported schema.

Writes two corpora of change_control ticket contracts (2,000 and 10,000 documents of about 3 KB, one in ten
invalid in varied ways), then measures wall-clock time of whole command runs, as a user sees them:

- ``treaty validate`` cold (``--no-cache``), one process and ``--jobs 2`` taking turns; warm (a second run on
  a cache);
- ``check-jsonschema`` (the usual CLI for this job), the peer every ratio is against;
- PyYAML's C loader parsing the same files and nothing else (in process): the floor of a libyaml tool;
- start-up: one valid file, best of several runs, Treaty and the peer taking turns.

Then it checks that every verdict and every error location of the fast, parallel and cached runs equals
the reference (Treaty's strict path: python-jsonschema over the strict PyYAML-based loader). It prints the
figures, the ratios and each target, writes them as JSON, and exits 1 if a target is missed.
"""

import argparse
import contextlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).parent))
import corpus  # the generator beside this script

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_REF = "change_control/ticket_contract@1.1.0"
SCHEMA_FILE = ROOT / "schemas" / "change_control" / "1.1.0" / "ticket_contract.schema.json"
THROUGHPUT, JOBS, WARM, STARTUP = 10, 1.7, 20, 0.4
"""The targets: throughput and speed-up ratios (at least), start-up as a fraction of the peer's (at most)."""
RUNS = 5
"""Each Treaty command is timed this many times and the best run kept (the peer's 45 s run, once)."""
STARTUP_RUNS = 11
"""Start-up: each tool, this many times (after one run to compile bytecode), taking turns."""
ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""As a user's machine runs: with compiled bytecode kept (CI images often turn that off)."""


def timed(
    command: list[str], env: dict[str, str] | None = None
) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    done = subprocess.run(  # our own tools
        command, capture_output=True, text=True, check=False, env=env or ENVIRONMENT
    )
    return time.perf_counter() - start, done


def best_of(
    *commands: list[str], env: dict[str, str] | None = None, runs: int = RUNS
) -> list[tuple[float, str]]:
    """Return the best time of ``runs`` runs of each command, and its output (checked to be the same each time).

    The commands take turns, run by run, so a host that slows down or speeds up during the measurement
    weighs on each of them alike: the ratios between them are what the targets are about.
    """
    times: list[list[tuple[float, subprocess.CompletedProcess[str]]]] = [[] for _ in commands]
    for _ in range(runs):
        for command, done in zip(commands, times, strict=True):
            done.append(timed(command, env))
    best = []
    for command, done in zip(commands, times, strict=True):
        outputs = {result.stdout for _, result in done}
        if len(outputs) != 1:
            raise SystemExit(f"{' '.join(command)}: the output differs between runs")
        best.append((min(seconds for seconds, _ in done), outputs.pop()))
    return best


def treaty(files: Path, *options: str) -> list[str]:
    return ["treaty", "validate", "--schema", SCHEMA_REF, *options, str(files)]


def check_jsonschema(paths: list[Path]) -> list[str]:
    return ["check-jsonschema", "--schemafile", str(SCHEMA_FILE), *map(str, paths)]


def parse_only(paths: list[Path]) -> float:
    start = time.perf_counter()
    for path in paths:
        with contextlib.suppress(yaml.YAMLError):
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)  # the C safe loader
    return time.perf_counter() - start


def verdicts(output: str) -> dict[str, list[tuple[int, int, str, str]]]:
    report = json.loads(output)
    return {
        Path(f["file"]).name: sorted((x["line"], x["column"], x["pointer"], x["rule"]) for x in f["findings"])
        for f in report["files"]
    }


def reference(paths: list[Path]) -> dict[str, list[tuple[int, int, str, str]]]:
    """Verdicts of the strict path alone: the reference every other run must equal."""
    from treaty._validation.catalog import Catalog  # noqa: PLC0415  # the toolkit under test, imported after the corpus
    from treaty._validation.run import Runner  # noqa: PLC0415
    from treaty._validation.select import SchemaRef, Selector  # noqa: PLC0415
    from treaty._validation.validator import Validator  # noqa: PLC0415

    catalog = Catalog.installed()
    runner = Runner(Selector(catalog, {}, None), Validator(catalog))
    ref = SchemaRef.parse(SCHEMA_REF)
    out = {}
    for path in paths:
        result = runner.validate_file(path, ref)
        out[path.name] = sorted((f.line, f.column, f.pointer, f.rule) for f in result.findings)
    return out


def measure(workdir: Path, count: int, failures: list[str]) -> dict[str, Any]:
    """Measure every run on one corpus; compare each run's verdicts with the reference."""
    folder = workdir / f"corpus-{count}"
    shutil.rmtree(folder, ignore_errors=True)
    paths = corpus.write(folder, count)
    size = sum(p.stat().st_size for p in paths) / count
    print(f"\n== {count} documents, {size:,.0f} bytes on average, {count // 10} invalid ==", flush=True)
    written = time.time()
    env = {**ENVIRONMENT, "TREATY_CACHE_DIR": str(workdir / "cache")}
    (cold, output), (parallel, parallel_output) = best_of(
        treaty(folder, "--no-cache", "--format", "json"),
        treaty(folder, "--no-cache", "--jobs", "2", "--format", "json"),
    )
    runs = {"one process": verdicts(output), "--jobs 2": verdicts(parallel_output)}
    shutil.rmtree(workdir / "cache", ignore_errors=True)
    time.sleep(max(0.0, written + 2.5 - time.time()))  # files changed in the last 2 s are never recalled
    timed(treaty(folder, "--format", "json"), env)  # fills the cache
    ((warm, output),) = best_of(treaty(folder, "--format", "json"), env=env)
    runs["warm cache"] = verdicts(output)
    edited = paths[len(paths) // 2]
    edits = []
    for number in range(RUNS):  # one file changed since the last run: the run goes file by file
        edited.write_text(edited.read_text(encoding="utf-8") + f"# edit {number}\n", encoding="utf-8")
        edits.append(timed(treaty(folder, "--format", "json"), env))
    one_edited = min(seconds for seconds, _ in edits)
    runs["warm cache, one file edited"] = verdicts(edits[-1][1].stdout)
    peer, _ = timed(check_jsonschema(paths))
    figures = {
        "treaty (one process)": cold,
        "treaty --jobs 2": parallel,
        "treaty warm cache": warm,
        "treaty warm, one file edited": one_edited,
        "check-jsonschema": peer,
        "yaml.CSafeLoader parse only": parse_only(paths),
    }
    start = time.perf_counter()
    expected = reference(paths)
    figures["strict path only (in process)"] = time.perf_counter() - start
    for name, seconds in figures.items():
        print(f"  {name:<30} {seconds:7.2f} s  {count / seconds:9,.0f} documents/s", flush=True)
    print(f"  reference (strict path): {sum(1 for v in expected.values() if v)} of {count} files invalid")
    for name, run in runs.items():
        differing = sorted(k for k in expected if expected[k] != run.get(k))
        print(f"  verdicts and locations of {name} equal the reference: {not differing}")
        if differing:
            failures.append(
                f"{count}: {name} differs from the reference on {len(differing)} files: {differing[:3]}"
            )
    ratios = {
        "throughput vs check-jsonschema": peer / cold,
        "throughput vs yaml.CSafeLoader parse": figures["yaml.CSafeLoader parse only"] / cold,
        "--jobs 2 vs one process": cold / parallel,
        "warm cache vs cold run": cold / warm,
        "warm, one file edited, vs cold run": cold / one_edited,
    }
    for name, ratio in ratios.items():
        print(f"  {name:<40} {ratio:6.1f}x")
    return {
        "documents": count,
        "average_bytes": round(size),
        "seconds": {k: round(v, 3) for k, v in figures.items()},
        "documents_per_second": {k: round(count / v) for k, v in figures.items()},
        "ratios": {k: round(v, 2) for k, v in ratios.items()},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args()
    failures: list[str] = []
    peer = subprocess.run(
        ["check-jsonschema", "--version"], capture_output=True, text=True, check=True
    ).stdout
    print(f"peer: {peer.strip()}; {os.cpu_count()} CPUs, Python {platform.python_version()}")
    results: dict[str, Any] = {
        "peer": peer.strip(),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "system": platform.platform(),
        },
        "corpora": {str(count): measure(args.workdir, count, failures) for count in (2_000, 10_000)},
    }
    single = args.workdir / "corpus-2000" / "ticket-00000.yaml"
    for command in (treaty(single, "--no-cache"), check_jsonschema([single])):
        timed(command)  # once first: the first run of an installed tool may compile its bytecode
    (ours, _), (theirs, _) = best_of(
        treaty(single, "--no-cache"), check_jsonschema([single]), runs=STARTUP_RUNS
    )
    results["startup"] = {
        "treaty": round(ours, 3),
        "check-jsonschema": round(theirs, 3),
        "ratio": round(ours / theirs, 2),
    }
    print(
        f"\n== start-up, one valid file (best of {STARTUP_RUNS}, taking turns) ==\n  treaty {ours:.3f} s, check-jsonschema {theirs:.3f} s: {ours / theirs:.2f}x"
    )
    big = results["corpora"]["10000"]["ratios"]
    checks = {
        f"throughput at least {THROUGHPUT}x check-jsonschema's (10,000 documents)": big[
            "throughput vs check-jsonschema"
        ]
        >= THROUGHPUT,
        f"--jobs 2 at least {JOBS}x one process (10,000 documents)": big["--jobs 2 vs one process"] >= JOBS,
        f"a warm run at least {WARM}x faster than a cold one (10,000 documents)": big[
            "warm cache vs cold run"
        ]
        >= WARM,
        f"start-up for one file at most {STARTUP}x check-jsonschema's": ours / theirs <= STARTUP,
        "every verdict and error location equal to the reference": not failures,
    }
    print("\n== targets ==")
    for name, met in checks.items():
        print(f"  {'met   ' if met else 'MISSED'} {name}")
    for failure in failures:
        print(f"  {failure}")
    results["targets"] = checks
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"\nfigures written to {args.json}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
