"""The ``ticket_contract`` kind: machine-checkable acceptance criteria of one ticket."""

import re
from typing import Annotated, Any, Self

from pydantic import AfterValidator, BaseModel, Field, StrictBool, StrictInt, StrictStr, model_validator

from treaty_change_control_models._patterns import (
    DEFAULT_COMMAND_SECONDS,
    EVIDENCE_ID_PATTERN,
    MAX_COMMAND_SECONDS,
    MAX_ITEMS,
    MAX_TEXT,
    MAX_TICKET_ID,
    NON_BLANK_PATTERN,
)
from treaty_change_control_models._types import (
    CONTRACT_CONFIG,
    RelativePath,
    SchemaVersion,
    Text,
    fullmatch,
    one_line,
)
from treaty_change_control_models.enums import EnumEvidenceKind, EnumInterfaceSurface

__all__ = ["ModelEmergencyBypass", "ModelEvidenceCheck", "ModelEvidenceRequirement", "ModelTicketContract"]

_NON_BLANK = re.compile(NON_BLANK_PATTERN)

TicketId = Annotated[StrictStr, Field(max_length=MAX_TICKET_ID)]
EvidenceId = Annotated[
    StrictStr,
    Field(max_length=MAX_TICKET_ID, json_schema_extra=one_line(EVIDENCE_ID_PATTERN)),
    AfterValidator(fullmatch(EVIDENCE_ID_PATTERN)),
]
OriginFields = dict[str, Any]
"""Fields of an origin contract this version has no field for, kept verbatim by migration (since 1.3.0)."""

# The cross-field rules, worded once: the models raise these messages, and the exported schema carries
# them as the description of the if/then branch that enforces the same rule.
JUSTIFICATION_REQUIRED = "justification is required when bypass is enabled"
FOLLOW_UP_REQUIRED = "follow_up_ticket_id is required when bypass is enabled"
INTERFACES_NOT_EMPTY = (
    "interfaces_touched must be empty when interface_change is false. "
    "If no interfaces are touched, set interfaces_touched to []"
)
SHELL_TAKES_ONE_STRING = (
    "a check run by the shell has one command string: set shell to false, or join the words"
)


def _required_when_enabled(field: str, message: str) -> dict[str, Any]:
    """Return the JSON Schema form of "an enabled bypass needs a non-blank ``field``"."""
    return {
        "if": {"properties": {"enabled": {"const": True}}, "required": ["enabled"]},
        "then": {
            "description": message,
            "properties": {field: {"pattern": NON_BLANK_PATTERN, "description": message}},
            "required": [field],
        },
    }


class ModelEvidenceCheck(BaseModel):
    """A command that produces the evidence, run only when asked to (since 1.3.0).

    ``treaty onex evidence run --allow-run`` runs it at the repository root (or ``cwd`` below it), with a
    timeout and an environment the run names, and records how it ended in an evidence report.
    """

    model_config = CONTRACT_CONFIG | {
        "json_schema_extra": {
            "if": {"properties": {"shell": {"const": True}}, "required": ["shell"]},
            "then": {"properties": {"command": {"maxItems": 1, "description": SHELL_TAKES_ONE_STRING}}},
        },
    }

    command: Annotated[list[Text], Field(min_length=1, max_length=MAX_ITEMS)] = Field(
        description="The command as an argument vector (no shell), or one command string when shell is true.",
        examples=[["pytest", "-q", "tests/test_export.py"]],
    )
    shell: StrictBool = Field(
        default=False,
        description="Run the one command string with /bin/sh -c; only when the check needs the shell's syntax.",
        examples=[False],
    )
    timeout_seconds: Annotated[StrictInt, Field(ge=1, le=MAX_COMMAND_SECONDS)] = Field(
        default=DEFAULT_COMMAND_SECONDS,
        description="Seconds after which the command is stopped and the check counts as failed.",
        examples=[DEFAULT_COMMAND_SECONDS],
    )
    required: StrictBool = Field(
        default=True,
        description="Whether the ticket's evidence fails when this check fails or has no result.",
        examples=[True],
    )
    cwd: RelativePath | None = Field(
        default=None,
        description="Folder to run in, relative to the repository root (default: the root); it may not leave it.",
        examples=[None],
    )

    @model_validator(mode="after")
    def _shell_takes_one_string(self) -> Self:
        if self.shell and len(self.command) > 1:
            raise ValueError(SHELL_TAKES_ONE_STRING)
        return self


