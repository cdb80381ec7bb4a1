"""Mutation check of the schema change classifier, run by `nox -s mutation`.

Each mutation of ``mutations.yaml`` edits one snippet of the change_control models in a copy of their
source. A subprocess imports the mutated copy (it shadows the installed package through ``PYTHONPATH``)
and exports every kind's schema; the parent compares them with the released schemas of the models' current
version under the lenient policy. A breaking mutation must be reported as breaking readers, and a
non-breaking one must report changes of which none breaks readers (or none at all, for the mutations marked
``noop``: pure reorders, renames and moves that leave the contract as it is).

Usage: ``python tests/mutation/run.py [--verbose] [ID ...]``; exits 1 unless every mutation gets its
expected verdict, 2 when the mutations file or the baseline is wrong.
"""

import argparse
import importlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

import yaml
from treaty._authoring.export import kind_schema
from treaty._authoring.sources import from_folder
from treaty._authoring.workspace import model_families
from treaty._diff import Bump
from treaty._diff.family import Entry, FamilyDiff, compare

ROOT: Final = Path(__file__).resolve().parents[2]
MODELS_SRC: Final = ROOT / "packages" / "treaty-change-control-models" / "src"
PACKAGE: Final = "treaty_change_control_models"
FAMILY: Final = "change_control"
SCHEMAS: Final = ROOT / "schemas" / FAMILY
MUTATIONS: Final = Path(__file__).with_name("mutations.yaml")
WORKERS: Final = 2
TIMEOUT: Final = 120
MIN_BREAKING: Final = 30
MIN_NON_BREAKING: Final = 20
EXPORT_FLAG: Final = "--export-from"
KEYS: Final = frozenset({"id", "description", "file", "find", "replace", "expect", "noop"})

Expect = Literal["breaking", "non-breaking"]


class MutationError(Exception):
    """The mutations file, a mutation, or the baseline is wrong (not a classifier verdict)."""


@dataclass(frozen=True)
class Mutation:
    """One source edit of the models, with the verdict the classifier must give."""

    id: str
    description: str
    file: str
    find: str
    replace: str
    expect: Expect
    noop: bool = False


@dataclass(frozen=True)
class Outcome:
    """What the classifier said about one mutation."""

    mutation: Mutation
    result: str
    passed: bool
    entries: tuple[Entry, ...] = ()
    error: str = ""
    needed: Bump | None = None
    rules: tuple[str, ...] = ()
    edits: tuple[str, ...] = ()
    """Where the exported schemas differ from the released ones, kept when the classifier reported nothing."""


# -- the subprocess: export the mutated copy ------------------------------------------------------------


def export_child(tree: Path) -> None:
    """Print, as JSON, the version and every kind's schema of the models package found first on sys.path.

    Runs in the subprocess; ``tree`` is the temporary copy that must shadow the installed package.
    """
    module = importlib.import_module(PACKAGE)
    where = Path(str(module.__file__)).resolve()
    if not where.is_relative_to(tree.resolve()):
        sys.stderr.write(f"{PACKAGE} was imported from {where}, not from the mutated copy under {tree}\n")
        sys.exit(3)
    families = [f for f in model_families() if f.name == FAMILY]
    if len(families) != 1 or families[0].module is not module:
        sys.stderr.write(f"model_families() did not resolve {FAMILY} to the module imported from {where}\n")
        sys.exit(3)
    family = families[0]
    schemas = {kind: kind_schema(family, kind) for kind in sorted(family.kinds)}
    json.dump({"module_file": str(where), "version": family.version, "schemas": schemas}, sys.stdout)


# -- the parent ------------------------------------------------------------------------------------------


