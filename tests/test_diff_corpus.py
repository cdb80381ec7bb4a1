"""The case corpus of the schema change classifier (``tests/diff_corpus/*.yaml``) is its test suite.

Each case gives an old and a new schema, the expected changes as (rule, path) pairs and the expected verdict
in both directions. The verdicts are checked three ways: against the engine; against the engine with the two
schemas swapped (the verdicts must swap too); and, where a case gives witness documents, against the
reference validator, which proves a document crosses the line the verdict says it crosses. The reference
validator reads each schema in its own dialect (its ``$schema``, else the case's ``dialect``, else 2020-12),
so a case in draft-04 or draft-07 is checked by that dialect's rules, not by the engine's translation.
"""

from __future__ import annotations

import copy
import json
import random
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from jsonschema import Draft202012Validator
from jsonschema.validators import validator_for
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from treaty._diff import RULES, SchemaDiffError, diff, summarise
from treaty._diff.dialect import DIALECTS, URIS, Dialect, read
from treaty._diff.rules import CATEGORIES

from .conftest import load_yaml

CORPUS = Path(__file__).parent / "diff_corpus"

CASE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["cases"],
    "additionalProperties": False,
    "properties": {
        "cases": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["name", "description", "old", "new", "changes", "verdict"],
                "additionalProperties": False,
                "properties": {
                    "name": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
                    "description": {"type": "string", "minLength": 10},
                    "old": {"type": ["object", "boolean"]},
                    "new": {"type": ["object", "boolean"]},
                    "policy": {"enum": ["lenient", "strict"]},
                    "dialect": {"enum": list(DIALECTS)},
                    "changes": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["rule", "path"],
                            "additionalProperties": False,
                            "properties": {
                                "rule": {"enum": sorted(RULES)},
                                "path": {"type": "string", "pattern": "^(/.*)?$"},
                            },
                        },
                    },
                    "verdict": {
                        "type": "object",
                        "required": ["backward", "forward"],
                        "additionalProperties": False,
                        "properties": {
                            "backward": {"enum": ["compatible", "incompatible"]},
                            "forward": {"enum": ["compatible", "incompatible"]},
                        },
                    },
                    "witnesses": {
                        "type": "object",
                        "minProperties": 1,
                        "additionalProperties": False,
                        "properties": {"backward": True, "forward": True},
                    },
                    "near_miss": {"type": "array", "minItems": 1, "items": {"enum": sorted(RULES)}},
                },
            },
        }
    },
}


def _load() -> list[tuple[str, dict[str, Any]]]:
    cases: list[tuple[str, dict[str, Any]]] = []
    for path in sorted(CORPUS.glob("*.yaml")):
        data = load_yaml(path)
        Draft202012Validator(CASE_SCHEMA).validate(data)
        for index, case in enumerate(data["cases"], start=1):
            cases.append((f"{path.stem}/{index:02d}-{case['name']}", case))
    return cases


CASES = _load()
IDS = [case_id for case_id, _ in CASES]
ALL = [case for _, case in CASES]


def _verdict(changes: list[Any]) -> dict[str, str]:
    return {
        mode: "compatible" if summarise(changes, mode) else "incompatible" for mode in ("backward", "forward")
    }


@pytest.mark.parametrize("case", ALL, ids=IDS)
def test_case(case: dict[str, Any]) -> None:
    changes = diff(
        case["old"], case["new"], policy=case.get("policy", "lenient"), dialect=case.get("dialect")
    )
    found = sorted((change.rule, change.path) for change in changes)
    expected = sorted((item["rule"], item["path"]) for item in case["changes"])
    assert found == expected, "\n".join(change.message for change in changes)
    assert _verdict(changes) == case["verdict"]
    for rule in case.get("near_miss", []):
        assert rule not in {change.rule for change in changes}


