r"""Regular expressions shared by the cwom models.

Each pattern is written for every engine a consumer may use (ECMA-262, Rust's regex, Python's re): ASCII
classes only and anchored with ``^`` and ``$``; the models match with ``re.fullmatch``.
"""

from typing import Final

ULID_PATTERN: Final = r"^[0-7][0-9A-HJKMNP-TV-Z]{25}$"
"""A ULID: 26 upper-case Crockford base32 characters (no I, L, O or U); a 128-bit value, so the first
character is at most 7."""

UTC_TIMESTAMP_PATTERN: Final = (
    r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?(Z|\+00:00)$"
)
"""An RFC 3339 date-time in UTC: upper-case ``T``, seconds always written, at most nanoseconds, and the
offset ``Z`` or ``+00:00``; that the day exists is checked separately (JSON Schema ``format: date-time``)."""

SEMVER_PATTERN: Final = r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$"
"""Basic SemVer ``MAJOR.MINOR.PATCH``: no pre-release, no build metadata, no leading zeros."""

MAX_SCHEMA_VERSION: Final = 20
