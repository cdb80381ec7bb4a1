"""Annotated field types, model configurations and the common object fields of the cwom family.

Scalars are strict: a document's JSON types are taken as they are (``"3"`` is not an integer). Every rule a
JSON Schema can state is written into the exported schema too, so non-Python consumers enforce it.
"""

import datetime as dt
import re
from typing import Annotated, Final

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    StrictFloat,
    StrictInt,
    StrictStr,
)

from treaty_cwom_models._patterns import (
    MAX_SCHEMA_VERSION,
    SEMVER_PATTERN,
    ULID_PATTERN,
    UTC_TIMESTAMP_PATTERN,
    patterned,
)

CONTRACT_CONFIG: Final = ConfigDict(extra="forbid", validate_assignment=True)
"""Objects with a lifecycle (Repo, Issue, DoctrineRef, Run, Artifact): unknown keys rejected, and an
assignment is validated like the document it came from."""

SEALED_CONFIG: Final = ConfigDict(extra="forbid", frozen=True)
"""Immutable objects (ContextPacket, ConstraintSnapshot, their parts, and the value primitives): a change is a
new object. List fields are tuples everywhere, so no list can be changed in place either; ``meta`` stays a
free-form mapping."""

_ULID = re.compile(ULID_PATTERN)
_UTC = re.compile(UTC_TIMESTAMP_PATTERN)
_SEMVER = re.compile(SEMVER_PATTERN)


def _check_ulid(value: str) -> str:
    if not _ULID.fullmatch(value):
        msg = f"Invalid ULID: {value!r}. Expected 26 upper-case Crockford base32 characters (no I, L, O, U)"
        raise ValueError(msg)
    return value


def _check_utc(value: str) -> str:
    if not _UTC.fullmatch(value):
        msg = f"Invalid timestamp: {value!r}. Expected ISO-8601 in UTC, e.g. 2026-01-25T10:00:00Z"
        raise ValueError(msg)
    try:
        dt.datetime.fromisoformat(value)
    except ValueError as error:
        msg = f"Invalid timestamp: {value!r}. {error}"
        raise ValueError(msg) from None
    return value


def _check_semver(value: str) -> str:
    if not _SEMVER.fullmatch(value):
        msg = f"Invalid schema_version format: {value!r}. Expected SemVer (e.g., '0.2.0')"
        raise ValueError(msg)
    return value


def Str(min_length: int | None = None, max_length: int | None = None) -> object:  # noqa: N802  # reads as a type
    """Return length bounds for a strict string, used as ``Annotated`` metadata."""
    return Field(min_length=min_length, max_length=max_length)


Ulid = Annotated[
    StrictStr,
    Field(json_schema_extra=patterned(ULID_PATTERN), examples=["01J8Z3K4W5X6Y7Z8A9BCDEFGHJ"]),
    AfterValidator(_check_ulid),
]
"""A ULID: the id of every CWOM object."""

UtcTimestamp = Annotated[
    StrictStr,
    Field(json_schema_extra=patterned(UTC_TIMESTAMP_PATTERN, format="date-time")),
    AfterValidator(_check_utc),
]
"""An ISO-8601 timestamp in UTC, kept as the string the document wrote."""

SchemaVersion = Annotated[
    StrictStr,
    Field(
        max_length=MAX_SCHEMA_VERSION,
        description="Version of the cwom contract this document follows (SemVer MAJOR.MINOR.PATCH).",
        examples=["0.2.0"],
        json_schema_extra=patterned(SEMVER_PATTERN),
    ),
    AfterValidator(_check_semver),
]
"""The ``schema_version`` field of every object."""

NonNegativeInt = Annotated[StrictInt, Field(ge=0)]
NonNegativeFloat = Annotated[StrictFloat, Field(ge=0)]
Tags = Annotated[tuple[StrictStr, ...], Field(description="Free labels.", examples=[["backend"]])]
Meta = Annotated[
    dict[str, JsonValue],
    Field(
        description="Free-form data; namespaced keys are recommended (github.*, jct.*, ace.*).",
        examples=[{}],
    ),
]


class _ModelObject(BaseModel):
    """Fields every CWOM object has: its kind, contract version, id, tags and meta."""

    kind: StrictStr  # each kind narrows it to its own constant; declared here so it comes first
    schema_version: SchemaVersion
    id: Ulid = Field(description="Globally unique, stable id of the object (a ULID).")
    tags: Tags = ()
    meta: Meta = {}


class _ModelTimestamped(_ModelObject):
    """An object that records when it was created and last updated (every kind but ConstraintSnapshot)."""

    created_at: UtcTimestamp | None = Field(
        default=None,
        description="When the object was created (UTC); should be present.",
        examples=["2026-01-25T10:00:00Z"],
    )
    updated_at: UtcTimestamp | None = Field(
        default=None,
        description="When the object was last updated (UTC); should be present.",
        examples=["2026-01-25T10:00:00Z"],
    )
