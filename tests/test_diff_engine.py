"""Tests of the schema change classifier beyond the corpus: the rule catalog, Change fields, fingerprints,
determinism, reference cycles, errors, and Treaty's own exported schemas."""

from __future__ import annotations

import copy
import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
from treaty._diff import (
    POLICIES,
    RULES,
    Bump,
    Change,
    Nature,
    SchemaDiffError,
    Verdict,
    diff,
    required_bump,
    summarise,
)
from treaty._diff.reference import render_markdown
from treaty._diff.rules import CATEGORIES

ROOT = Path(__file__).resolve().parent.parent
TICKET = ROOT / "schemas" / "change_control" / "1.0.0" / "ticket_contract.schema.json"
DAY_CLOSE = ROOT / "schemas" / "change_control" / "1.0.0" / "day_close.schema.json"

CLOSED = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "maxLength": 10},
        "status": {"enum": ["open", "blocked", "done"]},
    },
    "required": ["id"],
    "additionalProperties": False,
}


def _edited(schema: dict[str, Any], **properties: Any) -> dict[str, Any]:
    edited = copy.deepcopy(schema)
    for name, value in properties.items():
        if value is None:
            del edited["properties"][name]
        else:
            edited["properties"][name] = value
    return edited


def _inline(node: Any, root: dict[str, Any]) -> Any:
    """Return a non-recursive schema with every local $ref replaced by its target."""
    if isinstance(node, list):
        return [_inline(item, root) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target: Any = root
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        siblings = {key: value for key, value in node.items() if key != "$ref"}
        return _inline({**target, **siblings}, root)
    return {
        key: value if key in {"enum", "const", "default", "examples"} else _inline(value, root)
        for key, value in node.items()
        if key != "$defs"
    }


# -- the catalog -----------------------------------------------------------------------------------------


def test_the_catalog_has_enough_rules_with_stable_ids() -> None:
    assert len(RULES) >= 60
    for rule_id, rule in RULES.items():
        assert rule.id == rule_id
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule_id), rule_id
        assert rule.category in CATEGORIES
        assert rule.summary
        assert "\n" not in rule.summary


def test_every_category_has_rules() -> None:
    assert {rule.category for rule in RULES.values()} == set(CATEGORIES)


@pytest.mark.parametrize("policy", ["lenient", "strict"])
def test_mirrors_are_mutual_and_swap_the_verdicts(policy: str) -> None:
    for rule in RULES.values():
        mirror = RULES[rule.mirror]
        assert mirror.mirror == rule.id
        backward, forward = rule.verdicts(policy)  # type: ignore[arg-type]
        assert mirror.verdicts(policy) == (forward, backward)  # type: ignore[arg-type]


def test_bumps_follow_the_verdicts() -> None:
    assert RULES["enum-value-removed"].bump() is Bump.MAJOR
    assert RULES["enum-value-added"].bump() is Bump.MINOR
    assert RULES["default-changed"].bump() is Bump.MINOR
    assert RULES["description-changed"].bump() is Bump.PATCH
    assert RULES["property-added-to-open-object"].bump("lenient") is Bump.MINOR
    assert RULES["property-added-to-open-object"].bump("strict") is Bump.MAJOR
    for rule in RULES.values():
        if rule.nature is Nature.ANNOTATION:
            assert rule.verdicts() == (Verdict.COMPATIBLE, Verdict.COMPATIBLE)
            assert rule.bump() is Bump.PATCH


def test_only_open_object_rules_depend_on_the_policy() -> None:
    differ = {rule.id for rule in RULES.values() if rule.verdicts("lenient") != rule.verdicts("strict")}
    assert differ == {"property-added-to-open-object", "property-removed-from-open-object"}
    assert [name for name, _ in POLICIES] == ["lenient", "strict"]


