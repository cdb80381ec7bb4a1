"""`treaty fixtures export`: the installed fixture distributions as plain files, for non-Python consumers.

Every file of each exported family version is copied byte for byte to ``DIR/<family>/<version>/...``, as the
distribution ships it. ``DIR/fixtures.json`` lists every case (family, version, kind, file, verdict and the
errors and warnings its index states), every set of documents read together, every behaviour vector (input
and expected output, already as JSON) and every file with its sha256, so that a consumer in any language
iterates over one JSON file instead of parsing Treaty's YAML indexes. The output is deterministic: the same
installed distributions give the same bytes (sorted, no timestamps, no machine paths).
"""

import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from treaty._documents.atomic import replace_all
from treaty._documents.export_dir import check_out, remove_leftovers
from treaty._documents.findings import Finding
from treaty._documents.loader import load_path
from treaty._fixtures.cases import INDEX, SETS, SETS_INDEX, load_cases, load_sets
from treaty._fixtures.distributions import FixtureDistribution, fixture_versions, installed_fixtures
from treaty._fixtures.vectors import load_vectors
from treaty._validation.catalog import distribution_name, render_json, sha256
from treaty.exceptions import UsageError

INDEX_FILE: Final = "fixtures.json"
GENERATOR: Final = "treaty fixtures export"
FORMAT: Final = 1
"""The version of the ``fixtures.json`` layout; a change that breaks its readers increments it."""
_SHOWN: Final = 5


@dataclass(frozen=True)
class Exported:
    """What `export_fixtures` wrote."""

    out: Path
    versions: tuple[tuple[str, str], ...]
    """The (family, version) pairs exported."""
    cases: int
    sets: int
    vectors: int
    files: int


def check_of(entry: Mapping[str, Any]) -> str:
    """Return which check reports a stated finding: ``schema``, ``loader`` or ``rule``.

    ``schema``: a JSON Schema keyword, which any draft 2020-12 validator reports. ``loader``: Treaty's strict
    YAML reading (duplicate keys, YAML 1.1 typing...). ``rule``: a Treaty policy or cross-document rule
    (``family/name``), beyond what JSON Schema can say.
    """
    if "keyword" in entry:
        return "schema"
    return "rule" if "/" in entry["rule"] else "loader"


def _finding(entry: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"pointer": entry["pointer"], "check": check_of(entry)}
    if "file" in entry:
        out["file"] = f"{prefix}{entry['file']}"
    if "keyword" in entry:
        out["keyword"] = entry["keyword"]
    else:
        out["rule"] = entry["rule"]
    return out