@pytest.mark.parametrize("case", ALL, ids=IDS)
def test_mirror_swaps_the_verdict(case: dict[str, Any]) -> None:
    changes = diff(
        case["new"], case["old"], policy=case.get("policy", "lenient"), dialect=case.get("dialect")
    )
    mirrored = _verdict(changes)
    assert {"backward": mirrored["forward"], "forward": mirrored["backward"]} == case["verdict"]
    expected = sorted(RULES[item["rule"]].mirror for item in case["changes"])
    assert sorted(change.rule for change in changes) == expected


@pytest.mark.parametrize("case", ALL, ids=IDS)
def test_a_schema_does_not_differ_from_itself(case: dict[str, Any]) -> None:
    assert diff(case["old"], case["old"], dialect=case.get("dialect")) == []
    assert diff(case["new"], case["new"], policy="strict", dialect=case.get("dialect")) == []


WITNESSED = [(case_id, case) for case_id, case in CASES if "witnesses" in case]


def _offline(uri: str) -> Resource:
    """Stand in for a schema in another document with the empty schema: tests never fetch."""
    del uri
    return DRAFT202012.create_resource({})


OFFLINE: Registry = Registry(retrieve=_offline)  # type: ignore[call-arg]


def _valid(schema: Any, document: Any, dialect: Dialect | None = None) -> bool:
    """Return whether the reference validator of the schema's own dialect accepts the document."""
    default = validator_for({"$schema": URIS[dialect or "2020-12"]})
    cls = validator_for(schema, default=default)
    return cls(schema, registry=OFFLINE, format_checker=cls.FORMAT_CHECKER).is_valid(document)


@pytest.mark.parametrize("case", [case for _, case in WITNESSED], ids=[case_id for case_id, _ in WITNESSED])
def test_witnesses_cross_the_line(case: dict[str, Any]) -> None:
    """A backward witness is valid under old and not under new; a forward witness the other way round."""
    witnesses = case["witnesses"]
    for direction, (accepts, refuses) in {
        "backward": (case["old"], case["new"]),
        "forward": (case["new"], case["old"]),
    }.items():
        if direction in witnesses:
            assert case["verdict"][direction] == "incompatible", (
                f"a {direction} witness for a compatible case"
            )
            dialect = case.get("dialect")
            assert _valid(accepts, witnesses[direction], dialect), (
                f"the {direction} witness is not valid where it starts"
            )
            assert not _valid(refuses, witnesses[direction], dialect), f"the {direction} witness stays valid"


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.yaml")), ids=lambda path: path.name)
def test_every_case_file_parses(path: Path) -> None:
    data = load_yaml(path)
    Draft202012Validator(CASE_SCHEMA).validate(data)
    # keywords and semantic cut across categories: one 2020-12 keyword per case, and implied constraints
    named = {*CATEGORIES, "pydantic", "dialects", "keywords", "semantic"}
    assert path.stem in named, "a case file is named after a rule category"


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 250
    assert sum(len(case["witnesses"]) for _, case in WITNESSED) >= 100
    assert any(case.get("policy") == "strict" for case in ALL)


# Treaty's rule keywords are tested in test_diff_vocabulary: the reference validator reads them as
# annotations, so no witness here can cross a line they draw. Newline exclusions are tested in
# test_diff_newline against Treaty's validator: the reference validator reads `pattern` with Python's `re`,
# whose `$` also matches before a final newline, so it disagrees with their verdicts by design.
NEWLINE_RULES = {"newline-exclusion-added", "newline-exclusion-removed"}
CORPUS_RULES = {
    rule.id: rule for rule in RULES.values() if rule.category != "rule" and rule.id not in NEWLINE_RULES
}


def test_every_rule_fires_in_some_case() -> None:
    fired = Counter(item["rule"] for case in ALL for item in case["changes"])
    assert sorted(set(CORPUS_RULES) - set(fired)) == []


