"""JSON files are read as JSON (RFC 8259), not by the YAML parser; NEL, LS and PS in YAML are refused.

The old loader (libyaml with JSON scalar rules) refused the surrogate-pair escapes ``json.dumps`` writes,
folded a NEL in a JSON or YAML string into a space, and read the rest of a YAML comment cut by a NEL as data:
the tests of those fail on it. The others hold what it already got right (exact big integers, duplicate
keys, the byte order mark, invalid UTF-8, positions) now that another reader gives it.
"""

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from treaty import Document, DocumentLoadError, Finding, load_path, load_text
from treaty._documents.document import MAX_DEPTH, MAX_NODES
from treaty._documents.loader import load_bytes

from .conftest import ROOT, Result, typed

SOURCE = "contract.json"
Cli = Callable[..., Result]


def _load(raw: bytes) -> Document:
    return load_bytes(raw, SOURCE, json=True)


def _refuse(raw: bytes, *, json_: bool = True) -> tuple[Finding, ...]:
    with pytest.raises(DocumentLoadError) as caught:
        load_bytes(raw, SOURCE, json=json_)
    return caught.value.findings


def _only(raw: bytes, *, json_: bool = True) -> Finding:
    (finding,) = _refuse(raw, json_=json_)
    assert finding.hint.strip()
    assert finding.file == SOURCE
    return finding


def _where(finding: Finding) -> tuple[str, str, int, int]:
    return (finding.rule, finding.pointer, finding.line, finding.column)


# --------------------------------------------------------------------------------------------
# The measured failure: what json.dumps writes loads, to what json.loads reads
# --------------------------------------------------------------------------------------------

EMOJI = "\U0001f600"


@pytest.mark.parametrize(
    "value",
    [
        pytest.param({"summary": f"ship it {EMOJI}"}, id="in-a-value"),
        pytest.param({EMOJI: [EMOJI, {"k": EMOJI * 3}]}, id="in-keys-and-nested"),
        pytest.param({"a": "\U00010000\U0010ffff"}, id="first-and-last-astral"),
        pytest.param({"a": "é\u2603\x7f\x85\u2028"}, id="bmp-escapes"),
    ],
)
@pytest.mark.parametrize("ensure_ascii", [True, False], ids=["escaped", "raw"])
def test_what_json_dumps_writes_loads_to_what_json_loads_reads(value: Any, *, ensure_ascii: bool) -> None:
    text = json.dumps(value, ensure_ascii=ensure_ascii, indent=2)
    assert typed(_load(text.encode()).data) == typed(json.loads(text))


def test_a_surrogate_pair_escape_in_any_case_of_hex_loads() -> None:
    assert _load(b'{"a": "\\uD83D\\uDE00x\\ud83d\\ude00"}').data == {"a": f"{EMOJI}x{EMOJI}"}


def test_a_json_file_with_an_emoji_escape_loads_by_path(tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps({"a": EMOJI, "b": 1}), encoding="utf-8")
    document = load_path(path)
    assert document.data == {"a": EMOJI, "b": 1}
    assert document.locate(("b",)) == (1, 28)  # {"a": "\ud83d\ude00", "b": 1}: escapes count as written


# --------------------------------------------------------------------------------------------
# Half a surrogate pair is not a character: refused where its escape is
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "pointer", "column"),
    [
        pytest.param('{"a": "\\ud800"}', "/a", 8, id="high-alone"),
        pytest.param('{"a": "\\udc00"}', "/a", 8, id="low-alone"),
        pytest.param('{"a": "x\\ud83d"}', "/a", 9, id="high-at-the-end"),
        pytest.param('{"a": "\\ud83d\\u0041"}', "/a", 8, id="high-then-not-low"),
        pytest.param('{"a": "\\ude00\\ud83d"}', "/a", 8, id="pair-reversed"),
        pytest.param('{"a": "\\ud83d\\ude00\\udE00"}', "/a", 20, id="low-after-a-pair"),
        pytest.param('{"a": "\\\\\\ud800"}', "/a", 10, id="after-an-escaped-backslash"),
        pytest.param('{"a": ["ok", "\\uDBFF"]}', "/a/1", 15, id="in-an-array"),
        pytest.param('{"\\ud800": 1}', "", 3, id="in-a-key"),
    ],
)
def test_a_lone_surrogate_escape_is_refused_at_the_escape(text: str, pointer: str, column: int) -> None:
    finding = _only(text.encode())
    assert _where(finding) == ("invalid-utf8", pointer, 1, column)
    assert text[column - 1 : column + 5].lower() in finding.message.lower()


