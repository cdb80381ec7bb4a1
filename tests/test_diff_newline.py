r"""The schema change classifier on newline exclusions: `"not": {"pattern": "\\n"}` beside an anchored pattern.

Contracts add the exclusion so that Python's `re`, whose `$` also matches before a final newline, refuses
what every other engine refuses. Treaty reads `pattern` as ECMA-262 (`$` is the end of the string), so beside
a pattern that provably admits no newline the exclusion changes no verdict: it is `newline-exclusion-added`
(or `-removed`), breaking neither direction. Where the proof fails it stays `not-added` (or `not-removed`).
Before the rule, every exclusion was `not-added`, breaking readers, and a 1.x family needed a major bump.

Verdicts are checked against Treaty's own validator (ECMA-262 patterns) on values either side of the line;
the corpus's reference validator reads `pattern` with Python's `re` and disagrees here by design.
"""

from __future__ import annotations

import copy
import json
import random
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from treaty._diff import RULES, Bump, Change, Nature, Verdict, diff, summarise
from treaty._diff.newline import newline_free, newline_only
from treaty._validation.validator import ContractValidator, ecma_regex

Json = dict[str, Any]

ROOT = Path(__file__).resolve().parent.parent
SEMVER = r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$"
DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
INSTANT = (
    r"^([0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?(Z|\+00:00)$"
)
EXCLUSION: Json = {"pattern": "\\n"}
TYPED_EXCLUSION: Json = {"type": "string", "pattern": "\\n"}
ADDED, REMOVED = "newline-exclusion-added", "newline-exclusion-removed"


def string(pattern: str | None, exclusion: Json | None = None, **more: Any) -> Json:
    """Return a string schema with a pattern and, when given, a newline exclusion beside it."""
    schema: Json = {"type": "string", **more}
    if pattern is not None:
        schema["pattern"] = pattern
    if exclusion is not None:
        schema["not"] = copy.deepcopy(exclusion)
    return schema


def found(changes: list[Change]) -> list[tuple[str, str]]:
    return sorted((change.rule, change.path) for change in changes)


def treaty_valid(schema: Any, value: Any) -> bool:
    """Return Treaty's verdict: draft 2020-12 with ECMA-262 patterns."""
    return bool(ContractValidator(schema).is_valid(value))


def probes(*samples: str) -> list[Any]:
    """Return values either side of the line: the samples, with a newline before, after and inside them."""
    values: list[Any] = [5, 1.5, None, True, [], {}, "", "\n", "a\nb"]
    for sample in samples:
        values += [sample, f"{sample}\n", f"\n{sample}", f"{sample[:1]}\n{sample[1:]}", f"{sample}\r\n"]
    return values


def assert_no_verdict_changes(old: Any, new: Any, values: list[Any]) -> None:
    for value in values:
        assert treaty_valid(old, value) == treaty_valid(new, value), f"{value!r} changes verdict"


def assert_breaks_readers(old: Any, new: Any, witness: Any) -> None:
    """The witness is valid under the old schema and refused under the new one (Treaty's validator)."""
    assert treaty_valid(old, witness), f"{witness!r} is not valid under the old schema"
    assert not treaty_valid(new, witness), f"{witness!r} stays valid under the new schema"


# -- recognised: the exclusion breaks neither direction ----------------------------------------------------

