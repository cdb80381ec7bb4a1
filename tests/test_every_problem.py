"""Every problem in one run: after a YAML- or JSON-level finding, the rest of the document is still validated.

The value a finding is about is unknown (`treaty._documents.unknown`): findings that may follow from it are
left out, every other schema and rule finding is reported, and the document stays invalid.
"""

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from treaty._documents.document import DocumentLoadError
from treaty._documents.loader import load_text
from treaty._documents.unknown import UNKNOWN, UnknownValueError, independent, poisoned, unreadable

from .conftest import ROOT, Result

Cli = Callable[..., Result]
TICKET = "change_control/ticket_contract@1.2.0"
PLANT = (ROOT / "fixtures" / "xtrl" / "0.2.0" / "plant_spec" / "valid" / "minimal.yaml").read_text()

FIVE_MISTAKES = """\
schema_version: "1.2.0"
ticket_id: OCC-7
sumary: Add the purity gate
is_seam_ticket: yes
interfaces_touched: [event]
emergency_bypass:
  enabled: false
  justification: 2025-01-01
"""
"""A new user's ticket: a misspelt key, `yes` for a boolean, an unquoted date, a wrong enum value, a missing key."""


def _found(cli: Cli, tmp_path: Path, name: str, text: str, schema: str) -> tuple[int, list[tuple[str, str]]]:
    (tmp_path / name).write_text(text)
    result = cli("validate", "--schema", schema, "--format", "json", name, cwd=tmp_path)
    findings = json.loads(result.out)["files"][0]["findings"]
    return result.code, [(f["rule"], f["pointer"]) for f in findings]


def test_the_five_mistakes_are_reported_in_one_run(cli: Cli, tmp_path: Path) -> None:
    code, found = _found(cli, tmp_path, "OCC-7.yaml", FIVE_MISTAKES, TICKET)
    assert code == 1
    assert sorted(found) == sorted(
        [
            ("required", ""),  # summary, misspelt
            ("required", ""),  # interface_change, missing
            ("additionalProperties", "/sumary"),
            ("yaml-ambiguous-bool", "/is_seam_ticket"),
            ("enum", "/interfaces_touched/0"),
            ("yaml-unquoted-date", "/emergency_bypass/justification"),
        ]
    )


def test_json_findings_leave_the_rest_of_the_document_validated(cli: Cli, tmp_path: Path) -> None:
    document = (
        '{"schema_version": "1.2.0", "ticket_id": "OCC-7", "summary": "x", "is_seam_ticket": tru, '
        '"interface_change": true, "interfaces_touched": ["event"], '
        '"emergency_bypass": {"enabled": false}, "emergency_bypass": {"enabled": false}}'
    )
    code, found = _found(cli, tmp_path, "OCC-7.json", document, TICKET)
    assert code == 1
    assert sorted(found) == [
        ("duplicate-key", "/emergency_bypass"),
        ("enum", "/interfaces_touched/0"),
        ("json-syntax", "/is_seam_ticket"),
    ]


def test_a_finding_that_follows_from_an_unknown_value_is_not_guessed(cli: Cli, tmp_path: Path) -> None:
    """`interfaces_touched` must be empty when interface_change is false: with `no`, nobody knows which it is."""
    text = FIVE_MISTAKES.replace("sumary", "summary").replace("is_seam_ticket: yes", "is_seam_ticket: false")
    text = text.replace("[event]", "[events]").replace("2025-01-01", "later")
    code, found = _found(cli, tmp_path, "a.yaml", text + "interface_change: no\n", TICKET)
    assert (code, found) == (1, [("yaml-ambiguous-bool", "/interface_change")])
    code, found = _found(cli, tmp_path, "b.yaml", text + "interface_change: false\n", TICKET)
    assert (code, found) == (1, [("maxItems", "/interfaces_touched")])  # known: the rule is judged


def test_a_rule_is_judged_unless_it_reads_an_unknown_value(cli: Cli, tmp_path: Path) -> None:
    misnamed = PLANT.replace('id: "T.RUN->RUN.retry"', 'id: "T.RUN->RUN.again"')
    elsewhere = misnamed.replace('version: "1"', "version: 012")  # no rule reads the version
    code, found = _found(cli, tmp_path, "a.yaml", elsewhere, "xtrl/plant_spec@0.2.0")
    assert code == 1
    assert sorted(found) == [
        ("xtrl/transition-consistent", "/transitions/0/id"),
        ("yaml-leading-zero", "/version"),
    ]
    read = misnamed.replace('"on": "retry"', '"on": 2025-01-01')  # the rule builds the id from "on"
    code, found = _found(cli, tmp_path, "b.yaml", read, "xtrl/plant_spec@0.2.0")
    assert (code, found) == (1, [("yaml-unquoted-date", "/transitions/0/on")])


def test_the_loader_keeps_what_it_read_and_names_what_it_could_not() -> None:
    with pytest.raises(DocumentLoadError) as caught:
        load_text("a: yes\nb: [1, 2025-01-01]\nc: x\nc: y\n? [k]\n: v\nd: z\n", "x.yaml")
    partial = caught.value.partial
    assert partial is not None
    assert partial.data == {"a": UNKNOWN, "b": [1, UNKNOWN], "c": UNKNOWN, "d": "z"}
    assert partial.unknown == {("a",), ("b", 1), ("c",)}
    assert partial.uncertain_keys == {()}  # the refused key [k]: which keys the mapping has is uncertain


def test_a_syntax_error_leaves_nothing_to_validate() -> None:
    with pytest.raises(DocumentLoadError) as caught:
        load_text("a: [1\n", "x.yaml")
    assert caught.value.partial is None


def test_poisoned_data_refuses_every_read_and_shares_the_rest() -> None:
    shared = {"deep": [1, 2]}
    data = poisoned({"a": {"b": 1, "c": shared}, "list": [0, 1]}, [("a", "b"), ("list", 1)])
    assert data["a"]["c"] is shared
    unknown = data["a"]["b"]
    reads = (hash, str, len, iter, bool, lambda v: v == 1, lambda v: v.startswith("x"), lambda v: v in [1, 2])
    for read in reads:
        with pytest.raises(UnknownValueError):
            read(unknown)
    with pytest.raises(UnknownValueError):
        json.dumps({"x": unknown}, default=unreadable)
    assert not isinstance(data["list"][1], (str, int, float, bool, dict, list))


def test_what_stands_around_an_unknown_value() -> None:
    unknown = frozenset({("a", "b")})
    assert not independent(("a", "b"), "type", unknown, frozenset())  # the value itself
    assert not independent(("a", "b", "c"), "enum", unknown, frozenset())  # inside it
    assert not independent(("a",), "oneOf", unknown, frozenset())  # around it, by its value
    assert independent(("a",), "required", unknown, frozenset())  # around it, by keys only
    assert independent(("z",), "enum", unknown, frozenset())  # elsewhere
    assert not independent(("a",), "required", frozenset(), frozenset({("a",)}))  # a key was refused
    assert independent(("a",), "additionalProperties", frozenset(), frozenset({("a",)}))
