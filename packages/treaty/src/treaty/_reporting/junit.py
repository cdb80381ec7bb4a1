"""JUnit XML (the Jenkins/Ant dialect): a testsuite per suite, a testcase per case, a failure per failed case."""

import re
import xml.etree.ElementTree as ET
from typing import Final

from treaty._reporting.outcome import Case, Outcome, Problem

_NOT_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot carry, even escaped: a document's content may hold them."""


def render(outcome: Outcome) -> str:
    """Return the outcome as a ``<testsuites>`` document (no times or timestamps: the same run, the same bytes).

    A failed case has one ``<failure>``: its first failing problem as the message and rule as the type, and
    every problem of the case, one per line with its hint, as the text. Problems that do not fail their case
    (a warning without ``--strict``, a change that keeps compatibility) are listed in its ``<system-out>``.
    """
    command = f"treaty {outcome.command}"
    root = ET.Element("testsuites", _counts(command, [c for s in outcome.suites for c in s.cases]))
    for suite in outcome.suites:
        element = ET.SubElement(root, "testsuite", {**_counts(suite.name, suite.cases), "skipped": "0"})
        for case in suite.cases:
            _case(element, case)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _counts(name: str, cases: "list[Case] | tuple[Case, ...]") -> dict[str, str]:
    failures = sum(1 for case in cases if case.failed)
    return {"name": _xml(name), "tests": str(len(cases)), "failures": str(failures), "errors": "0"}


def _case(suite: ET.Element, case: Case) -> None:
    element = ET.SubElement(suite, "testcase", {"name": _xml(case.name), "classname": _xml(case.classname)})
    failing = [p for p in case.problems if p.fails]
    if failing:
        first = failing[0]
        more = f" (and {len(failing) - 1} more)" if len(failing) > 1 else ""
        failure = ET.SubElement(
            element, "failure", {"type": _xml(first.rule), "message": _xml(_located(first) + more)}
        )
        failure.text = _xml("\n".join(_line(p) for p in failing))
    passing = [p for p in case.problems if not p.fails]
    if passing:
        ET.SubElement(element, "system-out").text = _xml("\n".join(_line(p) for p in passing))


def _located(problem: Problem) -> str:
    """Return a problem as the text report writes it: ``file:line:col: level [rule] at WHERE: message``."""
    place = problem.file
    if place and problem.line:
        place += f":{problem.line}:{problem.column}" if problem.column else f":{problem.line}"
    prefix = f"{place}: " if place else ""
    at = f" at {problem.where}" if problem.where else ""
    return f"{prefix}{problem.level} [{problem.rule}]{at}: {problem.message}"


def _line(problem: Problem) -> str:
    return _located(problem) + (f"\n    hint: {problem.hint}" if problem.hint else "")


def _xml(text: str) -> str:
    return _NOT_XML.sub(lambda match: f"\\x{ord(match.group()):02x}", text)
