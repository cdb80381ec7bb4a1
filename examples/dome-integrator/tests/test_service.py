"""dome-service's own tests, fed with Treaty's fixtures through pytest-treaty's reuse API.

The fixtures and vectors themselves run as ``dome/...`` items (configured in pyproject.toml); these tests
use the same documents for the service's own behaviour: the kickoff test plan of the dome contract.
"""

from collections.abc import Callable, Iterator

import pytest
from pytest_treaty import Fixture, iter_fixtures

from dome_service import keys
from dome_service.binder import Binder
from dome_service.documents import parse_task_spec

FixtureReader = Callable[..., Iterator[Fixture]]
LEGACY = [
    fixture
    for fixture in iter_fixtures("dome", version="0.1.0", kind="task_spec", valid=True)
    if "reason_code" in fixture.data
]


def test_replaying_every_valid_wrapper_adds_no_row(treaty_fixtures: FixtureReader) -> None:
    # the adopted version's wrappers: a newer version may add fields this service does not read yet
    adopted = treaty_fixtures("dome", version="0.1.0", kind="wrapper_envelope", valid=True)
    wrappers = [fixture.data for fixture in adopted]
    binder = Binder()
    for document in wrappers:
        binder.ingest(document)
    derived = dict(binder.rows)
    assert derived
    for document in wrappers:
        binder.ingest(document)
    assert binder.rows == derived


def test_a_guard_denial_keeps_the_failure_code(treaty_fixtures: FixtureReader) -> None:
    denials = [
        fixture.data
        for fixture in treaty_fixtures("dome", kind="wrapper_envelope", valid=True)
        if fixture.data["signal"] == "guard_denial"
    ]
    assert denials
    for document in denials:
        row = Binder().ingest(document)
        assert row is not None
        assert row.basis == "denial"
        assert row.failure_reason_code == document["task_spec"]["failure_reason_code"]
        assert row.policy_reason_code == document["task_spec"]["policy_reason_code"]


@pytest.mark.parametrize("fixture", LEGACY, ids=lambda fixture: fixture.id)
def test_a_legacy_reason_code_reads_like_the_field_it_stands_for(fixture: Fixture) -> None:
    canonical = {key: value for key, value in fixture.data.items() if key != "reason_code"}
    canonical.setdefault("failure_reason_code", fixture.data["reason_code"])
    assert parse_task_spec(fixture.data) == parse_task_spec(canonical)


def test_a_bar_inside_a_part_never_makes_two_keys_collide() -> None:
    assert keys.idempotency_key("a|b", "c", "g") != keys.idempotency_key("a", "b|c", "g")
