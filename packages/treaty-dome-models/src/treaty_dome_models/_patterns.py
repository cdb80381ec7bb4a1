r"""Regular expressions shared by the dome models.

Each pattern is written for every engine a consumer may use (ECMA-262, Rust's regex, Python's re): ASCII
classes only and anchored with ``^`` and ``$``; the models match with ``re.fullmatch``. Python's ``$`` also
matches before a final newline, so every schema that carries one of these patterns carries ``NO_NEWLINE``
too (since 0.2.0): one meaning in every engine, without a lookahead (Rust's regex has none).
"""

from typing import Any, Final

SEMVER_PATTERN: Final = r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$"
"""Basic SemVer ``MAJOR.MINOR.PATCH``: no pre-release, no build metadata, no leading zeros."""

SHA256_PATTERN: Final = r"^[0-9a-f]{64}$"
"""A sha256 digest in lower-case hex."""

EVENT_ID_PATTERN: Final = r"^evt-[0-9a-f]{32}$"
"""An event id: ``evt-`` and 32 lower-case hex digits."""

RUN_ID_PATTERN: Final = r"^[a-z0-9][a-z0-9._-]{2,127}$"
"""A run id: 3 to 128 characters of lower-case letters, digits, dot, underscore and hyphen."""

UTC_TIMESTAMP_PATTERN: Final = (
    r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?Z$"
)
"""An RFC 3339 date-time in UTC written with ``Z``, seconds always, at most microseconds: the one textual
form of a fact timestamp."""

MAX_SCHEMA_VERSION: Final = 20

NEWLINE_PATTERN: Final = r"\n"
"""A newline anywhere in the string, written as the regex escape (the JSON string ``"\\n"``)."""

NO_NEWLINE: Final[dict[str, Any]] = {"not": {"type": "string", "pattern": NEWLINE_PATTERN}}
"""What every string schema with an anchored pattern carries beside it (since 0.2.0).

python-jsonschema would otherwise accept ``"0.2.0\\n"`` (Python's ``$`` matches before a final newline)
where ajv, jsonschema-rs and the models (``re.fullmatch``) refuse it. Treat it as read-only.
"""
