"""The dome models (since 0.2.0): the rules in the schema, the newline exclusion, and the derived values.

The contract functions themselves are pinned by the behaviour vectors (tests/test_dome_functions.py); here the
models and the schemas they export are held to one meaning, and the rule declarations to the functions.
"""

from collections.abc import Iterator, Mapping
from typing import Any

import jsonschema
import pytest
from pydantic import BaseModel, ValidationError
from treaty_dome_models import (
    FAMILY,
    FUNCTIONS,
    KINDS,
    PINS,
    ModelBinderFact,
    ModelCapsule,
    ModelTaskSpec,
    ModelWrapperEnvelope,
    __version__,
)
from treaty_dome_models._patterns import NO_NEWLINE
from treaty_dome_models._rules import EXAMPLE_IDEMPOTENCY_KEY, EXAMPLE_UPSERT_KEY

FINGERPRINT = "2d89f5faf3306396b38ba368f89c9441748ac5aa99ee7689b45c167318f732e9"
KEYS = {
    "scope": "task",
    "target": {"kind": "task", "id": "task-17"},
    "action": {"kind": "fix"},
    "failure_reason_code": "TESTS_FAILED",
}
POLICY = {
    "policy_version": "1",
    "min_support": 3,
    "min_confidence": 0.8,
    "max_contradiction_rate": 0.2,
    "max_staleness_days": 30,
}


def task_spec(**changes: Any) -> dict[str, Any]:
    return {"artifact_kind": "task_spec", "schema_version": "0.2.0", **KEYS} | changes


def binder_fact(**changes: Any) -> dict[str, Any]:
    base = {
        "artifact_kind": "binder_fact",
        "schema_version": "0.2.0",
        "derived_upsert_key": "b251a647b9d79a6026b44b0c5ba28123295b09e6ec7fc9bf24b6bdffa2ec6c89",
        "idempotency_key": "b614e000af5de4a3368469fce8c49743a14065aabd7c0a2610a2a16e36e6fcca",
        "run_id": "run-2026-02-15.a",
        "task_id": "task-17",
        "group_id": "task-17",
        "scope": "task",
        "target_kind": "task",
        "target_id": "task-17",
        "action_kind": "fix",
        "failure_reason_code": "TESTS_FAILED",
        "fingerprint_hash": FINGERPRINT,
        "binder_version": "v1",
        "support_count": 1,
        "contradiction_count": 0,
        "last_seen_ts": "2026-02-15T02:57:00Z",
    }
    return base | changes


def capsule(**changes: Any) -> dict[str, Any]:
    base = {
        "artifact_kind": "capsule",
        "schema_version": "0.2.0",
        "derived_upsert_key": "b251a647b9d79a6026b44b0c5ba28123295b09e6ec7fc9bf24b6bdffa2ec6c89",
        "task_spec": KEYS,
        "fingerprint_hash": FINGERPRINT,
        "binder_version": "v1",
        "support_count": 3,
        "contradiction_count": 0,
        "last_seen_ts": "2026-02-15T02:57:00Z",
        "confidence": 0.9,
        "eligibility": {"decision": "prescriptive", "policy": POLICY, "evaluated_at": "2026-02-16T00:00:00Z"},
        "evidence_refs": [{"path": "evidence/pytest.log", "sha256": "0" * 64}],
    }
    return base | changes


def accepts(model: type[BaseModel], data: dict[str, Any]) -> bool:
    """Return whether the model accepts ``data``, and check that its exported schema agrees."""
    try:
        model.model_validate(data)
    except ValidationError:
        accepted = False
    else:
        accepted = True
    schema = model.model_json_schema(mode="validation")
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert validator.is_valid(data) is accepted, f"the models say {accepted}, python-jsonschema does not"
    return accepted


def test_family_declaration() -> None:
    assert FAMILY == "dome"
    assert __version__ == "0.3.0"
    assert dict(PINS) == {"xtrl": "0.2.0"}
    assert sorted(KINDS)[:2] == ["binder_fact", "capsule"]


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
    found = [s for model in KINDS.values() for s in _strings_with_a_pattern(model.model_json_schema())]
    assert len(found) > len(KINDS), "run ids, timestamps, hashes, event ids and every schema_version"
    for schema in found:
        assert schema["not"] == NO_NEWLINE["not"] == {"type": "string", "pattern": "\\n"}, schema
        assert "(?=" not in schema["pattern"], "no lookahead: pydantic's Rust regex refuses it"


@pytest.mark.parametrize(
    ("model", "data"),
    [
        (ModelTaskSpec, task_spec(schema_version="0.2.0\n")),
        (ModelBinderFact, binder_fact(run_id="run-2026-02-15.a\n")),
        (ModelBinderFact, binder_fact(fingerprint_hash=FINGERPRINT + "\n")),
        (ModelBinderFact, binder_fact(last_seen_ts="2026-02-15T02:57:00Z\n")),
        (
            ModelCapsule,
            capsule(
                eligibility={
                    "decision": "prescriptive",
                    "policy": POLICY,
                    "evaluated_at": "2026-02-16T00:00:00Z\n",
                }
            ),
        ),
    ],
    ids=["schema-version", "run-id", "sha256", "timestamp", "nested-timestamp"],
)
def test_a_final_newline_is_refused_by_the_models_and_by_python_jsonschema(
    model: type[BaseModel], data: dict[str, Any]
) -> None:
    assert not accepts(model, data)


def test_the_unchanged_documents_are_accepted_alike() -> None:
    assert accepts(ModelTaskSpec, task_spec())
    assert accepts(ModelBinderFact, binder_fact())
    assert accepts(ModelCapsule, capsule())