def test_an_escaped_backslash_before_u_is_no_escape() -> None:
    assert _load(b'{"a": "\\\\ud800"}').data == {"a": "\\ud800"}


def test_a_lone_surrogate_in_text_that_did_not_come_from_utf8_is_refused() -> None:
    with pytest.raises(DocumentLoadError) as caught:
        load_text('{"a":\n "\ud800"}', SOURCE, json=True)
    (finding,) = caught.value.findings
    assert (finding.rule, finding.line, finding.column) == ("invalid-utf8", 2, 3)


# --------------------------------------------------------------------------------------------
# Numbers: integers exact, floats where JSON writes a fraction or an exponent, nothing non-finite
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [2**53 + 1, -(2**63) - 1, 2**64 + 1, 10**30 + 7, -(10**300) - 1, int("9" * 4300)],
    ids=["2^53+1", "-2^63-1", "2^64+1", "10^30+7", "-10^300-1", "4300-digits"],
)
def test_big_integers_load_exactly(number: int) -> None:
    data = _load(json.dumps({"n": number, "in": [number]}).encode()).data
    assert typed(data) == typed({"n": number, "in": [number]})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("12345678901234567890.0", 12345678901234567890.0, id="fraction"),
        pytest.param("1e2", 100.0, id="exponent"),
        pytest.param("-0.0", -0.0, id="negative-zero"),
        pytest.param("1e-400", 0.0, id="underflow"),
    ],
)
def test_a_fraction_or_exponent_makes_a_float(text: str, expected: float) -> None:
    assert typed(_load(f"[{text}]".encode()).data) == typed([expected])


@pytest.mark.parametrize("word", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_constants_are_refused_by_name(word: str) -> None:
    finding = _only(f'{{"a": 1,\n "b": [0, {word}]}}'.encode())
    assert _where(finding) == ("json-syntax", "/b/1", 2, 11)
    assert f"has {word}, which is not a JSON number" in finding.message


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        pytest.param("[1e400]", "non-finite-number", id="overflow"),
        pytest.param("[-1E+400]", "non-finite-number", id="negative-overflow"),
        pytest.param("[" + "9" * 4301 + "]", "number-too-large", id="too-long-to-convert"),
        pytest.param("[-NaN]", "json-syntax", id="negative-nan"),
        pytest.param("[nan]", "json-syntax", id="lowercase-nan"),
        pytest.param("[0x1F]", "json-syntax", id="hex"),
        pytest.param("[1.]", "json-syntax", id="trailing-dot"),
        pytest.param("[\u0661]", "json-syntax", id="arabic-digit"),
    ],
)
def test_numbers_json_does_not_have_are_refused_at_the_number(text: str, rule: str) -> None:
    assert _where(_only(text.encode())) == (rule, "/0", 1, 2)


# --------------------------------------------------------------------------------------------
# Duplicate keys: refused at the second, whatever its spelling
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "pointer", "line", "column"),
    [
        pytest.param('{"a": 1, "a": 2}', "/a", 1, 10, id="same-line"),
        pytest.param('{\n  "a": 1,\n  "b": {"c": 1, "c": 2}\n}', "/b/c", 3, 17, id="nested"),
        pytest.param('{"a": 1, "\\u0061": 2}', "/a", 1, 10, id="escaped-spelling"),
        pytest.param(
            '{"\\ud83d\\ude00": 1, "\\ud83d\\ude00": 2}', f"/{EMOJI}", 1, 21, id="surrogate-pair-key"
        ),
        pytest.param('[{"": 1, "": 2}]', "/0/", 1, 10, id="empty-key"),
    ],
)
def test_a_duplicate_key_is_refused_at_the_second(text: str, pointer: str, line: int, column: int) -> None:
    finding = _only(text.encode())
    assert _where(finding) == ("duplicate-key", pointer, line, column)
    assert "first at line" in finding.message
    assert "JSON" in finding.hint


