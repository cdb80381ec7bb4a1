"""The rule vocabulary (docs/rules-vocabulary.md): each keyword holds, breaks where it should, and names its rule.

Each test validates documents against a small schema through the toolkit's validator, as `treaty validate`
does: the `x-treaty-*` keywords decide no verdict for other engines, so what is checked here is Treaty's.
"""

from collections.abc import Mapping
from typing import Any

import pytest
from treaty._documents.document import Document
from treaty._validation.validator import ContractValidator
from treaty._validation.vocabulary import RuleHit, Vocabulary, unknown_placeholders


def _rule(
    name: str, severity: str = "error", message: str = "broken", hint: str = "fix it"
) -> dict[str, str]:
    return {"id": f"acme/{name}", "severity": severity, "message": message, "hint": hint}


def _hits(schema: Mapping[str, Any], data: Any, functions: Any = None) -> list[RuleHit]:
    validator = ContractValidator(schema)
    assert validator.is_valid(data), "the vocabulary applies to documents the schema accepts"
    return Vocabulary(validator).check(data, functions)


PLAN = {
    "type": "object",
    "$defs": {
        "Item": {"type": "object", "properties": {"id": {"type": "string"}}},
        "Link": {
            "type": "string",
            "x-treaty-in": {
                "collection": "/plan",
                "key": "id",
                "rule": _rule("link", message="{value} is no plan id"),
            },
        },
    },
    "properties": {
        "plan": {
            "type": "array",
            "items": {"$ref": "#/$defs/Item"},
            "x-treaty-uniqueBy": {
                "key": "id",
                "rule": _rule("unique", message="{key} {value} again (first: {first})"),
            },
        },
        "links": {"anyOf": [{"type": "array", "items": {"$ref": "#/$defs/Link"}}, {"type": "null"}]},
        "denied": {
            "type": "array",
            "items": {"type": "string", "x-treaty-notIn": {"collection": "/links", "rule": _rule("denied")}},
        },
    },
}


def test_unique_by_names_the_repeated_item_and_the_first() -> None:
    hits = _hits(PLAN, {"plan": [{"id": "a"}, {"id": "b"}, {"id": "a"}, {}]})
    assert hits == [
        RuleHit(("plan", 2, "id"), "acme/unique", hits[0].severity, '"id" "a" again (first: 0)', "fix it")
    ]


def test_in_follows_refs_and_the_branch_the_value_takes() -> None:
    assert _hits(PLAN, {"plan": [{"id": "a"}], "links": ["a"]}) == []
    hits = _hits(PLAN, {"plan": [{"id": "a"}], "links": ["a", "z"]})
    assert [(h.path, h.rule, h.message) for h in hits] == [(("links", 1), "acme/link", '"z" is no plan id')]
    assert _hits(PLAN, {"plan": [], "links": None}) == []


def test_not_in_refuses_a_value_of_the_collection() -> None:
    hits = _hits(PLAN, {"plan": [{"id": "a"}], "links": ["a"], "denied": ["b", "a"]})
    assert [(h.path, h.rule) for h in hits] == [(("denied", 1), "acme/denied")]


TIMES = {
    "type": "object",
    "properties": {"created": {"type": "string"}, "updated": {"type": "string"}, "a": {}, "b": {}},
    "x-treaty-notBefore": {
        "earlier": "created",
        "later": "updated",
        "rule": _rule("order", "warning", "{later} < {earlier}"),
    },
    "x-treaty-equals": [{"properties": ["a", "b"], "rule": _rule("alias", message="{a} != {b}")}],
}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"created": "2026-01-02T00:00:00Z", "updated": "2026-01-01T23:00:00-02:00"}, []),
        (
            {"created": "2026-01-02T00:00:00Z", "updated": "2026-01-01T23:59:59Z"},
            [(("updated",), "acme/order")],
        ),
        ({"created": "2026-01-02T00:00:00Z"}, []),
        ({"a": 1, "b": 1}, []),
        ({"a": 1, "b": 1.5}, [(("a",), "acme/alias")]),
        ({"a": 1}, []),
        ({"a": 1, "b": None}, []),
    ],
)
def test_not_before_compares_instants_and_equals_compares_values(data: Any, expected: Any) -> None:
    assert [(h.path, h.rule) for h in _hits(TIMES, data)] == expected


