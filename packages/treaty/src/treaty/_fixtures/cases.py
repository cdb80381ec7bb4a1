"""Compatibility fixtures, and checking documents against them.

Each kind has a ``cases.yaml`` index of single documents; each version may have a ``sets/sets.yaml`` index
of folders whose documents are validated together (cross-document rules).
"""

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, Final, TypeVar

from treaty._documents.document import Document, DocumentLoadError
from treaty._documents.files import expand
from treaty._documents.findings import Finding, Severity
from treaty._documents.loader import load_path
from treaty._validation.policies import models_enforced
from treaty._validation.run import FileResult, Runner
from treaty._validation.select import SchemaRef
from treaty._validation.validator import ContractValidator

_C = TypeVar("_C")

INDEX: Final = "cases.yaml"
SETS: Final = "sets"
SETS_INDEX: Final = "sets.yaml"

if TYPE_CHECKING:
    from pydantic import BaseModel

Expected = frozenset[tuple[str, str, Severity]]
"""Expected (pointer, keyword or rule id, severity) triples."""


@dataclass(frozen=True)
class FixtureCase:
    """One fixture document of a kind's index (``cases.yaml``), and the verdict it must get."""

    family: str
    version: str
    kind: str
    path: Path
    description: str
    valid: bool
    expected: Expected
    """Every finding the document must produce: its errors (none for a valid case) and warnings."""

    @property
    def name(self) -> str:
        """Return the readable id ``family/version/kind/file-stem``."""
        return f"{self.family}/{self.version}/{self.kind}/{self.path.stem}"


@dataclass(frozen=True)
class SetCase:
    """A folder of documents validated together, and the verdict the set must get."""

    family: str
    version: str
    folder: Path
    description: str
    valid: bool
    expected: frozenset[tuple[str, str, str, Severity]]
    """Every finding the set must produce: (file name, pointer, keyword or rule id, severity)."""

    @property
    def name(self) -> str:
        """Return the readable id ``family/version/sets/verdict/folder``."""
        return f"{self.family}/{self.version}/{SETS}/{self.folder.parent.name}/{self.folder.name}"


@cache
def _meta_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((files("treaty") / "_data" / "cases.schema.json").read_bytes())
    return schema


@cache
def _meta_validator() -> Any:
    return ContractValidator(_meta_schema())


@cache
def _sets_validator() -> Any:
    schema = _meta_schema()
    return ContractValidator({**schema["$defs"]["sets"], "$defs": schema["$defs"]})


def _expected(entry: dict[str, Any], *located: str) -> frozenset[tuple[Any, ...]]:
    """Return the findings an index entry states: ``located`` fields (e.g. ``file``), pointer, rule, severity."""
    return frozenset(
        (*(e[name] for name in located), e["pointer"], e.get("keyword") or e["rule"], severity)
        for key, severity in (("errors", Severity.ERROR), ("warnings", Severity.WARNING))
        for e in entry.get(key, [])
    )


def meta_problems(
    validator: Any,
    document: Document,
    display: str,
    rule: str = "fixtures/index-schema",
    hint: str = "fix the index to match the fixture meta-schema",
) -> list[Finding]:
    """Return where a fixtures file (an index, a vectors file) breaks its meta-schema."""
    return [
        Finding(
            display,
            *document.locate(tuple(e.absolute_path)),
            "/" + "/".join(map(str, e.absolute_path)),
            rule,
            e.message,
            hint,
        )
        for e in validator.iter_errors(document.data)
    ]


def indexes(root: Path) -> Iterator[Path]:
    """Yield every fixture index below a fixtures folder (``<family>/<version>/<kind>/cases.yaml``)."""
    yield from sorted(root.glob(f"*/*/*/{INDEX}"))


def fixture_kinds(root: Path, version: str) -> list[str]:
    """Return the kinds that have a fixture index in one version of a family's fixtures folder, sorted."""
    return sorted(index.parent.name for index in (root / version).glob(f"*/{INDEX}"))


def load_fixture_cases(
    root: Path, family: str, version: str, kind: str
) -> tuple[list[FixtureCase], list[Finding]]:
    """Load one kind's fixture index from a family's fixtures folder; return its cases and the index's problems.

    ``root`` holds one folder per version: an installed `FixtureDistribution`'s ``root``, or a folder laid out
    the same way. The problems name the index relative to the folder above ``root``.
    """
    index = root / version / kind / INDEX
    return load_index(index, index.relative_to(root.parent).as_posix(), family=family)


def _checked_index(index: Path, display: str, validator: Any) -> tuple[Document | None, list[Finding]]:
    """Read an index file and hold it to its meta-schema; return it (None if broken) and its problems."""
    try:
        document = load_path(index, display)
    except DocumentLoadError as error:
        return None, list(error.findings)
    problems = meta_problems(validator, document, display)
    return (None if problems else document), problems


