"""Validation runs: expand inputs into files, load each strictly, select its schema, validate, apply policy."""

import glob
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from treaty._collection import Member, cross_check
from treaty._findings import Finding, Severity, pointer_of
from treaty._loader import MAX_BYTES, Document, DocumentLoadError, load_bytes, load_path
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
            found = sorted(  # a dangling or looping link is kept, to be reported as unreadable
                p
                for p in path.rglob("*")
                if p.suffix.lower() in DOCUMENT_SUFFIXES
                and (p.is_file() or (p.is_symlink() and not p.exists()))
            )
            if not found and path.suffix.lower() in DOCUMENT_SUFFIXES:
                yield path  # named like a document: reported as a directory, not a document, with the rest
                continue
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
    """Validates files one by one, then applies the cross-document rules to the set they form."""

    def __init__(self, selector: Selector, validator: Validator) -> None:
        """Validate with ``validator``, choosing schemas with ``selector``."""
        self.selector = selector
        self.validator = validator

    def run(
        self,
        inputs: Iterable[str],
        schema: SchemaRef | None = None,
        *,
        strict: bool = False,
        isolated: bool = False,
    ) -> Report:
        """Validate every file the inputs name; unless ``isolated``, also as one set (cross-document rules)."""
        report = Report(strict=strict)
        members: list[Member] = []
        positions: list[int] = []
        for path in expand(inputs):
            result, member = self._validate(path, schema)
            if member is not None:
                members.append(member)
                positions.append(len(report.results))
            report.results.append(result)
        if not isolated and len(report.results) > 1:
            for number, extra in cross_check(members).items():
                result = report.results[positions[number]]
                findings = sorted((*result.findings, *extra), key=_in_document_order)
                report.results[positions[number]] = FileResult(result.file, result.schema, tuple(findings))
        return report

    def validate_file(
        self, path: Path | None, schema: SchemaRef | None, display: str | None = None
    ) -> FileResult:
        """Validate one file on its own (None: standard input), naming it ``display`` in findings if given."""
        return self._validate(path, schema, display)[0]

    def _validate(
        self, path: Path | None, schema: SchemaRef | None, display: str | None = None
    ) -> tuple[FileResult, Member | None]:
        name = display or ("<stdin>" if path is None else path.as_posix())
        try:
            document = (  # read one byte past the limit: enough to refuse a huge input without holding it
                load_bytes(sys.stdin.buffer.read(MAX_BYTES + 1), name)
                if path is None
                else load_path(path, name)
            )
        except DocumentLoadError as error:
            return FileResult(name, "", error.findings), None
        selection = self.selector.select(document, path, schema)
        if isinstance(selection, Finding):
            return FileResult(document.source, "", (selection,)), None
        findings = self.validator.validate(document, selection.family, selection.version, selection.kind)
        release = self.validator.catalog.release(selection.family, selection.version)
        if findings:
            present = Member(document, selection, release.schemas[selection.kind], valid=False)
            return FileResult(document.source, selection.label, tuple(findings)), (
                present if Member.names_object(document.data) else None
            )
        member = Member(document, selection, release.schemas[selection.kind])
        return FileResult(document.source, selection.label, tuple(self.policies(document, selection))), member

    def check(self, document: Document, selection: Selection) -> list[Finding]:
        """Return the schema findings of a document, or its policy findings when the schema accepts it."""
        findings = self.validator.validate(document, selection.family, selection.version, selection.kind)
        return findings or self.policies(document, selection)

    def policies(self, document: Document, selection: Selection) -> list[Finding]:
        """Return the findings of the kind's policy rules on a schema-valid document."""
        findings: list[Finding] = []
        for rule in rules_for(selection.family, selection.kind):
            if not rule.applies(document.data):
                continue
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
        return sorted(findings, key=_in_document_order)


def _in_document_order(finding: Finding) -> tuple[int, int, str, str]:
    return (finding.line, finding.column, finding.pointer, finding.rule)