def test_the_rules_page_is_current() -> None:
    page = (ROOT / "docs" / "diff-rules.md").read_text(encoding="utf-8")
    assert page == render_markdown(), "regenerate it: python -m treaty._diff > docs/diff-rules.md"
    for rule_id in RULES:
        assert f"`{rule_id}`" in page


# -- changes ---------------------------------------------------------------------------------------------


def test_change_fields() -> None:
    new = _edited(CLOSED, status={"enum": ["open", "done"]})
    (change,) = diff(CLOSED, new)
    assert change == Change(
        rule="enum-value-removed",
        path="/status",
        schema_pointer="/properties/status/enum",
        schema_side="old",
        message='enum value "blocked" removed from /status',
        old="blocked",
        new=None,
        breaks_readers=True,
        breaks_writers=False,
        bump=Bump.MAJOR,
        fingerprint=change.fingerprint,
    )
    assert re.fullmatch(r"[0-9a-f]{16}", change.fingerprint)
    assert json.loads(json.dumps(change.as_json()))["bump"] == "major"


def test_an_addition_points_into_the_new_schema_and_a_removal_into_the_old() -> None:
    added = diff(CLOSED, _edited(CLOSED, note={"type": "string"}))
    removed = diff(_edited(CLOSED, note={"type": "string"}), CLOSED)
    assert [(c.rule, c.schema_pointer, c.schema_side) for c in added] == [
        ("property-added", "/properties/note", "new")
    ]
    assert [(c.rule, c.schema_pointer, c.schema_side) for c in removed] == [
        ("property-removed", "/properties/note", "old")
    ]


def test_a_bound_change_keeps_both_values() -> None:
    (change,) = diff(CLOSED, _edited(CLOSED, id={"type": "string", "maxLength": 4}))
    assert (change.rule, change.old, change.new, change.message) == (
        "max-length-decreased",
        10,
        4,
        "maxLength at /id changed from 10 to 4",
    )


def test_summarise_and_required_bump() -> None:
    changes = diff(CLOSED, _edited(CLOSED, note={"type": "string"}, id={"type": "string", "maxLength": 20}))
    assert [c.rule for c in changes] == ["max-length-increased", "property-added"]
    assert summarise(changes, "backward") is True
    assert summarise(changes, "forward") is False
    assert summarise(changes, "full") is False
    assert summarise([], "full") is True
    assert required_bump(changes) is Bump.MINOR
    assert required_bump([]) is None
    assert required_bump(diff(CLOSED, _edited(CLOSED, status=None))) is Bump.MAJOR


# -- fingerprints ----------------------------------------------------------------------------------------


def test_a_fingerprint_survives_a_move_into_defs() -> None:
    inline = {
        "type": "object",
        "properties": {"owner": {"type": "object", "properties": {"email": {"type": "string"}}}},
    }
    moved = {
        "$defs": {"Owner": {"type": "object", "properties": {"email": {"type": "string", "maxLength": 50}}}},
        "type": "object",
        "properties": {"owner": {"$ref": "#/$defs/Owner"}},
    }
    in_place = copy.deepcopy(inline)
    in_place["properties"]["owner"]["properties"]["email"]["maxLength"] = 50
    (before,), (after,) = diff(inline, in_place), diff(inline, moved)
    assert before.schema_pointer != after.schema_pointer
    assert before.fingerprint == after.fingerprint


def test_a_fingerprint_survives_unrelated_edits() -> None:
    first = diff(CLOSED, _edited(CLOSED, status={"enum": ["open", "done"]}))
    rebased_old = _edited(CLOSED, extra={"type": "integer"})
    rebased_new = _edited(CLOSED, extra={"type": "integer"}, status={"enum": ["done", "open"]})
    rebased_new["properties"] = dict(reversed(list(rebased_new["properties"].items())))
    second = diff(rebased_old, rebased_new)
    assert [c.fingerprint for c in first] == [c.fingerprint for c in second]


