"""The change_control 1.0.0 models: the v1 surface, made strict as Treaty decided."""

from typing import Any

import pytest
from pydantic import BaseModel, ValidationError
from treaty_change_control_models import (
    FAMILY,
    KINDS,
    EnumInterfaceSurface,
    EnumPRState,
    ModelDayClose,
    ModelEvidenceReport,
    ModelInterfaceSurfaceMap,
    ModelTicketContract,
    __version__,
)


def ticket(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "schema_version": "1.0.0",
        "ticket_id": "OCC-1",
        "summary": "s",
        "is_seam_ticket": False,
        "interface_change": False,
        "emergency_bypass": {"enabled": False},
    }
    return base | changes


def day(**changes: Any) -> dict[str, Any]:
    status = dict.fromkeys(
        ("reducers_pure", "orchestrators_no_io", "effects_do_io_only", "real_infra_proof_progressing"), "pass"
    )
    return {"schema_version": "1.0.0", "date": "2025-12-28", "invariants_checked": status} | changes


def error_text(model: type[BaseModel], data: dict[str, Any]) -> str:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return str(caught.value)


def test_family_declaration() -> None:
    assert FAMILY == "change_control"
    assert __version__ == "1.3.0"
    assert dict(KINDS) == {
        "day_close": ModelDayClose,
        "evidence_report": ModelEvidenceReport,
        "interface_surface_map": ModelInterfaceSurfaceMap,
        "ticket_contract": ModelTicketContract,
    }


def test_enums_keep_the_origin_values_in_order() -> None:
    assert [e.value for e in EnumInterfaceSurface] == [
        "events",
        "topics",
        "protocols",
        "envelopes",
        "public_api",
    ]
    assert [e.value for e in EnumPRState] == ["merged", "open"]
    assert str(EnumInterfaceSurface.PUBLIC_API) == "public_api"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            ticket(schema_version="1.0"),
            "Invalid schema_version format: 1.0. Expected SemVer (e.g., '1.0.0')",
        ),
        (ticket(schema_version="1.0.0\n"), "Invalid schema_version format"),
        (ticket(schema_version="1\u0660.0.0"), "Invalid schema_version format"),
        (ticket(schema_version="01.0.0"), "Invalid schema_version format"),
        (
            ticket(interfaces_touched=["events"]),
            "interfaces_touched must be empty when interface_change is false",
        ),
        (
            ticket(emergency_bypass={"enabled": True, "follow_up_ticket_id": "X-1"}),
            "justification is required when bypass is enabled",
        ),
        (
            ticket(
                emergency_bypass={
                    "enabled": True,
                    "justification": "why",
                    "follow_up_ticket_id": " \t",
                }
            ),
            "follow_up_ticket_id is required when bypass is enabled",
        ),
        (day(date="2025-2-3"), "Invalid date format: 2025-2-3. Expected ISO format (YYYY-MM-DD)"),
        (day(date="2025-02-30"), "Invalid calendar date: 2025-02-30."),
    ],
    ids=[
        "short-semver",
        "semver-newline",
        "semver-arabic-digit",
        "semver-leading-zero",
        "interfaces-without-change",
        "bypass-no-justification",
        "bypass-blank-follow-up",
        "date-form",
        "date-calendar",
    ],
)
def test_rules_fail_with_the_origin_messages(data: dict[str, Any], message: str) -> None:
    model = ModelDayClose if "date" in data else ModelTicketContract
    assert message in error_text(model, data)


@pytest.mark.parametrize(
    "data",
    [
        ticket(is_seam_ticket="yes"),
        ticket(is_seam_ticket=1),
        ticket(ticket_id=7),
        ticket(surprise=True),
        ticket(emergency_bypass={"enabled": False, "extra": 1}),
        day(
            actual_by_repo=[
                {"repo": "a/b", "prs": [{"pr": "3", "title": "t", "state": "open", "notes": "n"}]}
            ]
        ),
        day(
            actual_by_repo=[{"repo": "a/b", "prs": [{"pr": 0, "title": "t", "state": "open", "notes": "n"}]}]
        ),
        day(
            actual_by_repo=[
                {"repo": "a/b", "prs": [{"pr": 1, "title": "t", "state": "closed", "notes": "n"}]}
            ]
        ),
        day(schema_version=1.0),
    ],
    ids=[
        "bool-from-string",
        "bool-from-int",
        "int-for-string",
        "unknown-key",
        "unknown-nested-key",
        "int-from-string",
        "pr-zero",
        "closed-state",
        "float-version",
    ],
)
def test_no_coercion_and_no_unknown_keys(data: dict[str, Any]) -> None:
    model = ModelDayClose if "date" in data else ModelTicketContract
    with pytest.raises(ValidationError):
        model.model_validate(data)


