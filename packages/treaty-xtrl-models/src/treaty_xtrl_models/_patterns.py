r"""Regular expressions shared by the xtrl models.

Each pattern is written for every engine a consumer may use (ECMA-262, Rust's regex, Python's re): ASCII
classes only and anchored with ``^`` and ``$``; the models match with ``re.fullmatch``.
"""

from typing import Final

SEMVER_PATTERN: Final = r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$"
"""Basic SemVer ``MAJOR.MINOR.PATCH``: no pre-release, no build metadata, no leading zeros."""

SHA256_PATTERN: Final = r"^[0-9a-f]{64}$"
"""A sha256 digest in lower-case hex."""

STATE_ID_PATTERN: Final = r"^S\.[A-Z][A-Z0-9_]*$"
"""A plant state id, ``S.<NAME>`` (e.g. ``S.RUN``)."""

TRANSITION_ID_PATTERN: Final = r"^T\.[A-Z][A-Z0-9_]*->[A-Z][A-Z0-9_]*\.[a-z][a-z0-9_]*$"
"""A transition id, ``T.<FROM>-><TO>.<event>`` (e.g. ``T.RUN->GATE.checks_done``)."""

UTC_TIMESTAMP_PATTERN: Final = (
    r"^(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?Z$"
)
"""An RFC 3339 date-time in UTC written with ``Z``, seconds always, at most nanoseconds; that the day exists
is checked separately (JSON Schema ``format: date-time``). Year 0000 is refused by the pattern (since 0.2.0):
RFC 3339 allows it and some engines' ``format`` checks accept it, Python's ``datetime`` (python-jsonschema,
Treaty, the models) does not, so the pattern gives it one verdict everywhere."""

NEWLINE_PATTERN: Final = r"\n"
"""A newline anywhere in the string. Every patterned string schema also says ``"not": {"type": "string", "pattern": "\\n"}``
(since 0.2.0): Python's ``re`` (python-jsonschema) lets a final ``$`` match before a trailing newline, while
ECMA-262 (ajv) and Rust's regex (jsonschema-rs) do not. Excluding newlines makes every engine read each pattern
alike, without a lookahead (which Rust's regex refuses)."""

MAX_SCHEMA_VERSION: Final = 20