def test_every_rule_is_exercised_both_ways() -> None:
    """A rule's mirror fires in some case too; a rule that is its own mirror has a near miss that does not fire it."""
    fired = {item["rule"] for case in ALL for item in case["changes"]}
    near = {rule for case in ALL for rule in case.get("near_miss", [])}
    missing = [
        rule.id
        for rule in CORPUS_RULES.values()
        if (rule.mirror == rule.id and rule.id not in near) or rule.mirror not in fired
    ]
    assert missing == []


def test_case_names_are_unique() -> None:
    assert [name for name, count in Counter(IDS).items() if count > 1] == []


# -- sampled documents ---------------------------------------------------------------------------------
#
# A verdict of "compatible" cannot be proven by one document, but it can be refuted by one. Documents are
# sampled from both schemas of every case (boundary values of each keyword, every enum value, branches of
# unions, objects with their required and optional properties...), and none may cross the line in a
# direction the case calls compatible. The lenient policy assumes documents carry no undeclared key whose
# declaration changed, which sampled documents may violate, so cases relying on that assumption are left out.

_LENIENT_ASSUMPTION = {"property-added-to-open-object", "property-removed-from-open-object"}
_MAX_SAMPLES = 40


def _resolve(root: Any, ref: str) -> Any:
    node = root
    for part in ref.partition("#")[2].split("/")[1:]:
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _samples(schema: Any, root: Any, depth: int = 0) -> list[Any]:  # noqa: C901 - one branch per keyword
    if depth > 4 or schema is False:
        return []
    if schema is True or not isinstance(schema, dict) or not schema:
        return [None, 0, "x", [], {}]
    out: list[Any] = []
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#"):
        out += _samples(_resolve(root, ref), root, depth + 1)
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in schema.get(key, []):
            out += _samples(branch, root, depth + 1)
    for key in ("then", "else", "not"):
        if key in schema:
            out += _samples(schema[key], root, depth + 1)
    if "const" in schema:
        out.append(schema["const"])
    out += list(schema.get("enum", []))
    out += list(schema.get("examples", []))
    if "default" in schema:
        out.append(schema["default"])
    types = schema.get("type", [])
    types = [types] if isinstance(types, str) else types
    if not types and not out:
        types = ["string", "integer", "number", "array", "object", "null", "boolean"]
    typed = [_typed(name, schema, root, depth) for name in types]
    for rank in range(max((len(values) for values in typed), default=0)):
        # round robin, so that truncation keeps some values of every type
        out += [values[rank] for values in typed if rank < len(values)]
    unique: dict[str, Any] = {}
    for value in out:
        unique.setdefault(json.dumps(value, sort_keys=True), value)
    return list(unique.values())[:_MAX_SAMPLES]


def _typed(name: str, schema: dict[str, Any], root: Any, depth: int) -> list[Any]:
    simple = {"null": [None], "boolean": [True, False]}
    if name in simple:
        return simple[name]
    if name in {"integer", "number"}:
        return _numbers(schema, integer=name == "integer")
    if name == "string":
        values = ["", "a", "ab", "abc", "abcdef", "ABC-1", "2025-01-01", "a@example.com", " "]
        for key in ("minLength", "maxLength"):
            if key in schema:
                values += ["a" * max(schema[key] + delta, 0) for delta in (-1, 0, 1)]
        return values
    if name == "array":
        return _arrays(schema, root, depth)
    if name == "object":
        return _objects(schema, root, depth)
    return []


def _numbers(schema: dict[str, Any], *, integer: bool) -> list[Any]:
    values: list[Any] = [0, 1, -1, 7, 100, 1.5, 0.25, -0.5]
    for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        if key in schema:
            bound = schema[key]
            values += [bound - 1, bound - 0.5, bound, bound + 0.5, bound + 1]
    step = schema.get("multipleOf")
    if step:
        values += [step, step * 2, step * 3, step * 5, step * 6]
    return [value for value in values if not integer or float(value).is_integer()]