EXCLUSIONS = [
    pytest.param(EXCLUSION, id="pattern"),
    pytest.param(TYPED_EXCLUSION, id="typed-pattern"),
    pytest.param({"pattern": "[\\n]"}, id="class"),
    pytest.param({"pattern": "\\x0a"}, id="hex"),
    pytest.param({"pattern": "\\u000A"}, id="unicode"),
    pytest.param({"pattern": "\n"}, id="newline-character"),
    pytest.param({"pattern": "\\n", "description": "one meaning in every engine"}, id="annotated"),
    pytest.param({"allOf": [{"pattern": "\\n"}]}, id="all-of-member"),
]
PATTERNS = [
    pytest.param(SEMVER, "1.0.0", id="semver"),
    pytest.param(DATE, "2025-12-28", id="date"),
    pytest.param(INSTANT, "2026-01-25T10:00:00Z", id="instant"),
    pytest.param(r"^[0-7][0-9A-HJKMNP-TV-Z]{25}$", "01ARZ3NDEKTSV4RRFFQ69G5FAV", id="ulid"),
    pytest.param(r"^[a-z0-9][a-z0-9._-]{2,127}$", "repo-name_1.x", id="class-with-dash"),
    pytest.param(r"^\S+$", "a-b", id="non-space"),
    pytest.param(r"^[^\s]+$", "a-b", id="negated-space"),
    pytest.param(r"^[^\n\r]*$", "a b", id="negated-newline"),
    pytest.param(r"^.{1,8}$", "anything", id="dot"),
    pytest.param(r"^\w+(?:-\w+)*$", "a-b", id="word-group"),
    pytest.param(r"^[\x00-\x09\x0b-\x7f]+$", "a\tb", id="ranges-around"),
    pytest.param(r"^yes$|^no$", "yes", id="anchored-alternatives"),
]


@pytest.mark.parametrize("exclusion", EXCLUSIONS)
@pytest.mark.parametrize(("pattern", "sample"), PATTERNS)
def test_an_exclusion_beside_a_newline_free_pattern_breaks_nothing(
    exclusion: Json, pattern: str, sample: str
) -> None:
    old, new = string(pattern), string(pattern, exclusion)
    changes = diff(old, new)
    assert found(changes) == [(ADDED, "")], [change.message for change in changes]
    assert summarise(changes, "full")
    assert changes[0].bump is Bump.MINOR
    assert changes[0].schema_pointer == "/not"
    assert "newline exclusion" in changes[0].message
    mirrored = diff(new, old)
    assert found(mirrored) == [(REMOVED, "")]
    assert summarise(mirrored, "full")
    assert mirrored[0].schema_side == "old"
    assert_no_verdict_changes(old, new, probes(sample))


def test_a_family_edit_adds_the_exclusion_beside_every_pattern_in_one_minor_step() -> None:
    """Properties, items, a `$ref` to a definition and an allOf member: each reported where it applies."""
    old: Json = {
        "type": "object",
        "properties": {
            "schema_version": {"$ref": "#/$defs/Version"},
            "date": string(DATE, format="date"),
            "history": {"type": "array", "items": {"$ref": "#/$defs/Version"}},
            "at": {"allOf": [{"type": "string"}, {"pattern": INSTANT}]},
        },
        "$defs": {"Version": string(SEMVER, maxLength=20)},
    }
    new = copy.deepcopy(old)
    new["$defs"]["Version"]["not"] = {"$ref": "#/$defs/NoNewline"}
    new["$defs"]["NoNewline"] = dict(EXCLUSION)
    new["properties"]["date"]["not"] = dict(TYPED_EXCLUSION)
    new["properties"]["at"]["allOf"].append({"not": dict(EXCLUSION)})
    changes = diff(old, new)
    assert found(changes) == [
        (ADDED, "/at"),
        (ADDED, "/date"),
        (ADDED, "/history/*"),
        (ADDED, "/schema_version"),
    ]
    assert summarise(changes, "full")
    assert {change.bump for change in changes} == {Bump.MINOR}
    assert found(diff(new, old)) == [
        (REMOVED, "/at"),
        (REMOVED, "/date"),
        (REMOVED, "/history/*"),
        (REMOVED, "/schema_version"),
    ]
    document: Json = {
        "schema_version": "1.0.0",
        "date": "2025-12-28",
        "history": ["0.1.0"],
        "at": "2026-01-25T10:00:00Z",
    }
    edited = [document]
    for key, value in document.items():
        values = [[f"{value[0]}\n"], [f"\n{value[0]}"]] if key == "history" else [f"{value}\n", f"\n{value}"]
        edited += [{**document, key: broken} for broken in values]
    assert_no_verdict_changes(old, new, edited)


def test_a_typed_exclusion_in_a_nullable_union_is_one_change() -> None:
    """`X | None` with `not: {type: string, pattern}` still lifts: null passes the typed exclusion."""
    old: Json = {"anyOf": [string(SEMVER), {"type": "null"}]}
    new: Json = {"anyOf": [string(SEMVER, TYPED_EXCLUSION), {"type": "null"}]}
    assert found(diff(old, new)) == [(ADDED, "")]
    assert found(diff(new, old)) == [(REMOVED, "")]
    assert_no_verdict_changes(old, new, probes("1.0.0"))