# --------------------------------------------------------------------------------------------
# Bytes: a UTF-8 byte order mark is ignored (RFC 8259, section 8.1); anything but UTF-8 is refused
# --------------------------------------------------------------------------------------------


def test_a_byte_order_mark_is_ignored_and_positions_start_after_it() -> None:
    document = _load(b'\xef\xbb\xbf{"a": "\\ud83d\\ude00",\n "b": 2}')
    assert document.data == {"a": EMOJI, "b": 2}
    assert document.locate(()) == (1, 1)
    assert document.locate(("a",), key=True) == (1, 2)
    assert document.locate(("b",)) == (2, 7)


def test_a_finding_after_a_byte_order_mark_has_the_column_an_editor_shows() -> None:
    assert _where(_only(b'\xef\xbb\xbf{"a": NaN}')) == ("json-syntax", "/a", 1, 7)


def test_a_second_byte_order_mark_is_not_json() -> None:
    assert _where(_only(b'\xef\xbb\xbf\xef\xbb\xbf{"a": 1}')) == ("json-syntax", "", 1, 1)


@pytest.mark.parametrize(
    ("raw", "line", "column"),
    [
        pytest.param(b'{"a": "caf\xe9"}', 1, 11, id="latin-1"),
        pytest.param(b'{"a":\n  "\xed\xa0\x80"}', 2, 4, id="encoded-surrogate"),
        pytest.param(b'{"a": "\xc0\xaf"}', 1, 8, id="overlong"),
        pytest.param(b'{"\xf4\x90\x80\x80": 1}', 1, 3, id="past-u10ffff"),
    ],
)
def test_invalid_utf8_is_refused_with_its_position(raw: bytes, line: int, column: int) -> None:
    assert _where(_only(raw)) == ("invalid-utf8", "", line, column)


# --------------------------------------------------------------------------------------------
# Positions: every key and value, as the YAML reader gives them
# --------------------------------------------------------------------------------------------

PLAIN_JSON = """\
{
  "service": {
    "name": "api",
    "ports": [
      {"port": 80, "proto": "tcp"},
      {"port": 443, "tls": {"cert": "a.pem", "key": null}}
    ],
    "empty": {}, "none": [],
    "weights": [1.5, -2, true, false]
  }
}
"""


def test_every_node_has_the_position_the_yaml_reader_gives() -> None:
    """JSON without escapes is YAML too: libyaml's positions are the reference for both readers."""
    for text in (PLAIN_JSON, PLAIN_JSON.replace("\n", "\r\n"), PLAIN_JSON.replace("  ", "\t")):
        as_json = load_text(text, SOURCE, json=True)
        as_yaml = load_text(text, "contract.yaml")
        assert typed(as_json.data) == typed(as_yaml.data)
        assert as_json.positions == as_yaml.positions
        assert as_json.key_positions == as_yaml.key_positions
        assert len(as_json.positions) == 19


@pytest.mark.parametrize(
    ("path", "key", "expected"),
    [
        pytest.param((), False, (1, 1), id="root"),
        pytest.param(("service", "ports", 1, "tls", "key"), True, (6, 46), id="deep-key"),
        pytest.param(("service", "ports", 1, "tls", "key"), False, (6, 53), id="deep-value"),
        pytest.param(("service", "ports", 0), False, (5, 7), id="array-item"),
        pytest.param(("service", "weights", 3), False, (9, 32), id="last-item"),
        pytest.param(("service", "missing", "x"), False, (2, 14), id="missing-uses-ancestor"),
    ],
)
def test_locate_finds_keys_and_values(
    path: tuple[str | int, ...], *, key: bool, expected: tuple[int, int]
) -> None:
    assert load_text(PLAIN_JSON, SOURCE, json=True).locate(path, key=key) == expected


