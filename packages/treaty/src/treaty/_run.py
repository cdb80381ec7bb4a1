"""Validation runs: expand inputs into files, load each strictly, select its schema, validate, apply policy."""

import glob
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from treaty._findings import Finding, Severity, pointer_of
from treaty._loader import Document, DocumentLoadError, load_bytes, load_path
from treaty._policies import rules_for
from treaty._select import SchemaRef, Selection, Selector
from treaty._validator import Validator
from treaty.exceptions import UsageError

DOCUMENT_SUFFIXES: Final = frozenset({".yaml", ".yml", ".json"})
STDIN: Final = "-"


@dataclass(frozen=True)
class FileResult:
    """The verdict on one file."""

    file: str
    schema: str
    findings: tuple[Finding, ...]

    def failed(self, *, strict: bool) -> bool:
        """Whether this file fails the run (warnings count only when ``strict``)."""
        return any(f.severity is Severity.ERROR or strict for f in self.findings)


@dataclass
class Report:
    """The verdicts of one run, in input order."""

    results: list[FileResult] = field(default_factory=list)
    strict: bool = False

    @property
    def invalid(self) -> list[FileResult]:
        """Return the results that fail the run."""
        return [r for r in self.results if r.failed(strict=self.strict)]

    def count(self, severity: Severity) -> int:
        """Return how many findings of a severity the run has."""
        return sum(1 for r in self.results for f in r.findings if f.severity is severity)

    @property
    def exit_code(self) -> int:
        """Return 0 when every file passes, else 1."""
        return 1 if self.invalid else 0


def expand(inputs: Iterable[str]) -> Iterator[Path | None]:
    """Yield the files named by paths, directories (searched recursively) and globs; None stands for stdin."""
    for item in inputs:
        if item == STDIN:
            yield None
            continue
        path = Path(item)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.suffix.lower() in DOCUMENT_SUFFIXES and p.is_file()
            )
            if not found:
                raise UsageError(
                    f"{item}: the directory holds no .yaml, .yml or .json files", hint="check the path"
                )
            yield from found
        elif path.exists() or path.is_symlink():
            yield path
        else:
            matches = sorted(glob.glob(item, recursive=True))  # noqa: PTH207  # patterns come from the user
            if not matches:
                raise UsageError(f"{item}: no such file, directory or matching glob", hint="check the path")
            yield from (Path(m) for m in matches if Path(m).suffix.lower() in DOCUMENT_SUFFIXES)


class Runner:
    """Validates files one by one; the verdict of each is independent of the others."""

    def __init__(self, selector: Selector, validator: Validator) -> None:
        """Validate with ``validator``, choosing schemas with ``selector``."""
        self.selector = selector
        self.validator = validator

    def run(self, inputs: Iterable[str], schema: SchemaRef | None = None, *, strict: bool = False) -> Report:
        """Validate every file the inputs name."""
        report = Report(strict=strict)
        for path in expand(inputs):
            report.results.append(self.validate_file(path, schema))
        return report

    def validate_file(
        self, path: Path | None, schema: SchemaRef | None, display: str | None = None
    ) -> FileResult:
        """Validate one file (None: standard input), naming it ``display`` in findings if given."""
        name = display or ("<stdin>" if path is None else path.as_posix())
        try:
            document = load_bytes(sys.stdin.buffer.read(), name) if path is None else load_path(path, name)
        except DocumentLoadError as error:
            return FileResult(name, "", error.findings)
        return self.validate_document(document, path, schema)

    def validate_document(
        self, document: Document, path: Path | None, schema: SchemaRef | None
    ) -> FileResult:
        """Validate a loaded document: select its schema, check it, then apply the kind's policy rules."""
        selection = self.selector.select(document, path, schema)
        if isinstance(selection, Finding):
            return FileResult(document.source, "", (selection,))
        return FileResult(document.source, selection.label, tuple(self.check(document, selection)))

    def check(self, document: Document, selection: Selection) -> list[Finding]:
        """Return the schema findings of a document, or its policy findings when the schema accepts it."""
        findings = self.validator.validate(document, selection.family, selection.version, selection.kind)
        if findings:
            return findings
        for rule in rules_for(selection.family, selection.kind):
            for path, message, hint in rule.check(document.data):
                line, column = document.locate(path)
                findings.append(
                    Finding(
                        document.source,
                        line,
                        column,
                        pointer_of(path),
                        rule.id,
                        message,
                        hint,
                        rule.severity,
                        selection.label,
                    ),
                )
        return sorted(findings, key=lambda f: (f.line, f.column, f.pointer, f.rule))