def _findings(entry: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    return {key: [_finding(e, prefix) for e in entry.get(key, [])] for key in ("errors", "warnings")}


def _select(
    installed: Mapping[str, FixtureDistribution], families: Sequence[str] | None, version: str | None
) -> list[tuple[FixtureDistribution, str]]:
    """Return the (distribution, version) pairs to export, or raise a usage error naming what is installed."""
    if not installed:
        raise UsageError(
            "no fixture distributions are installed",
            hint="pip install the fixtures of the families you use, pip install treaty-<family>-fixtures",
        )
    known = ", ".join(installed)
    names = sorted(set(families)) if families else list(installed)
    for name in names:
        if name not in installed:
            raise UsageError(
                f"no fixtures are installed for the family {name!r} (installed: {known})",
                hint=f"pip install {distribution_name(name, 'fixtures')}",
            )
    chosen: list[tuple[FixtureDistribution, str]] = []
    for name in names:
        dist = installed[name]
        versions = fixture_versions(dist.root)
        if version is None:
            chosen += [(dist, v) for v in versions]
        elif version in versions:
            chosen.append((dist, version))
        elif families:
            raise UsageError(
                f"{dist.distribution} has no fixtures of {name} {version} (versions: {', '.join(versions) or 'none'})",
                hint=f"install a version of {dist.distribution} that ships {version}, or leave out --version",
            )
    if not chosen:
        held = "; ".join(
            f"{name} {', '.join(fixture_versions(installed[name].root)) or 'none'}" for name in names
        )
        raise UsageError(
            f"no installed fixtures of version {version}"
            if version
            else "the installed fixtures hold no version",
            hint=f"installed fixture versions: {held}; leave out --version to export them all",
        )
    return chosen


def _copy_version(dist: FixtureDistribution, version: str, staging: Path) -> None:
    source = dist.root / version
    for path in sorted(source.rglob("*")):
        if path.is_file():
            target = staging / dist.family / version / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


def _broken(problems: Iterable[Finding], chosen: Sequence[tuple[FixtureDistribution, str]]) -> UsageError:
    listed = list(problems)
    shown = "; ".join(f"{f.file}: [{f.rule}] {f.message}" for f in listed[:_SHOWN])
    more = f" (and {len(listed) - _SHOWN} more)" if len(listed) > _SHOWN else ""
    names = " ".join(sorted({f"'{dist.distribution}'" for dist, _ in chosen}))
    return UsageError(
        f"the installed fixtures cannot be read: {shown}{more}",
        hint=f"reinstall the fixture distributions: pip install --force-reinstall {names}",
    )


def _cases(staging: Path) -> list[dict[str, Any]]:
    cases = [
        {
            "family": family,
            "version": version,
            "kind": kind,
            "file": f"{family}/{version}/{kind}/{entry['file']}",
            "valid": entry["valid"],
            "description": entry["description"],
            **_findings(entry),
        }
        for index in sorted(staging.glob(f"*/*/*/{INDEX}"))
        for family, version, kind in [index.relative_to(staging).parts[:3]]
        for entry in load_path(index).data["cases"]
    ]
    return sorted(cases, key=lambda case: case["file"])


def _sets(staging: Path) -> list[dict[str, Any]]:
    sets = []
    for index in sorted(staging.glob(f"*/*/{SETS}/{SETS_INDEX}")):
        family, version = index.relative_to(staging).parts[:2]
        for entry in load_path(index).data["sets"]:
            folder = f"{family}/{version}/{SETS}/{entry['folder']}"
            documents = sorted(
                p.relative_to(staging).as_posix() for p in (staging / folder).iterdir() if p.is_file()
            )
            sets.append(
                {
                    "family": family,
                    "version": version,
                    "folder": folder,
                    "files": documents,
                    "valid": entry["valid"],
                    "description": entry["description"],
                    **_findings(entry, f"{folder}/"),
                }
            )
    return sorted(sets, key=lambda case: case["folder"])


def _index(
    staging: Path, chosen: Sequence[tuple[FixtureDistribution, str]], files: Sequence[Path]
) -> dict[str, Any]:
    _, problems = load_cases(staging, staging)
    _, set_problems = load_sets(staging, staging)
    vectors, vector_problems = load_vectors(staging, staging)
    if problems or set_problems or vector_problems:
        raise _broken([*problems, *set_problems, *vector_problems], chosen)
    families: dict[str, dict[str, Any]] = {}
    for dist, version in chosen:
        entry = families.setdefault(
            dist.family,
            {
                "family": dist.family,
                "distribution": dist.distribution,
                "distribution_version": dist.version,
                "versions": [],
            },
        )
        entry["versions"].append(version)
    return {
        "$comment": f"Written by `{GENERATOR}` from the installed fixture distributions; do not edit. "
        "Every path is relative to this file's folder.",
        "generator": GENERATOR,
        "format": FORMAT,
        "families": list(families.values()),
        "cases": _cases(staging),
        "sets": _sets(staging),
        "vectors": [
            {
                "family": v.family,
                "version": v.version,
                "function": v.function,
                "name": v.name,
                "description": v.description,
                "file": v.file,
                "input": v.input,
                **({"error": v.error} if v.error is not None else {"output": v.output}),
            }
            for v in sorted(vectors, key=lambda v: (v.file, v.line))
        ],
        "files": [
            {"path": path.relative_to(staging).as_posix(), "sha256": sha256(path.read_bytes())}
            for path in files
        ],
    }


def export_fixtures(
    out: Path, families: Sequence[str] | None = None, version: str | None = None, *, force: bool = False
) -> Exported:
    """Write the installed fixtures of the chosen families and version (default: all) into ``out``."""
    chosen = _select(installed_fixtures(), families, version)
    previous = check_out(out, INDEX_FILE, GENERATOR, "the fixtures", force=force)
    with tempfile.TemporaryDirectory(prefix="treaty-fixtures-") as temporary:
        staging = Path(temporary)
        try:
            for dist, found in chosen:
                _copy_version(dist, found, staging)
        except OSError as error:
            raise _broken(
                [Finding(str(error.filename or ""), 0, 0, "", "unreadable", str(error), "")], chosen
            ) from None
        files = sorted(
            (p for p in staging.rglob("*") if p.is_file()), key=lambda p: p.relative_to(staging).as_posix()
        )
        index = _index(staging, chosen, files)
        names = [path.relative_to(staging).as_posix() for path in files]
        try:
            # Every file whole, the index last: it lists every file with its sha256 and is how the next export
            # knows what it wrote, so the earlier export's files that this one lacks are removed only after it.
            # An interrupted export leaves the earlier index, every file it names still there (some already
            # with their new bytes, which their sha256 shows); running it again completes it.
            replace_all(
                [
                    *((out / name, path.read_bytes()) for name, path in zip(names, files, strict=True)),
                    (out / INDEX_FILE, render_json(index)),
                ]
            )
            remove_leftovers(out, sorted(set(previous) - set(names)))
        except OSError as error:
            raise UsageError(f"cannot write {out}: {error}", hint="choose a writable directory") from None
    return Exported(
        out,
        tuple((dist.family, found) for dist, found in chosen),
        len(index["cases"]),
        len(index["sets"]),
        len(index["vectors"]),
        len(files),
    )
