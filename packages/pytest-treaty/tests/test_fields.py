"""How check-field decides whether an exception names the field a fixture states."""

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator
from pytest_treaty._fields import Report, names_field, reports, unnamed


class Ref(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str
    sha256: str


class Envelope(BaseModel):
    model_config = ConfigDict(extra="forbid")

    run_id: str
    refs: list[Ref]
    reason_code: str | None = None
    failure_reason_code: str | None = None

    @model_validator(mode="after")
    def _alias(self) -> "Envelope":
        if self.reason_code and self.failure_reason_code and self.reason_code != self.failure_reason_code:
            raise ValueError("reason_code differs from failure_reason_code")
        return self


def _error(document: object) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        Envelope.model_validate(document)
    return caught.value


def test_pydantic_locations_become_json_pointers() -> None:
    error = _error({"run_id": 3, "refs": [{"path": "a", "sha256": "b", "bytes": 1}]})
    assert [r.pointer for r in reports(error)] == ["/run_id", "/refs/0/bytes"]
    assert unnamed(error, ["/run_id", "/refs/0/bytes"]) == []


def test_a_more_precise_location_names_the_stated_field() -> None:
    error = _error({"run_id": "r", "refs": [{"path": "a"}]})  # missing sha256: located at /refs/0/sha256
    assert unnamed(error, ["/refs/0"]) == []
    assert unnamed(error, ["/refs"]) == []
    assert unnamed(error, ["/refs/1"]) == ["/refs/1"]


def test_an_error_above_the_field_names_it_only_when_its_message_names_the_key() -> None:
    error = _error({"run_id": "r", "refs": [], "reason_code": "A", "failure_reason_code": "B"})
    assert [r.pointer for r in reports(error)] == [""]
    assert unnamed(error, ["/reason_code"]) == []
    assert unnamed(error, ["/failure_reason_code"]) == []
    assert unnamed(error, ["/run_id"]) == ["/run_id"]


def test_a_key_is_named_as_a_whole_word_only() -> None:
    found = [Report("", "failure_reason_code is required", "ValidationError")]
    assert not names_field(found, "/reason_code")
    assert names_field(found, "/failure_reason_code")
    assert names_field([Report("", "'reason_code' differs", "ValidationError")], "/reason_code")


def test_the_document_itself_is_named_by_any_error() -> None:
    assert unnamed(ValueError("anything"), ["", ""]) == []


def test_other_exceptions_name_a_field_by_pointer_or_key_in_their_text() -> None:
    assert unnamed(ValueError("bad value at /refs/0/sha256"), ["/refs/0/sha256"]) == []
    assert unnamed(KeyError("sha256"), ["/refs/0/sha256"]) == []
    assert unnamed(ValueError("sha2567 is odd"), ["/refs/0/sha256"]) == ["/refs/0/sha256"]
    assert unnamed(ValueError("at /refsx"), ["/refs"]) == ["/refs"]
    assert unnamed(ValueError("no"), ["/refs/0/sha256", "/run_id"]) == ["/refs/0/sha256", "/run_id"]
    escaped = unnamed(ValueError("at /a~1b"), ["/a~1b"])
    assert escaped == []


def _ingest(document: dict[str, str]) -> str:
    try:
        return document["run_id"]
    except KeyError as cause:
        raise RuntimeError("ingest failed") from cause


def test_causes_and_exception_groups_are_read_too() -> None:
    with pytest.raises(RuntimeError) as caught:
        _ingest({})
    assert unnamed(caught.value, ["/run_id"]) == []
    group = ExceptionGroup("two problems", [ValueError("run_id is blank"), ValueError("refs is empty")])
    assert unnamed(group, ["/run_id", "/refs"]) == []
    assert [r.kind for r in reports(group)] == ["ValueError", "ValueError"]


def test_reports_describe_themselves_briefly() -> None:
    assert Report("/a", "x  y\nz", "ValidationError").describe() == "ValidationError at /a: x y z"
    assert Report("", "m", "ValidationError").describe() == "ValidationError at /: m"
    assert Report(None, "m", "KeyError").describe() == "KeyError: m"
    assert Report(None, "m" * 500, "E").describe().endswith("...")