def test_an_exclusion_beside_a_pattern_of_a_location_open_to_other_types_needs_its_type() -> None:
    """`not: {pattern}` refuses every non-string (a pattern accepts them), so it is no exclusion where they pass."""
    old: Json = {"pattern": SEMVER}
    typed: Json = {"pattern": SEMVER, "not": dict(TYPED_EXCLUSION)}
    untyped: Json = {"pattern": SEMVER, "not": dict(EXCLUSION)}
    assert found(diff(old, typed)) == [(ADDED, "")]
    assert_no_verdict_changes(old, typed, probes("1.0.0"))
    assert found(diff(old, untyped)) == [("not-added", "")]
    assert_breaks_readers(old, untyped, 5)
    union: Json = {"type": ["string", "integer"], "pattern": SEMVER}
    assert found(diff(union, {**union, "not": dict(EXCLUSION)})) == [("not-added", "")]
    assert found(diff(union, {**union, "not": dict(TYPED_EXCLUSION)})) == [(ADDED, "")]


# -- not recognised: the proof fails, and today's classification stays ------------------------------------

UNPROVEN = [
    # (a newline-free pattern, a near miss that admits a newline, a value holding one that it accepts)
    pytest.param(r"^[a-z]+$", r"^[a-z]+", "ab\n", id="no-end-anchor"),
    pytest.param(r"^[a-z]+$", r"[a-z]+$", "\nab", id="no-start-anchor"),
    pytest.param(r"^(?:a|b)$", r"^a|b$", "a\n", id="top-level-alternative"),
    pytest.param(r"^a$|^b$", r"^a$|b", "\nb", id="one-alternative-unanchored"),
    pytest.param(r"^\S+$", r"^\s+$", "\n", id="space"),
    pytest.param(r"^[^\D]+$", r"^\D+$", "\n", id="non-digit"),
    pytest.param(r"^\w+$", r"^\W+$", "\n", id="non-word"),
    pytest.param(r"^[^\n]$", r"^[^a]$", "\n", id="negated-class"),
    pytest.param(r"^[\x00-\x09]$", r"^[\x00-\x0b]$", "\n", id="range-across"),
    pytest.param(r"^[\t\r]$", r"^[\t-\r]$", "\n", id="range-of-controls"),
    pytest.param(r"^\x0b$", r"^\x0a$", "\n", id="hex-newline"),
    pytest.param(r"^\u000b$", r"^\u000a$", "\n", id="unicode-newline"),
    pytest.param(r"^[a\S]$", r"^[\s\S]$", "\n", id="any-character-class"),
    pytest.param("^a$", "^a\n?$", "a\n", id="newline-character"),
]


@pytest.mark.parametrize(("proven", "unproven", "witness"), UNPROVEN)
def test_a_pattern_that_may_admit_a_newline_keeps_the_exclusion_breaking(
    proven: str, unproven: str, witness: str
) -> None:
    assert found(diff(string(proven), string(proven, EXCLUSION))) == [(ADDED, "")]
    old, new = string(unproven), string(unproven, EXCLUSION)
    changes = diff(old, new)
    assert found(changes) == [("not-added", "")]
    assert not summarise(changes, "backward")
    assert changes[0].bump is Bump.MAJOR
    assert found(diff(new, old)) == [("not-removed", "")]
    assert_breaks_readers(old, new, witness)


CONSERVATIVE = [
    # newline-free in fact, but outside what the scan reads: reported as before
    pytest.param(r"^(?!x)[a-z]$", id="lookahead"),
    pytest.param(r"^([a-z])\1$", id="backreference"),
    pytest.param(r"^(?<!x)[a-z]$", id="lookbehind"),
    pytest.param(r"^(?:a$|b)$", id="end-anchor-in-a-group"),
    pytest.param(r"^[]a]$", id="class-starting-with-bracket"),
    pytest.param(r"^(?i:a)$", id="scoped-flag"),
]


