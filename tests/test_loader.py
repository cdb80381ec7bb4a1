"""Tests for Treaty's strict document loader (``treaty._documents.loader``).

Tables pair a document with what it must load to, or with the finding it must raise. The regression
section at the end holds the bugs this suite found (each was an xfail until the loader was fixed).
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import textwrap
import time
from typing import TYPE_CHECKING, Any

import pytest
from treaty import Document, DocumentLoadError, Finding, load_path, load_text
from treaty._documents.document import MAX_DEPTH
from treaty._documents.loader import load_bytes

from .conftest import typed

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path
    from types import ModuleType

SOURCE = "contract.yaml"


def _refuse(
    text: str, *, json: bool = False, load: Callable[..., Document] = load_text
) -> tuple[Finding, ...]:
    """Load ``text``, require a DocumentLoadError, and return its findings."""
    with pytest.raises(DocumentLoadError) as caught:
        load(text, SOURCE, json=json)
    findings = caught.value.findings
    assert findings, "a DocumentLoadError must carry at least one finding"
    return findings


def _only(findings: tuple[Finding, ...]) -> Finding:
    assert len(findings) == 1, findings
    return findings[0]


def _where(finding: Finding) -> tuple[str, str, int, int]:
    return (finding.rule, finding.pointer, finding.line, finding.column)


# --------------------------------------------------------------------------------------------
# Accepted forms: exact value and exact type
# --------------------------------------------------------------------------------------------

ACCEPTED_SCALARS = [
    pytest.param("~", None, id="null-tilde"),
    pytest.param("null", None, id="null-lower"),
    pytest.param("Null", None, id="null-title"),
    pytest.param("NULL", None, id="null-upper"),
    pytest.param("", None, id="null-empty"),
    pytest.param("true", True, id="bool-true"),
    pytest.param("True", True, id="bool-True"),
    pytest.param("TRUE", True, id="bool-TRUE"),
    pytest.param("false", False, id="bool-false"),
    pytest.param("False", False, id="bool-False"),
    pytest.param("FALSE", False, id="bool-FALSE"),
    pytest.param("0", 0, id="int-zero"),
    pytest.param("1", 1, id="int-one-not-true"),
    pytest.param("42", 42, id="int-42"),
    pytest.param("+4", 4, id="int-plus-sign"),
    pytest.param("-3", -3, id="int-negative"),
    pytest.param("-0", 0, id="int-negative-zero"),
    pytest.param("123456789012345678901234567890", 123456789012345678901234567890, id="int-big"),
    pytest.param("1.5", 1.5, id="float-1.5"),
    pytest.param("-0.5", -0.5, id="float-negative"),
    pytest.param(".5", 0.5, id="float-leading-dot"),
    pytest.param("1.", 1.0, id="float-trailing-dot"),
    pytest.param("1.0", 1.0, id="float-one-not-int"),
    pytest.param("0.0", 0.0, id="float-zero"),
    pytest.param("1.0e+3", 1000.0, id="float-signed-exponent"),
    pytest.param("2.5E-2", 0.025, id="float-upper-exponent"),
    pytest.param("hello world", "hello world", id="str-plain"),
    pytest.param("1.2.3", "1.2.3", id="str-version"),
    pytest.param("0X1F", "0X1F", id="str-upper-hex-prefix"),
    pytest.param("yES", "yES", id="str-mixed-case-yes"),
    pytest.param("nullish", "nullish", id="str-starts-like-null"),
    pytest.param(".", ".", id="str-lone-dot"),
    pytest.param("'yes'", "yes", id="quoted-yes"),
    pytest.param('"no"', "no", id="quoted-no"),
    pytest.param("'012'", "012", id="quoted-leading-zero"),
    pytest.param('"1:30"', "1:30", id="quoted-sexagesimal"),
    pytest.param("'2025-01-01'", "2025-01-01", id="quoted-date"),
    pytest.param('"0x1F"', "0x1F", id="quoted-hex"),
    pytest.param("'.inf'", ".inf", id="quoted-inf"),
    pytest.param('"~"', "~", id="quoted-tilde"),
    pytest.param("'true'", "true", id="quoted-true"),
    pytest.param("'123'", "123", id="quoted-int"),
    pytest.param("''", "", id="quoted-empty"),
    pytest.param('"tab\\there"', "tab\there", id="double-quoted-escape"),
]


@pytest.mark.parametrize(("scalar", "expected"), ACCEPTED_SCALARS)
def test_accepted_scalar_loads_to_exact_value_and_type(scalar: str, expected: object) -> None:
    document = load_text(f"value: {scalar}\n", SOURCE)
    assert typed(document.data) == typed({"value": expected})


ACCEPTED_DOCUMENTS = [
    pytest.param("value: |\n  line one\n  line two\n", {"value": "line one\nline two\n"}, id="literal-block"),
    pytest.param("value: >\n  folded\n  text\n", {"value": "folded text\n"}, id="folded-block"),
    pytest.param("value: |-\n  yes\n", {"value": "yes"}, id="block-keeps-yes-a-string"),
    pytest.param(
        "m: {b: 1, c: [true, null, 2.5, '1']}\n",
        {"m": {"b": 1, "c": [True, None, 2.5, "1"]}},
        id="flow-collections",
    ),
    pytest.param("- 1\n- '1'\n- 1.0\n- true\n", [1, "1", 1.0, True], id="root-sequence"),
    pytest.param("just a string\n", "just a string", id="root-scalar"),
    pytest.param("'yes': 1\n\"1\": 2\n", {"yes": 1, "1": 2}, id="quoted-keys"),
    pytest.param('"<<": 1\n', {"<<": 1}, id="quoted-merge-key-is-a-plain-key"),
    pytest.param("a: 1\r\nb:\r\n  - x\r\n", {"a": 1, "b": ["x"]}, id="crlf"),
    pytest.param("a: |\r\n  l1\r\n  l2\r\n", {"a": "l1\nl2\n"}, id="crlf-block-scalar"),
    pytest.param("\ufeffa: 1\n", {"a": 1}, id="bom-in-text"),
    pytest.param("# comment\na: 1 # trailing\n", {"a": 1}, id="comments"),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED_DOCUMENTS)
def test_accepted_document_loads_to_exact_data(text: str, expected: object) -> None:
    document = load_text(text, SOURCE)
    assert isinstance(document, Document)
    assert document.source == SOURCE
    assert typed(document.data) == typed(expected)


ACCEPTED_JSON = [
    pytest.param('{"a": 1e5}', {"a": 100000.0}, id="bare-exponent"),
    pytest.param('{"a": 1E+5}', {"a": 100000.0}, id="upper-signed-exponent"),
    pytest.param('{"a": -3e-2}', {"a": -0.03}, id="negative-exponent"),
    pytest.param('{"a": -0}', {"a": 0}, id="negative-zero-int"),
    pytest.param('{"a": 1.0}', {"a": 1.0}, id="float-not-int"),
    pytest.param('{"a": 7}', {"a": 7}, id="int"),
    pytest.param(
        '{"n": null, "t": true, "f": false}',
        {"n": None, "t": True, "f": False},
        id="literals",
    ),
    pytest.param('{"s": "yes", "d": "2025-01-01"}', {"s": "yes", "d": "2025-01-01"}, id="strings"),
    pytest.param('[1, "2", [3.5]]', [1, "2", [3.5]], id="root-array"),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED_JSON)
def test_accepted_json_loads_to_exact_data(text: str, expected: object) -> None:
    assert typed(load_text(text, "contract.json", json=True).data) == typed(expected)


# --------------------------------------------------------------------------------------------
# Refused forms: rule, pointer, 1-based line and column, hint
# --------------------------------------------------------------------------------------------

YAML11_BOOLS = [
    "y",
    "Y",
    "yes",
    "Yes",
    "YES",
    "n",
    "N",
    "no",
    "No",
    "NO",
    "on",
    "On",
    "ON",
    "off",
    "Off",
    "OFF",
]


@pytest.mark.parametrize("word", YAML11_BOOLS)
def test_yaml11_boolean_word_is_refused(word: str) -> None:
    finding = _only(_refuse(f"flag: {word}\n"))
    assert _where(finding) == ("yaml-ambiguous-bool", "/flag", 1, 7)
    assert word in finding.hint


# (plain scalar, rule): each appears as ``a: <scalar>``, so the finding is at /a, line 1, column 4.
REFUSED_SCALARS = [
    pytest.param("2025-01-01", "yaml-unquoted-date", id="date"),
    pytest.param("2025-01-01T10:00:00Z", "yaml-unquoted-date", id="timestamp"),
    pytest.param("2025-01-01 10:00:00", "yaml-unquoted-date", id="timestamp-space"),
    pytest.param("1:30", "yaml-sexagesimal", id="sexagesimal"),
    pytest.param("190:20:30.15", "yaml-sexagesimal", id="sexagesimal-float"),
    pytest.param("-1:30", "yaml-sexagesimal", id="sexagesimal-negative"),
    pytest.param("012", "yaml-leading-zero", id="leading-zero"),
    pytest.param("00", "yaml-leading-zero", id="double-zero"),
    pytest.param("-012", "yaml-leading-zero", id="leading-zero-negative"),
    pytest.param("08", "yaml-leading-zero", id="leading-zero-not-octal"),
    pytest.param("007.5", "yaml-leading-zero", id="leading-zero-float"),
    pytest.param("0x1F", "yaml-ambiguous-number", id="hex"),
    pytest.param("0o17", "yaml-ambiguous-number", id="octal-0o"),
    pytest.param("0b1", "yaml-ambiguous-number", id="binary"),
    pytest.param("1_000", "yaml-ambiguous-number", id="underscore"),
    pytest.param("1_000.5", "yaml-ambiguous-number", id="underscore-float"),
    pytest.param("1e5", "yaml-ambiguous-number", id="bare-exponent"),
    pytest.param("1E5", "yaml-ambiguous-number", id="bare-exponent-upper"),
    pytest.param("1.0e5", "yaml-ambiguous-number", id="unsigned-exponent"),
    pytest.param(".inf", "non-finite-number", id="inf"),
    pytest.param("-.inf", "non-finite-number", id="negative-inf"),
    pytest.param("+.INF", "non-finite-number", id="plus-INF"),
    pytest.param(".Inf", "non-finite-number", id="Inf"),
    pytest.param(".nan", "non-finite-number", id="nan"),
    pytest.param(".NaN", "non-finite-number", id="NaN"),
    pytest.param(".NAN", "non-finite-number", id="NAN"),
    pytest.param("1.0e+400", "non-finite-number", id="float-overflow"),
    pytest.param("-1.0e+400", "non-finite-number", id="float-overflow-negative"),
    pytest.param("9" * 5000, "number-too-large", id="int-5000-digits"),
    pytest.param("!!int 1", "yaml-tag", id="tag-int"),
    pytest.param("!!python/object/apply:os.system [echo]", "yaml-tag", id="tag-python-object"),
    pytest.param("!!binary aGk=", "yaml-tag", id="tag-binary"),
    pytest.param("!!set {x: null}", "yaml-tag", id="tag-set"),
    pytest.param("!custom x", "yaml-tag", id="tag-local"),
]


@pytest.mark.parametrize(("scalar", "rule"), REFUSED_SCALARS)
def test_refused_value_reports_rule_pointer_and_position(scalar: str, rule: str) -> None:
    finding = _only(_refuse(f"a: {scalar}\n"))
    assert _where(finding) == (rule, "/a", 1, 4)
    assert finding.file == SOURCE
    assert finding.hint.strip()
    assert finding.message.strip()


# Each row: the document, then the rule, pointer, line and column of its one finding.
REFUSED_DOCUMENTS = [
    pytest.param("- on\n", "yaml-ambiguous-bool", "/0", 1, 3, id="bool-in-sequence"),
    pytest.param("[a, {b: [c, yes]}]\n", "yaml-ambiguous-bool", "/1/b/1", 1, 13, id="bool-deep-in-flow"),
    pytest.param("yes: 1\n", "yaml-ambiguous-bool", "", 1, 1, id="bool-as-key"),
    pytest.param("b:\n  on: 1\n", "yaml-ambiguous-bool", "/b", 2, 3, id="bool-as-nested-key"),
    pytest.param('"a/b~c": no\n', "yaml-ambiguous-bool", "/a~1b~0c", 1, 10, id="pointer-escaping"),
    pytest.param("a: &x 1\nb: *x\n", "yaml-alias", "/b", 2, 4, id="alias-scalar-at-the-alias"),
    pytest.param("a: &x [1]\nb:\n  - *x\n", "yaml-alias", "/b/0", 3, 5, id="alias-sequence"),
    pytest.param("a: &x 1\n", "yaml-anchor", "/a", 1, 4, id="anchor-no-alias-uses"),
    pytest.param("a: !!str &x 1\n", "yaml-anchor", "/a", 1, 10, id="anchor-after-a-tag"),
    pytest.param("a: *x\n", "yaml-alias", "/a", 1, 4, id="alias-without-anchor"),
    pytest.param(
        "base: {x: 1}\nderived:\n  <<: {x: 1}\n  extra: 2\n",
        "yaml-merge-key",
        "/derived",
        3,
        3,
        id="merge-key",
    ),
    pytest.param("1: x\n", "non-string-key", "", 1, 1, id="int-key"),
    pytest.param("null: x\n", "non-string-key", "", 1, 1, id="null-key"),
    pytest.param("~: x\n", "non-string-key", "", 1, 1, id="tilde-key"),
    pytest.param("true: x\n", "non-string-key", "", 1, 1, id="bool-key"),
    pytest.param("1.5: x\n", "non-string-key", "", 1, 1, id="float-key"),
    pytest.param("? [a]\n: x\n", "non-string-key", "", 1, 3, id="sequence-key"),
    pytest.param("{[a]: x}\n", "non-string-key", "", 1, 2, id="flow-sequence-key"),
    pytest.param("a:\n  - 1: x\n", "non-string-key", "/a/0", 2, 5, id="int-key-nested"),
    pytest.param("a: 1\na: 2\n", "duplicate-key", "/a", 2, 1, id="duplicate-key"),
    pytest.param("a: 1\n'a': 2\n", "duplicate-key", "/a", 2, 1, id="duplicate-key-quoted"),
    pytest.param("m:\n  k: 1\n  k: 2\n", "duplicate-key", "/m/k", 3, 3, id="duplicate-key-nested"),
    pytest.param("a: 1\n---\nb: 2\n", "multiple-documents", "", 2, 1, id="two-documents"),
    pytest.param("a: 1\n---\n", "multiple-documents", "", 2, 1, id="trailing-empty-document"),
    pytest.param("a: b: c\n", "yaml-syntax", "", 1, 5, id="syntax-mapping-in-value"),
    pytest.param("a: [1, 2\n", "yaml-syntax", "", 1, 4, id="syntax-unclosed-flow-at-its-bracket"),
    pytest.param("a:\n\t- b\n", "yaml-syntax", "", 2, 1, id="syntax-tab-indent"),
    pytest.param("a: b\n c: d\n", "yaml-syntax", "", 2, 3, id="syntax-bad-indent"),
    pytest.param("a: @x\n", "yaml-syntax", "", 1, 4, id="syntax-reserved-indicator"),
    pytest.param("a: \x00\n", "binary-content", "", 1, 4, id="nul-first-line"),
    pytest.param("a: 1\nb: x\x00\n", "binary-content", "", 2, 5, id="nul-second-line"),
]


@pytest.mark.parametrize(("text", "rule", "pointer", "line", "column"), REFUSED_DOCUMENTS)
def test_refused_document_reports_rule_pointer_and_position(
    text: str, rule: str, pointer: str, line: int, column: int
) -> None:
    finding = _only(_refuse(text))
    assert _where(finding) == (rule, pointer, line, column)
    assert finding.file == SOURCE
    assert finding.hint.strip()


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("\n\n", id="blank-lines"),
        pytest.param("   \n", id="spaces"),
        pytest.param("# only a comment\n", id="comment-only"),
    ],
)
def test_empty_document_is_refused(text: str) -> None:
    finding = _only(_refuse(text))
    assert (finding.rule, finding.pointer) == ("empty-document", "")
    assert finding.hint.strip()


def test_duplicate_key_message_names_the_first_line() -> None:
    finding = _only(_refuse("x: 0\nkey: 1\nother: 2\nkey: 3\n"))
    assert _where(finding) == ("duplicate-key", "/key", 4, 1)
    assert "line 2" in finding.message


def test_error_str_is_the_first_message() -> None:
    with pytest.raises(DocumentLoadError) as caught:
        load_text("a: yes\nb: no\n", SOURCE)
    assert str(caught.value) == caught.value.findings[0].message
    assert "'yes'" in str(caught.value)


# --------------------------------------------------------------------------------------------
# JSON rules
# --------------------------------------------------------------------------------------------

REFUSED_JSON = [
    pytest.param('{"a": yes}', "json-syntax", "/a", 1, 7, id="bare-word"),
    pytest.param('{"a": True}', "json-syntax", "/a", 1, 7, id="title-case-true"),
    pytest.param('{"a": ~}', "json-syntax", "/a", 1, 7, id="tilde"),
    pytest.param('{"a": NaN}', "json-syntax", "/a", 1, 7, id="nan"),
    pytest.param('{"a": Infinity}', "json-syntax", "/a", 1, 7, id="infinity"),
    pytest.param('{"a": 01}', "json-syntax", "/a", 1, 7, id="leading-zero"),
    pytest.param('{"a": .5}', "json-syntax", "/a", 1, 7, id="leading-dot"),
    pytest.param('{"a": +1}', "json-syntax", "/a", 1, 7, id="plus-sign"),
    pytest.param('{"a": 2025-01-01}', "json-syntax", "/a", 1, 7, id="date"),
    pytest.param("{a: 1}", "json-syntax", "", 1, 2, id="unquoted-key"),
    pytest.param('{"a": 1e400}', "non-finite-number", "/a", 1, 7, id="overflow"),
    pytest.param('{"a": ' + "9" * 5000 + "}", "number-too-large", "/a", 1, 7, id="huge-int"),
    pytest.param('{"a": 1, "a": 2}', "duplicate-key", "/a", 1, 10, id="duplicate-key"),
    pytest.param('{"a": [1, {"b": x}]}', "json-syntax", "/a/1/b", 1, 17, id="nested-bare-word"),
    # a trailing comma is reported at the comma, which Python 3.13 points at and earlier versions do not
    pytest.param('{"a": 1,}', "json-syntax", "", 1, 8, id="trailing-comma-object"),
    pytest.param('{"a": 1, }', "json-syntax", "", 1, 8, id="trailing-comma-space"),
    pytest.param('{"a": [1, 2,\n  ]}', "json-syntax", "", 1, 12, id="trailing-comma-array-lines"),
    pytest.param("[,]", "json-syntax", "", 1, 2, id="comma-alone"),
    pytest.param('{"a": [1,, 2]}', "json-syntax", "", 1, 10, id="double-comma-not-trailing"),
]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param('{"a": 1,}', "a comma ends the object", id="object"),
        pytest.param("[1,\n]", "a comma ends the array", id="array"),
    ],
)
def test_a_trailing_comma_is_worded_by_treaty_not_by_the_interpreter(text: str, message: str) -> None:
    assert message in _only(_refuse(text, json=True)).message


@pytest.mark.parametrize(("text", "rule", "pointer", "line", "column"), REFUSED_JSON)
def test_refused_json_reports_rule_pointer_and_position(
    text: str, rule: str, pointer: str, line: int, column: int
) -> None:
    finding = _only(_refuse(text, json=True))
    assert _where(finding) == (rule, pointer, line, column)
    assert finding.hint.strip()


def test_same_text_follows_json_rules_only_when_asked() -> None:
    assert load_text('{"a": 1e5}', SOURCE, json=True).data == {"a": 100000.0}
    finding = _only(_refuse('{"a": 1e5}'))
    assert _where(finding) == ("yaml-ambiguous-number", "/a", 1, 7)


# --------------------------------------------------------------------------------------------
# Several problems are all reported
# --------------------------------------------------------------------------------------------


def test_every_problem_in_a_document_is_reported_in_order() -> None:
    text = textwrap.dedent(
        """\
        a: yes
        b: 012
        c:
          - 1:30
          - {d: 2025-01-01}
        e: !!int 3
        1: x
        a: 2
        """
    )
    findings = _refuse(text)
    assert [_where(finding) for finding in findings] == [
        ("yaml-ambiguous-bool", "/a", 1, 4),
        ("yaml-leading-zero", "/b", 2, 4),
        ("yaml-sexagesimal", "/c/0", 4, 5),
        ("yaml-unquoted-date", "/c/1/d", 5, 9),
        ("yaml-tag", "/e", 6, 4),
        ("non-string-key", "", 7, 1),
        ("duplicate-key", "/a", 8, 1),
    ]
    assert all(finding.file == SOURCE and finding.hint.strip() for finding in findings)


def test_every_problem_in_a_json_document_is_reported() -> None:
    findings = _refuse('{"a": yes, b: 1, "c": [NaN, 1e400]}', json=True)
    assert [(f.rule, f.pointer) for f in findings] == [
        ("json-syntax", "/a"),
        ("json-syntax", ""),
        ("json-syntax", "/c/0"),
        ("non-finite-number", "/c/1"),
    ]


# --------------------------------------------------------------------------------------------
# Positions of loaded nodes and keys
# --------------------------------------------------------------------------------------------

NESTED = textwrap.dedent(
    """\
    service:
      name: api
      ports:
        - port: 80
          proto: tcp
        - port: 443
          tls: {cert: a.pem, key: b.pem}
    """
)


@pytest.fixture(scope="module")
def nested() -> Document:
    return load_text(NESTED, SOURCE)


@pytest.mark.parametrize(
    ("path", "which", "expected"),
    [
        pytest.param((), "node", (1, 1), id="root"),
        pytest.param(("service",), "node", (2, 3), id="mapping-value"),
        pytest.param(("service",), "key", (1, 1), id="top-key"),
        pytest.param(("service", "name"), "node", (2, 9), id="scalar-value"),
        pytest.param(("service", "ports"), "node", (4, 5), id="sequence-value"),
        pytest.param(("service", "ports"), "key", (3, 3), id="sequence-key"),
        pytest.param(("service", "ports", 1), "node", (6, 7), id="mapping-in-list"),
        pytest.param(("service", "ports", 1, "port"), "node", (6, 13), id="value-in-list-item"),
        pytest.param(("service", "ports", 1, "port"), "key", (6, 7), id="key-in-list-item"),
        pytest.param(("service", "ports", 0, "proto"), "node", (5, 14), id="second-key-value"),
        pytest.param(("service", "ports", 1, "tls", "key"), "node", (7, 31), id="flow-value"),
        pytest.param(("service", "ports", 1, "tls", "key"), "key", (7, 26), id="flow-key"),
        pytest.param(("service", "ports", 0), "key", (4, 7), id="key-flag-on-index-falls-back"),
        pytest.param(("service", "missing", "deep"), "node", (2, 3), id="missing-uses-ancestor"),
        pytest.param(("service", "ports", 5), "node", (4, 5), id="missing-index-uses-list"),
        pytest.param(("nope",), "key", (1, 1), id="missing-key-uses-root"),
    ],
)
def test_locate_returns_node_or_key_position(
    nested: Document, path: tuple[str | int, ...], which: str, expected: tuple[int, int]
) -> None:
    assert nested.locate(path, key=which == "key") == expected


def test_nested_document_loads_to_exact_data(nested: Document) -> None:
    assert typed(nested.data) == typed(
        {
            "service": {
                "name": "api",
                "ports": [
                    {"port": 80, "proto": "tcp"},
                    {"port": 443, "tls": {"cert": "a.pem", "key": "b.pem"}},
                ],
            }
        }
    )


def test_positions_count_characters_not_bytes() -> None:
    finding = _only(_refuse("éé: [x, 😀, yes]\n"))
    assert _where(finding) == ("yaml-ambiguous-bool", "/éé/2", 1, 12)


def test_crlf_positions_count_lines() -> None:
    document = load_text("a: 1\r\nb:\r\n  - x\r\n  - |\r\n    l1\r\n    l2\r\n", SOURCE)
    assert document.data == {"a": 1, "b": ["x", "l1\nl2\n"]}
    assert document.locate(("b", 1)) == (4, 5)
    assert document.locate(("b",), key=True) == (2, 1)


# --------------------------------------------------------------------------------------------
# Bytes and files
# --------------------------------------------------------------------------------------------


def test_utf8_bom_is_stripped_and_positions_ignore_it() -> None:
    document = load_bytes(b"\xef\xbb\xbfname: x\nflag: true\n", SOURCE)
    assert typed(document.data) == typed({"name": "x", "flag": True})
    assert document.locate(("name",), key=True) == (1, 1)
    assert document.locate(("flag",)) == (2, 7)


def test_bom_does_not_shift_finding_columns() -> None:
    with pytest.raises(DocumentLoadError) as caught:
        load_bytes(b"\xef\xbb\xbfa: yes\n", SOURCE)
    assert _where(_only(caught.value.findings)) == ("yaml-ambiguous-bool", "/a", 1, 4)


@pytest.mark.parametrize(
    ("raw", "line", "column"),
    [
        pytest.param(b"\xff", 1, 1, id="first-byte"),
        pytest.param(b"a: 1\nb: 2\nc: \xff\n", 3, 4, id="third-line"),
        pytest.param(b"a: 1\r\nb: x\xff\r\n", 2, 5, id="crlf"),
        pytest.param(b"a: \xc3(\n", 1, 4, id="truncated-sequence"),
        pytest.param(b"\xff\xfea\x00:\x00", 1, 1, id="utf16-bom"),
    ],
)
def test_invalid_utf8_reports_line_and_column(raw: bytes, line: int, column: int) -> None:
    with pytest.raises(DocumentLoadError) as caught:
        load_bytes(raw, SOURCE)
    finding = _only(caught.value.findings)
    assert _where(finding) == ("invalid-utf8", "", line, column)
    assert finding.hint.strip()


def test_load_path_reads_a_valid_file(tmp_path: Path) -> None:
    path = tmp_path / "contract.yaml"
    path.write_text("name: api\nversion: '1.0'\nports: [80, 443]\n", encoding="utf-8")
    document = load_path(path)
    assert document.source == str(path)
    assert typed(document.data) == typed({"name": "api", "version": "1.0", "ports": [80, 443]})
    assert document.locate(("ports", 1)) == (3, 13)


def test_load_path_reports_findings_under_the_display_name(tmp_path: Path) -> None:
    path = tmp_path / "contract.yaml"
    path.write_bytes(b"a: 1\r\nenabled: on\r\n")
    with pytest.raises(DocumentLoadError) as caught:
        load_path(path, display="shown/contract.yaml")
    finding = _only(caught.value.findings)
    assert finding.file == "shown/contract.yaml"
    assert _where(finding) == ("yaml-ambiguous-bool", "/enabled", 2, 10)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("doc.json", {"a": 100000.0}, id="json-suffix"),
        pytest.param("DOC.JSON", {"a": 100000.0}, id="json-suffix-upper"),
    ],
)
def test_load_path_uses_json_rules_for_json_suffix(tmp_path: Path, name: str, expected: object) -> None:
    path = tmp_path / name
    path.write_text('{"a": 1e5}', encoding="utf-8")
    assert load_path(path).data == expected


@pytest.mark.parametrize("name", ["doc.yaml", "doc.yml", "doc.json.txt"])
def test_load_path_uses_yaml_rules_otherwise(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text('{"a": 1e5}', encoding="utf-8")
    with pytest.raises(DocumentLoadError) as caught:
        load_path(path)
    assert _only(caught.value.findings).rule == "yaml-ambiguous-number"


def test_load_path_reports_invalid_utf8_with_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"a: ok\nb: caf\xe9\n")
    with pytest.raises(DocumentLoadError) as caught:
        load_path(path)
    finding = _only(caught.value.findings)
    assert _where(finding) == ("invalid-utf8", "", 2, 7)
    assert finding.file == str(path)


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda base: base, id="directory"),
        pytest.param(lambda base: base / "missing.yaml", id="missing-file"),
        pytest.param(lambda base: base / "plain.txt" / "x.yaml", id="file-as-directory"),
    ],
)
def test_unreadable_path_gives_read_error(tmp_path: Path, make: Callable[[Path], Path]) -> None:
    (tmp_path / "plain.txt").write_text("x", encoding="utf-8")
    path = make(tmp_path)
    with pytest.raises(DocumentLoadError) as caught:
        load_path(path)
    finding = _only(caught.value.findings)
    assert (finding.rule, finding.file) == ("read-error", str(path))
    assert finding.hint.strip()
    assert finding.message.strip()


# --------------------------------------------------------------------------------------------
# Hostile documents
# --------------------------------------------------------------------------------------------


def _nested_lists(depth: int) -> str:
    """``depth`` nested flow sequences around a scalar: the scalar sits at node depth ``depth``."""
    return "[" * depth + "x" + "]" * depth


def test_nesting_up_to_max_depth_loads() -> None:
    data: Any = load_text(_nested_lists(MAX_DEPTH), SOURCE).data
    for _ in range(MAX_DEPTH):
        assert isinstance(data, list)
        assert len(data) == 1
        data = data[0]
    assert data == "x"


def test_nesting_past_max_depth_is_too_deep() -> None:
    finding = _only(_refuse(_nested_lists(MAX_DEPTH + 1)))
    assert finding.rule == "too-deep"
    # found in the event stream, before any node exists: located at the opener one level too deep
    assert (finding.line, finding.column) == (1, MAX_DEPTH + 1)
    assert finding.hint.strip()


def test_deep_block_mappings_are_too_deep() -> None:
    text = "".join("  " * level + "k:\n" for level in range(MAX_DEPTH + 5))
    findings = _refuse(text)
    assert {finding.rule for finding in findings} == {"too-deep"}


def test_ten_thousand_nested_flow_sequences_give_a_clean_error() -> None:
    text = "[" * 10_000 + "]" * 10_000
    assert _where(_only(_refuse(text))) == ("too-deep", "", 1, MAX_DEPTH + 1)


PAST_THE_PARSERS_LIMIT = 1_500
"""Flow levels past libyaml's own limit (1,000 in PyYAML 6.0.4's), which it refuses before any event."""


@pytest.mark.parametrize(
    ("text", "json", "line", "column"),
    [
        pytest.param("[" * PAST_THE_PARSERS_LIMIT, False, 1, MAX_DEPTH + 1, id="sequences-unclosed"),
        pytest.param("{" * PAST_THE_PARSERS_LIMIT, False, 1, MAX_DEPTH + 1, id="mappings-unclosed"),
        pytest.param("[{" * PAST_THE_PARSERS_LIMIT, False, 1, MAX_DEPTH + 1, id="alternating"),
        pytest.param(
            "a:\n  b: " + "[" * PAST_THE_PARSERS_LIMIT + "]", False, 2, 4 + MAX_DEPTH, id="in-a-block"
        ),
        pytest.param("é: [" + "[" * PAST_THE_PARSERS_LIMIT, False, 1, 3 + MAX_DEPTH, id="after-non-ascii"),
        pytest.param(
            "[" * PAST_THE_PARSERS_LIMIT + "]" * PAST_THE_PARSERS_LIMIT, True, 1, MAX_DEPTH + 1, id="json"
        ),
    ],
)
def test_nesting_past_the_parsers_own_limit_is_too_deep_at_the_first_level_too_deep(
    text: str, *, json: bool, line: int, column: int
) -> None:
    assert _where(_only(_refuse(text, json=json))) == ("too-deep", "", line, column)


def test_a_syntax_error_before_deep_nesting_is_reported_first() -> None:
    finding = _only(_refuse("a: b: c\nd: " + "[" * PAST_THE_PARSERS_LIMIT + "\n"))
    assert _where(finding) == ("yaml-syntax", "", 1, 5)


BILLION_LAUGHS = (
    "a: &a ["
    + ", ".join(['"lol"'] * 9)
    + "]\n"
    + "".join(
        f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]\n"
        for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
    )
)


def test_alias_bomb_is_refused_quickly() -> None:
    start = time.perf_counter()
    findings = _refuse(BILLION_LAUGHS)
    elapsed = time.perf_counter() - start
    assert elapsed < 2.0
    aliases = [finding for finding in findings if finding.rule == "yaml-alias"]
    assert len(aliases) == 8 * 9  # each alias once; none expanded
    assert (aliases[0].pointer, aliases[-1].pointer) == ("/b/0", "/i/8")
    # anchors in use are named by their aliases; the last one, which no alias uses, is refused itself
    assert [(f.rule, f.pointer) for f in findings if f not in aliases] == [("yaml-anchor", "/i")]


# --------------------------------------------------------------------------------------------
# Regressions: bugs found by this suite, fixed in the loader
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "scalar",
    [
        pytest.param("1e+5", id="signed-exponent-no-dot"),  # 1.1: str, 1.2: float
        pytest.param("1e-5", id="negative-exponent-no-dot"),  # 1.1: str, 1.2: float
        pytest.param("-2E+3", id="signed-upper-exponent-no-dot"),  # 1.1: str, 1.2: float
        pytest.param("1.5_0", id="underscore-in-fraction"),  # 1.1: float 1.5, 1.2: str
        pytest.param(".5_0", id="underscore-after-leading-dot"),  # 1.1: float 0.5, 1.2: str
        pytest.param("-.5", id="signed-leading-dot"),  # PyYAML: str, 1.2: float
    ],
)
def test_number_forms_that_differ_between_yaml_versions_are_refused(scalar: str) -> None:
    finding = _only(_refuse(f"a: {scalar}\n"))
    assert _where(finding) == ("yaml-ambiguous-number", "/a", 1, 4)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("!!str 123", "123", id="str-tag"),
        pytest.param("!!seq [1]", [1], id="seq-tag"),
        pytest.param("!!map {b: 1}", {"b": 1}, id="map-tag"),
    ],
)
def test_standard_tags_that_keep_the_default_meaning_are_accepted(value: str, expected: object) -> None:
    assert load_text(f"a: {value}\n", SOURCE).data == {"a": expected}


def test_the_non_specific_tag_is_refused() -> None:
    finding = _only(_refuse("a: ! 123\n"))
    assert _where(finding) == ("yaml-tag", "", 1, 4)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("&k a: 1\nb: *k\n", id="value-aliases-key"),
        pytest.param("x: &k a\n*k : 1\n", id="key-aliases-value"),
    ],
)
def test_alias_involving_a_key_is_refused(text: str) -> None:
    assert [(finding.rule, finding.line) for finding in _refuse(text)] == [("yaml-alias", 2)]


def test_very_deep_nesting_does_not_crash_the_interpreter() -> None:
    code = textwrap.dedent(
        """\
        from treaty import DocumentLoadError, load_text
        try:
            load_text("[" * 50_000 + "]" * 50_000, "deep.yaml")
        except DocumentLoadError as error:
            print(error.findings[0].rule)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "too-deep"