def test_a_warning_rule_is_a_warning() -> None:
    (hit,) = _hits(TIMES, {"created": "2026-01-02T00:00:00Z", "updated": "2026-01-01T00:00:00Z"})
    assert hit.severity.value == "warning"
    assert hit.message == '"2026-01-01T00:00:00Z" < "2026-01-02T00:00:00Z"'


SHOULD = {
    "type": "object",
    "properties": {"status": {"enum": ["planned", "running"]}, "context": {"type": "array"}},
    "x-treaty-should": [
        {
            "x-treaty-rule": _rule("has-context", "warning"),
            "if": {"properties": {"status": {"const": "running"}}, "required": ["status"]},
            "then": {"required": ["context"], "properties": {"context": {"minItems": 1}}},
        }
    ],
}


def test_should_warns_where_its_member_fails() -> None:
    assert _hits(SHOULD, {"status": "planned"}) == []
    assert [
        (h.path, h.rule, h.severity.value) for h in _hits(SHOULD, {"status": "running", "context": []})
    ] == [(("context",), "acme/has-context", "warning")]


DERIVED = {
    "type": "object",
    "x-treaty-derived": {
        "property": "key",
        "function": "join",
        "input": {"left": "/a", "right": "/b"},
        "rule": _rule("key", message="stored {value}, the function says {expected}"),
    },
}


def _join(value: Any) -> str:
    return f"{value['left']}-{value.get('right', '')}"


def test_derived_holds_only_where_the_functions_are_given() -> None:
    data = {"a": "x", "b": "y", "key": "x-z"}
    assert _hits(DERIVED, data) == []
    (hit,) = _hits(DERIVED, data, {"join": _join})
    assert (hit.path, hit.message) == (("key",), 'stored "x-z", the function says "x-y"')
    assert _hits(DERIVED, {**data, "key": "x-y"}, {"join": _join}) == []
    (missing,) = _hits(DERIVED, data, {})
    assert "no contract function 'join'" in missing.message


NESTED = {
    "type": "object",
    "x-treaty-derived": {
        "at": "/decision",
        "property": "value",
        "function": "join",
        "input": {"left": "/a", "right": {"pointer": ["/b", "/c"], "default": "none"}},
        "rule": _rule("nested", message="{value} vs {expected}"),
    },
}


@pytest.mark.parametrize(
    ("data", "stored_ok"),
    [
        ({"a": "x", "c": "y", "decision": {"value": "x-y"}}, True),  # the second pointer, the first absent
        ({"a": "x", "decision": {"value": "x-none"}}, True),  # the default
        ({"a": "x", "b": "z", "c": "y", "decision": {"value": "x-y"}}, False),  # the first pointer wins
    ],
)
def test_derived_reads_at_and_its_input_sources(data: Any, stored_ok: bool) -> None:  # noqa: FBT001
    hits = _hits(NESTED, data, {"join": _join})
    assert hits == [] if stored_ok else [h.path for h in hits] == [("decision", "value")]


def test_an_allof_member_that_is_a_rule_reports_as_the_rule() -> None:
    from treaty._validation.catalog import Catalog  # noqa: PLC0415
    from treaty._validation.validator import Validator  # noqa: PLC0415

    schema = {
        "$id": "urn:treaty:acme:1.0.0:thing",
        "type": "object",
        "allOf": [
            {
                "x-treaty-rule": _rule("needs-b", message="a needs b"),
                "if": {"required": ["a"]},
                "then": {"required": ["b"]},
            }
        ],
    }
    validator = Validator(Catalog())
    validator._compiled["acme", "1.0.0", "thing"] = ContractValidator(schema)  # noqa: SLF001
    findings = validator.validate(Document("x.yaml", {"a": 1}, {}, {}), "acme", "1.0.0", "thing")
    assert [(f.rule, f.message, f.hint) for f in findings] == [("acme/needs-b", "a needs b", "fix it")]


def test_placeholders_a_keyword_does_not_fill_are_named() -> None:
    assert unknown_placeholders("x-treaty-uniqueBy", _rule("u", message="{key} {value} {nope}")) == ["nope"]
    assert unknown_placeholders("x-treaty-rule", _rule("r", hint="{value}")) == ["value"]