def test_positions_after_escapes_count_characters_as_written() -> None:
    document = _load(b'{"a": "\\ud83d\\ude00\\n", "\\u00e9": ["\xc3\xa9", 2]}')
    assert document.data == {"a": f"{EMOJI}\n", "é": ["é", 2]}
    assert document.locate(("é",), key=True) == (1, 25)
    assert document.locate(("é", 1)) == (1, 41)


def test_a_root_scalar_is_json() -> None:
    assert _load(b'  "\\ud83d\\ude00"\n').locate(()) == (1, 3)


# --------------------------------------------------------------------------------------------
# Syntax: located, and every refused value reported at once
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        pytest.param('{"a": "x\ty"}', 1, 9, "U+0009", id="raw-tab-in-string"),
        pytest.param('{"a": "x\ny"}', 1, 9, "U+000A", id="raw-line-break-in-string"),
        pytest.param('{"a": "\\x41"}', 1, 8, "escape", id="bad-escape"),
        pytest.param('{"a": "\\u12"}', 1, 8, "escape", id="short-unicode-escape"),
        pytest.param('{"a": "open', 1, 7, "Unterminated", id="unterminated-string"),
        pytest.param('{"a": 1', 1, 8, "expected ',' or '}'", id="unclosed-object"),
        pytest.param('{"a": [1\n  2]}', 2, 3, "expected ',' or ']'", id="missing-comma"),
        pytest.param('{"a" 1}', 1, 6, "expected ':'", id="missing-colon"),
        pytest.param('{"a": }', 1, 7, "expected a value", id="missing-value"),
        pytest.param('{"a": 1}\n{"b": 2}', 2, 1, "more text", id="two-documents"),
        pytest.param('{"a": 1} /* c */', 1, 10, "more text", id="comment-after"),
        pytest.param('{"a": [1, 2,\n]}', 1, 12, "comma ends the array", id="trailing-comma-lines"),
    ],
)
def test_a_syntax_error_is_located(text: str, line: int, column: int, fragment: str) -> None:
    finding = _only(text.encode())
    assert _where(finding) == ("json-syntax", "", line, column)
    assert fragment in finding.message


def test_every_refused_value_is_reported_before_a_syntax_error() -> None:
    findings = _refuse(b'{"a": NaN, "a": 2, b: "\\ud800", "c": [1e999, yes],}')
    assert [_where(f) for f in findings] == [
        ("json-syntax", "/a", 1, 7),
        ("duplicate-key", "/a", 1, 12),
        ("json-syntax", "", 1, 20),
        ("invalid-utf8", "/b", 1, 24),
        ("non-finite-number", "/c/0", 1, 39),
        ("json-syntax", "/c/1", 1, 46),
        ("json-syntax", "", 1, 50),
    ]


def test_nesting_past_the_limit_is_too_deep_at_the_first_level_too_deep() -> None:
    assert _where(_only(b'{"a": ' * (MAX_DEPTH + 1) + b"1" + b"}" * (MAX_DEPTH + 1))) == (
        "too-deep",
        "",
        1,
        1 + 6 * MAX_DEPTH,
    )
    assert load_text("[" * MAX_DEPTH + "]" * MAX_DEPTH, SOURCE, json=True).data is not None


def test_more_nodes_than_the_limit_are_too_large_at_the_first_one_past_it() -> None:
    finding = _only(b"[" + b"0," * MAX_NODES + b"0]")
    assert _where(finding) == ("too-large", "", 1, 2 + 2 * (MAX_NODES - 1))


def test_a_long_minified_document_loads_in_one_pass() -> None:
    """Every node's position comes from a line count kept while reading: none is counted from the start."""
    value = {"items": [{"id": n, "name": f"item {n}", "tags": ["a", "b"]} for n in range(8_000)]}
    text = json.dumps(value, separators=(",", ":"))
    document = _load(text.encode())
    assert document.data == value
    assert document.locate(("items", 7_999, "tags", 1)) == (1, text.rindex('"b"') + 1)


