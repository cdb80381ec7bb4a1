"""The xtrl 0.2.0 models: the rules in the schema, and one meaning of every pattern in every engine.

The fixtures gate holds Treaty's findings on every committed document; here the models and the schemas they
export are held to one verdict, and the rule declarations to the coded rules of the released version.
"""

import copy
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import treaty
from pydantic import BaseModel, ValidationError
from treaty_xtrl_models import (
    DEFINITIONS,
    FAMILY,
    KINDS,
    ModelMeta,
    ModelPlantSpec,
    ModelStateSpace,
    ModelUnknownsPolicy,
    __version__,
)
from treaty_xtrl_models._patterns import NEWLINE_PATTERN
from treaty_xtrl_schemas import rules

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "fixtures" / "xtrl" / "0.2.0"
PLANT = treaty.load_path(FIXTURES / "plant_spec" / "valid" / "origin-example.yaml").data
SPACE = json.loads((FIXTURES / "state_space" / "valid" / "minimal.json").read_text(encoding="utf-8"))
RULE_KEYWORDS = ("x-treaty-uniqueBy", "x-treaty-in", "x-treaty-notIn")


def changed(document: Mapping[str, Any], pointer: str, value: Any) -> dict[str, Any]:
    """Return a copy of ``document`` with ``value`` at ``pointer``."""
    data: dict[str, Any] = copy.deepcopy(dict(document))
    *parents, last = pointer.removeprefix("/").split("/")
    target: Any = data
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target[part]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return data


def accepts(model: type[BaseModel], data: Mapping[str, Any]) -> bool:
    """Return whether the model accepts ``data``, and check that its schema agrees (with and without formats)."""
    try:
        model.model_validate(data)
    except ValidationError:
        accepted = False
    else:
        accepted = True
    schema = model.model_json_schema(mode="validation")
    checked = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert checked.is_valid(data) is accepted, f"the models say {accepted}, python-jsonschema does not"
    assert jsonschema.Draft202012Validator(schema).is_valid(data) is accepted, "the pattern alone decides"
    return accepted


def test_family_declaration() -> None:
    assert FAMILY == "xtrl"
    assert __version__ == "0.2.0"
    assert sorted(KINDS) == ["guard_eval", "guardrails_bundle", "plant_spec", "reason_codes", "state_space"]


def _schemas() -> Iterator[Any]:
    yield from (model.model_json_schema(mode="validation") for model in KINDS.values())
    models = (ModelMeta, ModelUnknownsPolicy)
    assert set(models) == {d for d in DEFINITIONS if issubclass(d, BaseModel)}
    yield from (model.model_json_schema(mode="validation") for model in models)