def load_mutations(path: Path) -> list[Mutation]:
    """Return the mutations of ``path``, checked for shape, unique ids and a snippet found exactly once."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise MutationError(f"{path}: cannot be read ({error})") from None
    items = data.get("mutations") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise MutationError(f"{path}: expected a top-level `mutations:` list")
    found: list[Mutation] = []
    problems: list[str] = []
    for index, item in enumerate(items):
        label = item.get("id", f"#{index}") if isinstance(item, dict) else f"#{index}"
        if not isinstance(item, dict) or not KEYS - {"noop"} <= set(item) <= KEYS:
            problems.append(f"{label}: needs exactly the keys {sorted(KEYS)} (noop optional)")
            continue
        strings = ("id", "description", "file", "find", "replace")
        if not all(isinstance(item[key], str) and item[key] for key in strings if key != "replace"):
            problems.append(f"{label}: id, description, file and find must be non-empty strings")
            continue
        if not isinstance(item["replace"], str) or item["expect"] not in {"breaking", "non-breaking"}:
            problems.append(f"{label}: replace must be a string and expect breaking or non-breaking")
            continue
        noop = item.get("noop", False)
        if not isinstance(noop, bool) or (noop and item["expect"] != "non-breaking"):
            problems.append(f"{label}: noop must be a boolean, and true only for a non-breaking mutation")
            continue
        mutation = Mutation(**{key: item[key] for key in strings}, expect=item["expect"], noop=noop)
        problems.extend(f"{mutation.id}: {problem}" for problem in snippet_problems(mutation))
        found.append(mutation)
    ids = [m.id for m in found]
    problems.extend(f"{name}: duplicate id" for name in sorted({i for i in ids if ids.count(i) > 1}))
    if problems:
        raise MutationError("\n".join([f"{path}: invalid mutations", *problems]))
    return found


def snippet_problems(mutation: Mutation) -> list[str]:
    """Return why the mutation cannot be applied to the pristine source (nothing when it can)."""
    target = MODELS_SRC / PACKAGE / mutation.file
    if not target.is_file():
        return [f"{mutation.file} is not a file of {MODELS_SRC / PACKAGE}"]
    count = target.read_text(encoding="utf-8").count(mutation.find)
    if count != 1:
        return [f"`find` occurs {count} times in {mutation.file} (it must occur exactly once)"]
    if mutation.find == mutation.replace:
        return ["`replace` equals `find`"]
    return []


def mutate(mutation: Mutation | None, tree: Path) -> None:
    """Copy the models source into ``tree``/src and apply the mutation there (None: an unmutated copy)."""
    shutil.copytree(MODELS_SRC, tree / "src", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    if mutation is None:
        return
    target = tree / "src" / PACKAGE / mutation.file
    text = target.read_text(encoding="utf-8")
    count = text.count(mutation.find)
    if count != 1:
        raise MutationError(f"{mutation.id}: `find` occurs {count} times in {mutation.file}, not once")
    target.write_text(text.replace(mutation.find, mutation.replace), encoding="utf-8")


def export_mutated(mutation: Mutation | None, cache: Path) -> tuple[str, dict[str, Any]]:
    """Return the version and the schemas the mutated models export, from a subprocess.

    ``cache`` is the run's bytecode cache (``PYTHONPYCACHEPREFIX``): the subprocesses share compiled
    modules there instead of compiling every import again, and write nothing into the checkout.
    """
    with tempfile.TemporaryDirectory(prefix="treaty-mutation-") as temp:
        tree = Path(temp)
        mutate(mutation, tree)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(tree / "src"), env.get("PYTHONPATH")) if p)
        env["PYTHONPYCACHEPREFIX"] = str(cache)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        process = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), EXPORT_FLAG, str(tree)],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=TIMEOUT,
            check=False,
        )
        if process.returncode != 0:
            last = process.stderr.strip().splitlines()[-1:] or [f"exit code {process.returncode}"]
            raise MutationError(f"the export failed: {last[0]}")
        data = json.loads(process.stdout)
        if not Path(data["module_file"]).is_relative_to(tree.resolve()):
            raise MutationError(f"the subprocess exported {data['module_file']}, not the mutated copy")
        return data["version"], data["schemas"]


def judge(mutation: Mutation, changes: FamilyDiff) -> tuple[str, bool]:
    """Return the result of a mutation's diff and whether it is the expected one."""
    entries = changes.entries
    breaks = any(e.breaks_readers for e in entries)
    if breaks != (changes.needed is Bump.MAJOR):
        return "inconsistent bump", False
    if mutation.expect == "breaking":
        if breaks:
            return "caught", True
        return ("no-op" if not entries else "missed"), False
    if breaks:
        return "flagged", False
    if not entries:
        return "no-op", mutation.noop
    return ("not flagged", True) if not mutation.noop else ("changed (noop expected)", False)


def run_one(mutation: Mutation, version: str, released: Mapping[str, Any], cache: Path) -> Outcome:
    """Export the mutated models and classify their difference from the released schemas."""
    try:
        mutated_version, schemas = export_mutated(mutation, cache)
    except (MutationError, subprocess.TimeoutExpired) as error:
        return Outcome(mutation, "error", passed=False, error=str(error))
    if mutated_version != version:
        message = f"the mutated models declare {mutated_version}, not {version}"
        return Outcome(mutation, "error", passed=False, error=message)
    changes = compare(FAMILY, (version, released), (version, schemas), "lenient")
    result, passed = judge(mutation, changes)
    rules = sorted({f"{e.rule}{'!' if e.breaks_readers else ''}" for e in changes.entries})
    edits: list[str] = []
    if not changes.entries and not passed:
        for kind in sorted(set(released) | set(schemas)):
            old, new = released.get(kind), schemas.get(kind)
            edits.extend(
                f"{kind} {line}" for line in raw_edits(old, new, "") if not line.startswith("/$comment")
            )
    return Outcome(
        mutation,
        result,
        passed,
        changes.entries,
        needed=changes.needed,
        rules=tuple(rules),
        edits=tuple(edits),
    )


def raw_edits(old: Any, new: Any, pointer: str) -> list[str]:
    """Return every JSON pointer where two JSON values differ, with both sides (the schema text diff)."""
    if isinstance(old, dict) and isinstance(new, dict):
        return [
            line
            for key in sorted(set(old) | set(new))
            for line in raw_edits(old.get(key), new.get(key), f"{pointer}/{key}")
        ]
    if old == new:
        return []
    return [f"{pointer or '/'}: {json.dumps(old, sort_keys=True)} -> {json.dumps(new, sort_keys=True)}"]