# --------------------------------------------------------------------------------------------
# NEL, LS and PS: characters in JSON and YAML 1.2, line breaks to libyaml (YAML 1.1)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("character", ["\x85", "\u2028", "\u2029"], ids=["NEL", "LS", "PS"])
def test_a_yaml11_line_break_in_a_json_string_is_kept(character: str) -> None:
    document = _load(f'{{"a": "x{character}y",\n "b": 1}}'.encode())
    assert document.data == {"a": f"x{character}y", "b": 1}
    assert document.locate(("b",)) == (2, 7)


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        pytest.param('a: "x\x85y"\n', 1, 6, id="double-quoted"),  # libyaml folded it into a space
        pytest.param("a: 'x\x85\x85y'\n", 1, 6, id="single-quoted"),  # ... or two into a line break
        pytest.param("a: x\x85y\n", 1, 5, id="plain"),
        pytest.param("a: |\n  x\x85\n", 2, 4, id="block"),
        pytest.param("a: 1\n# note\x85b: 2\n", 2, 7, id="comment"),  # libyaml read b: 2 as data
        pytest.param('a: "x\u2028y"\n', 1, 6, id="line-separator"),
        pytest.param('"k\u2029": 1\n', 1, 3, id="paragraph-separator-in-a-key"),
    ],
)
def test_a_yaml11_line_break_in_yaml_is_refused_where_it_is(text: str, line: int, column: int) -> None:
    finding = _only(text.encode(), json_=False)
    assert _where(finding) == ("yaml-ambiguous-line-break", "", line, column)
    assert "YAML 1.2" in finding.message


@pytest.mark.parametrize(
    ("escape", "character"), [("\\N", "\x85"), ("\\L", "\u2028"), ("\\P", "\u2029"), ("\\u2028", "\u2028")]
)
def test_the_hinted_escape_keeps_the_character_in_yaml(escape: str, character: str) -> None:
    assert load_text(f'a: "x{escape}y"\n', "contract.yaml").data == {"a": f"x{character}y"}


# --------------------------------------------------------------------------------------------
# Generated texts: the reader agrees with Python's json wherever JSON data can hold the value
# --------------------------------------------------------------------------------------------