def test_fingerprints_tell_changes_apart() -> None:
    changes = diff({"enum": ["a", "b", "c"]}, {"enum": ["c"]})
    assert len({c.fingerprint for c in changes}) == 2
    elsewhere = diff({"properties": {"x": {"enum": ["a", "b", "c"]}}}, {"properties": {"x": {"enum": ["c"]}}})
    assert {c.fingerprint for c in changes}.isdisjoint({c.fingerprint for c in elsewhere})


def test_a_shared_definition_is_reported_at_each_path() -> None:
    def schema(limit: int) -> dict[str, Any]:
        return {
            "$defs": {"Code": {"type": "string", "maxLength": limit}},
            "properties": {"a": {"$ref": "#/$defs/Code"}, "b": {"$ref": "#/$defs/Code"}},
        }

    changes = diff(schema(9), schema(5))
    assert [(c.path, c.schema_pointer) for c in changes] == [
        ("/a", "/$defs/Code/maxLength"),
        ("/b", "/$defs/Code/maxLength"),
    ]
    assert changes[0].fingerprint != changes[1].fingerprint


# -- determinism -----------------------------------------------------------------------------------------


def _reordered(node: Any) -> Any:
    if isinstance(node, dict):
        return {key: _reordered(node[key]) for key in reversed(list(node))}
    if isinstance(node, list):
        return [_reordered(item) for item in node]
    return node


def test_results_are_deterministic_and_sorted() -> None:
    old = json.loads(TICKET.read_text(encoding="utf-8"))
    new = copy.deepcopy(old)
    new["$defs"]["EnumEvidenceKind"]["enum"].remove("manual")
    new["$defs"]["EnumEvidenceKind"]["enum"].append("review")
    new["properties"]["notes"] = {"type": "string"}
    first = diff(old, new)
    assert first == diff(old, new)
    assert [c.as_json() for c in diff(_reordered(old), _reordered(new))] == [c.as_json() for c in first]
    keys = [(c.path, c.rule) for c in first]
    assert keys == sorted(keys)


# -- recursion -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "schema",
    [
        {"$defs": {"A": {"$ref": "#/$defs/B"}, "B": {"$ref": "#/$defs/A"}}, "$ref": "#/$defs/A"},
        {"$defs": {"A": {"type": "object", "allOf": [{"$ref": "#/$defs/A"}]}}, "$ref": "#/$defs/A"},
        {"$defs": {"A": {"anyOf": [{"$ref": "#/$defs/A"}, {"type": "null"}]}}, "$ref": "#/$defs/A"},
        {"$defs": {"A": {"oneOf": [{"$ref": "#/$defs/A"}, {"type": "integer"}]}}, "$ref": "#/$defs/A"},
        {"$defs": {"A": {"not": {"$ref": "#/$defs/A"}}}, "$ref": "#/$defs/A"},
        {"type": "object", "properties": {"self": {"$ref": "#"}}, "if": {"$ref": "#"}, "then": {"$ref": "#"}},
    ],
    ids=["ref-loop", "all-of-loop", "nullable-loop", "one-of-loop", "not-loop", "root-loop"],
)
def test_reference_cycles_terminate(schema: dict[str, Any]) -> None:
    assert diff(schema, schema) == []
    changed = copy.deepcopy(schema)
    changed["description"] = "changed"
    assert [c.rule for c in diff(schema, changed)] == ["description-changed"]


def test_a_long_chain_of_definitions_is_followed_to_the_end() -> None:
    def chain(limit: int) -> dict[str, Any]:
        defs: dict[str, Any] = {
            f"D{i}": {"type": "object", "properties": {"next": {"$ref": f"#/$defs/D{i + 1}"}}}
            for i in range(100)
        }
        defs["D100"] = {"type": "string", "maxLength": limit}
        return {"$defs": defs, "$ref": "#/$defs/D0"}

    (change,) = diff(chain(9), chain(5))
    assert change.path == "/next" * 100
    assert change.schema_pointer == "/$defs/D100/maxLength"


