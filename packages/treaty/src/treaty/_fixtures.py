"""Compatibility fixtures: the per-kind ``cases.yaml`` indexes, and checking documents against them."""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Final

from treaty._findings import Finding
from treaty._loader import DocumentLoadError, load_path
from treaty._run import Runner
from treaty._select import SchemaRef
from treaty._validator import ContractValidator

INDEX: Final = "cases.yaml"


@dataclass(frozen=True)
class Case:
    """One fixture document and the verdict it must get."""

    family: str
    version: str
    kind: str
    path: Path
    description: str
    valid: bool
    errors: frozenset[tuple[str, str]]
    """Expected (pointer, keyword or rule id) pairs; empty for a valid case."""

    @property
    def name(self) -> str:
        """Return the readable id ``family/version/kind/file-stem``."""
        return f"{self.family}/{self.version}/{self.kind}/{self.path.stem}"


@cache
def _meta_validator() -> Any:
    schema = json.loads((files("treaty") / "_data" / "cases.schema.json").read_bytes())
    return ContractValidator(schema)


def indexes(root: Path) -> Iterator[Path]:
    """Yield every fixture index below a fixtures folder (``<family>/<version>/<kind>/cases.yaml``)."""
    yield from sorted(root.glob(f"*/*/*/{INDEX}"))


def load_index(index: Path, display: str) -> tuple[list[Case], list[Finding]]:
    """Load one index; return its cases and the problems of the index itself."""
    kind_dir = index.parent
    family, version, kind = kind_dir.parent.parent.name, kind_dir.parent.name, kind_dir.name
    try:
        document = load_path(index, display)
    except DocumentLoadError as error:
        return [], list(error.findings)
    problems = [
        Finding(
            display,
            *document.locate(tuple(e.absolute_path)),
            "/" + "/".join(map(str, e.absolute_path)),
            "fixtures/index-schema",
            e.message,
            "fix the index to match the fixture meta-schema",
        )
        for e in _meta_validator().iter_errors(document.data)
    ]
    if problems:
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
        expected = frozenset((e["pointer"], e.get("keyword") or e["rule"]) for e in entry.get("errors", []))
        cases.append(
            Case(
                family,
                version,
                kind,
                kind_dir / entry["file"],
                entry["description"],
                entry["valid"],
                expected,
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


def load_cases(root: Path, relative_to: Path) -> tuple[list[Case], list[Finding]]:
    """Load every index below a fixtures folder."""
    cases: list[Case] = []
    problems: list[Finding] = []
    for index in indexes(root):
        found, wrong = load_index(index, index.relative_to(relative_to).as_posix())
        cases.extend(found)
        problems.extend(wrong)
    return cases, problems


def actual_errors(case: Case, runner: Runner, display: str) -> list[Finding]:
    """Validate a case's document against its family, kind and version; return what was found."""
    ref = SchemaRef(case.family, case.kind, case.version)
    return list(runner.validate_file(case.path, ref, display).findings)


def verdict_problems(case: Case, found: list[Finding], display: str) -> list[Finding]:
    """Return why the findings do not match the case's stated verdict (nothing when they do)."""
    actual = {(f.pointer, f.rule) for f in found}
    if case.valid and actual:
        first = found[0]
        return [
            Finding(
                display,
                first.line,
                first.column,
                first.pointer,
                "fixtures/unexpected-error",
                f"valid fixture is rejected: [{first.rule}] {first.message}",
                "fix the fixture, or the schema if the fixture is right",
            )
        ]
    if case.valid:
        return []
    problems = []
    for pointer, rule in sorted(case.errors - actual):
        problems.append(
            Finding(
                display,
                0,
                0,
                pointer,
                "fixtures/missing-error",
                f"invalid fixture was expected to fail with [{rule}] at {pointer or '/'}, but did not "
                f"(found: {_list(actual)})",
                "make the fixture break the rule it names, or fix the expectation",
            )
        )
    problems.extend(
        Finding(
            display,
            f.line,
            f.column,
            f.pointer,
            "fixtures/unexpected-error",
            f"invalid fixture fails for a reason it does not state: [{f.rule}] {f.message}",
            "add the error to the case's errors, or make the fixture break only one rule",
        )
        for f in found
        if (f.pointer, f.rule) not in case.errors
    )
    return problems


def _list(pairs: set[tuple[str, str]]) -> str:
    return ", ".join(f"[{rule}] at {pointer or '/'}" for pointer, rule in sorted(pairs)) or "no error"