_STRING_PARTS = st.sampled_from(
    [
        *[
            "a",
            " ",
            "é",
            EMOJI,
            "\\ud83d\\ude00",
            "\\uD83D\\uDE00",
            "\\ud800",
            "\\udc00",
            "\\\\",
            "\\n",
            "\\u0061",
        ],
        *["\\/", "\x85", "\u2028", "\u2029", "\x7f", "\ufeff", "\t", "yes"],
    ]
)
_NUMBERS = st.sampled_from(
    [
        *[
            "0",
            "-0",
            "7",
            "-7",
            "1.5",
            "3.0",
            "1e3",
            "1E+2",
            "-2.5e-3",
            "1e400",
            "-1e400",
            "1e-400",
            "01",
            "1.",
        ],
        *[
            str(2**64 + 1),
            str(-(10**30) - 1),
            "9" * 4301,
            "NaN",
            "Infinity",
            "-Infinity",
            "-NaN",
            "true",
            "null",
        ],
    ]
)
_KEYS = st.sampled_from(['"a"', '"b"', '"\\u0061"', f'"{EMOJI}"', '"\\ud83d\\ude00"', '"\\ud800"', '""'])
_SPACE = st.sampled_from(["", " ", "\n", "\r\n", "\t", "\n  "])
JSON_TEXTS = st.recursive(
    st.lists(_STRING_PARTS, max_size=4).map(lambda parts: '"' + "".join(parts) + '"') | _NUMBERS,
    lambda inner: (
        st.lists(st.tuples(_SPACE, inner), max_size=3).map(
            lambda items: "[" + ",".join(s + v for s, v in items) + "]"
        )
        | st.lists(st.tuples(_SPACE, _KEYS, inner), max_size=3).map(
            lambda entries: "{" + ",".join(f"{s}{k}:{s}{v}" for s, k, v in entries) + "}"
        )
    ),
    max_leaves=10,
)
"""JSON texts on every edge this reader decides: escapes and surrogates, repeated keys (also spelled with
escapes), numbers JSON has and does not have, whitespace, and characters YAML 1.1 reads as line breaks."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    if len({key for key, _ in pairs}) != len(pairs):
        raise ValueError("duplicate key")
    return dict(pairs)


def _unstorable(value: Any) -> bool:
    """Whether JSON data holds what cannot be stored: a lone surrogate, or a number that is not finite."""
    if isinstance(value, dict):
        return any(_unstorable(k) or _unstorable(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_unstorable(item) for item in value)
    if isinstance(value, str):
        return any("\ud800" <= c <= "\udfff" for c in value)
    return isinstance(value, float) and not math.isfinite(value)


@settings(max_examples=1500, deadline=None)
@given(JSON_TEXTS)
def test_the_reader_agrees_with_pythons_json(text: str) -> None:
    """Python's json (duplicate keys refused) reads what this reader accepts to the same data.

    The reader refuses more only what JSON data cannot hold, which Python's json lets through.
    """
    try:
        reference = json.loads(text, object_pairs_hook=_pairs, parse_constant=float)
    except ValueError:  # syntax, a repeated key, an integer too long to convert
        reference = ValueError
    findings: tuple[Finding, ...] = ()
    try:
        ours = load_text(text, SOURCE, json=True).data
    except DocumentLoadError as error:
        findings = error.findings
    if findings:
        assert all(f.line and f.column and f.hint for f in findings), findings
        assert reference is ValueError or _unstorable(reference), text
    else:
        assert reference is not ValueError, text
        assert typed(ours) == typed(reference)


# --------------------------------------------------------------------------------------------
# The command line: a located finding, an id, a hint, exit 1; what json.dumps writes is valid
# --------------------------------------------------------------------------------------------

TICKET = {
    "schema_version": "1.1.0",
    "ticket_id": "OCC-123",
    "summary": f"Ship the {EMOJI} release",
    "is_seam_ticket": False,
    "interface_change": False,
    "emergency_bypass": {"enabled": False},
}
SCHEMA = ("--schema", "change_control/ticket_contract")


def test_a_ticket_written_by_json_dumps_is_valid(tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "ticket.json"
    path.write_text(json.dumps(TICKET, indent=2), encoding="utf-8")
    result = cli("validate", "--no-cache", *SCHEMA, str(path), cwd=tmp_path)
    assert result.code == 0, result.out + result.err


@pytest.mark.parametrize(
    ("replace", "by", "where"),
    [
        pytest.param(
            '"OCC-123"', '"\\ud800"', ":3:17: error [invalid-utf8] at /ticket_id", id="lone-surrogate"
        ),
        pytest.param("false,", "-Infinity,", ":5:21: error [json-syntax] at /is_seam_ticket", id="infinity"),
        pytest.param(
            '"OCC-123",', '"OCC-123", "summary": "x",', ":4:3: error [duplicate-key] at /summary", id="dup"
        ),
        pytest.param(
            '"OCC-123"', "12345678901234567890123", ":3:16: error [type] at /ticket_id", id="big-int"
        ),
    ],
)
def test_a_refused_json_document_is_located_with_a_hint_and_exits_1(
    tmp_path: Path, cli: Cli, replace: str, by: str, where: str
) -> None:
    path = tmp_path / "ticket.json"
    path.write_text(json.dumps(TICKET, indent=2).replace(replace, by, 1), encoding="utf-8")
    result = cli("validate", "--no-cache", *SCHEMA, str(path), cwd=tmp_path)
    assert result.code == 1, result.out + result.err
    assert f"{path.as_posix()}{where}" in result.out, result.out
    assert "Traceback" not in result.out + result.err


def test_the_repository_json_documents_load_as_before() -> None:
    """Every JSON fixture and template: the JSON reader gives the data and positions libyaml gave."""
    paths = [p for folder in ("fixtures", "templates") for p in (ROOT / folder).rglob("*.json")]
    assert paths
    for path in paths:
        text = path.read_text(encoding="utf-8")
        as_json = load_text(text, str(path), json=True)
        as_yaml = load_text(text, str(path))
        assert typed(as_json.data) == typed(as_yaml.data), path
        assert (as_json.positions, as_json.key_positions) == (as_yaml.positions, as_yaml.key_positions), path
