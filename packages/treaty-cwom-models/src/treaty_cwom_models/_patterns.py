r"""Regular expressions shared by the cwom models.

Each pattern is written for every engine a consumer may use (ECMA-262, Rust's regex, Python's re): ASCII
classes only, no lookahead (Rust's regex has none), and anchored with ``^`` and ``$``; the models match with
``re.fullmatch``. Python's ``$`` also matches before a final newline, so every schema that carries one of these
patterns also carries ``no_newline()`` (since 0.2.0): one meaning in every engine.
"""

from typing import Any, Final

ULID_PATTERN: Final = r"^[0-7][0-9A-HJKMNP-TV-Z]{25}$"
"""A ULID: 26 upper-case Crockford base32 characters (no I, L, O or U); a 128-bit value, so the first
character is at most 7."""

_YEAR: Final = r"(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})"
"""Years 0001 to 9999: RFC 3339 allows 0000, which Python's datetime (the models, python-jsonschema's and
Treaty's ``format`` check) refuses and ajv and jsonschema-rs accept; the pattern refuses it in every engine
(since 0.2.0)."""

UTC_TIMESTAMP_PATTERN: Final = (
    rf"^{_YEAR}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?(Z|\+00:00)$"
)
"""An RFC 3339 date-time in UTC: a year from 0001, upper-case ``T``, seconds always written, at most
nanoseconds, and the offset ``Z`` or ``+00:00``; that the day exists is checked separately (JSON Schema
``format: date-time``)."""

SEMVER_PATTERN: Final = r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$"
"""Basic SemVer ``MAJOR.MINOR.PATCH``: no pre-release, no build metadata, no leading zeros."""

NEWLINE_PATTERN: Final = r"\n"
"""A newline anywhere in the string: the regex escape (the JSON string ``"\\n"``), which every engine reads
alike."""

MAX_SCHEMA_VERSION: Final = 20


def patterned(pattern: str, **extra: Any) -> dict[str, Any]:
    r"""Return the schema keywords of a string that fully matches ``pattern`` (a fresh object).

    The pattern, and ``"not": {"type": "string", "pattern": "\\n"}``: python-jsonschema would otherwise accept ``"0.2.0\n"``
    (its ``$`` matches before a final newline), where ajv, jsonschema-rs and the models (``re.fullmatch``)
    refuse it.
    """
    return {"pattern": pattern, "not": {"type": "string", "pattern": NEWLINE_PATTERN}, **extra}
