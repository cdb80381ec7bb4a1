"""Annotated field types and the model configuration of the dome family.

Scalars are strict: a document's JSON types are taken as they are (``"3"`` is not an integer). Every rule a
JSON Schema can state is written into the exported schema too, so non-Python consumers enforce it.
"""

import datetime as dt
import re
from typing import Annotated, Any, Final

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictInt, StrictStr

from treaty_dome_models._patterns import (
    EVENT_ID_PATTERN,
    MAX_SCHEMA_VERSION,
    NO_NEWLINE,
    RUN_ID_PATTERN,
    SEMVER_PATTERN,
    SHA256_PATTERN,
    UTC_TIMESTAMP_PATTERN,
)

CLOSED: Final = ConfigDict(extra="forbid", frozen=True)
"""Every dome object: closed (unknown keys rejected) and immutable."""


def _anchored(pattern: str, **extra: Any) -> dict[str, Any]:
    """Return the schema of a string matching an anchored ``pattern``: with ``NO_NEWLINE``, as in every engine."""
    return {"pattern": pattern, **NO_NEWLINE, **extra}


def _matching(pattern: str, what: str, example: str) -> AfterValidator:
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            msg = f"Invalid {what}: {value!r}. Expected e.g. {example!r}"
            raise ValueError(msg)
        return value

    return AfterValidator(check)


def instant(value: str) -> dt.datetime:
    """Return the instant a UTC timestamp of the contract names (raise ValueError if it names none)."""
    if not re.fullmatch(UTC_TIMESTAMP_PATTERN, value):
        msg = f"Invalid timestamp: {value!r}. Expected ISO-8601 in UTC ending in Z, e.g. 2026-02-15T10:00:00Z"
        raise ValueError(msg)
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError as error:
        msg = f"Invalid timestamp: {value!r}. {error}"
        raise ValueError(msg) from None


def _check_utc(value: str) -> str:
    instant(value)
    return value


Text = Annotated[StrictStr, Field(min_length=1)]
"""A non-empty string."""

SchemaVersion = Annotated[
    StrictStr,
    Field(
        max_length=MAX_SCHEMA_VERSION,
        description="Version of the dome contract this document follows (SemVer MAJOR.MINOR.PATCH).",
        examples=["0.2.0"],
        json_schema_extra=_anchored(SEMVER_PATTERN),
    ),
    _matching(SEMVER_PATTERN, "schema_version", "0.2.0"),
]
"""The ``schema_version`` field of every dome document."""

Sha256 = Annotated[
    StrictStr,
    Field(json_schema_extra=_anchored(SHA256_PATTERN), examples=["0" * 64]),
    _matching(SHA256_PATTERN, "sha256", "64 lower-case hex digits"),
]
"""A sha256 digest in lower-case hex."""

EventId = Annotated[
    StrictStr,
    Field(json_schema_extra=_anchored(EVENT_ID_PATTERN), examples=["evt-" + "0" * 32]),
    _matching(EVENT_ID_PATTERN, "event id", "evt-" + "0" * 32),
]
"""An event id, ``evt-`` and 32 lower-case hex digits."""

RunId = Annotated[
    StrictStr,
    Field(json_schema_extra=_anchored(RUN_ID_PATTERN), examples=["run-2026-02-15.a"]),
    _matching(RUN_ID_PATTERN, "run id", "run-2026-02-15.a"),
]
"""A run id."""

UtcTimestamp = Annotated[
    StrictStr,
    Field(json_schema_extra=_anchored(UTC_TIMESTAMP_PATTERN, format="date-time")),
    AfterValidator(_check_utc),
]
"""An ISO-8601 timestamp in UTC ending in ``Z``, kept as the string the document wrote."""

Count = Annotated[StrictInt, Field(ge=0)]
"""A count, 0 or more."""

Ratio = Annotated[float, Field(ge=0, le=1, strict=True)]
"""A number between 0 and 1."""


class _ModelDocument(BaseModel):
    """What every dome document starts with: its kind marker and contract version."""

    model_config = CLOSED

    artifact_kind: StrictStr  # each kind narrows it to its own constant; declared here so it comes first
    schema_version: SchemaVersion