def _strings_with_a_pattern(schema: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(schema, Mapping):
        if isinstance(schema.get("pattern"), str):
            yield schema
        for key, value in schema.items():
            if key != "not":
                yield from _strings_with_a_pattern(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _strings_with_a_pattern(value)


def test_every_anchored_pattern_excludes_a_newline() -> None:
    found = [s for schema in _schemas() for s in _strings_with_a_pattern(schema)]
    assert len(found) > len(KINDS), "every schema_version, state and transition ids, sha256, timestamps"
    for schema in found:
        assert (
            schema["not"]
            == {"type": "string", "pattern": NEWLINE_PATTERN}
            == {"type": "string", "pattern": "\\n"}
        ), schema
        assert schema["pattern"].startswith("^"), schema
        assert schema["pattern"].endswith("$"), schema
        assert "(?" not in schema["pattern"], (
            "no lookahead or other group extension: Rust's regex refuses them"
        )


@pytest.mark.parametrize(
    ("model", "document", "pointer", "value"),
    [
        (ModelPlantSpec, PLANT, "/schema_version", "0.2.0\n"),
        (ModelPlantSpec, PLANT, "/states/0/id", "S.RUN\n"),
        (ModelPlantSpec, PLANT, "/transitions/0/id", "T.RUN->GATE.checks_done\n"),
        (ModelPlantSpec, PLANT, "/meta/policy_linkage/reason_codes_ref/sha256", "0" * 64 + "\n"),
        (ModelStateSpace, SPACE, "/generated_at_utc", "2026-02-15T10:00:00Z\n"),
        (ModelStateSpace, SPACE, "/state_resolution/state_id", "S.RUN\n"),
        (ModelStateSpace, SPACE, "/transition_evaluation/admissible", ["T.RUN->GATE.checks_done\n"]),
    ],
    ids=[
        "schema-version",
        "state-id",
        "transition-id",
        "sha256",
        "timestamp",
        "nullable-state-id",
        "list-item",
    ],
)
def test_a_final_newline_is_refused_by_the_models_and_by_python_jsonschema(
    model: type[BaseModel], document: Mapping[str, Any], pointer: str, value: Any
) -> None:
    assert not accepts(model, changed(document, pointer, value))
    assert accepts(model, changed(document, pointer, json.loads(json.dumps(value).replace("\\n", ""))))


@pytest.mark.parametrize(
    ("value", "valid"),
    [("0000-02-15T10:00:00Z", False), ("0001-01-01T00:00:00Z", True), ("2028-02-29T23:59:59.5Z", True)],
    ids=["year-zero", "year-one", "leap-day"],
)
def test_year_zero_is_refused_by_the_pattern_as_by_the_models(value: str, valid: bool) -> None:  # noqa: FBT001
    assert accepts(ModelStateSpace, changed(SPACE, "/generated_at_utc", value)) is valid


def test_a_null_state_id_stays_allowed() -> None:
    unknown: dict[str, Any] = {"status": "UNKNOWN", "state_id": None, "candidates": [], "unknowns": []}
    assert accepts(ModelStateSpace, changed(SPACE, "/state_resolution", unknown))


def _declared(schema: Any) -> Iterator[tuple[str, Mapping[str, Any]]]:
    if isinstance(schema, Mapping):
        for keyword in RULE_KEYWORDS:
            if keyword in schema:
                yield keyword, schema[keyword]
        for value in schema.values():
            yield from _declared(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _declared(value)


def test_every_rule_of_the_released_version_is_stated_for_0_2_0() -> None:
    declared = [entry for schema in _schemas() for entry in _declared(schema)]
    stated = {(entry["rule"]["id"], entry["rule"]["severity"]) for _, entry in declared}
    released = {(rule["id"], rule["severity"]) for rule in rules.RULES if "0.1.0" in rule["versions"]}
    assert stated == released
    by_keyword = sorted((keyword, entry["rule"]["id"]) for keyword, entry in declared)
    assert by_keyword == [
        ("x-treaty-in", "xtrl/transition-consistent"),  # from
        ("x-treaty-in", "xtrl/transition-consistent"),  # to
        ("x-treaty-notIn", "xtrl/admissible-or-denied"),
        ("x-treaty-uniqueBy", "xtrl/unique-state-id"),
        ("x-treaty-uniqueBy", "xtrl/unique-transition-id"),
    ]


def test_only_the_transition_id_half_stays_code_for_0_2_0() -> None:
    coded = [rule for rule in rules.RULES if "0.2.0" in rule["versions"]]
    assert [(rule["id"], rule["kind"], tuple(rule["versions"])) for rule in coded] == [
        ("xtrl/transition-consistent", "plant_spec", ("0.2.0",))
    ]
    swapped = changed(PLANT, "/transitions/0/id", "T.GATE->RUN.checks_done")
    undeclared = changed(PLANT, "/transitions/0/from", "S.CHECK")
    undeclared = changed(undeclared, "/transitions/0/id", "T.CHECK->GATE.checks_done")
    (check,) = (rule["check"] for rule in coded)
    assert [path for path, _, _ in check(swapped)] == [("transitions", 0, "id")]
    assert list(check(undeclared)) == [], "the from/to half is the schema's (x-treaty-in)"
    assert list(check(PLANT)) == []


@pytest.mark.parametrize(
    ("kind", "document", "pointer", "value", "expected"),
    [
        (
            "plant_spec",
            PLANT,
            "/states",
            [*PLANT["states"], {"id": "S.RUN", "name": "Run again"}],
            [("/states/3/id", "xtrl/unique-state-id")],
        ),
        (
            "plant_spec",
            PLANT,
            "/transitions/0/from",
            "S.CHECK",
            [
                ("/transitions/0/from", "xtrl/transition-consistent"),
                ("/transitions/0/id", "xtrl/transition-consistent"),
            ],
        ),
        (
            "plant_spec",
            PLANT,
            "/transitions/0/on",
            "done",
            [("/transitions/0/id", "xtrl/transition-consistent")],
        ),
        (
            "state_space",
            SPACE,
            "/transition_evaluation",
            {
                "admissible": ["T.RUN->GATE.checks_done"],
                "denied": [
                    {
                        "transition_id": "T.RUN->GATE.checks_done",
                        "decision": "DENY",
                        "reason_codes": ["DIRTY_REPO_DENIED"],
                        "violated_guards": ["repo.clean"],
                        "evidence_refs": ["evidence/capsule.json"],
                    }
                ],
            },
            [("/transition_evaluation/denied/0/transition_id", "xtrl/admissible-or-denied")],
        ),
    ],
    ids=["unique-state-id", "from-undeclared-and-id", "id-wrong-event", "admissible-or-denied"],
)
def test_treaty_reports_each_rule_once_under_its_id(
    tmp_path: Path, *, kind: str, document: Mapping[str, Any], pointer: str, value: Any, expected: list[Any]
) -> None:
    data = changed(document, pointer, value)
    KINDS[kind].model_validate(data)  # the models leave these rules to Treaty, as in 0.1.0
    path = tmp_path / f"{kind}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    catalog = treaty.Catalog.from_directory(ROOT / "schemas")
    runner = treaty.Runner(treaty.Selector(catalog), treaty.Validator(catalog))
    (result,) = runner.run([str(path)], treaty.SchemaRef("xtrl", kind, "0.2.0"), isolated=True).results
    assert sorted((f.pointer, f.rule) for f in result.findings) == sorted(expected)
