r"""Regular expressions shared by the change_control models.

Each pattern is written for every engine a consumer may use (ECMA-262, Rust's regex, Python's re):
ASCII classes only (``\\d`` matches non-ASCII digits in Python), no lookaround (Rust's regex has none), and
anchored with ``^`` and ``$``. Python's ``$`` also matches before a final newline, so since 1.2.0 every
anchored pattern is exported with ``NEWLINE_PATTERN`` under ``not`` (see ``_types.one_line``): the two read
alike in every engine.
"""

from typing import Final

SEMVER_PATTERN: Final = r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$"
"""Basic SemVer ``MAJOR.MINOR.PATCH``: no pre-release, no build metadata, no leading zeros."""

DATE_PATTERN: Final = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
"""The ``YYYY-MM-DD`` form; that the date exists is checked separately (JSON Schema ``format: date``)."""

PRE_LINKS_VERSION_PATTERN: Final = r"^(0\.(0|[1-9][0-9]*)|1\.0)\.(0|[1-9][0-9]*)$"
"""A ``schema_version`` before 1.1.0 (``0.x.y`` or ``1.0.z``): such a document cannot link pull requests."""

NEWLINE_PATTERN: Final = r"\n"
"""A line feed anywhere in the string (the regex escape, the same in every engine)."""

WHITESPACE: Final = r"\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
r"""White space as ECMA-262 defines ``\s``, spelled out: engines disagree on ``\s`` (Python's includes
U+001C-U+001F and U+0085 but not U+FEFF), so the models and the schema use this one class everywhere."""

NON_BLANK_PATTERN: Final = f"[^{WHITESPACE}]"
"""At least one character that is not white space."""

MAX_TEXT: Final = 10000
MAX_ITEMS: Final = 1000
MAX_SCHEMA_VERSION: Final = 20
MAX_TICKET_ID: Final = 50

INSTANT_PATTERN: Final = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?Z$"
"""A UTC instant, ``YYYY-MM-DDTHH:MM:SS[.ffffff]Z`` (since 1.3.0)."""

SHA256_PATTERN: Final = r"^[0-9a-f]{64}$"
"""A sha256 digest in lower-case hex."""

EVIDENCE_ID_PATTERN: Final = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
"""An evidence requirement's id: letters, digits, dots, dashes and underscores, not starting with a mark."""

RELATIVE_PATH_PATTERN: Final = r"^[^/\n][^\n]*$"
"""A repository-relative path or glob: it does not start with ``/``."""

MAX_PATH: Final = 1000
MAX_COMMAND_SECONDS: Final = 86400
DEFAULT_COMMAND_SECONDS: Final = 600
