"""Annotated field types and the model configuration of the xtrl family.

Scalars are strict: a document's JSON types are taken as they are (``"3"`` is not an integer). Every rule a
JSON Schema can state is written into the exported schema too, so non-Python consumers enforce it.
"""

import datetime as dt
import re
from typing import Annotated, Any, Final

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictStr

from treaty_xtrl_models._patterns import (
    MAX_SCHEMA_VERSION,
    NEWLINE_PATTERN,
    SEMVER_PATTERN,
    SHA256_PATTERN,
    STATE_ID_PATTERN,
    TRANSITION_ID_PATTERN,
    UTC_TIMESTAMP_PATTERN,
)

CLOSED: Final = ConfigDict(extra="forbid", frozen=True, serialize_by_alias=True)
"""Every xtrl object: closed (unknown keys rejected, as in the SSOT) and immutable; keys that are Python
keywords (``class``, ``from``) are written by their document name."""

_UTC = re.compile(UTC_TIMESTAMP_PATTERN)


def _check_utc(value: str) -> str:
    if not _UTC.fullmatch(value):
        msg = f"Invalid timestamp: {value!r}. Expected ISO-8601 in UTC ending in Z, e.g. 2026-02-15T10:00:00Z"
        raise ValueError(msg)
    try:
        dt.datetime.fromisoformat(value)
    except ValueError as error:
        msg = f"Invalid timestamp: {value!r}. {error}"
        raise ValueError(msg) from None
    return value


def patterned(pattern: str, **extra: Any) -> dict[str, Any]:
    """Return the schema keywords of a string that matches ``pattern``: the pattern, and no newline.

    The newline exclusion gives the pattern's final ``$`` one meaning in every engine (see ``NEWLINE_PATTERN``);
    the models match with ``re.fullmatch``, which refuses a trailing newline too.
    """
    return {"pattern": pattern, "not": {"type": "string", "pattern": NEWLINE_PATTERN}, **extra}


def rule(name: str, message: str, hint: str, severity: str = "error") -> dict[str, Any]:
    """Return the rule object ``xtrl/<name>`` of a vocabulary keyword (docs/rules-vocabulary.md).

    ``message`` and ``hint`` may name the keyword's placeholders in braces (``{value}``...).
    """
    return {"id": f"xtrl/{name}", "severity": severity, "message": message, "hint": hint}


def _matching(pattern: str, what: str, example: str) -> AfterValidator:
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            msg = f"Invalid {what}: {value!r}. Expected e.g. {example!r}"
            raise ValueError(msg)
        return value

    return AfterValidator(check)


Text = Annotated[StrictStr, Field(min_length=1)]
"""A non-empty string."""

SchemaVersion = Annotated[
    StrictStr,
    Field(
        max_length=MAX_SCHEMA_VERSION,
        description="Version of the xtrl contract this document follows (SemVer MAJOR.MINOR.PATCH).",
        examples=["0.2.0"],
        json_schema_extra=patterned(SEMVER_PATTERN),
    ),
    _matching(SEMVER_PATTERN, "schema_version", "0.2.0"),
]
"""The ``schema_version`` field of every xtrl document."""

Sha256 = Annotated[
    StrictStr,
    Field(json_schema_extra=patterned(SHA256_PATTERN), examples=["0" * 64]),
    _matching(SHA256_PATTERN, "sha256", "64 lower-case hex digits"),
]
"""A sha256 digest in lower-case hex."""

StateId = Annotated[
    StrictStr,
    Field(json_schema_extra=patterned(STATE_ID_PATTERN), examples=["S.RUN"]),
    _matching(STATE_ID_PATTERN, "state id", "S.RUN"),
]
"""A plant state id, ``S.<NAME>``."""

TransitionId = Annotated[
    StrictStr,
    Field(json_schema_extra=patterned(TRANSITION_ID_PATTERN), examples=["T.RUN->GATE.checks_done"]),
    _matching(TRANSITION_ID_PATTERN, "transition id", "T.RUN->GATE.checks_done"),
]
"""A transition id, ``T.<FROM>-><TO>.<event>``."""

UtcTimestamp = Annotated[
    StrictStr,
    Field(json_schema_extra=patterned(UTC_TIMESTAMP_PATTERN, format="date-time")),
    AfterValidator(_check_utc),
]
"""An ISO-8601 timestamp in UTC ending in ``Z``, kept as the string the document wrote."""

Confidence = Annotated[float, Field(ge=0, le=1, strict=True)]
"""A confidence between 0 and 1."""


class _ModelDocument(BaseModel):
    """What every xtrl document starts with: its kind marker and contract version."""

    model_config = CLOSED

    artifact_kind: StrictStr  # each kind narrows it to its own constant; declared here so it comes first
    schema_version: SchemaVersion
