"""Where fixtures come from, and the records the plugin and integrators read.

Fixtures are read from the installed ``treaty.fixtures`` distributions (``importlib.resources.files(<package>)
/ "data"``), or from one explicit folder laid out like a Treaty checkout's ``fixtures/`` (one sub-folder per
family). Nothing is fetched.
"""

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from treaty import (
    DocumentLoadError,
    Finding,
    Severity,
    Vector,
    fixture_kinds,
    fixture_versions,
    installed_fixtures,
    load_fixture_cases,
    load_fixture_sets,
    load_path,
    load_vectors,
)

_VERSION_PARTS: Final = 3
SETS: Final = "sets"
"""A version's folder of cross-document sets (``<version>/sets/sets.yaml``), and the adapter key naming them."""
_DOCUMENTS: Final = (".yaml", ".yml", ".json")


class FixturesError(Exception):
    """The fixtures of a family cannot be found or read; the message says what to do."""


@dataclass(frozen=True)
class Fixture:
    """One fixture document of a family's kind, with the verdict the contract gives it."""

    family: str
    version: str
    kind: str
    path: Path
    valid: bool
    description: str
    data: Any
    """The document as Treaty's strict loader reads it (None when the loader refuses it)."""
    refused: str | None
    """Why the strict loader refuses the document (None when it loads); only invalid fixtures are refused."""
    errors: frozenset[tuple[str, str]]
    """The errors the contract reports for it: (JSON pointer, keyword or rule id); empty for a valid one."""

    @property
    def name(self) -> str:
        """Return the fixture's file below its kind folder, e.g. ``invalid/unknown-key.yaml``."""
        return f"{'valid' if self.valid else 'invalid'}/{self.path.name}"

    @property
    def id(self) -> str:
        """Return the readable id ``family/version/kind/valid-or-invalid/file``."""
        return f"{self.family}/{self.version}/{self.kind}/{self.name}"


@dataclass(frozen=True)
class FixtureSet:
    """One folder of documents read together (a cwom causality chain), with the verdict the contract gives it."""

    family: str
    version: str
    path: Path
    """The set's folder."""
    valid: bool
    description: str
    documents: Mapping[str, Any]
    """Each document of the folder by file name, in name order, as Treaty's strict loader reads it (None if refused)."""
    refused: str | None
    """Why the strict loader refuses a document of the set (None when every one loads)."""
    errors: frozenset[tuple[str, str, str]]
    """The errors the contract reports for the set: (file name, JSON pointer, rule id); empty for a valid one."""

    @property
    def name(self) -> str:
        """Return the set's folder below ``sets/``, e.g. ``invalid/run-issue-missing``."""
        return f"{'valid' if self.valid else 'invalid'}/{self.path.name}"

    @property
    def id(self) -> str:
        """Return the readable id ``family/version/sets/valid-or-invalid/folder``."""
        return f"{self.family}/{self.version}/{SETS}/{self.name}"


def adapter_names(root: Path, version: str) -> list[str]:
    """Return what an adapter can be configured for in a version: its kinds, and ``sets`` when it has sets."""
    return [*fixture_kinds(root, version), *([SETS] if (root / version / SETS).is_dir() else [])]


def version_key(version: str) -> tuple[int, ...]:
    """Return a sortable key of a ``MAJOR.MINOR.PATCH`` version."""
    return tuple(int(part) for part in version.split("."))


def is_version(text: str) -> bool:
    """Return whether a text is a ``MAJOR.MINOR.PATCH`` version."""
    parts = text.split(".")
    return len(parts) == _VERSION_PARTS and all(part.isdigit() for part in parts)


def same_line(older: str, newer: str) -> bool:
    """Return whether a reader of ``newer`` must still accept ``older``'s documents (same major; 0.x: same minor)."""
    old, new = version_key(older), version_key(newer)
    return old[:2] == new[:2] if new[0] == 0 else old[0] == new[0]


def family_roots(fixtures_dir: Path | None = None) -> dict[str, Path]:
    """Return each available family's fixtures folder: installed distributions, or ``fixtures_dir``'s sub-folders."""
    if fixtures_dir is not None:
        if not fixtures_dir.is_dir():
            raise FixturesError(
                f"fixtures folder {fixtures_dir} does not exist\n  fix: point fixtures-dir at a folder with one sub-folder per family"
            )
        return {child.name: child for child in sorted(fixtures_dir.iterdir()) if child.is_dir()}
    return {family: dist.root for family, dist in installed_fixtures().items()}


