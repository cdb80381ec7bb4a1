"""The schema change classifier on Treaty's rule keywords (`x-treaty-*`, docs/rules-vocabulary.md).

The reference validator of the corpus reads these keywords as annotations, so their cases live here: each
builds an old and a new schema and names the changes, their verdicts and bump; swapping the two schemas must
report the mirrors with the verdicts swapped. Before the keywords were modelled, every one of these changes
was the conservative `keyword-changed`, breaking both directions.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from treaty._diff import RULES, Bump, Change, diff
from treaty._diff.changelog import Section, markdown
from treaty._diff.family import Entry, FamilyDiff, entry_line

Json = dict[str, Any]


def rule(rule_id: str = "fam/r", severity: str = "error", message: str = "m", hint: str = "h") -> Json:
    return {"id": rule_id, "severity": severity, "message": message, "hint": hint}


def schema(
    root: Json | None = None,
    *,
    drifts: Json | None = None,
    ref: Json | None = None,
    ref_type: Json | None = None,
) -> Json:
    """Return an object with an array of drifts, a string that refers into it, and two instants."""
    return {
        "type": "object",
        "properties": {
            "drifts": {
                "type": "array",
                "items": {"type": "object", "properties": {"id": {"type": "string"}}},
                **(drifts or {}),
            },
            "ref": {**(ref_type or {"type": "string"}), **(ref or {})},
            "opened": {"type": "string", "format": "date-time"},
            "closed": {"type": "string", "format": "date-time"},
        },
        **(root or {}),
    }


UNIQUE = {"x-treaty-uniqueBy": {"key": "id", "rule": rule("fam/unique")}}
KNOWN = {"x-treaty-in": {"collection": "/drifts", "key": "id", "rule": rule("fam/known")}}
NOT_BEFORE = {"x-treaty-notBefore": {"earlier": "opened", "later": "closed", "rule": rule("fam/order")}}
WARN_UNIQUE = {"x-treaty-uniqueBy": {"key": "id", "rule": rule("fam/unique", "warning")}}
EQUALS = {"x-treaty-equals": {"properties": ["opened", "closed"], "rule": rule("fam/same")}}
DERIVED = {
    "x-treaty-derived": {
        "property": "ref",
        "function": "fam.slug",
        "input": {"first": "/drifts/0/id"},
        "rule": rule("fam/slug"),
    }
}


def should(*members: Json) -> Json:
    return {"x-treaty-should": list(members)}


def member(rule_id: str = "fam/short", message: str = "m", limit: int = 3) -> Json:
    return {"x-treaty-rule": rule(rule_id, "warning", message), "properties": {"ref": {"maxLength": limit}}}


def edit(value: Json, *path: str | int, **fields: Any) -> Json:
    """Return a copy of ``value`` with the fields of the object at ``path`` replaced."""
    copied = copy.deepcopy(value)
    target: Any = copied
    for part in path:
        target = target[part]
    target.update(fields)
    return copied


def found(changes: list[Change]) -> list[tuple[str, str]]:
    return sorted((change.rule, change.path) for change in changes)


def verdict(changes: list[Change]) -> tuple[bool, bool]:
    return any(c.breaks_readers for c in changes), any(c.breaks_writers for c in changes)


def bump(changes: list[Change]) -> Bump:
    return max((c.bump for c in changes), key=lambda b: b.rank)


# (name, old, new, expected (rule, path) pairs, (breaks readers, breaks writers), bump)
CASES: list[tuple[str, Json, Json, list[tuple[str, str]], tuple[bool, bool], Bump]] = [
    # an error rule added refuses documents the old version accepted
    (
        "unique-by-added",
        schema(),
        schema(drifts=UNIQUE),
        [("treaty-rule-added", "/drifts")],
        (True, False),
        Bump.MAJOR,
    ),
    ("in-added", schema(), schema(ref=KNOWN), [("treaty-rule-added", "/ref")], (True, False), Bump.MAJOR),
    (
        "not-in-added",
        schema(),
        schema(ref={"x-treaty-notIn": {"collection": "/drifts", "key": "id", "rule": rule("fam/fresh")}}),
        [("treaty-rule-added", "/ref")],
        (True, False),
        Bump.MAJOR,
    ),
    (
        "not-before-added",
        schema(),
        schema(NOT_BEFORE),
        [("treaty-rule-added", "")],
        (True, False),
        Bump.MAJOR,
    ),
    (
        "equals-added",
        schema(),
        schema(EQUALS),
        [("treaty-rule-added", "")],
        (True, False),
        Bump.MAJOR,
    ),
    ("derived-added", schema(), schema(DERIVED), [("treaty-rule-added", "")], (True, False), Bump.MAJOR),
    (
        "second-rule-of-a-keyword-added",
        schema(ref={"x-treaty-in": [KNOWN["x-treaty-in"]]}),
        schema(ref={"x-treaty-in": [KNOWN["x-treaty-in"], {"collection": "/x", "rule": rule("fam/other")}]}),
        [("treaty-rule-added", "/ref")],
        (True, False),
        Bump.MAJOR,
    ),
    (
        "error-rule-removed",
        schema(drifts=UNIQUE),
        schema(),
        [("treaty-rule-removed", "/drifts")],
        (False, True),
        Bump.MINOR,
    ),
    (
        "rule-added-in-items",
        schema(drifts={"items": {"type": "object", "properties": {"id": {"type": "string"}}}}),
        schema(drifts={"items": {"type": "object", "properties": {"id": {"type": "string", **KNOWN}}}}),
        [("treaty-rule-added", "/drifts/*/id")],
        (True, False),
        Bump.MAJOR,
    ),
    # severity
    (
        "severity-raised",
        schema(drifts=WARN_UNIQUE),
        schema(drifts=UNIQUE),
        [("treaty-rule-tightened", "/drifts")],
        (True, False),
        Bump.MAJOR,
    ),
    (
        "severity-lowered",
        schema(drifts=UNIQUE),
        schema(drifts=WARN_UNIQUE),
        [("treaty-rule-loosened", "/drifts")],
        (False, True),
        Bump.MINOR,
    ),
    (
        "should-member-became-an-error-keyword",
        schema(should({"x-treaty-rule": rule("fam/order", "warning"), "required": ["closed"]})),
        schema(NOT_BEFORE),
        [("treaty-rule-tightened", "")],
        (True, False),
        Bump.MAJOR,
    ),
    # warning rules change no verdict
    (
        "warning-rule-added",
        schema(),
        schema(drifts=WARN_UNIQUE),
        [("treaty-warning-added", "/drifts")],
        (False, False),
        Bump.MINOR,
    ),
    (
        "warning-rule-changed",
        schema(drifts=WARN_UNIQUE),
        schema(drifts=edit(WARN_UNIQUE, "x-treaty-uniqueBy", key="name")),
        [("treaty-warning-changed", "/drifts")],
        (False, False),
        Bump.MINOR,
    ),
    (
        "should-added",
        schema(),
        schema(should(member())),
        [("treaty-warning-added", "")],
        (False, False),
        Bump.MINOR,
    ),
    (
        "should-removed",
        schema(should(member())),
        schema(),
        [("treaty-warning-removed", "")],
        (False, False),
        Bump.MINOR,
    ),
    (
        "should-member-schema-changed",
        schema(should(member(limit=3))),
        schema(should(member(limit=2))),
        [("treaty-warning-changed", "")],
        (False, False),
        Bump.MINOR,
    ),
    (
        "should-member-description-changed",
        schema(should(member())),
        schema(should({**member(), "description": "a short ref reads better"})),
        [("treaty-warning-changed", "")],
        (False, False),
        Bump.MINOR,
    ),
    # only the message or hint: documentation
    (
        "message-changed",
        schema(drifts=UNIQUE),
        schema(drifts=edit(UNIQUE, "x-treaty-uniqueBy", "rule", message="{key} {value} is used twice")),
        [("treaty-rule-reworded", "/drifts")],
        (False, False),
        Bump.PATCH,
    ),
    (
        "hint-changed",
        schema(ref=KNOWN),
        schema(ref=edit(KNOWN, "x-treaty-in", "rule", hint="add the drift first")),
        [("treaty-rule-reworded", "/ref")],
        (False, False),
        Bump.PATCH,
    ),
    (
        "should-message-changed",
        schema(should(member())),
        schema(should(member(message="keep refs short"))),
        [("treaty-rule-reworded", "")],
        (False, False),
        Bump.PATCH,
    ),
    # a rule's id alone changed
    (
        "renamed",
        schema(drifts=UNIQUE),
        schema(drifts=edit(UNIQUE, "x-treaty-uniqueBy", "rule", id="fam/unique-drift")),
        [("treaty-rule-renamed", "/drifts")],
        (False, False),
        Bump.MINOR,
    ),
    (
        "renamed-and-raised",
        schema(drifts=WARN_UNIQUE),
        schema(drifts=edit(UNIQUE, "x-treaty-uniqueBy", "rule", id="fam/unique-drift")),
        [("treaty-rule-renamed", "/drifts"), ("treaty-rule-tightened", "/drifts")],
        (True, False),
        Bump.MAJOR,
    ),
    # what an error rule checks: both directions may break
    (
        "keyword-changed-under-one-id",
        schema(ref=KNOWN),
        schema(ref={"x-treaty-notIn": KNOWN["x-treaty-in"]}),
        [("treaty-rule-changed", "/ref")],
        (True, True),
        Bump.MAJOR,
    ),
]

# (name, where the keyword sits, the keyword, its new parameters, the path)
PARAMETERS: list[tuple[str, str, Json, Json, str]] = [
    ("unique-by-key", "drifts", UNIQUE, {"key": "name"}, "/drifts"),
    ("in-collection", "ref", KNOWN, {"collection": "/closed_drifts"}, "/ref"),
    ("in-key", "ref", KNOWN, {"key": "name"}, "/ref"),
    ("not-before-swapped", "root", NOT_BEFORE, {"earlier": "closed", "later": "opened"}, ""),
    ("equals-properties", "root", EQUALS, {"properties": ["opened", "ref"]}, ""),
    ("derived-function", "root", DERIVED, {"function": "fam.other"}, ""),
    ("derived-input", "root", DERIVED, {"input": {"first": "/drifts/1/id"}}, ""),
    ("derived-property", "root", DERIVED, {"property": "closed"}, ""),
]
for name, place, keyword, fields, at in PARAMETERS:
    CASES.append(
        (
            f"parameter-{name}",
            schema(**{place: keyword}),
            schema(**{place: edit(keyword, next(iter(keyword)), **fields)}),
            [("treaty-rule-changed", at)],
            (True, True),
            Bump.MAJOR,
        )
    )


@pytest.mark.parametrize(
    ("old", "new", "expected", "breaks", "needed"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_case(
    old: Json, new: Json, expected: list[tuple[str, str]], breaks: tuple[bool, bool], needed: Bump
) -> None:
    changes = diff(old, new)
    assert found(changes) == sorted(expected), [c.message for c in changes]
    assert verdict(changes) == breaks
    assert bump(changes) is needed
    for change in changes:
        assert RULES[change.rule].category == "rule"
        assert "`fam/" in change.message, change.message  # the rule's id
        assert f"at {change.path or '(root)'}" in change.message, change.message
    mirrored = diff(new, old)
    assert found(mirrored) == sorted((RULES[r].mirror, path) for r, path in expected)
    assert verdict(mirrored) == breaks[::-1]
    assert diff(old, old) == diff(new, new) == []


def test_every_rule_of_the_vocabulary_fires_both_ways() -> None:
    fired = {r for case in CASES for r, _ in case[3]} | {
        RULES[r].mirror for case in CASES for r, _ in case[3]
    }
    assert {rule.id for rule in RULES.values() if rule.category == "rule"} - fired == {
        "treaty-rule-named",
        "treaty-rule-unnamed",
    }, "the two are tested with allOf members below"


def test_a_message_names_the_rule_and_where_it_sits() -> None:
    (added,) = diff(schema(), schema(ref=KNOWN))
    assert added.message == "error rule `fam/known` (x-treaty-in) now applies at /ref"
    assert (added.schema_pointer, added.schema_side, added.old) == (
        "/properties/ref/x-treaty-in",
        "new",
        None,
    )
    assert added.new == KNOWN["x-treaty-in"]
    (changed,) = diff(schema(ref=KNOWN), schema(ref=edit(KNOWN, "x-treaty-in", collection="/x", key="name")))
    assert changed.message == "rule `fam/known` (x-treaty-in) at /ref: collection and key changed"
    (worded,) = diff(
        schema(drifts=UNIQUE), schema(drifts=edit(UNIQUE, "x-treaty-uniqueBy", "rule", message="x", hint="y"))
    )
    assert worded.message == "rule `fam/unique` (x-treaty-uniqueBy) at /drifts: hint and message changed"
    rules = {"x-treaty-in": [KNOWN["x-treaty-in"], {"collection": "/x", "rule": rule("fam/other")}]}
    (second,) = diff(schema(ref=KNOWN), schema(ref=rules))
    assert second.schema_pointer == "/properties/ref/x-treaty-in/1"


def test_rules_are_matched_by_id_not_by_position() -> None:
    first, second = KNOWN["x-treaty-in"], {"collection": "/x", "rule": rule("fam/other")}
    assert (
        diff(schema(ref={"x-treaty-in": [first, second]}), schema(ref={"x-treaty-in": [second, first]})) == []
    )
    reworded = edit(second, "rule", message="changed")
    changes = diff(
        schema(ref={"x-treaty-in": [first, second]}), schema(ref={"x-treaty-in": [reworded, first]})
    )
    assert [(c.rule, c.schema_pointer) for c in changes] == [
        ("treaty-rule-reworded", "/properties/ref/x-treaty-in/0")
    ]
    assert "`fam/other`" in changes[0].message


def test_a_rule_moved_into_an_all_of_member_or_a_definition_is_no_change() -> None:
    other = {"collection": "/x", "rule": rule("fam/other")}
    inline = schema(ref={"x-treaty-in": [KNOWN["x-treaty-in"], other]})
    members = schema(ref={**KNOWN, "allOf": [{"x-treaty-in": other}]})
    defined = {
        **schema(ref_type={"$ref": "#/$defs/Ref"}),
        "$defs": {"Ref": {"type": "string", **KNOWN, "allOf": [{"x-treaty-in": [other]}]}},
    }
    assert diff(inline, members) == diff(inline, defined) == diff(members, inline) == []


def test_a_rule_on_a_nullable_value_keeps_the_union_lifted() -> None:
    nullable = {"anyOf": [{"type": "string"}, {"type": "null"}]}
    old = schema(ref_type=nullable)
    new = schema(ref_type={"anyOf": [{"type": "string", **KNOWN}, {"type": "null"}]})
    assert found(diff(old, new)) == [("treaty-rule-added", "/ref")]


def test_a_malformed_keyword_stays_generic() -> None:
    no_id = {"x-treaty-in": {"collection": "/drifts", "rule": {"severity": "error"}}}
    changes = diff(schema(), schema(ref=no_id, drifts=UNIQUE))
    assert found(changes) == [("keyword-changed", "/ref"), ("treaty-rule-added", "/drifts")]


# -- x-treaty-rule: a rule that is plain JSON Schema, in an allOf member ---------------------------------

REQUIRED = {"required": ["closed"]}
BOTH_OR_NONE = {"anyOf": [{"required": ["opened", "closed"]}, {"not": {"required": ["closed"]}}]}
ORDERED = {"if": {"required": ["closed"]}, "then": {"required": ["opened"]}}
OTHER = {"anyOf": [{"required": ["ref"]}, {"required": ["drifts"]}]}


def rule_member(body: Json, rule_id: str = "fam/closed", severity: str = "error", message: str = "m") -> Json:
    return {"x-treaty-rule": rule(rule_id, severity, message), **body}


def with_members(*members: Json) -> Json:
    return schema({"allOf": list(members)})


@pytest.mark.parametrize(
    "members",
    [
        [REQUIRED],
        [BOTH_OR_NONE],
        [BOTH_OR_NONE, OTHER],
    ],
    ids=["merged-member", "one-union-member", "two-union-members"],
)
def test_a_rule_members_message_is_documentation(members: list[Json]) -> None:
    old = with_members(*(rule_member(m, f"fam/r{i}") for i, m in enumerate(members)))
    new = with_members(
        *(rule_member(m, f"fam/r{i}", message="reworded" if i == 0 else "m") for i, m in enumerate(members))
    )
    changes = diff(old, new)
    assert [(c.rule, c.path, c.schema_pointer) for c in changes] == [
        ("treaty-rule-reworded", "", "/allOf/0/x-treaty-rule")
    ]
    assert changes[0].message == "rule `fam/r0` (x-treaty-rule) at (root): message changed"
    assert changes[0].bump is Bump.PATCH


def test_a_rule_members_id_and_severity() -> None:
    old = with_members(rule_member(BOTH_OR_NONE, "fam/closed"))
    renamed = diff(old, with_members(rule_member(BOTH_OR_NONE, "fam/closing")))
    assert [(c.rule, c.bump) for c in renamed] == [("treaty-rule-renamed", Bump.MINOR)]
    assert renamed[0].message == "rule `fam/closed` (x-treaty-rule) at (root) was renamed `fam/closing`"
    lowered = with_members(rule_member(BOTH_OR_NONE, severity="warning"))
    assert found(diff(lowered, old)) == [("treaty-rule-tightened", "")]
    assert verdict(diff(lowered, old)) == (True, False)
    assert found(diff(old, lowered)) == [("treaty-rule-loosened", "")]


@pytest.mark.parametrize(
    ("body", "beside", "composition"),
    [
        (REQUIRED, [], ("required-added", "/closed")),
        (REQUIRED, [OTHER], ("required-added", "/closed")),
        (ORDERED, [], ("conditional-added", "")),
        (ORDERED, [OTHER], ("conditional-added", "")),
        (BOTH_OR_NONE, [], ("any-of-added", "")),
        (BOTH_OR_NONE, [OTHER], ("all-of-member-added", "")),  # two anyOf cannot merge: the member stays
    ],
    ids=["required", "required-beside", "if-then", "if-then-beside", "any-of", "any-of-beside"],
)
def test_adding_a_rule_member_keeps_what_the_composition_rules_say(
    body: Json, beside: list[Json], composition: tuple[str, str]
) -> None:
    old = with_members(*beside) if beside else schema()
    plain = diff(old, with_members(*beside, body))
    named = with_members(*beside, rule_member(body))
    changes = diff(old, named)
    assert found(plain) == [composition]
    assert found(changes) == sorted([composition, ("treaty-rule-named", "")])
    assert verdict(changes) == verdict(plain) == (True, False)
    kept = next(c for c in changes if c.rule == composition[0])
    assert kept.message == next(c.message for c in plain) + " (rule `fam/closed`)"
    assert found(diff(named, old)) == sorted(
        [(RULES[composition[0]].mirror, composition[1]), ("treaty-rule-unnamed", "")]
    )


def test_a_rule_nested_in_a_rule_names_the_inner_one() -> None:
    inner = {"properties": {"drifts": {"allOf": [rule_member({"minItems": 1}, "fam/inner")]}}}
    old = with_members(rule_member(inner, "fam/outer"))
    new = copy.deepcopy(old)
    new["allOf"][0]["properties"]["drifts"]["allOf"][0]["minItems"] = 2
    (change,) = diff(old, new)
    assert (change.rule, change.path) == ("min-items-increased", "/drifts")
    assert change.message.endswith(" (rule `fam/inner`)")


# -- the changelog ----------------------------------------------------------------------------------------


def test_the_changelog_lists_rule_changes_by_severity() -> None:
    old = schema(drifts=UNIQUE, root=should(member()))
    new = schema(ref=KNOWN, drifts=edit(UNIQUE, "x-treaty-uniqueBy", "rule", message="twice"))
    entries = tuple(Entry.of("ticket", change) for change in diff(old, new))
    section = Section("fam", "1.1.0", "unreleased", FamilyDiff("fam", "1.0.0", "1.1.0", entries), ("ticket",))
    text = markdown([section])
    breaking, additive, annotation = (text.index(f"{s}:\n") for s in ("Breaking", "Additive", "Annotation"))
    assert (
        breaking
        < text.index("`treaty-rule-added` at `/ref`: error rule `fam/known` (x-treaty-in)")
        < additive
    )
    assert (
        additive
        < text.index("`treaty-warning-removed`: warning rule `fam/short` (x-treaty-should)")
        < annotation
    )
    assert annotation < text.index("`treaty-rule-reworded` at `/drifts`: rule `fam/unique`")
    assert "which need at least a major version bump" in text
    line = entry_line(next(e for e in entries if e.rule == "treaty-rule-added"))
    assert line.startswith(
        "- `treaty-rule-added` at `/ref`: error rule `fam/known` (x-treaty-in) now applies at /ref (breaks readers;"
    )