def _alias_rules(schema: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(schema, Mapping):
        if "x-treaty-equals" in schema:
            yield schema["x-treaty-equals"]
        for value in schema.values():
            yield from _alias_rules(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _alias_rules(value)


@pytest.mark.parametrize("model", [ModelTaskSpec, ModelWrapperEnvelope, ModelCapsule])
def test_the_reason_code_alias_rule_is_in_the_schema(model: type[BaseModel]) -> None:
    (equals,) = _alias_rules(model.model_json_schema(mode="validation"))
    assert equals["properties"] == ["reason_code", "failure_reason_code"]
    assert (equals["rule"]["id"], equals["rule"]["severity"]) == ("dome/reason-code-alias", "error")


@pytest.mark.parametrize(
    ("legacy", "valid"),
    [("TESTS_FAILED", True), (None, True), ("LINT_FAILED", False)],
    ids=["equal", "null-counts-as-absent", "conflict"],
)
def test_the_models_hold_the_alias_rule_as_the_schema_states_it(legacy: str | None, valid: bool) -> None:  # noqa: FBT001
    data = task_spec(reason_code=legacy)
    if valid:
        ModelTaskSpec.model_validate(data)
    else:
        with pytest.raises(ValidationError, match="legacy alias of failure_reason_code, and the two differ"):
            ModelTaskSpec.model_validate(data)


def _derived(model: type[BaseModel]) -> list[Mapping[str, Any]]:
    return list(model.model_json_schema(mode="validation")["x-treaty-derived"])


def _argument(document: Mapping[str, Any], source: Any) -> tuple[bool, Any]:
    spec = source if isinstance(source, Mapping) else {"pointer": source}
    pointers = spec["pointer"] if isinstance(spec["pointer"], list) else [spec["pointer"]]
    for pointer in pointers:
        value: Any = document
        for part in pointer.removeprefix("/").split("/"):
            if not isinstance(value, Mapping) or part not in value:
                break
            value = value[part]
        else:
            return True, value
    return ("default" in spec), spec.get("default")


def _recompute(declaration: Mapping[str, Any], document: Mapping[str, Any]) -> Any:
    given = {}
    for name, source in declaration["input"].items():
        found, value = _argument(document, source)
        if found:
            given[name] = value
    return FUNCTIONS[declaration["function"]](given)


def _stored(declaration: Mapping[str, Any], document: Mapping[str, Any]) -> Any:
    holder: Any = document
    for part in declaration.get("at", "").removeprefix("/").split("/"):
        holder = holder[part] if part else holder
    return holder[declaration["property"]]


@pytest.mark.parametrize(
    ("model", "document", "rules"),
    [
        (ModelBinderFact, binder_fact(), ["dome/derived-idempotency-key", "dome/derived-upsert-key"]),
        (
            ModelBinderFact,
            {k: v for k, v in binder_fact().items() if k != "failure_reason_code"}
            | {"derived_upsert_key": "4ea142287bf6b60c519d07bacf453433ee1e6816fdd0f07d59d9f40afda7d6b0"},
            ["dome/derived-idempotency-key", "dome/derived-upsert-key"],
        ),
        (ModelCapsule, capsule(), ["dome/derived-capsule-upsert-key", "dome/derived-eligibility"]),
        (
            ModelCapsule,
            capsule(
                task_spec={k: v for k, v in KEYS.items() if k != "failure_reason_code"}
                | {"reason_code": "TESTS_FAILED"}
            ),
            ["dome/derived-capsule-upsert-key", "dome/derived-eligibility"],
        ),
    ],
    ids=["binder-fact", "binder-fact-no-failure-code", "capsule", "capsule-legacy-reason-code"],
)
def test_each_derived_value_is_its_function_of_the_document(
    model: type[BaseModel], document: dict[str, Any], rules: list[str]
) -> None:
    model.model_validate(document)
    declarations = _derived(model)
    assert [d["rule"]["id"] for d in declarations] == rules
    for declaration in declarations:
        assert declaration["function"] in FUNCTIONS
        assert _recompute(declaration, document) == _stored(declaration, document), declaration["rule"]["id"]


@pytest.mark.parametrize(
    ("support", "contradictions", "confidence", "decision"),
    [(3, 0, 0.9, "prescriptive"), (2, 0, 0.9, "guided"), (3, 0, 0.0, "guided"), (2, 2, 0.9, "shadow")],
)
def test_the_eligibility_declaration_reads_the_counters_at_the_root(
    support: int, contradictions: int, confidence: float, decision: str
) -> None:
    document = capsule(support_count=support, contradiction_count=contradictions, confidence=confidence)
    (_, eligibility) = _derived(ModelCapsule)
    assert _recompute(eligibility, document) == decision


def test_the_template_examples_are_the_functions_of_the_other_examples() -> None:
    parts = {
        "run_id": "run-2026-02-15.a",
        "task_id": "task-17",
        "group_id": "task-17",
        "binder_version": "v1",
    }
    assert FUNCTIONS["idempotency_key"](parts) == EXAMPLE_IDEMPOTENCY_KEY
    keys = {
        "scope": "task",
        "target_kind": "task",
        "target_id": "task-17",
        "action_kind": "fix",
        "failure_reason_code": "TESTS_FAILED",
        "fingerprint_hash": "0" * 64,
        "binder_version": "v1",
    }
    assert FUNCTIONS["upsert_key"](keys) == EXAMPLE_UPSERT_KEY