def test_lone_surrogate_is_a_load_error() -> None:
    finding = _only(_refuse("a: 1\nb: \ud800\n"))
    assert (finding.line, finding.column) == (2, 4)


def test_control_character_reports_its_position() -> None:
    finding = _only(_refuse("a: 1\nb: x\x07\n"))
    assert _where(finding) == ("yaml-syntax", "", 2, 5)


def test_invalid_utf8_column_counts_characters() -> None:
    with pytest.raises(DocumentLoadError) as caught:
        load_bytes("éé: ".encode() + b"\xff\n", SOURCE)
    assert _where(_only(caught.value.findings)) == ("invalid-utf8", "", 1, 5)


@pytest.fixture
def loader_imported_again(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """Return the loader imported again with PyYAML, as after a pytester in-process run (``pytest packages/pytest-treaty``).

    pytester drops every module a run imported from ``sys.modules``. The next ``import yaml`` makes new node,
    event and error classes, but libyaml's extension module is initialised once per process: its parser goes
    on creating and raising the first PyYAML's.
    """
    load_text("a: 1\n", SOURCE)  # the loader, PyYAML and its extension imported once
    first = sys.modules["treaty._documents.loader"]
    monkeypatch.setattr(sys.modules["treaty._documents"], "loader", first)  # put back after the test
    for name in [n for n in sys.modules if n.partition(".")[0] == "yaml" or n == first.__name__]:
        monkeypatch.delitem(sys.modules, name)
    again = importlib.import_module(first.__name__)
    assert again is not first
    return again


def test_documents_load_after_pyyaml_is_imported_again(loader_imported_again: ModuleType) -> None:
    document = loader_imported_again.load_text("a: [1, x, true]\n", SOURCE)
    assert typed(document.data) == typed({"a": [1, "x", True]})


def test_syntax_errors_are_findings_after_pyyaml_is_imported_again(loader_imported_again: ModuleType) -> None:
    findings = _refuse("a: b: c\n", load=loader_imported_again.load_text)
    assert _where(_only(findings)) == ("yaml-syntax", "", 1, 5)


def test_depth_is_counted_from_events_after_pyyaml_is_imported_again(
    loader_imported_again: ModuleType,
) -> None:
    finding = _only(_refuse(_nested_lists(MAX_DEPTH + 1), load=loader_imported_again.load_text))
    assert (finding.rule, finding.line, finding.column) == ("too-deep", 1, MAX_DEPTH + 1)


# --------------------------------------------------------------------------------------------
# YAML 1.2 against libyaml: more in tests/test_yaml12.py, whose corpus holds one case per form
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message", "hint"),
    [
        pytest.param('a: "unclosed\nb: 1\n', "quoted scalar that starts here", "close the quote", id="quote"),
        pytest.param("a: 1\nb\nc: 2\n", "simple key that starts here", "': '", id="bare-key"),
        pytest.param("a: [1, 2\n", "flow sequence that starts here", "']'", id="sequence"),
    ],
)
def test_what_is_left_open_is_named_where_it_opens(text: str, message: str, hint: str) -> None:
    finding = _only(_refuse(text))
    assert message in finding.message
    assert hint in finding.hint