class ModelEvidenceRequirement(BaseModel):
    """Evidence that must exist before the ticket is done."""

    model_config = CONTRACT_CONFIG

    kind: EnumEvidenceKind = Field(description="Kind of evidence.", examples=["tests"])
    description: Text = Field(
        description="What evidence must exist.",
        examples=["Unit tests cover the new schema export"],
    )
    command: Annotated[StrictStr, Field(max_length=MAX_TEXT)] | None = Field(
        default=None,
        description="How to reproduce the evidence, if applicable.",
        examples=["pytest tests/test_export.py"],
    )
    id: EvidenceId | None = Field(
        default=None,
        description="Identifier of the requirement; evidence reports name it (since 1.3.0).",
        examples=["unit-tests"],
    )
    check: ModelEvidenceCheck | None = Field(
        default=None, description="The command that produces the evidence, if it can be run (since 1.3.0)."
    )
    origin_fields: OriginFields | None = Field(
        default=None,
        description="Fields of the origin's evidence item that this version has no field for, kept verbatim "
        "by migration (since 1.3.0).",
    )


class ModelEmergencyBypass(BaseModel):
    """Emergency bypass of the contract: declared, ledgered, and followed by a corrective ticket."""

    model_config = CONTRACT_CONFIG | {
        "json_schema_extra": {
            "allOf": [
                _required_when_enabled("justification", JUSTIFICATION_REQUIRED),
                _required_when_enabled("follow_up_ticket_id", FOLLOW_UP_REQUIRED),
            ],
        },
    }

    enabled: StrictBool = Field(description="Whether the bypass is enabled.", examples=[False])
    justification: Text = Field(
        default="",
        description="Why the bypass is needed; required (non-blank) when the bypass is enabled.",
        examples=[""],
    )
    follow_up_ticket_id: TicketId = Field(
        default="",
        description="Corrective follow-up ticket; required (non-blank) when the bypass is enabled.",
        examples=[""],
    )

    @model_validator(mode="after")
    def _enabled_bypass_is_justified(self) -> Self:
        if self.enabled and not _NON_BLANK.search(self.justification):
            raise ValueError(JUSTIFICATION_REQUIRED)
        if self.enabled and not _NON_BLANK.search(self.follow_up_ticket_id):
            raise ValueError(FOLLOW_UP_REQUIRED)
        return self


class ModelTicketContract(BaseModel):
    """Ticket contract: the acceptance criteria and enforcement hooks of one ticket."""

    model_config = CONTRACT_CONFIG | {
        "json_schema_extra": {
            "if": {
                "properties": {"interface_change": {"const": False}},
                "required": ["interface_change"],
            },
            "then": {
                "properties": {
                    "interfaces_touched": {"maxItems": 0, "description": INTERFACES_NOT_EMPTY},
                },
            },
        },
    }

    schema_version: SchemaVersion
    ticket_id: TicketId = Field(description="Ticket identifier.", examples=["OCC-123"])
    summary: Text = Field(
        description="One-line summary of the ticket.",
        examples=["Export the ticket contract schema"],
    )
    is_seam_ticket: StrictBool = Field(
        description="Whether the ticket touches cross-repository interfaces.",
        examples=[False],
    )
    interface_change: StrictBool = Field(
        description="Whether the ticket changes interface surfaces.",
        examples=[False],
    )
    interfaces_touched: Annotated[list[EnumInterfaceSurface], Field(max_length=MAX_ITEMS)] = Field(
        default_factory=list,
        description="Interface surfaces touched; must be empty when interface_change is false.",
        examples=[[]],
    )
    evidence_requirements: Annotated[list[ModelEvidenceRequirement], Field(max_length=MAX_ITEMS)] = Field(
        default_factory=list,
        description="Evidence required before the ticket is done.",
    )
    emergency_bypass: ModelEmergencyBypass = Field(description="Emergency bypass configuration.")
    origin_fields: OriginFields | None = Field(
        default=None,
        description="Fields of the origin contract that this version has no field for (its title...), kept "
        "verbatim by migration (since 1.3.0).",
    )

    @model_validator(mode="after")
    def _no_interfaces_without_interface_change(self) -> Self:
        if not self.interface_change and self.interfaces_touched:
            raise ValueError(INTERFACES_NOT_EMPTY)
        return self

    @property
    def is_complete(self) -> bool:
        """Whether the interface categorisation is complete (not the temporary "pending" state)."""
        return not self.interface_change or bool(self.interfaces_touched)
