"""Rendering: the grouped summary (text and JSON), and the CI formats (GitHub, SARIF, JUnit) of the three commands."""

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from treaty._check.gates import Gate
from treaty._cli import contracts
from treaty._documents.findings import Finding, Severity
from treaty._reporting import render
from treaty._reporting.outcome import Case, Outcome, Problem, Suite
from treaty._validation.report import MAX_GROUPS_SHOWN, as_json, github, groups, pointer_pattern, text
from treaty._validation.run import FileResult, Report

from .conftest import ROOT, TICKET, Result

FORMATS = Path(__file__).parent / "ci_formats"
"""The SARIF 2.1.0 JSON Schema and the JUnit XSD, vendored (their sources and licences: README.md there)."""

Cli = Callable[..., Result]


def _finding(file: str, line: int, pointer: str, rule: str = "required", **extra: object) -> Finding:
    return Finding(file, line, 3, pointer, rule, f"{rule} failed", "fix it", **extra)  # type: ignore[arg-type]


def _report(*files: tuple[str, list[Finding]], strict: bool = False) -> Report:
    return Report([FileResult(name, "f/k@1.0.0", tuple(found)) for name, found in files], strict=strict)


@pytest.mark.parametrize(
    ("pointer", "pattern"),
    [
        ("", ""),
        ("/id", "/id"),
        ("/tickets/3/id", "/tickets/*/id"),
        ("/a/0/b/12/c", "/a/*/b/*/c"),
        ("/a/01", "/a/01"),  # not a canonical index: a key
        ("/a/-1", "/a/-1"),
        ("/a/x~1y/4", "/a/x~1y/*"),
    ],
)
def test_pointer_pattern_stars_array_indices(pointer: str, pattern: str) -> None:
    assert pointer_pattern(pointer) == pattern


def test_groups_count_findings_and_files_most_frequent_first() -> None:
    report = _report(
        ("a.yaml", [_finding("a.yaml", 2, "/id", "pattern"), _finding("a.yaml", 5, "/tickets/0/id")]),
        ("b.yaml", [_finding("b.yaml", 4, "/tickets/1/id"), _finding("b.yaml", 9, "/tickets/7/id")]),
        ("c.yaml", []),
        ("d.yaml", [_finding("d.yaml", 1, "/tickets/0/id")]),
        ("e.yaml", [_finding("e.yaml", 8, "/tickets/2/id")]),
    )
    first, second = groups(report)
    assert (first.pointer, first.rule, first.findings, first.files) == ("/tickets/*/id", "required", 5, 4)
    assert first.examples == (("a.yaml", 5), ("b.yaml", 4), ("d.yaml", 1))  # the first of each, at most 3
    assert first.describe() == (
        "error [required] at /tickets/*/id: 5 findings in 4 files (a.yaml:5, b.yaml:4, d.yaml:1, ...)"
    )
    assert (second.pointer, second.rule, second.findings, second.files) == ("/id", "pattern", 1, 1)
    assert second.describe() == "error [pattern] at /id: 1 finding in 1 file (a.yaml:2)"


def test_a_group_is_a_warning_only_when_every_finding_is() -> None:
    report = _report(
        ("a.yaml", [_finding("a.yaml", 1, "/x", "r", severity=Severity.WARNING)]),
        ("b.yaml", [_finding("b.yaml", 1, "/y", "s", severity=Severity.WARNING)]),
        ("c.yaml", [_finding("c.yaml", 0, "/y", "s")]),
    )
    by_rule = {g.rule: g for g in groups(report)}
    assert by_rule["r"].severity is Severity.WARNING
    assert by_rule["s"].severity is Severity.ERROR
    assert by_rule["s"].describe().endswith("(b.yaml:1, c.yaml)")  # no line: the file alone


def test_text_report_groups_findings_of_several_files_before_the_summary_line() -> None:
    report = _report(
        ("a.yaml", [_finding("a.yaml", 5, "/tickets/0/id")]),
        ("b.yaml", [_finding("b.yaml", 4, "/tickets/1/id"), _finding("b.yaml", 0, "", "yaml-syntax")]),
    )
    lines = text(report).splitlines()
    assert lines[-5:] == [
        "",
        "findings by pointer and rule, most frequent first:",
        "  error [required] at /tickets/*/id: 2 findings in 2 files (a.yaml:5, b.yaml:4)",
        "  error [yaml-syntax]: 1 finding in 1 file (b.yaml)",
        "2 files checked: 2 invalid (3 errors, 0 warnings)",
    ]


