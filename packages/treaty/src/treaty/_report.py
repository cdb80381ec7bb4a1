"""Rendering of validation reports: text for people, JSON for machines."""

import json
from typing import Any

from treaty._findings import Severity
from treaty._run import Report


def text(report: Report, *, verbose: bool = False) -> str:
    """Return the report as compiler-style lines (``file:line:col: severity [rule] pointer: message``)."""
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
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def summary(report: Report) -> str:
    """Return the one-line summary of a run."""
    files = len(report.results)
    invalid = len(report.invalid)
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    verdict = "all valid" if not invalid else f"{invalid} invalid"
    return (
        f"{files} file{'s' if files != 1 else ''} checked: {verdict} "
        f"({errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''})"
    )


def as_json(report: Report) -> str:
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
        "summary": {
            "files": len(report.results),
            "invalid": len(report.invalid),
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
        },
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
