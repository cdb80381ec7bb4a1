"""The ``evidence_report`` kind: what ran as a ticket's evidence, and how it ended (since 1.3.0)."""

from typing import Annotated, Any, Final, Self

from pydantic import BaseModel, Field, StrictBool, StrictInt, StrictStr, model_validator

from treaty_change_control_models._patterns import MAX_COMMAND_SECONDS, MAX_ITEMS, MAX_TEXT
from treaty_change_control_models._types import (
    CONTRACT_CONFIG,
    Instant,
    RelativePath,
    SchemaVersion,
    Sha256,
    Text,
)
from treaty_change_control_models.enums import EnumEvidenceOutcome
from treaty_change_control_models.models.model_ticket_contract import EvidenceId, TicketId

__all__ = ["ModelEvidenceEnvironment", "ModelEvidenceReport", "ModelEvidenceResult"]

# The outcome and the exit code say the same thing twice; the rules keep them from contradicting each
# other, worded once for the models and the schema.
PASSED_EXITS_ZERO: Final = "a passed check has exit_code 0"
FAILED_EXITS_NON_ZERO: Final = "a failed check has a non-zero exit_code"
NO_EXIT_CODE: Final = "a check that timed out or did not start has exit_code null"


def _outcome_rule(outcomes: list[str], exit_code: dict[str, Any], message: str) -> dict[str, Any]:
    return {
        "if": {"properties": {"outcome": {"enum": outcomes}}, "required": ["outcome"]},
        "then": {
            "description": message,
            "properties": {"exit_code": exit_code | {"description": message}},
            "required": ["exit_code"],
        },
    }


class ModelEvidenceEnvironment(BaseModel):
    """Facts about where the evidence ran."""

    model_config = CONTRACT_CONFIG

    platform: Text = Field(
        description="Operating system and machine (Python's platform.platform()).",
        examples=["Linux-6.1.0-x86_64-with-glibc2.36"],
    )
    python: Text = Field(description="Version of the Python that ran Treaty.", examples=["3.12.8"])
    treaty: Text = Field(description="Version of Treaty that ran the checks.", examples=["0.1.0"])
    git_commit: Text | None = Field(default=None, description="The commit checked out (HEAD), if known.")
    environment_names: Annotated[
        list[Annotated[StrictStr, Field(max_length=MAX_TEXT)]], Field(max_length=MAX_ITEMS)
    ] = Field(
        default_factory=list,
        description="Names of the environment variables the commands were given (never their values).",
    )


class ModelEvidenceResult(BaseModel):
    """One evidence check: the command that ran and how it ended."""

    model_config = CONTRACT_CONFIG | {
        "json_schema_extra": {
            "allOf": [
                _outcome_rule(["passed"], {"const": 0}, PASSED_EXITS_ZERO),
                _outcome_rule(["failed"], {"type": "integer", "not": {"const": 0}}, FAILED_EXITS_NON_ZERO),
                _outcome_rule(["timed_out", "not_started"], {"type": "null"}, NO_EXIT_CODE),
            ],
        },
    }

    requirement: Annotated[StrictInt, Field(ge=0)] = Field(
        description="Position of the requirement in the contract's evidence_requirements (0 is the first).",
        examples=[0],
    )
    id: EvidenceId | None = Field(default=None, description="The requirement's id, if it has one.")
    description: Text = Field(description="The requirement's description.", examples=["Unit tests pass"])
    command: Annotated[list[Text], Field(min_length=1, max_length=MAX_ITEMS)] = Field(
        description="The command that ran, as the contract states it.", examples=[["pytest", "-q"]]
    )
    shell: StrictBool = Field(description="Whether the command ran through /bin/sh -c.", examples=[False])
    cwd: RelativePath | None = Field(default=None, description="The folder it ran in, relative to the root.")
    timeout_seconds: Annotated[StrictInt, Field(ge=1, le=MAX_COMMAND_SECONDS)] = Field(
        description="The timeout it ran under.", examples=[600]
    )
    required: StrictBool = Field(
        description="Whether the contract requires the check to pass.", examples=[True]
    )
    outcome: EnumEvidenceOutcome = Field(description="How the command ended.", examples=["passed"])
    exit_code: StrictInt | None = Field(
        description="The command's exit status; null when it has none.", examples=[0]
    )
    started_at: Instant = Field(
        description="When the command started (UTC).", examples=["2026-03-16T09:30:00Z"]
    )
    finished_at: Instant = Field(description="When it ended (UTC).", examples=["2026-03-16T09:31:12.5Z"])
    output_sha256: Sha256 = Field(
        description="sha256 of the captured standard output followed by standard error.",
        examples=["e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
    )
    output_bytes: Annotated[StrictInt, Field(ge=0)] = Field(
        description="Length of the captured output in bytes.", examples=[0]
    )

    @model_validator(mode="after")
    def _outcome_matches_exit_code(self) -> Self:
        if self.outcome == "passed" and self.exit_code != 0:
            raise ValueError(PASSED_EXITS_ZERO)
        if self.outcome == "failed" and self.exit_code in {0, None}:
            raise ValueError(FAILED_EXITS_NON_ZERO)
        if self.outcome in {"timed_out", "not_started"} and self.exit_code is not None:
            raise ValueError(NO_EXIT_CODE)
        return self


class ModelEvidenceReport(BaseModel):
    """Evidence report: the evidence checks run for one ticket contract, and how each ended."""

    model_config = CONTRACT_CONFIG

    schema_version: SchemaVersion
    ticket_id: TicketId = Field(description="The ticket whose contract was run.", examples=["OCC-123"])
    contract: RelativePath = Field(
        description="The contract file, relative to the repository root.", examples=["contracts/OCC-123.yaml"]
    )
    contract_sha256: Sha256 = Field(
        description="sha256 of the contract file's bytes: an audit refuses a report of another contract.",
        examples=["e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
    )
    started_at: Instant = Field(description="When the run started (UTC).", examples=["2026-03-16T09:30:00Z"])
    finished_at: Instant = Field(description="When the run ended (UTC).", examples=["2026-03-16T09:31:12.5Z"])
    environment: ModelEvidenceEnvironment = Field(description="Where the checks ran.")
    results: Annotated[list[ModelEvidenceResult], Field(max_length=MAX_ITEMS)] = Field(
        default_factory=list,
        description="One result per check that ran, in the contract's order.",
        json_schema_extra={
            "x-treaty-uniqueBy": {
                "key": "requirement",
                "rule": {
                    "id": "change_control/one-result-per-requirement",
                    "severity": "error",
                    "message": "requirement {value} has two results (first at results item {first})",
                    "hint": "keep one result per evidence requirement",
                },
            },
        },
    )