def test_a_syntax_error_after_the_problem_mark_keeps_its_place() -> None:
    """An escape is wrong where it is, not where its quoted string starts."""
    assert _where(_only(_refuse('a: "x\\q"\n'))) == ("yaml-syntax", "", 1, 6)


def test_yaml12_findings_come_with_the_documents_other_findings_in_order() -> None:
    findings = _refuse("a: yes\nb: 'v'#c\nc: &x 1\n")
    assert [(f.rule, f.line, f.column) for f in findings] == [
        ("yaml-ambiguous-bool", 1, 4),
        ("yaml-comment-spacing", 2, 7),
        ("yaml-anchor", 3, 4),
    ]


def test_yaml12_findings_before_a_syntax_error_come_with_it() -> None:
    findings = _refuse("a: 'v'#c\nb: c: d\n")
    assert [(f.rule, f.line) for f in findings] == [("yaml-comment-spacing", 1), ("yaml-syntax", 2)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "a: &x 1\nb: *x\nc: *x\n", [("yaml-alias", "/b"), ("yaml-alias", "/c")], id="used-anchor"
        ),
        pytest.param(
            "a: &x 1\nb: &x 2\nc: *x\n", [("yaml-anchor", "/a"), ("yaml-alias", "/c")], id="redefined"
        ),
        pytest.param("b: &x {k: 1}\nm:\n  <<: *x\n", [("yaml-merge-key", "/m")], id="under-a-merge-key"),
        pytest.param("- &x [1]\n- *x\n", [("yaml-alias", "/1")], id="in-a-sequence"),
    ],
)
def test_an_anchor_in_use_is_reported_through_its_aliases(text: str, expected: list[tuple[str, str]]) -> None:
    """One problem, one finding: as the released fixtures state ``yaml-alias`` and ``yaml-merge-key`` cases."""
    assert [(f.rule, f.pointer) for f in _refuse(text)] == expected


def test_an_alias_names_the_line_of_its_anchor() -> None:
    finding = _only(_refuse("a:\n  - &x 1\nb: *x\n"))
    assert _where(finding) == ("yaml-alias", "/b", 3, 4)
    assert "line 2" in finding.message
