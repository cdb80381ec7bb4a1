"""Annotated field types and the model configuration shared by the change_control models.

Scalars are strict: a document's JSON types are taken as they are (``"yes"`` is not a boolean, ``"3"`` is not
an integer). Patterns are checked with ``re.fullmatch`` (the absolute end of the string, unlike ``$`` in
``re.match``) and are also written into the exported schema, so non-Python consumers enforce them too, each
with ``one_line`` so that no engine lets a final newline through either.
"""

import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, Any, Final

from pydantic import AfterValidator, ConfigDict, Field, StrictStr

from treaty_change_control_models._patterns import (
    DATE_PATTERN,
    INSTANT_PATTERN,
    MAX_PATH,
    MAX_SCHEMA_VERSION,
    MAX_TEXT,
    NEWLINE_PATTERN,
    RELATIVE_PATH_PATTERN,
    SEMVER_PATTERN,
    SHA256_PATTERN,
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
_INSTANT = re.compile(INSTANT_PATTERN)


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


def _check_instant(value: str) -> str:
    if not _INSTANT.fullmatch(value):
        msg = f"Invalid instant: {value}. Expected UTC YYYY-MM-DDTHH:MM:SS[.ffffff]Z"
        raise ValueError(msg)
    try:
        dt.datetime.fromisoformat(value)  # Python 3.11 reads the Z
    except ValueError as error:
        msg = f"Invalid instant: {value}. {error}"
        raise ValueError(msg) from None
    return value


def fullmatch(pattern: str) -> Callable[[str], str]:
    """Return an ``AfterValidator`` function that refuses a string not matching ``pattern`` whole."""
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            msg = f"{value!r} does not match {pattern}"
            raise ValueError(msg)
        return value

    return check


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

Instant = Annotated[
    StrictStr,
    Field(json_schema_extra=one_line(INSTANT_PATTERN) | {"format": "date-time"}),
    AfterValidator(_check_instant),
]
"""A UTC instant written ``YYYY-MM-DDTHH:MM:SS[.ffffff]Z`` naming a real time (since 1.3.0)."""

Sha256 = Annotated[
    StrictStr,
    Field(max_length=64, json_schema_extra=one_line(SHA256_PATTERN)),
    AfterValidator(fullmatch(SHA256_PATTERN)),
]
"""A sha256 digest in lower-case hex."""

RelativePath = Annotated[
    StrictStr,
    Field(max_length=MAX_PATH, json_schema_extra=one_line(RELATIVE_PATH_PATTERN)),
    AfterValidator(fullmatch(RELATIVE_PATH_PATTERN)),
]
"""A path or glob relative to the repository root, posix-style: it does not start with ``/``."""
