"""SARIF 2.1.0: one run whose driver describes the rules found, one result per problem."""

import json
from pathlib import PurePosixPath
from typing import Any, Final
from urllib.parse import quote

from treaty._reporting.outcome import DOCS, Outcome, Problem, Rule
from treaty._version import __version__

SCHEMA: Final = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT: Final = "%SRCROOT%"
"""The base of relative file names: the working directory of the run (a CI checkout's root)."""
FINGERPRINT: Final = "treaty/v1"
"""The key of a problem's stable fingerprint among ``partialFingerprints``."""


def render(outcome: Outcome) -> str:
    """Return the outcome as a SARIF 2.1.0 log (one JSON line, written by the C encoder).

    Results come in the command's order, rules sorted by id, and nothing depends on the clock or the
    machine: the same run gives the same bytes.
    """
    problems = list(outcome.problems())
    rules = _rules(outcome, problems)
    index = {rule.id: n for n, rule in enumerate(rules)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "treaty",
                "version": __version__,
                "informationUri": f"{DOCS}/cli.md",
                "rules": [_rule(rule) for rule in rules],
            }
        },
        # A category per command, so code scanning keeps the alerts of validate, check and diff apart.
        "automationDetails": {"id": f"treaty-{outcome.command}/"},
        "columnKind": "unicodeCodePoints",
        "results": [_result(problem, index[problem.rule]) for problem in problems],
    }
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, ensure_ascii=False, separators=(",", ":")) + "\n"


def _rules(outcome: Outcome, problems: list[Problem]) -> list[Rule]:
    """Return a rule for each rule id the problems use, sorted: described ones as described."""
    described = {rule.id: rule for rule in outcome.rules}
    hints: dict[str, str] = {}
    for problem in problems:
        if problem.hint:
            hints.setdefault(problem.rule, problem.hint)
    rules = []
    for rule_id in sorted({problem.rule for problem in problems}):
        rule = described.get(rule_id) or Rule(rule_id, rule_id, help_uri=f"{DOCS}/cli.md#rule-ids")
        rules.append(
            rule if rule.help else Rule(rule.id, rule.description, hints.get(rule_id, ""), rule.help_uri)
        )
    return rules


def _rule(rule: Rule) -> dict[str, Any]:
    data: dict[str, Any] = {"id": rule.id, "shortDescription": {"text": rule.description}}
    if rule.help:
        data["help"] = {"text": rule.help}
    if rule.help_uri:
        data["helpUri"] = rule.help_uri
    return data


def _result(problem: Problem, rule_index: int) -> dict[str, Any]:
    text = problem.message + (f"\nhint: {problem.hint}" if problem.hint else "")
    result: dict[str, Any] = {
        "ruleId": problem.rule,
        "ruleIndex": rule_index,
        "level": problem.level,
        "message": {"text": text},
    }
    location: dict[str, Any] = {}
    if artifact := _artifact(problem.file):
        physical: dict[str, Any] = {"artifactLocation": artifact}
        if problem.line:
            region = {"startLine": problem.line}
            if problem.column:
                region["startColumn"] = problem.column
            physical["region"] = region
        location["physicalLocation"] = physical
    if problem.where:
        location["logicalLocations"] = [{"fullyQualifiedName": problem.where}]
    if location:
        result["locations"] = [location]
    if problem.fingerprint:
        result["partialFingerprints"] = {FINGERPRINT: problem.fingerprint}
    return result


def _artifact(file: str) -> dict[str, str] | None:
    """Return the artifact location of a file name: relative to `SRCROOT`, or an absolute file URI."""
    if not file or file.startswith("<"):  # no file, or standard input (``<stdin>``)
        return None
    path = PurePosixPath(file)
    if path.is_absolute():
        return {"uri": path.as_uri()}
    return {"uri": quote(file), "uriBaseId": SRCROOT}