def test_limits_are_the_origin_limits() -> None:
    ModelTicketContract.model_validate(ticket(ticket_id="T" * 50, summary="s" * 10000))
    assert "at most 50 characters" in error_text(ModelTicketContract, ticket(ticket_id="T" * 51))
    assert "at most 10000 characters" in error_text(ModelTicketContract, ticket(summary="s" * 10001))
    assert "at most 1000 items" in error_text(ModelDayClose, day(corrections_for_tomorrow=["c"] * 1001))
    assert "at most 20 characters" in error_text(
        ModelTicketContract, ticket(schema_version="1" * 19 + ".0.0")
    )


def test_pending_categorisation_is_allowed_and_reported_incomplete() -> None:
    pending = ModelTicketContract.model_validate(ticket(interface_change=True))
    assert pending.interfaces_touched == []
    assert pending.is_complete is False
    assert ModelTicketContract.model_validate(ticket()).is_complete is True


def test_models_are_frozen() -> None:
    contract = ModelTicketContract.model_validate(ticket())
    with pytest.raises(ValidationError):
        contract.summary = "changed"


def test_leap_day_and_enabled_bypass_are_valid() -> None:
    ModelDayClose.model_validate(day(date="2024-02-29"))
    ModelTicketContract.model_validate(
        ticket(
            emergency_bypass={
                "enabled": True,
                "justification": "prod down",
                "follow_up_ticket_id": "OCC-2",
            }
        ),
    )


def _schemas_with(key: str, schema: Any) -> list[dict[str, Any]]:
    """Return every (sub)schema of ``schema`` that has ``key``."""
    found: list[dict[str, Any]] = []
    if isinstance(schema, dict):
        if key in schema:
            found.append(schema)
        for value in schema.values():
            found += _schemas_with(key, value)
    elif isinstance(schema, list):
        for value in schema:
            found += _schemas_with(key, value)
    return found


@pytest.mark.parametrize("model", [ModelDayClose, ModelTicketContract])
def test_every_anchored_pattern_excludes_a_line_feed(
    model: type[ModelDayClose | ModelTicketContract],
) -> None:
    # Python's `$` also matches before a final newline; `not` a line feed gives the pattern one meaning.
    anchored = [s for s in _schemas_with("pattern", model.model_json_schema()) if s["pattern"].endswith("$")]
    assert anchored
    assert all(s["not"] == {"type": "string", "pattern": "\\n"} for s in anchored), anchored


def test_day_close_states_the_rules_of_the_released_versions_in_its_schema() -> None:
    schema = ModelDayClose.model_json_schema()
    rules = [s["x-treaty-rule"] for s in _schemas_with("x-treaty-rule", schema)]
    rules += [s[k]["rule"] for k in ("x-treaty-uniqueBy", "x-treaty-in") for s in _schemas_with(k, schema)]
    assert sorted({(r["id"], r["severity"]) for r in rules}) == [
        ("change_control/actual-work-is-planned-or-drift", "error"),
        ("change_control/link-resolves", "error"),
        ("change_control/unique-drift-id", "error"),
        ("change_control/unique-requirement-id", "error"),
        ("change_control/unknown-invariant-needs-correction", "error"),
    ]


def test_the_models_leave_the_rules_to_the_schema() -> None:
    # As in 1.1.0 the models hold no rule of the kind: a document that breaks one is still a ModelDayClose.
    unknown = dict.fromkeys(
        ("reducers_pure", "orchestrators_no_io", "effects_do_io_only", "real_infra_proof_progressing"),
        "unknown",
    )
    ModelDayClose.model_validate(day(invariants_checked=unknown))
    ModelDayClose.model_validate(day(plan=[{"requirement_id": "R", "summary": ""}] * 2))
