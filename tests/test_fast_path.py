"""The fast path gives the strict path's verdicts: it may only say "valid, no findings" or "not sure".

Checked on every document the repository holds (fixtures of every family, templates, the hostile corpus)
and on generated ones: whenever `quick_load` vouches for a document, the strict loader loads the same data,
and whenever jsonschema-rs accepts it, the reference validator reports nothing.
"""

import itertools
import json
import string
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from treaty._documents.document import Document, DocumentLoadError
from treaty._documents.loader import load_bytes
from treaty._speed.fast import UNSURE, FastSchemas, quick_load
from treaty._validation.catalog import Catalog
from treaty._validation.run import Runner
from treaty._validation.select import SchemaRef, Selector
from treaty._validation.validator import ContractValidator, Validator

from tests.hostile.corpus import CASES, write
from tests.test_json_reading import JSON_TEXTS

ROOT = Path(__file__).parent.parent
DOCUMENTS = sorted(
    p
    for folder in ("fixtures", "templates")
    for p in (ROOT / folder).rglob("*")
    if p.suffix in {".yaml", ".yml", ".json"} and p.is_file()
)
CATALOG = Catalog.from_directory(ROOT / "schemas")
REFERENCE_FORMATS = ContractValidator.FORMAT_CHECKER.conforms
"""The format check the fast path borrows from the strict path (as `Runner` gives it)."""


def _same(quick: Any, raw: bytes, *, json_: bool) -> None:
    """Assert that strict loading gives the data the fast path vouched for (types included)."""
    if quick is UNSURE:
        return
    try:
        strict = load_bytes(raw, "doc", json=json_).data
    except DocumentLoadError as error:
        pytest.fail(f"the fast path vouched for a document the strict loader refuses: {error}")
    assert _typed(quick) == _typed(strict)