def _arrays(schema: dict[str, Any], root: Any, depth: int) -> list[Any]:
    items = _samples(schema.get("items", True), root, depth + 1)[:6]
    prefix = [(_samples(sub, root, depth + 1) or [None])[:3] for sub in schema.get("prefixItems", [])]
    values: list[Any] = [[]]
    values += [[item] for item in items]
    values += [[item, item] for item in items[:2]]
    values += [items[:3]]
    if prefix:
        first = [options[0] for options in prefix]
        values.append(first)
        for index, options in enumerate(prefix):
            for option in options[1:]:
                values.append([*first[:index], option, *first[index + 1 :]])
        values += [first[:-1], [*first, *(items[:1] or [0])]]
    return values


def _objects(schema: dict[str, Any], root: Any, depth: int) -> list[Any]:
    properties = schema.get("properties", {})
    options = {name: _samples(sub, root, depth + 1)[:10] for name, sub in properties.items()}
    required = [name for name in schema.get("required", []) if options.get(name)]
    base = {name: options[name][0] for name in required}
    values: list[Any] = [{}, base, {**base, **{name: opts[0] for name, opts in options.items() if opts}}]
    for name, opts in options.items():
        values += [{**base, name: option} for option in opts]
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):
        values += [{**base, "k": option} for option in _samples(extra, root, depth + 1)[:4]]
    for name, others in schema.get("dependentRequired", {}).items():
        values.append({**base, name: 1, **dict.fromkeys(others, 1)})
    return values


SAMPLED = [
    (case_id, case)
    for case_id, case in CASES
    if case.get("policy") == "strict" or not _LENIENT_ASSUMPTION & {c["rule"] for c in case["changes"]}
]


def _sampled(schema: Any, dialect: Dialect | None) -> list[Any]:
    """Return documents sampled from a schema, and from its 2020-12 form when it is in another dialect."""
    found = _samples(schema, schema)
    form = read("old", schema, dialect)
    return found if form.dialect == "2020-12" else found + _samples(form.schema, form.schema)


@pytest.mark.parametrize("case", [case for _, case in SAMPLED], ids=[case_id for case_id, _ in SAMPLED])
def test_no_sampled_document_refutes_a_compatible_verdict(case: dict[str, Any]) -> None:
    old, new, dialect = case["old"], case["new"], case.get("dialect")
    documents = _sampled(old, dialect) + _sampled(new, dialect) + list(case.get("witnesses", {}).values())
    for document in documents:
        before, after = _valid(old, document, dialect), _valid(new, document, dialect)
        if before and not after:
            assert case["verdict"]["backward"] == "incompatible", f"valid before, not after: {document!r}"
        if after and not before:
            assert case["verdict"]["forward"] == "incompatible", f"valid after, not before: {document!r}"


# -- random edits ----------------------------------------------------------------------------------------
#
# The same refutation check on schemas nobody wrote: corpus schemas with random edits (a keyword set,
# replaced or removed somewhere in the tree), under the strict policy, which makes no assumption about
# documents. The mirror property (swapping the schemas swaps the verdicts) is checked too.

_EDITS: list[tuple[str, list[Any]]] = [
    ("type", ["string", "integer", "number", ["string", "null"], ["integer", "null"], "object", "array"]),
    ("maxLength", [0, 2, 4]),
    ("minimum", [-2, 0, 2]),
    ("exclusiveMaximum", [0, 3]),
    ("enum", [["a", "b"], [1, None], ["a", 2, None]]),
    ("required", [[], ["a"], ["a", "name"]]),
    ("additionalProperties", [False, True, {"type": "integer"}]),
    ("items", [{"type": "integer"}, {"type": "string", "maxLength": 2}, False]),
    ("prefixItems", [[{"type": "integer"}], [{"type": "integer"}, {"type": "string"}]]),
    ("minItems", [0, 2]),
    ("uniqueItems", [True, False]),
    ("multipleOf", [1, 2, 0.5]),
    ("anyOf", [[{"type": "string"}, {"type": "integer"}], [{"type": "null"}, {"type": "string"}]]),
    ("oneOf", [[{"type": "integer"}, {"type": "number"}], [{"const": "a"}, {"const": "b"}]]),
    (
        "allOf",
        [
            [{"maxLength": 3}],
            [{"required": ["a"]}],
            [{"if": {"required": ["a"]}, "then": {"required": ["b"]}}],
        ],
    ),
    ("not", [{"const": "a"}, {"type": "integer"}]),
    ("patternProperties", [{"^x": {"type": "integer"}}, {"^x": False}]),
    ("contains", [{"type": "integer"}]),
    (
        "properties",
        [{"a": {"type": "integer"}}, {"a": {}, "b": {"anyOf": [{"type": "string"}, {"type": "null"}]}}],
    ),
]
_DATA_KEYWORDS = {"enum", "const", "default", "examples", "required", "dependentRequired", "discriminator"}