def test_a_schema_too_deep_to_compare_is_refused() -> None:
    deep: dict[str, Any] = {"type": "string"}
    for _ in range(400):
        deep = {"type": "object", "properties": {"a": deep}}
    with pytest.raises(SchemaDiffError, match="nest too deeply"):
        diff(deep, deep)


def test_shared_definitions_are_compared_once() -> None:
    # 12 levels, each using the next twice: 4096 document paths reach the bottom, one comparison each level
    def lattice(limit: int) -> dict[str, Any]:
        defs: dict[str, Any] = {
            f"L{i}": {
                "type": "object",
                "properties": {"x": {"$ref": f"#/$defs/L{i + 1}"}, "y": {"$ref": f"#/$defs/L{i + 1}"}},
            }
            for i in range(12)
        }
        defs["L12"] = {"type": "integer", "maximum": limit}
        return {"$defs": defs, "$ref": "#/$defs/L0"}

    started = time.perf_counter()
    changes = diff(lattice(9), lattice(5))
    assert len(changes) == 2**12
    assert time.perf_counter() - started < 5


def test_a_recursive_change_is_reported_once_at_the_shallowest_path() -> None:
    def tree(required: list[str]) -> dict[str, Any]:
        node = {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "kids": {"type": "array", "items": {"$ref": "#/$defs/Node"}},
            },
            "required": required,
        }
        return {"$defs": {"Node": node}, "$ref": "#/$defs/Node"}

    assert [(c.rule, c.path) for c in diff(tree([]), tree(["name"]))] == [("required-added", "/name")]


# -- errors ----------------------------------------------------------------------------------------------


def test_an_unknown_policy_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown policy"):
        diff({}, {}, policy="loose")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        ({"type": 3}, "not a valid JSON Schema at /type"),
        ({"properties": {"a": 1}}, "not a valid JSON Schema at /properties/a"),
        ({"$ref": "#/$defs/Missing"}, "resolves to nothing in the new schema"),
        ({"$ref": "#nowhere"}, "names no $anchor"),
    ],
)
def test_a_broken_schema_is_refused(schema: dict[str, Any], message: str) -> None:
    with pytest.raises(SchemaDiffError, match=re.escape(message)):
        diff({}, schema)


def test_a_reference_to_another_document_is_never_fetched() -> None:
    schema = {"properties": {"geo": {"$ref": "https://example.com/geo.json"}}}
    assert diff(schema, schema) == []


# -- Treaty's own schemas --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [TICKET, DAY_CLOSE], ids=["ticket_contract", "day_close"])
def test_an_exported_schema_equals_itself_and_its_inlined_form(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert diff(schema, schema) == []
    inlined = _inline(schema, schema)
    assert "$ref" not in json.dumps(inlined)
    assert diff(schema, inlined) == []
    assert diff(inlined, schema, policy="strict") == []


def test_edits_to_an_exported_schema() -> None:
    old = json.loads(TICKET.read_text(encoding="utf-8"))
    new = copy.deepcopy(old)
    evidence = new["$defs"]["EnumEvidenceKind"]
    evidence["enum"].remove("manual")
    bypass = new["$defs"]["ModelEmergencyBypass"]
    bypass["properties"]["approver"] = {"type": "string", "maxLength": 40}
    bypass["allOf"].reverse()
    new["$comment"] = "Generated by `treaty export` from treaty_change_control_models 2.0.0; do not edit."
    changes = diff(old, new)
    found = {(c.rule, c.path) for c in changes}
    assert ("property-added", "/emergency_bypass/approver") in found
    assert ("comment-changed", "") in found
    assert {rule for rule, _ in found} == {"property-added", "comment-changed", "enum-value-removed"}
    assert all(c.old == "manual" for c in changes if c.rule == "enum-value-removed")
    assert not summarise(changes, "backward")
    assert required_bump(changes) is Bump.MAJOR