def _typed(value: Any) -> Any:
    """Return a value with each scalar's type made visible (True == 1 and 1 == 1.0 in Python)."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, value)


def test_the_fast_path_vouches_for_most_valid_documents() -> None:
    """A fast path that sends everything the strict way would pass every other test here: it must not."""
    valid = [p for p in DOCUMENTS if p.parent.name == "valid" or "templates" in p.parts]
    vouched = sum(quick_load(p.read_bytes(), json=p.suffix == ".json") is not UNSURE for p in valid)
    assert vouched > len(valid) * 3 // 4


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_repository_document_loads_the_same_both_ways(path: Path) -> None:
    raw = path.read_bytes()
    _same(quick_load(raw, json=path.suffix == ".json"), raw, json_=path.suffix == ".json")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_hostile_documents_go_the_strict_way_or_load_the_same(case: Any, tmp_path: Path) -> None:
    path = write(case, tmp_path)
    if not path.is_file():
        return
    raw = path.read_bytes()[: 5 * 1024 * 1024]
    _same(quick_load(raw, json=path.suffix == ".json"), raw, json_=path.suffix == ".json")


def _fixture_cases() -> list[tuple[Path, str]]:
    cases = []
    for path in DOCUMENTS:
        parts = path.relative_to(ROOT).parts
        if parts[0] == "fixtures" and len(parts) == 6 and parts[4] in {"valid", "invalid"}:
            cases.append((path, f"{parts[1]}/{parts[3]}@{parts[2]}"))
    return cases


FIXTURES = _fixture_cases()


def test_runner_verdicts_are_the_same_with_and_without_the_fast_path() -> None:
    """Every fixture, validated as a user would: the same findings (so the same exit code and locations)."""
    fast = Runner(
        Selector(CATALOG, {}, None),
        Validator(CATALOG),
        fast=True,
    )
    strict = Runner(Selector(CATALOG, {}, None), Validator(CATALOG))
    took_fast = 0
    for path, schema in FIXTURES:
        ref = SchemaRef.parse(schema)
        expected = strict.validate_file(path, ref)
        assert fast.validate_file(path, ref) == expected, path
        took_fast += not expected.findings
    assert took_fast > 100


def test_jsonschema_rs_never_accepts_what_the_reference_refuses() -> None:
    """jsonschema-rs is trusted only to say "valid" of data the fast path loaded: the reference must agree."""
    fast = FastSchemas(CATALOG.bundled, REFERENCE_FORMATS)
    validator = Validator(CATALOG)
    accepted = 0
    for path, schema in FIXTURES:
        ref = SchemaRef.parse(schema)
        assert ref.version is not None
        raw = path.read_bytes()
        data = quick_load(raw, json=path.suffix == ".json")
        if data is UNSURE:
            continue
        document = load_bytes(raw, str(path), json=path.suffix == ".json")
        if fast.is_valid(data, ref.family, ref.version, ref.kind):
            accepted += 1
            assert validator.validate(document, ref.family, ref.version, ref.kind) == [], path
    assert accepted > 100


@pytest.mark.parametrize(
    ("value", "schema"),
    [
        ("2016-12-31T23:59:60Z", {"format": "date-time"}),  # jsonschema-rs accepts the leap second
        ("0000-01-01T00:00:00Z", {"format": "date-time"}),  # and year zero
        (3.0, {"type": "integer"}),  # JSON Schema's integer; Treaty's is stricter
    ],
)
def test_where_jsonschema_rs_is_laxer_the_fast_path_does_not_vouch(
    value: Any, schema: dict[str, Any]
) -> None:
    fast = FastSchemas(lambda *_: schema, REFERENCE_FORMATS)
    document = Document("doc", value, {}, {})
    strict_errors = list(
        ContractValidator(schema, format_checker=ContractValidator.FORMAT_CHECKER).iter_errors(value)
    )
    assert strict_errors
    raw = json.dumps({"k": value}).encode()
    vouched = quick_load(raw, json=True)
    assert vouched is UNSURE or not fast.is_valid(document.data, "f", "1.0.0", "k")


# Generated documents: scalars chosen to sit on every boundary between YAML 1.1, YAML 1.2 and JSON.
TRICKY = [
    *[
        "yes",
        "no",
        "on",
        "off",
        "y",
        "n",
        "Y",
        "N",
        "true",
        "True",
        "TRUE",
        "false",
        "null",
        "Null",
        "~",
        ".inf",
        "-.inf",
        ".nan",
        ".NaN",
    ],
    *[
        "0",
        "-0",
        "+1",
        "012",
        "0o12",
        "0x1F",
        "0b101",
        "1_000",
        "1e3",
        "1.5e+3",
        "1.5e3",
        "1.",
        ".5",
        "-.5",
        "+.5",
        "3.0",
        "1:30",
        "12:30:00",
        "1.1.0",
    ],
    *[
        "2025-01-01",
        "2025-1-1",
        "2025-01-01T10:00:00Z",
        "99999999999999999999",
        "1e400",
        "-1e400",
        "4.2",
        "-7",
        "0.1",
    ],
    "",
    " ",
    "a b",
    "x: y",
    "- z",
    "#c",
    "a #b",
    "'q'",
    '"d"',
    "{}",
    "[]",
    "<<",
    "&a",
    "*a",
    "!t",
    "%",
]
WORDS = st.sampled_from(TRICKY) | st.text(string.ascii_letters + string.digits + " .:-+_'\"#", max_size=12)


def _scalar(draw: Any, text: str) -> str:
    style = draw(st.sampled_from(["plain", "single", "double", "block", "folded"]))
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    if style == "double":
        return json.dumps(text)
    if style in {"block", "folded"}:
        return ("|-" if style == "block" else ">-") + "\n" + "    " + text
    return text


@st.composite
def documents(draw: Any) -> str:
    """A YAML document of a few keys whose values are tricky scalars, flow or block sequences."""
    lines = []
    for number in range(draw(st.integers(1, 5))):
        key = draw(st.sampled_from([f"k{number}", "on", "yes", "1", "'no'", '"2025-01-01"', "<<", "k0"]))
        shape = draw(st.sampled_from(["scalar", "block-seq", "flow-seq", "map"]))
        if shape == "scalar":
            lines.append(f"{key}: {_scalar(draw, draw(WORDS))}")
        elif shape == "block-seq":
            lines.append(f"{key}:")
            lines += [f"  - {_scalar(draw, draw(WORDS))}".replace("\n    ", "\n      ") for _ in range(2)]
        elif shape == "flow-seq":
            items = ", ".join(
                json.dumps(draw(WORDS)) if draw(st.booleans()) else draw(WORDS) for _ in range(2)
            )
            lines.append(f"{key}: [{items}]")
        else:
            lines.append(f"{key}:")
            lines.append(f"  inner: {_scalar(draw, draw(WORDS))}".replace("\n    ", "\n      "))
    return "\n".join(lines) + "\n"


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents_load_the_same_both_ways(text: str) -> None:
    raw = text.encode()
    _same(quick_load(raw, json=False), raw, json_=False)


@settings(max_examples=500, deadline=None)
@given(
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers(-(2**70), 2**70)
        | st.floats(allow_nan=True, allow_infinity=True)  # written as NaN/Infinity: both paths must refuse
        | st.sampled_from(TRICKY)
        | st.text(max_size=8),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
        max_leaves=12,
    ),
    st.booleans(),
    st.sampled_from([(", ", ": "), (",", ":"), (",\n", " :  ")]),
)
def test_generated_json_loads_the_same_both_ways(
    value: Any,
    ascii_only: bool,  # noqa: FBT001  # drawn by hypothesis
    separators: tuple[str, str],
) -> None:
    raw = json.dumps({"v": value}, ensure_ascii=ascii_only, separators=separators).encode()
    _same(quick_load(raw, json=True), raw, json_=True)


JSON_EDGES = [
    *['{"a": "\\ud83d\\ude00"}', '{"\\ud83d\\ude00": 1}', '{"a": "\U0001f600"}', '{"\U0001f600": [1]}'],
    *['{"a": "\\ud800"}', '{"a": "\\udc00"}', '{"a": "\\ud83d\\u0041"}', '{"\\ud800": 1}'],
    *['{"a": 12345678901234567890123}', '{"a": -18446744073709551617}', '{"a": ' + "9" * 4301 + "}"],
    *['{"a": 1e400}', '{"a": -1E400}', '{"a": 1e-400}', '{"a": -0}', '{"a": 1.0}', '{"a": 2.5e-3}'],
    *['{"a": 1, "a": 1}', '{"a": 1, "\\u0061": 1}', '{"a": {"b": 1, "b": 2}}', '[{"": 1, "": 1}]'],
    *['{"a": NaN}', '{"a": Infinity}', '{"a": -Infinity}', "[NaN]", "[-Infinity]"],
    *['\ufeff{"a": 1}', '\ufeff\ufeff{"a": 1}', '\ufeff{"a": "\U0001f600"}'],
    *['{"a": "x\x85y"}', '{"a": "x\u2028y"}', '{"a": "x\u2029y"}', '{"a": "x\x7fy"}', '{"a": "x\ty"}'],
    *['{"a": "x\\ny"}', '{"a": 1,}', '{"a": 1} // c', '{"' + "k" * 2000 + '": 1}', '"\U0001f600"', "null"],
]
"""JSON on the edges where the strict reader refuses or reads what Python's json reads differently."""