@pytest.mark.parametrize("pattern", CONSERVATIVE)
def test_what_the_scan_does_not_read_is_not_trusted(pattern: str) -> None:
    assert found(diff(string(SEMVER), string(SEMVER, EXCLUSION))) == [(ADDED, "")]
    assert found(diff(string(pattern), string(pattern, EXCLUSION))) == [("not-added", "")]
    assert found(diff(string(pattern, EXCLUSION), string(pattern))) == [("not-removed", "")]


@pytest.mark.parametrize(
    ("exclusion", "witness"),
    [
        pytest.param({"pattern": "\\n|x"}, "x", id="pattern-wider-than-a-newline"),
        pytest.param({"pattern": "[\\nx]"}, "x", id="class-wider-than-a-newline"),
        pytest.param({"pattern": "[^\\n]"}, "x", id="negated-newline"),
        pytest.param({"pattern": "\\n", "type": ["string", "integer"]}, None, id="type-wider-than-string"),
        pytest.param({"pattern": "\\n", "minLength": 0, "maxLength": 3}, None, id="more-keywords"),
        pytest.param({"anyOf": [{"pattern": "\\n"}, {"const": "x"}]}, "x", id="inside-a-union"),
    ],
)
def test_a_not_that_is_more_than_a_newline_exclusion_stays_not_added(
    exclusion: Json, witness: str | None
) -> None:
    assert found(diff(string("^[a-z]+$"), string("^[a-z]+$", TYPED_EXCLUSION))) == [(ADDED, "")]
    old, new = string("^[a-z]+$"), string("^[a-z]+$", exclusion)
    assert found(diff(old, new)) == [("not-added", "")]
    if witness is not None:
        assert_breaks_readers(old, new, witness)


def test_an_exclusion_without_a_pattern_beside_it_stays_not_added() -> None:
    assert found(diff(string(SEMVER), string(SEMVER, EXCLUSION))) == [(ADDED, "")]
    old, new = string(None), string(None, EXCLUSION)
    assert found(diff(old, new)) == [("not-added", "")]
    assert_breaks_readers(old, new, "a\nb")
    # the pattern sits in a branch, not at the location of the `not`
    branched: Json = {"type": "string", "anyOf": [{"pattern": SEMVER}, {"pattern": DATE}]}
    assert found(diff(branched, {**branched, "not": dict(EXCLUSION)})) == [("not-added", "")]


# -- the rules and why the bump is minor ---------------------------------------------------------------------


def test_the_rules_break_neither_direction_and_need_a_minor_bump() -> None:
    added, removed = RULES[ADDED], RULES[REMOVED]
    assert (added.mirror, removed.mirror) == (REMOVED, ADDED)
    for rule in (added, removed):
        assert rule.category == "string"
        assert rule.nature is Nature.SEMANTIC
        for policy in ("lenient", "strict"):
            assert rule.verdicts(policy) == (Verdict.COMPATIBLE, Verdict.COMPATIBLE)
            assert rule.bump(policy) is Bump.MINOR
        assert "ECMA-262" in rule.rationale


def test_python_re_reads_the_exclusion_as_a_change_and_treaty_does_not() -> None:
    """Why the exclusion exists, and why it is a minor change rather than documentation (a patch)."""
    old, new = string(SEMVER), string(SEMVER, EXCLUSION)
    python_re = Draft202012Validator
    assert python_re(old).is_valid("1.0.0\n")
    assert not python_re(new).is_valid("1.0.0\n")
    assert not treaty_valid(old, "1.0.0\n")
    assert not treaty_valid(new, "1.0.0\n")
    (change,) = diff(old, new)
    assert change.rule == ADDED
    assert not change.breaks_readers
    assert change.bump is Bump.MINOR


# -- the contracts that motivated the rule ------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["ticket_contract", "day_close"])
def test_change_control_1_2_0_adds_its_exclusions_without_breaking(kind: str) -> None:
    """`treaty diff change_control@1.1.0 change_control` asked for a major version for these alone."""
    old_path = ROOT / "schemas" / "change_control" / "1.1.0" / f"{kind}.schema.json"
    new_path = ROOT / "schemas" / "change_control" / "1.2.0" / f"{kind}.schema.json"
    if not new_path.exists():
        pytest.skip("change_control 1.2.0 is not in this tree")
    old = json.loads(old_path.read_text(encoding="utf-8"))
    new = json.loads(new_path.read_text(encoding="utf-8"))
    changes = diff(old, new)
    assert [change for change in changes if change.rule in {"not-added", "not-removed"}] == []
    exclusions = [change for change in changes if change.rule == ADDED]
    assert "/schema_version" in {change.path for change in exclusions}
    assert not any(change.breaks_readers or change.breaks_writers for change in exclusions)
    assert found(diff(new, old)).count((REMOVED, "/schema_version")) == 1