def test_text_report_of_one_file_with_findings_has_no_groups() -> None:
    report = _report(
        ("a.yaml", [_finding("a.yaml", 5, "/tickets/0/id"), _finding("a.yaml", 6, "/tickets/1/id")]),
        ("b.yaml", []),
    )
    out = text(report)
    assert "by pointer and rule" not in out
    assert out.splitlines()[-1] == "2 files checked: 1 invalid (2 errors, 0 warnings)"


def test_text_report_lists_at_most_the_first_groups() -> None:
    count = MAX_GROUPS_SHOWN + 3
    report = _report(*((f"{n}.yaml", [_finding(f"{n}.yaml", 1, f"/k{n}")]) for n in range(count)))
    lines = text(report).splitlines()
    assert sum(1 for line in lines if line.startswith("  error [required]")) == MAX_GROUPS_SHOWN
    assert lines[-2] == "  ... and 3 more groups (--format json lists every group)"
    assert len(json.loads(as_json(report))["groups"]) == count


def test_json_groups_shape() -> None:
    report = _report(
        ("a.yaml", [_finding("a.yaml", 5, "/tickets/0/id")]),
        ("b.yaml", [_finding("b.yaml", 4, "/tickets/1/id")]),
    )
    assert json.loads(as_json(report))["groups"] == [
        {
            "pointer": "/tickets/*/id",
            "rule": "required",
            "severity": "error",
            "findings": 2,
            "files": 2,
            "examples": [{"file": "a.yaml", "line": 5}, {"file": "b.yaml", "line": 4}],
        }
    ]
    assert json.loads(as_json(_report(("a.yaml", []))))["groups"] == []


def test_github_annotations_escape_data_and_properties() -> None:
    hostile = Finding(
        "dir,x/a:b%.yaml",
        4,
        17,
        "/k",
        "yaml-ambiguous-bool",
        "100% 'no'\r\n::error::injected",
        "write true, or false",
    )
    warning = Finding("w.yaml", 2, 1, "", "cwom/x", "should", "", Severity.WARNING)
    unknown = Finding("big.yaml", 0, 0, "", "too-large", "is large", "split it")
    report = _report(("dir,x/a:b%.yaml", [hostile]), ("w.yaml", [warning]), ("big.yaml", [unknown]))
    assert github(report).splitlines() == [
        (
            "::error file=dir%2Cx/a%3Ab%25.yaml,line=4,col=17,title=treaty [yaml-ambiguous-bool]::"
            "at /k: 100%25 'no'%0D%0A::error::injected%0Ahint: write true, or false"
        ),
        "::warning file=w.yaml,line=2,col=1,title=treaty [cwom/x]::should",
        "::error file=big.yaml,title=treaty [too-large]::is large%0Ahint: split it",
        "3 files checked: 2 invalid (2 errors, 1 warning)",
    ]


def test_github_format_from_the_command_line(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "ok.yaml").write_text(TICKET)
    (tmp_path / "bad.yaml").write_text(TICKET.replace("is_seam_ticket: false", "is_seam_ticket: no"))
    result = cli("validate", "--format", "github", "ok.yaml", "bad.yaml", cwd=tmp_path)
    assert result.code == 1
    assert result.out.splitlines() == [
        (
            "::error file=bad.yaml,line=4,col=17,title=treaty [yaml-ambiguous-bool]::at /is_seam_ticket: "
            "'no' is a boolean in YAML 1.1 and a string in YAML 1.2%0Ahint: write true or false for a boolean, "
            'or "no" for a string'
        ),
        "2 files checked: 1 invalid (1 error, 0 warnings)",
    ]


def test_text_format_from_the_command_line_groups_a_folder(tmp_path: Path, cli: Cli) -> None:
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.yaml").write_text(
            TICKET.replace("interface_change: false", "interface_change: maybe")
        )
    result = cli("validate", str(tmp_path), cwd=tmp_path)
    assert result.code == 1
    tail = result.out.splitlines()[-3:]
    assert tail[0] == "findings by pointer and rule, most frequent first:"
    assert tail[1].startswith("  error [type] at /interface_change: 3 findings in 3 files (")
    assert tail[2] == "3 files checked: 3 invalid (3 errors, 0 warnings)"


