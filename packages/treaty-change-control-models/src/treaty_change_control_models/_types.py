"""Annotated field types and the model configuration shared by the change_control models.

Scalars are strict: a document's JSON types are taken as they are (``"yes"`` is not a boolean, ``"3"`` is not
an integer). Patterns are checked with ``re.fullmatch`` (the absolute end of the string, unlike ``$`` in
``re.match``) and are also written into the exported schema, so non-Python consumers enforce them too, each
with ``one_line`` so that no engine lets a final newline through either.
"""

import datetime as dt
import re
from typing import Annotated, Any, Final

from pydantic import AfterValidator, ConfigDict, Field, StrictStr

from treaty_change_control_models._patterns import (
    DATE_PATTERN,
    MAX_SCHEMA_VERSION,
    MAX_TEXT,
    NEWLINE_PATTERN,
    SEMVER_PATTERN,
)

CONTRACT_CONFIG: Final = ConfigDict(frozen=True, extra="forbid")
"""Every model: immutable, unknown keys rejected."""


def one_line(pattern: str) -> dict[str, Any]:
    """Return the JSON Schema of a string matching the anchored ``pattern``, with no line feed in it.

    Python's ``$`` (python-jsonschema's) also matches before a final newline, ECMA-262's and Rust's do not:
    ``not`` a line feed makes every engine read the pattern as ``re.fullmatch`` does (since 1.2.0).
    """
    return {"pattern": pattern, "not": {"type": "string", "pattern": NEWLINE_PATTERN}}


_SEMVER = re.compile(SEMVER_PATTERN)
_DATE = re.compile(DATE_PATTERN)


def _check_semver(value: str) -> str:
    if not _SEMVER.fullmatch(value):
        msg = f"Invalid schema_version format: {value}. Expected SemVer (e.g., '1.0.0')"
        raise ValueError(msg)
    return value


def _check_date(value: str) -> str:
    if not _DATE.fullmatch(value):
        msg = f"Invalid date format: {value}. Expected ISO format (YYYY-MM-DD)"
        raise ValueError(msg)
    try:
        dt.date.fromisoformat(value)
    except ValueError as error:
        msg = f"Invalid calendar date: {value}. {error}"
        raise ValueError(msg) from None
    return value


Text = Annotated[StrictStr, Field(max_length=MAX_TEXT)]
"""Free text of at most 10000 characters."""

SchemaVersion = Annotated[
    StrictStr,
    Field(
        max_length=MAX_SCHEMA_VERSION,
        description="Version of the contract schema this document follows (SemVer MAJOR.MINOR.PATCH).",
        examples=["1.0.0"],
        json_schema_extra=one_line(SEMVER_PATTERN),
    ),
    AfterValidator(_check_semver),
]
"""The ``schema_version`` field of every document."""

CalendarDate = Annotated[
    StrictStr,
    Field(json_schema_extra=one_line(DATE_PATTERN) | {"format": "date"}),
    AfterValidator(_check_date),
]
"""A quoted ``YYYY-MM-DD`` string naming a real calendar day."""