def baseline(cache: Path) -> tuple[str, dict[str, Any]]:
    """Return the current version and its released schemas, checking the unmutated copy exports them."""
    version, schemas = export_mutated(None, cache)
    folder = SCHEMAS / version
    if not folder.is_dir():
        raise MutationError(f"the models declare {version}, but {folder.relative_to(ROOT)} does not exist")
    released = dict(from_folder(folder))
    changes = compare(FAMILY, (version, released), (version, schemas), "lenient")
    if changes.entries:
        listed = "; ".join(f"{e.kind} {e.path or '/'} {e.rule}" for e in changes.entries)
        raise MutationError(
            f"the unmutated models already differ from {folder.relative_to(ROOT)} ({listed}): "
            "the mutations would not be judged against the contract they edit"
        )
    return version, released


def select(mutations: Sequence[Mutation], ids: Sequence[str]) -> list[Mutation]:
    """Return the mutations named in ``ids`` (all when empty), once the file has enough of each kind."""
    counts = {kind: sum(m.expect == kind for m in mutations) for kind in ("breaking", "non-breaking")}
    if counts["breaking"] < MIN_BREAKING or counts["non-breaking"] < MIN_NON_BREAKING:
        raise MutationError(
            f"{MUTATIONS.name}: {counts['breaking']} breaking and {counts['non-breaking']} non-breaking "
            f"mutations; at least {MIN_BREAKING} and {MIN_NON_BREAKING} are needed"
        )
    unknown = sorted(set(ids) - {m.id for m in mutations})
    if unknown:
        raise MutationError(f"no such mutation: {', '.join(unknown)}")
    return [m for m in mutations if not ids or m.id in ids]


def render(outcomes: Sequence[Outcome], *, verbose: bool) -> str:
    """Return the table of outcomes, with the changes of every failure (of every mutation if verbose)."""
    width = max(len(o.mutation.id) for o in outcomes)
    lines = [f"{'id':<{width}}  {'expect':<12}  {'result':<24}  rules (! breaks readers)"]
    lines.append("-" * len(lines[0]))
    for o in outcomes:
        mark = "" if o.passed else "  <-- FAIL"
        rules = ", ".join(o.rules) or "-"
        lines.append(f"{o.mutation.id:<{width}}  {o.mutation.expect:<12}  {o.result:<24}  {rules}{mark}")
    for o in outcomes:
        if o.passed and not verbose:
            continue
        needed = f", needs {o.needed}" if o.needed else ""
        lines.extend(
            ["", f"{o.mutation.id} ({o.mutation.expect}, {o.result}{needed}): {o.mutation.description}"]
        )
        if o.error:
            lines.append(f"  error: {o.error}")
        lines.extend(f"  no change reported, but the schema differs at {edit}" for edit in o.edits)
        for e in o.entries:
            verdict = "breaks readers" if e.breaks_readers else "keeps readers"
            lines.append(f"  {e.kind} {e.path or '/'} [{e.rule}] {verdict}, {e.bump}: {e.message}")
            if not o.passed:
                lines.append(f"      old: {json.dumps(e.old, sort_keys=True)[:300]}")
                lines.append(f"      new: {json.dumps(e.new, sort_keys=True)[:300]}")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str]) -> int:
    """Run the mutations (all, or those named) and report; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ids", nargs="*", help="run only these mutations")
    parser.add_argument("--verbose", action="store_true", help="list the changes of every mutation")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="treaty-mutation-pycache-") as cache:
        return run_all(args.ids, cache=Path(cache), verbose=args.verbose, start=start)


def run_all(ids: Sequence[str], *, cache: Path, verbose: bool, start: float) -> int:
    """Run the mutations named in ``ids`` (all when empty), print the report and return the exit code."""
    try:
        selected = select(load_mutations(MUTATIONS), ids)
        version, released = baseline(cache)
    except (MutationError, subprocess.TimeoutExpired) as error:
        sys.stderr.write(f"mutation check: {error}\n")
        return 2
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        outcomes = list(pool.map(lambda m: run_one(m, version, released, cache), selected))
    sys.stdout.write(render(outcomes, verbose=verbose))
    breaking = [o for o in outcomes if o.mutation.expect == "breaking"]
    safe = [o for o in outcomes if o.mutation.expect == "non-breaking"]
    caught = sum(o.passed for o in breaking)
    unflagged = sum(o.passed for o in safe)
    elapsed = time.perf_counter() - start
    sys.stdout.write(
        f"\n{FAMILY} {version}: {len(outcomes)} mutations against the released schemas, "
        f"lenient policy, in {elapsed:.1f}s\n"
        f"breaking caught: {caught}/{len(breaking)}, non-breaking not flagged: {unflagged}/{len(safe)}\n"
    )
    return 0 if caught == len(breaking) and unflagged == len(safe) else 1


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == EXPORT_FLAG:
        export_child(Path(sys.argv[2]))
    else:
        sys.exit(main(sys.argv[1:]))