@pytest.mark.parametrize("text", JSON_EDGES)
@pytest.mark.parametrize("end", ["\n", ""], ids=["newline", "no-newline"])
def test_json_edges_go_the_strict_way_or_load_the_same(text: str, end: str) -> None:
    raw = (text + end).encode()
    _same(quick_load(raw, json=True), raw, json_=True)


def test_the_fast_path_still_vouches_for_plain_json_with_big_integers_and_emoji() -> None:
    raw = '{"a": "\U0001f600", "n": 12345678901234567890123, "m": [-7, 2.5]}\n'.encode()
    quick = quick_load(raw, json=True)
    assert quick is not UNSURE
    _same(quick, raw, json_=True)


@pytest.mark.parametrize(
    "text",
    [
        *['a: "x\x85y"\n', "a: 'x\x85y'\n", "a: x\x85y\n", "# c\x85b: 1\na: 1\n", "a: |\n  x\x85\n"],
        *['a: "x\u2028y"\n', "a: 'x\u2029y'\n", "a: x\u2028y\n", "# c\u2029b: 1\na: 1\n", "k\u2028: 1\n"],
    ],
)
def test_yaml11_line_breaks_in_yaml_go_the_strict_way(text: str) -> None:
    """The strict loader refuses NEL, LS and PS in YAML; yaml-rs (YAML 1.2) reads them as characters."""
    assert quick_load(text.encode(), json=False) is UNSURE
    with pytest.raises(DocumentLoadError):
        load_bytes(text.encode(), "doc")


@settings(max_examples=1500, deadline=None)
@given(JSON_TEXTS, st.sampled_from(["", "\ufeff"]), st.sampled_from(["\n", "", " \n"]))
def test_generated_json_texts_load_the_same_both_ways(text: str, bom: str, end: str) -> None:
    """Texts with repeated keys, escapes, surrogates and numbers JSON lacks: ``json.dumps`` writes none."""
    raw = (bom + text + end).encode()
    _same(quick_load(raw, json=True), raw, json_=True)


SCALAR_ALPHABET = "0_1.+-eExXoOinfNa~:y "
"""The characters YAML 1.1, 1.2 and yaml-rs read numbers, booleans and nulls from (the fuzzer found that
yaml-rs reads ``_0`` and ``0X1F`` as numbers)."""


def test_every_short_plain_scalar_loads_the_same_both_ways() -> None:
    """Every scalar of up to three of these characters, as a value, in a flow sequence and as an item."""
    vouched = 0
    for size in range(1, 4):
        for token in map("".join, itertools.product(SCALAR_ALPHABET, repeat=size)):
            for text in (f"k: {token}\nn: 1\n", f"k: [{token}]\nn: 1\n", f"- {token}\n- 2\n"):
                raw = text.encode()
                quick = quick_load(raw, json=False)
                vouched += quick is not UNSURE
                _same(quick, raw, json_=False)
    assert vouched > 5_000  # most are vouched for: the test exercises the fast path, not only its refusals