# -- the scan --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "free"),
    [
        (SEMVER, True),
        (INSTANT, True),
        ("^$", True),
        (r"^\b\w+\b$", True),
        (r"^[\b]$", True),
        (r"^[+--]$", True),
        (r"^[a-]$", True),
        (r"^\0$", True),
        (r"^\$\^\.\*\+\?\(\)\[\]\{\}\|\/\-$", True),
        (r"^[^\s]$", True),
        ("", False),
        ("^", False),
        (r"^a\$", False),
        ("^a$|", False),
        ("^^a$", False),
        ("^a$$", False),
        ("^a)$", False),
        ("^(a$", False),
        (r"^[a-z$", False),
        ("^\\", False),
        (r"^[^]$", False),
        (r"^\012$", False),
        (r"^\cJ$", False),
        (r"^\ca$", False),
        (r"^\u{a}$", False),
        (r"^(?<name>a)$", False),
        (r"^(?<=a)b$", False),
        (r"^[[a]]$", False),
        (r"^\n$", False),
        (r"^[\s]$", False),
    ],
)
def test_the_scan_proves_a_pattern_newline_free_only_when_it_can(pattern: str, *, free: bool) -> None:
    assert newline_free(pattern) is free


@pytest.mark.parametrize(
    ("pattern", "only"),
    [
        ("\\n", True),
        ("[\\n]", True),
        ("[\\n\\x0a]", True),
        ("[\\n-\\n]", True),
        ("\\x0A", True),
        ("\\u000a", True),
        ("\n", True),
        ("\\n+", False),
        ("\\n\\n", False),
        ("[\\n\\r]", False),
        ("[^\\n]", False),
        ("^\\n", False),
        ("\\s", False),
        ("\\\\n", False),
        ("[]", False),
        ("", False),
    ],
)
def test_only_a_lone_newline_atom_is_an_exclusion(pattern: str, *, only: bool) -> None:
    assert newline_only(pattern) is only


def test_every_proof_holds_on_random_patterns() -> None:
    """No pattern the scan proves newline-free matches a string holding one, under Treaty's ECMA-262 reading."""
    rng = random.Random(7)  # noqa: S311 - reproducible test data, not secrets
    atoms = [
        *("a", "b", ".", "-", " ", "\n", "(a|b)", "(?:a|\\n)", "[ab]", "[^a]", "[a\\n]", "[^\\n]", "[^\\s]"),
        *(r"\d", r"\w", r"\S", r"\s", r"\D", r"\W", r"\n", r"\t", r"\b", r"\.", r"\x0a", r"\x0b", r"\u000a"),
        *(r"[\t-\r]", r"[\x00-\x09]", r"[\x0b-\x7f]"),
    ]
    alphabet = ["a", "b", "1", "_", "-", ".", " ", "\t", "\r", "\x0b", "\n"]
    holding = sorted(
        {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))) for _ in range(2000)} - {""}
    )
    holding = [text for text in holding if "\n" in text]

    def pattern() -> str:
        body = "".join(rng.choice(atoms) + rng.choice(["", "", "*", "+", "?", "{1,2}"]) for _ in range(4))
        text = ("^" if rng.random() < 0.9 else "") + body + ("$" if rng.random() < 0.9 else "")
        return text + "|" + pattern() if rng.random() < 0.2 else text

    proven = {text for text in (pattern() for _ in range(3000)) if newline_free(text)}
    assert len(proven) > 100
    for text in sorted(proven):
        try:
            regex = ecma_regex(text)
        except re.error:
            continue  # not a pattern at all (a quantifier on an assertion): no schema holds it
        assert not [value for value in holding if regex.search(value)], text
