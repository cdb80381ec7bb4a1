"""Rendering at scale: the grouped summary (text and JSON) and GitHub Actions annotations."""

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from treaty._documents.findings import Finding, Severity
from treaty._validation.report import MAX_GROUPS_SHOWN, as_json, github, groups, pointer_pattern, text
from treaty._validation.run import FileResult, Report

from .conftest import TICKET, Result

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