# The CI formats of validate, check and diff: one small run of each command, rendered in each format.

OLD_SCHEMA = {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": False}
NEW_SCHEMA = {
    "type": "object",
    "properties": {"a": {"type": "string"}, "b": {"type": "integer"}},
    "required": ["a"],
    "additionalProperties": False,
}
"""A change that breaks readers (``a`` becomes required) and one that breaks only writers (``b`` is added)."""

RELEASED = "schemas/change_control/1.0.0/ticket_contract.schema.json"
GATES = (
    Gate(
        "freeze",
        "Are released versions untouched?",
        lambda ctx: iter(
            [ctx.problem("freeze", ctx.workspace.root / RELEASED, "was modified", "restore it", 3, 5)]
        ),
    ),
    Gate("naming", "Are the names right?", lambda _ctx: iter([])),
)
"""Two gates that answer at once (the real ones read the whole repository): one fails on a released file."""


def _validate(cli: Cli, folder: Path, form: str) -> Result:
    (folder / "ok.yaml").write_text(TICKET)
    (folder / "bad.yaml").write_text(TICKET.replace("is_seam_ticket: false", "is_seam_ticket: no"))
    return cli("validate", "--no-cache", "--format", form, "ok.yaml", "bad.yaml", cwd=folder)


def _check(cli: Cli, monkeypatch: pytest.MonkeyPatch, form: str) -> Result:
    monkeypatch.setattr(contracts, "GATES", GATES)
    return cli("check", "--format", form, cwd=ROOT)


def _diff(cli: Cli, folder: Path, form: str) -> Result:
    (folder / "old.json").write_text(json.dumps(OLD_SCHEMA))
    (folder / "new.json").write_text(json.dumps(NEW_SCHEMA))
    return cli("diff", "--format", form, "old.json", "new.json", cwd=folder)


COMMANDS = ["validate", "check", "diff"]


def _run(command: str, form: str, cli: Cli, request: pytest.FixtureRequest, tmp_path: Path) -> Result:
    if command == "check":
        return _check(cli, request.getfixturevalue("monkeypatch"), form)
    return {"validate": _validate, "diff": _diff}[command](cli, tmp_path, form)


@cache
def _sarif_validator() -> Any:
    schema = json.loads((FORMATS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)
    validator.check_schema(schema)
    return validator(schema, format_checker=validator.FORMAT_CHECKER)


def _sarif_errors(log: object) -> list[str]:
    return [error.message for error in _sarif_validator().iter_errors(log)]


@cache
def _junit_schema() -> Any:
    import xmlschema  # noqa: PLC0415  # the dev group's XSD validator, only for these tests

    return xmlschema.XMLSchema(FORMATS / "junit-10.xsd")


def _junit_errors(document: str) -> list[str]:
    return [str(error.reason) for error in _junit_schema().iter_errors(document)]


@pytest.mark.parametrize("command", COMMANDS)
def test_sarif_of_each_command_is_valid_sarif_2_1_0(
    command: str, cli: Cli, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    result = _run(command, "sarif", cli, request, tmp_path)
    assert result.code == 1, result.err
    log = json.loads(result.out)
    assert _sarif_errors(log) == []
    (run,) = log["runs"]
    assert run["tool"]["driver"]["name"] == "treaty"
    assert run["automationDetails"] == {"id": f"treaty-{command}/"}
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert rules == sorted(rules)
    assert {result["ruleId"] for result in run["results"]} == set(rules)
    for found in run["results"]:
        assert rules[found["ruleIndex"]] == found["ruleId"]
        artifact = found["locations"][0]["physicalLocation"]["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        assert not artifact["uri"].startswith("/")


def test_sarif_of_a_run_that_broke_the_schema_is_refused_by_the_schema() -> None:
    """The vendored schema is strict enough to catch what a renderer could get wrong."""
    outcome = Outcome(
        "validate", (Suite("s", (Case("a.yaml", "c", (Problem("r", "error", "m", file="a.yaml"),)),)),)
    )
    log = json.loads(render(outcome, "sarif"))
    assert _sarif_errors(log) == []
    result = log["runs"][0]["results"][0]
    result["level"] = "fatal"
    result["locations"][0]["physicalLocation"]["region"] = {"startLine": 0}
    del log["runs"][0]["tool"]["driver"]["name"]
    assert sorted(_sarif_errors(log)) == [
        "'fatal' is not one of ['none', 'note', 'warning', 'error']",
        "'name' is a required property",
        "0 is less than the minimum of 1",
    ]


def test_sarif_validate_locates_each_finding_and_describes_its_rule(cli: Cli, tmp_path: Path) -> None:
    log = json.loads(_validate(cli, tmp_path, "sarif").out)
    (run,) = log["runs"]
    assert run["tool"]["driver"]["rules"] == [
        {
            "id": "yaml-ambiguous-bool",
            "shortDescription": {"text": "yaml-ambiguous-bool"},
            "help": {"text": 'write true or false for a boolean, or "no" for a string'},
            "helpUri": "https://github.com/treaty-contracts/treaty/blob/main/docs/cli.md#rule-ids",
        }
    ]
    assert run["results"] == [
        {
            "ruleId": "yaml-ambiguous-bool",
            "ruleIndex": 0,
            "level": "error",
            "message": {
                "text": "'no' is a boolean in YAML 1.1 and a string in YAML 1.2\n"
                'hint: write true or false for a boolean, or "no" for a string'
            },
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": "bad.yaml", "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": 4, "startColumn": 17},
                    },
                    "logicalLocations": [{"fullyQualifiedName": "/is_seam_ticket"}],
                }
            ],
        }
    ]


def test_sarif_diff_results_carry_the_change_fingerprints(cli: Cli, tmp_path: Path) -> None:
    changes = {c["rule"]: c for c in json.loads(_diff(cli, tmp_path, "json").out)[0]["changes"]}
    log = json.loads(_diff(cli, tmp_path, "sarif").out)
    results = {r["ruleId"]: r for r in log["runs"][0]["results"]}
    assert set(results) == set(changes) == {"required-added", "property-added"}
    for rule, found in results.items():
        assert found["partialFingerprints"] == {"treaty/v1": changes[rule]["fingerprint"]}
        assert found["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "new.json"
    assert results["required-added"]["level"] == "error"  # breaks readers: backward mode fails on it
    assert results["property-added"]["level"] == "note"  # breaks only writers: kept in backward mode
    helps = {rule["id"]: rule["helpUri"] for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    assert helps["required-added"].endswith("/docs/diff-rules.md")


def test_sarif_names_files_outside_the_working_directory_by_absolute_uri() -> None:
    problems = (
        Problem("r", "error", "m", file="/abs/x y.yaml", line=2),
        Problem("r", "warning", "m", file="<stdin>", line=1, column=1),
        Problem("r", "note", "m", file="dir/a b.yaml"),
    )
    log = json.loads(render(Outcome("validate", (Suite("s", (Case("c", "c", problems),)),)), "sarif"))
    assert _sarif_errors(log) == []
    locations = [r.get("locations") for r in log["runs"][0]["results"]]
    assert locations == [
        [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": "file:///abs/x%20y.yaml"},
                    "region": {"startLine": 2},
                }
            }
        ],
        None,  # standard input is no artifact a CI system can show
        [{"physicalLocation": {"artifactLocation": {"uri": "dir/a%20b.yaml", "uriBaseId": "%SRCROOT%"}}}],
    ]


@pytest.mark.parametrize("command", COMMANDS)
def test_junit_of_each_command_is_valid_against_the_jenkins_xsd(
    command: str, cli: Cli, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    result = _run(command, "junit", cli, request, tmp_path)
    assert result.code == 1, result.err
    assert _junit_errors(result.out) == []
    assert result.out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="treaty ')
    assert "time=" not in result.out
    assert "timestamp=" not in result.out


def test_junit_xsd_refuses_a_broken_report() -> None:
    broken = '<testsuites><testsuite name="s" tests="1"><testcase/></testsuite></testsuites>'
    assert len(_junit_errors(broken)) >= 2  # no failures/errors counts, a testcase without a name


def test_junit_validate_a_case_per_file_a_failure_per_invalid_file(cli: Cli, tmp_path: Path) -> None:
    out = _validate(cli, tmp_path, "junit").out
    assert out.splitlines() == [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="treaty validate" tests="2" failures="1" errors="0">',
        '  <testsuite name="treaty validate" tests="2" failures="1" errors="0" skipped="0">',
        '    <testcase name="ok.yaml" classname="treaty.validate" />',
        '    <testcase name="bad.yaml" classname="treaty.validate">',
        (
            '      <failure type="yaml-ambiguous-bool" message="bad.yaml:4:17: error [yaml-ambiguous-bool] at '
            "/is_seam_ticket: 'no' is a boolean in YAML 1.1 and a string in YAML 1.2\">"
            "bad.yaml:4:17: error [yaml-ambiguous-bool] at /is_seam_ticket: 'no' is a boolean in YAML 1.1 "
            "and a string in YAML 1.2"
        ),
        '    hint: write true or false for a boolean, or "no" for a string</failure>',
        "    </testcase>",
        "  </testsuite>",
        "</testsuites>",
    ]


def test_junit_check_a_case_per_gate(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    out = _check(cli, monkeypatch, "junit").out
    assert '<testsuite name="treaty check" tests="2" failures="1" errors="0" skipped="0">' in out
    assert '<testcase name="naming" classname="treaty.check" />' in out
    assert f'<failure type="freeze" message="{RELEASED}:3:5: error [freeze]: was modified">' in out


def test_check_names_files_relative_to_the_working_directory(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(contracts, "GATES", GATES)
    below = cli("check", "--format", "github", cwd=ROOT / "schemas").out
    assert below.startswith("::error file=change_control/1.0.0/ticket_contract.schema.json,line=3,col=5,")


def test_junit_diff_a_suite_per_comparison_a_case_per_change(cli: Cli, tmp_path: Path) -> None:
    out = _diff(cli, tmp_path, "junit").out
    assert '<testsuite name="old.json -&gt; new.json" tests="2" failures="1" errors="0" skipped="0">' in out
    assert out.count("<failure ") == 1  # the change that breaks readers
    assert "<system-out>new.json: note [property-added] at /b: " in out  # kept in backward mode: listed


def test_junit_warnings_fail_a_case_only_under_strict_and_hostile_text_stays_xml() -> None:
    warning = Finding("w.yaml", 2, 1, "/x", "cwom/x", "bell \x07 and \x00 ]]> <end>", "", Severity.WARNING)
    lenient = _report(("w.yaml", [warning]))
    strict = _report(("w.yaml", [warning]), strict=True)
    from treaty._validation.report import render as render_report  # noqa: PLC0415

    relaxed, failed = render_report(lenient, "junit"), render_report(strict, "junit")
    assert _junit_errors(relaxed) == _junit_errors(failed) == []
    assert 'failures="0"' in relaxed
    assert (
        "<system-out>w.yaml:2:1: warning [cwom/x] at /x: bell \\x07 and \\x00 ]]&gt; &lt;end&gt;</system-out>"
        in relaxed
    )
    assert 'failures="1"' in failed
    assert '<failure type="cwom/x"' in failed


def test_github_annotations_of_check_and_diff(
    cli: Cli, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    checked = _run("check", "github", cli, request, tmp_path).out.splitlines()
    assert checked == [
        f"::error file={RELEASED},line=3,col=5,title=treaty [freeze]::was modified%0Ahint: restore it",
        "1/2 gates passed; failed: freeze",
    ]
    compared = _diff(cli, tmp_path, "github").out.splitlines()
    assert compared == [
        (
            "::error file=new.json,title=treaty [required-added]::at /a: /a is now required%0Ahint: this needs a major "
            "version bump"
        ),
        "::notice file=new.json,title=treaty [property-added]::at /b: property /b added to a closed object",
        "old.json -> new.json: 2 change(s); backward: INCOMPATIBLE; needs at least a major version bump",
    ]


@pytest.mark.parametrize("form", ["github", "sarif", "junit"])
def test_ci_formats_are_deterministic(form: str, cli: Cli, tmp_path: Path) -> None:
    first = _diff(cli, tmp_path, form).out
    assert _diff(cli, tmp_path, form).out == first
    validated = _validate(cli, tmp_path, form).out
    assert _validate(cli, tmp_path, form).out == validated


def test_check_end_to_end_has_no_ci_format(cli: Cli) -> None:
    result = cli("check", "--end-to-end", "--format", "sarif")
    assert result.code == 2
    assert "--end-to-end prints a table for people and has no sarif output" in result.err