def load_index(
    index: Path, display: str, *, family: str | None = None
) -> tuple[list[FixtureCase], list[Finding]]:
    """Load one index; return its cases and the problems of the index itself.

    The family is the name of the folder above the version's unless given (an installed one is ``data``).
    """
    kind_dir = index.parent
    version, kind = kind_dir.parent.name, kind_dir.name
    family = family or kind_dir.parent.parent.name
    document, problems = _checked_index(index, display, _meta_validator())
    if document is None:
        return [], problems
    data = document.data
    if data["kind"] != kind:
        problems.append(
            Finding(
                display,
                *document.locate(("kind",)),
                "/kind",
                "fixtures/index-kind",
                f"says kind {data['kind']!r} but sits in the folder of {kind!r}",
                f"write kind: {kind}",
            )
        )
    cases = []
    listed = set()
    for number, entry in enumerate(data["cases"]):
        where = document.locate(("cases", number, "file"))
        folder = "valid" if entry["valid"] else "invalid"
        if not entry["file"].startswith(folder + "/"):
            problems.append(
                Finding(
                    display,
                    *where,
                    f"/cases/{number}/file",
                    "fixtures/index-folder",
                    f"{entry['file']} is listed as {folder} but is not in {folder}/",
                    f"move it to {folder}/",
                )
            )
        if entry["file"] in listed:
            problems.append(
                Finding(
                    display,
                    *where,
                    f"/cases/{number}/file",
                    "fixtures/index-duplicate",
                    f"{entry['file']} is listed twice",
                    "list each fixture once",
                )
            )
        listed.add(entry["file"])
        if not (kind_dir / entry["file"]).is_file():
            problems.append(
                Finding(
                    display,
                    *where,
                    f"/cases/{number}/file",
                    "fixtures/missing-file",
                    f"{entry['file']} does not exist",
                    "add the fixture or remove the case",
                )
            )
            continue
        cases.append(
            FixtureCase(
                family,
                version,
                kind,
                kind_dir / entry["file"],
                entry["description"],
                entry["valid"],
                _expected(entry),
            )
        )
    for orphan in sorted(p for p in kind_dir.glob("*/*") if p.is_file()):
        relative = orphan.relative_to(kind_dir).as_posix()
        if relative not in listed:
            problems.append(
                Finding(
                    display,
                    0,
                    0,
                    "",
                    "fixtures/unlisted-file",
                    f"{relative} is not listed in the index",
                    "add a case for it, or delete it",
                )
            )
    return cases, problems


def load_cases(root: Path, relative_to: Path) -> tuple[list[FixtureCase], list[Finding]]:
    """Load every index below a fixtures folder."""
    return _load_all(indexes(root), relative_to, load_index)


def _load_all(
    found: Iterable[Path], relative_to: Path, load: Callable[[Path, str], tuple[list[_C], list[Finding]]]
) -> tuple[list[_C], list[Finding]]:
    """Load each index with ``load``, named relative to ``relative_to``; return all cases and all problems."""
    cases: list[_C] = []
    problems: list[Finding] = []
    for index in found:
        loaded, wrong = load(index, index.relative_to(relative_to).as_posix())
        cases.extend(loaded)
        problems.extend(wrong)
    return cases, problems


def actual_errors(case: FixtureCase, runner: Runner, display: str) -> list[Finding]:
    """Validate a case's document against its family, kind and version; return what was found."""
    ref = SchemaRef(case.family, case.kind, case.version)
    return list(runner.validate_file(case.path, ref, display).findings)


def verdict_problems(case: FixtureCase, found: list[Finding], display: str) -> list[Finding]:
    """Return why the findings do not match the case's stated verdict (nothing when they do)."""
    actual = {(f.pointer, f.rule, f.severity): f for f in found}
    return _mismatches(case.valid, case.expected, actual, display)


def _mismatches(
    valid: bool,  # noqa: FBT001  # the case's verdict, passed through
    expected: frozenset[tuple[str, str, Severity]],
    actual: dict[tuple[str, str, Severity], Finding],
    display: str,
) -> list[Finding]:
    """Compare expected findings with actual ones (keyed alike); ``display`` names what a missing one is in."""
    if valid and any(key not in expected and key[2] is Severity.ERROR for key in actual):
        first = next(f for key, f in actual.items() if key not in expected and key[2] is Severity.ERROR)
        return [
            Finding(
                first.file,
                first.line,
                first.column,
                first.pointer,
                "fixtures/unexpected-error",
                f"valid fixture is rejected: [{first.rule}] {first.message}",
                "fix the fixture, or the schema if the fixture is right",
            )
        ]
    shown = _list(actual)
    problems = [
        Finding(
            display,
            0,
            0,
            pointer,
            f"fixtures/missing-{severity}",
            f"fixture was expected to give {_a(severity)} [{rule}] at {pointer or '/'}, but did not "
            f"(found: {shown})",
            "make the fixture break the rule it names, or fix the expectation",
        )
        for pointer, rule, severity in sorted(expected - set(actual))
    ]
    problems.extend(
        Finding(
            f.file,
            f.line,
            f.column,
            f.pointer,
            f"fixtures/unexpected-{f.severity}",
            f"fixture gives {_a(f.severity)} it does not state: [{f.rule}] {f.message}",
            f"list it in the case's {f.severity}s, or make the fixture break only the rule it names",
        )
        for key, f in actual.items()
        if key not in expected
    )
    return problems