def _subschemas(schema: Any) -> list[dict[str, Any]]:
    if not isinstance(schema, dict):
        return []
    found = [schema]
    for key, value in schema.items():
        if key in _DATA_KEYWORDS:
            continue
        if key in {"properties", "patternProperties", "$defs", "dependentSchemas"} and isinstance(
            value, dict
        ):
            children: list[Any] = list(value.values())
        elif isinstance(value, list):
            children = value
        else:
            children = [value]
        for child in children:
            found += _subschemas(child)
    return found


def _edit(schema: Any, rng: random.Random) -> Any:
    schema = copy.deepcopy(schema)
    targets = _subschemas(schema)
    if targets:
        target = rng.choice(targets)
        keyword, options = rng.choice(_EDITS)
        if keyword in target and rng.random() < 0.3:
            del target[keyword]
        else:
            target[keyword] = copy.deepcopy(rng.choice(options))
    return schema


@pytest.mark.parametrize("seed", range(8))
def test_random_edits_are_never_wrongly_compatible(seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    bases = [case[side] for case in ALL for side in ("old", "new") if isinstance(case[side], dict)]
    for _ in range(40):
        old = _edit(rng.choice(bases), rng)
        new = _edit(_edit(old, rng), rng)
        try:
            changes = diff(old, new, policy="strict")
        except SchemaDiffError:
            continue  # an edit made the schema invalid (a $ref to a removed definition...)
        verdict = _verdict(changes)
        mirrored = _verdict(diff(new, old, policy="strict"))
        assert (mirrored["forward"], mirrored["backward"]) == (verdict["backward"], verdict["forward"])
        for document in _samples(old, old) + _samples(new, new):
            before, after = _valid(old, document), _valid(new, document)
            if (before and not after and verdict["backward"] == "compatible") or (
                after and not before and verdict["forward"] == "compatible"
            ):
                pytest.fail(f"{document!r} refutes {verdict} for\n{json.dumps(old)}\n{json.dumps(new)}")


def _valid_rs(schema: Any, document: Any) -> bool:
    """Return whether jsonschema-rs, a second implementation (ECMA-262 patterns), accepts the document."""
    return bool(jsonschema_rs.validator_for(schema, validate_formats=True).is_valid(document))


SECOND = [(case_id, case) for case_id, case in WITNESSED if case_id.split("/")[0] in {"keywords", "semantic"}]


@pytest.mark.parametrize("case", [case for _, case in SECOND], ids=[case_id for case_id, _ in SECOND])
def test_witnesses_cross_the_line_in_a_second_validator(case: dict[str, Any]) -> None:
    """The witnesses of the keyword and semantic cases cross the line in jsonschema-rs too."""
    for direction, (accepts, refuses) in {
        "backward": (case["old"], case["new"]),
        "forward": (case["new"], case["old"]),
    }.items():
        if direction in case["witnesses"]:
            witness = case["witnesses"][direction]
            assert _valid_rs(accepts, witness), f"the {direction} witness is not valid where it starts"
            assert not _valid_rs(refuses, witness), f"the {direction} witness stays valid"
