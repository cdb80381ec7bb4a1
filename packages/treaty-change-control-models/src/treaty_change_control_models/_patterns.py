r"""Regular expressions shared by the change_control models.

Each pattern is written for every engine a consumer may use (ECMA-262, Rust's regex, Python's re):
ASCII classes only (``\\d`` matches non-ASCII digits in Python) and anchored with ``^`` and ``$``.
"""

from typing import Final

SEMVER_PATTERN: Final = r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$"
"""Basic SemVer ``MAJOR.MINOR.PATCH``: no pre-release, no build metadata, no leading zeros."""

DATE_PATTERN: Final = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
"""The ``YYYY-MM-DD`` form; that the date exists is checked separately (JSON Schema ``format: date``)."""

WHITESPACE: Final = r"\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
r"""White space as ECMA-262 defines ``\s``, spelled out: engines disagree on ``\s`` (Python's includes
U+001C-U+001F and U+0085 but not U+FEFF), so the models and the schema use this one class everywhere."""

NON_BLANK_PATTERN: Final = f"[^{WHITESPACE}]"
"""At least one character that is not white space."""

MAX_TEXT: Final = 10000
MAX_ITEMS: Final = 1000
MAX_SCHEMA_VERSION: Final = 20
MAX_TICKET_ID: Final = 50
