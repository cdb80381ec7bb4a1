"""Schema and models agree: python-jsonschema on the exported schema and the Pydantic models give the same
verdict on every fixture (except where the fixture breaks only rules of the vocabulary or coded rules), and every valid fixture
round-trips through its model unchanged (or normalised, where a legacy alias is folded)."""

import json

import pytest
from treaty._authoring.workspace import model_families
from treaty._documents.document import DocumentLoadError
from treaty._documents.loader import load_path
from treaty._fixtures.cases import FixtureCase, load_cases, models_accept, models_should_accept
from treaty._validation.catalog import Catalog
from treaty._validation.validator import Validator
from treaty._validation.vocabulary import enforced_rule_ids

from .conftest import ROOT

CASES, PROBLEMS = load_cases(ROOT / "fixtures", ROOT)
FAMILIES = {f.name: f for f in model_families()}
VALIDATOR = Validator(Catalog.from_directory(ROOT / "schemas"))


def test_fixture_indexes_are_well_formed() -> None:
    assert PROBLEMS == []
    assert CASES, "no fixtures found"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_schema_and_model_agree(case: FixtureCase) -> None:
    try:
        document = load_path(case.path)
    except DocumentLoadError:
        assert not case.valid
        pytest.skip("refused by the strict loader before either validator sees it")
    schema_ok = not VALIDATOR.validate(document, case.family, case.version, case.kind)
    model = FAMILIES[case.family].kinds[case.kind]
    model_ok, complaint = models_accept(model, document)
    if model_ok:
        instance = model.model_validate(document.data)
        dumped = instance.model_dump(mode="json", exclude_unset=True)
        if dumped != document.data:  # only a legacy alias may be normalised away, and idempotently
            assert "reason_code" in json.dumps(document.data), dumped
            assert model.model_validate(dumped) == instance
    assert model_ok is models_should_accept(case), complaint
    errors = {rule for _, rule, severity in case.expected if severity == "error"}
    schema = VALIDATOR.catalog.release(case.family, case.version).schemas[case.kind]
    # Rule ids are family/name; a rule stated in plain JSON Schema (an allOf member) is the schema's too.
    rules_only = (
        bool(errors) and all("/" in rule for rule in errors) and not errors & enforced_rule_ids(schema)
    )
    assert schema_ok is (case.valid or rules_only)