def _a(severity: Severity) -> str:
    return "an error" if severity is Severity.ERROR else "a warning"


def _list(found: dict[tuple[str, str, Severity], Finding]) -> str:
    return ", ".join(f"{s} [{r}] at {p or '/'}" for p, r, s in sorted(found)) or "nothing"


def sets_index(root: Path, family: str, version: str) -> Path:
    """Return the path of a version's sets index (which may not exist)."""
    return root / family / version / SETS / SETS_INDEX


def set_indexes(root: Path) -> Iterator[Path]:
    """Yield every sets index below a fixtures folder (``<family>/<version>/sets/sets.yaml``)."""
    yield from sorted(root.glob(f"*/*/{SETS}/{SETS_INDEX}"))


def load_sets(root: Path, relative_to: Path) -> tuple[list[SetCase], list[Finding]]:
    """Load every sets index below a fixtures folder; return its set cases and the problems of the indexes."""
    return _load_all(set_indexes(root), relative_to, load_set_index)


def load_fixture_sets(root: Path, family: str, version: str) -> tuple[list[SetCase], list[Finding]]:
    """Load one version's sets index from a family's fixtures folder; return its set cases and the index's problems.

    ``root`` is laid out as for `load_fixture_cases`. A version without a sets index has no sets (and no problem).
    """
    index = root / version / SETS / SETS_INDEX
    if not index.is_file():
        return [], []
    return load_set_index(index, index.relative_to(root.parent).as_posix(), family=family)


def load_set_index(
    index: Path, display: str, *, family: str | None = None
) -> tuple[list[SetCase], list[Finding]]:
    """Load one sets index; return its set cases and the problems of the index itself.

    The family is the name of the folder above the version's unless given (an installed one is ``data``).
    """
    family, version = family or index.parent.parent.parent.name, index.parent.parent.name
    document, problems = _checked_index(index, display, _sets_validator())
    if document is None:
        return [], problems
    cases = []
    listed = set()
    for number, entry in enumerate(document.data["sets"]):
        folder = index.parent / entry["folder"]
        listed.add(entry["folder"])
        if not folder.is_dir():
            problems.append(
                Finding(
                    display,
                    *document.locate(("sets", number, "folder")),
                    f"/sets/{number}/folder",
                    "fixtures/missing-file",
                    f"{entry['folder']} does not exist",
                    "add the folder or remove the set",
                )
            )
            continue
        expected = _expected(entry, "file")
        cases.append(SetCase(family, version, folder, entry["description"], entry["valid"], expected))
    problems.extend(
        Finding(
            display,
            0,
            0,
            "",
            "fixtures/unlisted-file",
            f"{orphan.relative_to(index.parent).as_posix()} is not listed in the index",
            "add a set for it, or delete it",
        )
        for orphan in sorted(index.parent.glob("*/*"))
        if orphan.is_dir() and orphan.relative_to(index.parent).as_posix() not in listed
    )
    return cases, problems


def set_problems(case: SetCase, runner: Runner, relative_to: Path) -> list[Finding]:
    """Validate a set's documents together; return why the findings do not match its stated verdict."""
    report = runner.run(expand([case.folder.as_posix()])).relative_to(relative_to)
    return set_verdict_problems(case, report.results, case.folder.relative_to(relative_to).as_posix())


def set_verdict_problems(case: SetCase, results: Iterable[FileResult], display: str) -> list[Finding]:
    """Return why the findings of a set's documents, validated together, do not match its stated verdict."""
    keyed = {
        (f"{PurePath(result.file).name}:{f.pointer}", f.rule, f.severity): f
        for result in results
        for f in result.findings
    }
    expected = frozenset(
        (f"{name}:{pointer}", rule, severity) for name, pointer, rule, severity in case.expected
    )
    return _mismatches(case.valid, expected, keyed, display)


def models_accept(model: "type[BaseModel]", document: Document) -> tuple[bool, str]:
    """Return whether the kind's model accepts a fixture document, and the model's first complaint."""
    from pydantic import ValidationError  # noqa: PLC0415  # the author extra's; fixtures load without it

    try:
        model.model_validate(document.data)
    except ValidationError as error:
        first = error.errors()[0]
        where = "/" + "/".join(str(p) for p in first["loc"]) if first["loc"] else "/"
        return False, f"at {where}: {first['msg']}"
    return True, ""


def models_should_accept(case: FixtureCase) -> bool:
    """Return whether a kind's model must accept a fixture: valid, or broken only by rules the models leave to the toolkit."""
    enforced = models_enforced()
    errors = {rule for _, rule, severity in case.expected if severity is Severity.ERROR}
    return all("/" in rule and rule not in enforced for rule in errors)  # policy ids are family/name