BLOCK_HEADERS = ["|", "|-", "|+", ">", ">-", ">+", "|2", "|1-", ">2+", "| # c", "|4", ">1"]
BLOCK_BODIES = [
    *["", "\n", "  a\n", "  a", "  a\n\n", "  a\n  \n", "\n  a\n", "  a\n   b\n", "  a\n  b\n\n\n"],
    *["   a\n  b\n", "  a\n\n  b\n", "  a  \n", "  a\n   \n", " \n  a\n", "  a\n# x\n", "   \n   \n"],
    *["  a\n    b\n  c\n", "    a\n  b\n", "  - a\n", "  a: b\n", "  'q'\n"],
]
"""Block scalars on the edges where yaml-rs and libyaml were found to differ: empty ones, and one that ends
the file without a line break (yaml-rs adds a line break to both)."""


def test_block_scalars_load_the_same_both_ways() -> None:
    for header, body in itertools.product(BLOCK_HEADERS, BLOCK_BODIES):
        for template in ("k: {h}\n{b}", "- {h}\n{b}", "k: {h}\n{b}z: 1\n", "a:\n  k: {h}\n{b}  z: 2\n"):
            raw = template.format(h=header, b=body).encode()
            _same(quick_load(raw, json=False), raw, json_=False)


# Generated documents of the syntax libyaml (YAML 1.1) and YAML 1.2 read apart, and root scalars: the strict
# loader refuses or reads each as YAML 1.2 does; yaml-rs accepts some of them, and must not be trusted there.
APART = [
    *[
        '"v"#c',
        "'v'#c",
        '"v" #c',
        "[a, b]#c",
        "[a] #c",
        "{a: b}#c",
        "[a,#c\n  b]",
        "[a, #c\n  b]",
        "[#c\n  a]",
    ],
    *["[-]", "[-, a]", "[-a]", "{a: -}", "{ ?x: y }", "{ ? x : y }", "[?x]", "[? x]", "[?]", "[a, ?b]"],
    *["&a:b v", "&a v", "a#b", "?x", "-x", ":x", "[a#b]", "[a:b]", "https://x.example/?q=1#f"],
    *['"a\nb"', '"a\n  b"', '"a\n\n  b"', "'a\nb'", "'a\n  b'", '"a\n"', '["a\nb"]', '["a\n  b"]'],
    *["|+\n  a", "|\n  a", "|-\n  a", ">+\n  a", "|#c\n  a", "| #c\n  a", ">-#c\n  a"],
]
ROOT_SCALARS = [
    *["x", "'x'", '"x"', "|\nx", "|\n  x", ">\nx", "|-\nx", "|+\n  x", '"a\nb"', "'a\nb'", "1", "true", "~"],
    *["- x", "x: 1", "[x]", "{x: 1}", "? x", "[?x]", '"v"#c', "[-]"],
]


@st.composite
def apart_documents(draw: Any) -> str:
    """A root scalar or collection, or a few keys whose values are drawn from `APART`, at some indentation."""
    if draw(st.booleans()):
        text = draw(st.sampled_from(ROOT_SCALARS))
    else:
        lines = []
        for number in range(draw(st.integers(1, 3))):
            value = draw(st.sampled_from(APART))
            indent = draw(st.sampled_from(["", "  "]))
            shape = draw(st.sampled_from(["key", "item", "nested"]))
            if shape == "key":
                lines.append(f"k{number}: " + value.replace("\n", "\n" + indent))
            elif shape == "item":
                lines.append(f"- {value}".replace("\n", "\n" + indent))
                break  # a sequence ends the document: it cannot share a mapping's keys
            else:
                lines.append(f"m{number}:\n  k: " + value.replace("\n", "\n" + indent))
        text = "\n".join(lines)
    return text + draw(st.sampled_from(["\n", ""]))


@settings(max_examples=800, deadline=None)
@given(apart_documents())
def test_syntax_libyaml_and_yaml12_read_apart_loads_the_same_both_ways(text: str) -> None:
    raw = text.encode()
    _same(quick_load(raw, json=False), raw, json_=False)


@pytest.mark.parametrize("text", ROOT_SCALARS)
@pytest.mark.parametrize("end", ["\n", ""], ids=["newline", "no-newline"])
def test_the_fast_path_vouches_for_no_root_scalar(text: str, end: str) -> None:
    raw = (text + end).encode()
    quick = quick_load(raw, json=False)
    assert quick is UNSURE or isinstance(quick, (dict, list))
    _same(quick, raw, json_=False)