def family_root(family: str, fixtures_dir: Path | None = None) -> Path:
    """Return one family's fixtures folder, or raise `FixturesError` naming the installed ones."""
    roots = family_roots(fixtures_dir)
    if family not in roots:
        where = f"in {fixtures_dir}" if fixtures_dir else "installed"
        known = ", ".join(roots) or "none"
        fix = (
            f"add a {family}/ folder to {fixtures_dir}"
            if fixtures_dir
            else f"pip install treaty-{family.replace('_', '-')}-fixtures"
        )
        raise FixturesError(f"no fixtures of family {family!r} {where} (available: {known})\n  fix: {fix}")
    return roots[family]


def _problems(findings: list[Finding] | tuple[Finding, ...], what: str) -> FixturesError:
    shown = "\n".join(f"  {f.file}:{f.line}:{f.column}: [{f.rule}] {f.message}" for f in findings)
    return FixturesError(
        f"the {what} cannot be read:\n{shown}\n  fix: reinstall the fixtures distribution, or fix the fixtures folder"
    )


def _refusal(error: DocumentLoadError) -> str:
    return "; ".join(f"[{f.rule}] {f.message}" for f in error.findings)


def iter_fixtures(
    family: str,
    version: str | None = None,
    kind: str | None = None,
    valid: bool | None = None,  # noqa: FBT001  # a filter: None means both verdicts
    *,
    fixtures_dir: Path | None = None,
) -> Iterator[Fixture]:
    """Yield a family's fixtures, oldest version first, optionally only one version, kind or verdict.

    Documents are read with Treaty's strict loader; a document it refuses has ``data`` None and the reason in
    ``refused``. Raises `FixturesError` when the family is not installed or its fixtures cannot be read.
    """
    root = family_root(family, fixtures_dir)
    for found in fixture_versions(root):
        if version is not None and found != version:
            continue
        for kind_name in fixture_kinds(root, found):
            if kind is not None and kind_name != kind:
                continue
            cases, problems = load_fixture_cases(root, family, found, kind_name)
            if problems:
                raise _problems(problems, f"fixture index of {family}/{found}/{kind_name}")
            for case in cases:
                if valid is not None and case.valid != valid:
                    continue
                try:
                    data, refused = load_path(case.path).data, None
                except DocumentLoadError as error:
                    data, refused = None, _refusal(error)
                errors = frozenset((p, r) for p, r, s in case.expected if s is Severity.ERROR)
                yield Fixture(
                    family, found, kind_name, case.path, case.valid, case.description, data, refused, errors
                )


def iter_sets(
    family: str,
    version: str | None = None,
    valid: bool | None = None,  # noqa: FBT001  # a filter: None means both verdicts
    *,
    fixtures_dir: Path | None = None,
) -> Iterator[FixtureSet]:
    """Yield a family's cross-document sets, oldest version first, optionally only one version or verdict.

    Each document is read with Treaty's strict loader. Raises `FixturesError` when the family is not
    installed or a sets index cannot be read.
    """
    root = family_root(family, fixtures_dir)
    for found in fixture_versions(root):
        if version is not None and found != version:
            continue
        cases, problems = load_fixture_sets(root, family, found)
        if problems:
            raise _problems(problems, f"sets index of {family}/{found}")
        for case in cases:
            if valid is not None and case.valid != valid:
                continue
            documents: dict[str, Any] = {}
            refusals = []
            for path in sorted(p for p in case.folder.iterdir() if p.suffix in _DOCUMENTS):
                try:
                    documents[path.name] = load_path(path).data
                except DocumentLoadError as error:
                    documents[path.name] = None
                    refusals.append(f"{path.name}: {_refusal(error)}")
            errors = frozenset((f, p, r) for f, p, r, s in case.expected if s is Severity.ERROR)
            refused = "; ".join(refusals) or None
            yield FixtureSet(
                family, found, case.folder, case.valid, case.description, documents, refused, errors
            )


def iter_vectors(
    family: str,
    version: str | None = None,
    function: str | None = None,
    *,
    fixtures_dir: Path | None = None,
) -> Iterator[Vector]:
    """Yield a family's behaviour vectors (``treaty`` `Vector` records), optionally one version or function.

    Raises `FixturesError` when the family is not installed or its vector files cannot be read.
    """
    root = family_root(family, fixtures_dir)
    vectors, problems = load_vectors(root, root.parent, family)
    if problems:
        raise _problems(problems, f"behaviour vectors of {family}")
    order = {v: n for n, v in enumerate(fixture_versions(root))}
    for vector in sorted(vectors, key=lambda v: order.get(v.version, -1)):
        if (version is None or vector.version == version) and (
            function is None or vector.function == function
        ):
            yield vector


def describe(errors: Iterable[tuple[str, ...]]) -> str:
    """Return stated errors, (pointer, rule) or a set's (file, pointer, rule), as ``[rule] at [file:]/pointer`` items."""
    items = []
    for *file, pointer, rule in sorted(errors):
        items.append(f"[{rule}] at {''.join(f'{name}:' for name in file)}{pointer or '/'}")
    return ", ".join(items) or "none stated"
