"""Rendering of validation reports: text for people, JSON for machines, and the CI formats (`treaty._reporting`)."""

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from treaty import _reporting as reporting
from treaty._documents.findings import Finding, Severity
from treaty._reporting.outcome import Case, Outcome, Problem, Suite

if TYPE_CHECKING:
    from collections.abc import Callable

    from treaty._validation.run import Report

MAX_EXAMPLES: Final = 3
"""How many example locations (one per file) a group names."""

MAX_GROUPS_SHOWN: Final = 20
"""How many groups the text report lists; the JSON report lists them all."""

_INDEX: Final = re.compile(r"0|[1-9][0-9]*")


@dataclass(frozen=True)
class Group:
    """The findings of one run that share a rule and a pointer pattern (array indices as ``*``)."""

    pointer: str
    """The pointer pattern, e.g. ``/tickets/*/id``; ``""`` is the document itself."""
    rule: str
    severity: Severity
    """``error`` when any finding of the group is an error, else ``warning``."""
    findings: int
    files: int
    examples: tuple[tuple[str, int], ...]
    """Up to `MAX_EXAMPLES` (file, line) pairs: the first finding of each of the first files."""

    def as_json(self) -> dict[str, Any]:
        """Return the group as a JSON-ready mapping (the ``groups`` entries of ``--format json``)."""
        return {
            "pointer": self.pointer,
            "rule": self.rule,
            "severity": str(self.severity),
            "findings": self.findings,
            "files": self.files,
            "examples": [{"file": file, "line": line} for file, line in self.examples],
        }

    def describe(self) -> str:
        """Return the group as one line: ``severity [rule] at pattern: N findings in M files (examples)``."""
        at = f" at {self.pointer}" if self.pointer else ""
        shown = [f"{file}:{line}" if line else file for file, line in self.examples]
        if self.files > len(shown):
            shown.append("...")
        return (
            f"{self.severity} [{self.rule}]{at}: {plural(self.findings, 'finding')} "
            f"in {plural(self.files, 'file')} ({', '.join(shown)})"
        )


def pointer_pattern(pointer: str) -> str:
    """Return a JSON pointer with every array index replaced by ``*`` (``/tickets/3/id`` -> ``/tickets/*/id``).

    A pointer does not say whether a segment is an index or a mapping key, so a key written as a
    canonical non-negative integer (``"7"``) is starred too; contract keys are names, so this is rare.
    """
    if not pointer:
        return pointer
    return "/".join("*" if _INDEX.fullmatch(part) else part for part in pointer.split("/"))


def groups(report: "Report") -> list[Group]:
    """Return the run's findings grouped by (pointer pattern, rule), most findings first.

    Ties keep the order in which the groups first appear in the report, so the output is deterministic.
    """
    found: dict[tuple[str, str], list[Finding]] = {}
    for result in report.results:
        for finding in result.findings:
            found.setdefault((pointer_pattern(finding.pointer), finding.rule), []).append(finding)
    out: list[Group] = []
    for (pattern, rule), members in found.items():
        first_in_file: dict[str, int] = {}
        for finding in members:
            first_in_file.setdefault(finding.file, finding.line)
        severity = Severity.ERROR if any(f.severity is Severity.ERROR for f in members) else Severity.WARNING
        examples = tuple(list(first_in_file.items())[:MAX_EXAMPLES])
        out.append(Group(pattern, rule, severity, len(members), len(first_in_file), examples))
    return sorted(out, key=lambda group: -group.findings)


def text(report: "Report", *, verbose: bool = False) -> str:
    """Return the report as compiler-style lines (``file:line:col: severity [rule] pointer: message``).

    When findings fall in more than one file, the grouped summary (`groups`) comes before the last line,
    so a run over many files shows which mistake is common before listing each instance.
    """
    lines: list[str] = []
    for result in report.results:
        if not result.findings:
            if verbose:
                lines.append(f"ok {result.file} ({result.schema})")
            continue
        for f in result.findings:
            at = f" at {f.pointer}" if f.pointer else ""
            lines.append(f"{f.location()}: {f.severity} [{f.rule}]{at}: {f.message}")
            if f.hint:
                lines.append(f"    hint: {f.hint}")
    if sum(1 for result in report.results if result.findings) > 1:
        lines.extend(_grouped(groups(report)))
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def _grouped(found: list[Group]) -> list[str]:
    lines = ["", "findings by pointer and rule, most frequent first:"]
    lines.extend(f"  {group.describe()}" for group in found[:MAX_GROUPS_SHOWN])
    if len(found) > MAX_GROUPS_SHOWN:
        hidden = len(found) - MAX_GROUPS_SHOWN
        lines.append(f"  ... and {plural(hidden, 'more group')} (--format json lists every group)")
    return lines


def summary(report: "Report") -> str:
    """Return the one-line summary of a run."""
    files = len(report.results)
    invalid = len(report.invalid)
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    verdict = "all valid" if not invalid else f"{invalid} invalid"
    return (
        f"{plural(files, 'file')} checked: {verdict} "
        f"({plural(errors, 'error')}, {plural(warnings, 'warning')})"
    )


def as_json(report: "Report") -> str:
    """Return the report as a JSON document (stable keys; the shape is documented in the CLI reference)."""
    data: dict[str, Any] = {
        "files": [
            {
                "file": r.file,
                "schema": r.schema,
                "valid": not r.failed(strict=report.strict),
                "findings": [f.as_json() for f in r.findings],
            }
            for r in report.results
        ],
        "groups": [group.as_json() for group in groups(report)],
        "summary": {
            "files": len(report.results),
            "invalid": len(report.invalid),
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
        },
    }
    return _lines(data)


def _lines(data: dict[str, Any]) -> str:
    """Return a JSON object with one entry of each top-level list (a file, a group) per line.

    Easy to read and to diff line by line, and written by the C encoder: ``indent`` would make ``json`` use
    its pure-Python encoder, which takes longer than a warm run's whole validation of 10,000 files.
    """
    compact = json.JSONEncoder(ensure_ascii=False).encode
    parts = []
    for key, value in data.items():
        if isinstance(value, list) and value:
            items = ",\n    ".join(map(compact, value))
            parts.append(f"  {compact(key)}: [\n    {items}\n  ]")
        else:
            parts.append(f"  {compact(key)}: {compact(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def outcome(report: "Report") -> Outcome:
    """Return the run as the neutral outcome the CI formats render: one case per file, one suite."""
    cases = tuple(
        Case(r.file, "treaty.validate", tuple(Problem.of(f, strict=report.strict) for f in r.findings))
        for r in report.results
    )
    return Outcome("validate", (Suite("treaty validate", cases),), summary=summary(report))


def github(report: "Report") -> str:
    """Return the report as GitHub Actions workflow commands (one annotation per finding), then the summary."""
    return reporting.render(outcome(report), "github")


def render(report: "Report", form: str, *, verbose: bool = False) -> str:
    """Return the report as ``text``, ``json``, or a CI format (`treaty._reporting.FORMATS`).

    ``verbose`` lists the valid files; only text has them.
    """
    if form in reporting.FORMATS:
        return reporting.render(outcome(report), form)
    renderers: dict[str, Callable[[Report], str]] = {
        "text": lambda r: text(r, verbose=verbose),
        "json": as_json,
    }
    return renderers[form](report)


def plural(count: int, noun: str) -> str:
    """Return ``count`` and ``noun``, with an ``s`` unless the count is one (``1 file``, ``2 files``)."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
