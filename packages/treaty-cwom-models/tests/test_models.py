"""The cwom models: the spec's seven kinds, made strict as Treaty decided (specs/cwom.md, Part B)."""

from typing import Any

import pytest
from pydantic import BaseModel, ValidationError
from treaty_cwom_models import (
    FAMILY,
    KINDS,
    EnumArtifactType,
    EnumCheckStatus,
    EnumObjectKind,
    EnumStatus,
    EnumVerificationStatus,
    ModelArtifact,
    ModelConstraintSnapshot,
    ModelContextPacket,
    ModelIssue,
    ModelRun,
    __version__,
)

REPO_ID = "01J8Z3K4W5X6Y7Z8A9BCDEFG00"
ISSUE_ID = "01J8Z3K4W5X6Y7Z8A9BCDEFG01"
RUN_ID = "01J8Z3K4W5X6Y7Z8A9BCDEFG02"
ACTOR = {"actor_kind": "agent", "actor_id": "bot"}


def common(kind: str, object_id: str) -> dict[str, Any]:
    return {"kind": kind, "schema_version": "0.2.0", "id": object_id}


def issue(**changes: Any) -> dict[str, Any]:
    base = common("Issue", ISSUE_ID) | {
        "repo": {"kind": "Repo", "id": REPO_ID},
        "title": "Export schemas",
        "type": "feature",
    }
    return base | changes


def run(**changes: Any) -> dict[str, Any]:
    base = common("Run", RUN_ID) | {
        "for_issue": {"kind": "Issue", "id": ISSUE_ID},
        "repo": {"kind": "Repo", "id": REPO_ID},
        "mode": "agent",
        "executor": {"actor": ACTOR, "runtime": "ci"},
    }
    return base | changes


def packet(**changes: Any) -> dict[str, Any]:
    base = common("ContextPacket", "01J8Z3K4W5X6Y7Z8A9BCDEFG03") | {
        "for_issue": {"kind": "Issue", "id": ISSUE_ID},
        "version": "1.0",
        "summary": "What the run needs",
    }
    return base | changes


def snapshot(**changes: Any) -> dict[str, Any]:
    base = common("ConstraintSnapshot", "01J8Z3K4W5X6Y7Z8A9BCDEFG04") | {
        "scope": "run",
        "captured_at": "2026-01-25T10:00:00Z",
        "owner": ACTOR,
    }
    return base | changes


def rejects(model: type[BaseModel], data: dict[str, Any]) -> str:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return str(caught.value)


def test_family_declaration() -> None:
    assert FAMILY == "cwom"
    assert __version__ == "0.2.0"
    assert sorted(KINDS) == [
        "artifact",
        "constraint_snapshot",
        "context_packet",
        "doctrine_ref",
        "issue",
        "repo",
        "run",
    ]


def test_enums_keep_the_spec_values_in_order() -> None:
    assert [e.value for e in EnumObjectKind] == [
        "Repo",
        "Issue",
        "ContextPacket",
        "Run",
        "Artifact",
        "ConstraintSnapshot",
        "DoctrineRef",
    ]
    assert [e.value for e in EnumStatus] == [
        "planned",
        "ready",
        "running",
        "blocked",
        "done",
        "failed",
        "canceled",
    ]
    assert "under_review" not in {e.value for e in EnumStatus}  # a later addition, not in 0.1.0 nor 0.2.0
    assert [e.value for e in EnumVerificationStatus] == ["unverified", "passed", "failed"]
    assert [e.value for e in EnumCheckStatus] == ["passed", "failed", "unverified"]
    assert len(EnumArtifactType) == 12


def test_every_kind_constant_is_its_object_kind() -> None:
    for model in KINDS.values():
        assert model.model_fields["kind"].annotation.__args__[0] in {e.value for e in EnumObjectKind}  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("field", "wrong"),
    [("repo", "Run"), ("for_issue", "Repo")],
)
def test_a_ref_must_point_to_the_kind_its_field_names(field: str, wrong: str) -> None:
    data = run(**{field: {"kind": wrong, "id": REPO_ID}})
    assert "Input should be" in rejects(ModelRun, data)


def test_artifact_refs_its_run_and_issue() -> None:
    data = common("Artifact", "01J8Z3K4W5X6Y7Z8A9BCDEFG05") | {
        "produced_by": {"kind": "Run", "id": RUN_ID},
        "for_issue": {"kind": "Issue", "id": ISSUE_ID},
        "type": "pr",
        "title": "PR #1",
        "uri": "https://example.test/pr/1",
    }
    assert ModelArtifact.model_validate(data).produced_by.id == RUN_ID
    rejects(ModelArtifact, data | {"produced_by": {"kind": "Issue", "id": RUN_ID}})
    rejects(ModelArtifact, {k: v for k, v in data.items() if k != "produced_by"})


@pytest.mark.parametrize(
    "bad",
    [
        "01j8z3k4w5x6y7z8a9bcdefg00",  # lower case
        "01J8Z3K4W5X6Y7Z8A9BCDEFGI0",  # I
        "01J8Z3K4W5X6Y7Z8A9BCDEFGL0",  # L
        "01J8Z3K4W5X6Y7Z8A9BCDEFGO0",  # O
        "01J8Z3K4W5X6Y7Z8A9BCDEFGU0",  # U
        "01J8Z3K4W5X6Y7Z8A9BCDEFG0",  # 25 characters
        "01J8Z3K4W5X6Y7Z8A9BCDEFG000",  # 27 characters
        "81J8Z3K4W5X6Y7Z8A9BCDEFG00",  # above 2^128
        "550e8400-e29b-41d4-a716-446655440000",  # the origin's UUID4 ids
        "01J8Z3K4W5X6Y7Z8A9BCDEFG00\n",  # a final newline, which only Python's `$` lets through
    ],
)
def test_ids_are_ulids(bad: str) -> None:
    assert "Invalid ULID" in rejects(ModelIssue, issue(id=bad))


@pytest.mark.parametrize(
    "good",
    ["2026-01-25T10:00:00Z", "2026-01-25T10:00:00+00:00", "2024-02-29T23:59:59.123456789Z"],
)
def test_utc_timestamps_are_accepted(good: str) -> None:
    assert ModelIssue.model_validate(issue(created_at=good)).created_at == good


@pytest.mark.parametrize(
    "bad",
    [
        "2026-01-25T10:00:00+02:00",  # not UTC
        "2026-01-25T10:00:00",  # naive
        "2026-01-25t10:00:00z",  # lower case
        "2026-01-25",  # a date
        "2026-02-30T10:00:00Z",  # no such day
        "2026-01-25 10:00:00Z",  # a space for T
        "2026-01-25T10:00:00.1234567890Z",  # finer than nanoseconds
        "2026-01-25T24:00:00Z",
        "0000-01-25T10:00:00Z",  # year 0: RFC 3339 allows it, the pattern (since 0.2.0) does not
        "2026-01-25T10:00:00Z\n",  # a final newline
    ],
)
def test_timestamps_must_be_utc_iso8601(bad: str) -> None:
    assert "Invalid timestamp" in rejects(ModelIssue, issue(created_at=bad))


def test_kind_id_and_schema_version_are_required() -> None:
    for key in ("kind", "id", "schema_version"):
        assert "Field required" in rejects(ModelIssue, {k: v for k, v in issue().items() if k != key})
    assert "Input should be 'Issue'" in rejects(ModelIssue, issue(kind="Run"))


def test_unknown_keys_are_rejected_at_every_level() -> None:
    assert "Extra inputs" in rejects(ModelIssue, issue(trace_id="x"))
    assert "Extra inputs" in rejects(ModelIssue, issue(repo={"kind": "Repo", "id": REPO_ID, "x": 1}))
    assert "Extra inputs" in rejects(ModelRun, run(artifact_root_uri="s3://x"))  # the origin serialiser's


def test_scalars_are_strict() -> None:
    rejects(ModelIssue, issue(title=3))
    rejects(ModelRun, run(cost={"tokens": "3"}))
    rejects(ModelRun, run(cost={"tokens": 3.0}))
    assert ModelRun.model_validate(run(cost={"tokens": 3, "usd": 0})).cost.tokens == 3


def test_context_packet_and_constraint_snapshot_are_immutable() -> None:
    sealed = ModelContextPacket.model_validate(packet(assumptions=["a"]))
    with pytest.raises(ValidationError, match="frozen"):
        sealed.summary = "changed"
    assert isinstance(sealed.assumptions, tuple)  # nothing to append to either
    constraints = ModelConstraintSnapshot.model_validate(snapshot())
    with pytest.raises(ValidationError, match="frozen"):
        constraints.scope = "org"  # type: ignore[assignment]


def test_lifecycle_objects_validate_assignments() -> None:
    work = ModelRun.model_validate(run())
    work.status = EnumStatus.RUNNING
    with pytest.raises(ValidationError):
        work.status = "paused"  # type: ignore[assignment]


def test_constraint_snapshot_has_captured_at_not_created_at() -> None:
    assert "captured_at" in ModelConstraintSnapshot.model_fields
    assert "created_at" not in ModelConstraintSnapshot.model_fields
    assert "Field required" in rejects(
        ModelConstraintSnapshot, {k: v for k, v in snapshot().items() if k != "captured_at"}
    )
    rejects(ModelConstraintSnapshot, snapshot(constraints={"energy": {"score_0_5": 6}}))


def test_defaults_follow_the_origin_implementation() -> None:
    made = ModelIssue.model_validate(issue())
    assert (made.priority.value, made.status.value, made.description) == ("P2", "planned", "")
    assert ModelRun.model_validate(run()).outputs.result_summary is None


def test_documents_round_trip_unchanged() -> None:
    data = run(status="done", tags=["x"], meta={"github.run_id": 7, "nested": {"a": [1, None]}})
    assert ModelRun.model_validate(data).model_dump(mode="json", exclude_unset=True) == data
