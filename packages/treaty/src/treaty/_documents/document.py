"""Documents as Treaty holds them: JSON data with the position of every node, and what every reader shares.

Both ways of reading a document use this module: the strict loader (`treaty._documents.loader`, built on
libyaml, with `treaty._documents.json_reader` for JSON) and the fast path (`treaty._speed.fast`, built on
yaml-rs). It holds the limits a document must keep, how its bytes are read, and how Treaty reads a plain
scalar: PyYAML follows YAML 1.1, where ``no`` is false, ``2025-01-01`` is a date, ``012`` is octal and
``1:30`` is 90; other tools follow YAML 1.2. A plain scalar whose meaning differs between the two, or that
JSON cannot hold, is a `Problem` with a hint to quote it. Nothing here imports PyYAML, so runs the fast path decides never do.
"""

import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from treaty._documents.findings import Finding

if TYPE_CHECKING:
    from collections.abc import Callable

    from _typeshed import StrPath

Path_ = tuple[str | int, ...]

MAX_DEPTH: Final = 256
"""Deeper nesting is refused: no contract needs it, and it is how parsers are made to crash."""

MAX_BYTES: Final = 4 * 1024 * 1024
"""Larger files are refused unread: no contract needs 4 MiB, and composing one costs ~100 bytes of memory a byte."""

MAX_NODES: Final = 100_000
"""More nodes (aliases included) are refused before any is composed: each costs memory and time."""

_NULLS: Final = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE: Final = frozenset({"true", "True", "TRUE"})
_FALSE: Final = frozenset({"false", "False", "FALSE"})
_YAML11_BOOLS: Final = frozenset(
    ["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"],
)
_NON_FINITE = re.compile(r"[-+]?\.(inf|Inf|INF|nan|NaN|NAN)")
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(0|[1-9][0-9]*)?\.[0-9]*([eE][-+][0-9]+)?")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9_]+(\.[0-9_]*)?([eE][-+]?[0-9]+)?")
_AMBIGUOUS_NUMBER = re.compile(
    r"""
      [-+]?0[xob][0-9a-fA-F_]+                          # hex, octal, binary: spelled differently in 1.1 and 1.2
    | [-+]?[0-9]+[eE][-+]?[0-9]+                        # exponent without a dot: a string in 1.1
    | [-+]?[0-9]*\.[0-9]*[eE][0-9]+                     # unsigned exponent: a string in 1.1
    | [-+]?[0-9.][0-9._]*_[0-9._]*([eE][-+]?[0-9]+)?    # underscores: a number in 1.1 only
    | [-+]\.[0-9]+([eE][-+]?[0-9]+)?                    # signed leading dot: a string to PyYAML
    """,
    re.VERBOSE,
)
_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?")
JSON_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(?P<frac>\.[0-9]+)?(?P<exp>[eE][-+]?[0-9]+)?")


_QUOTE_HINT: Final = "quote the value to keep it a string"


@dataclass(frozen=True)
class Document:
    """A loaded document: JSON data plus the line and column of each node, for error locations."""

    source: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(repr=False)
    key_positions: dict[Path_, tuple[int, int]] = field(repr=False)
    reload: "Callable[[], Document] | None" = field(default=None, repr=False, compare=False)
    """For data loaded without positions (the fast path): loads the document strictly when one is needed."""
    unknown: frozenset[Path_] = field(default=frozenset(), repr=False)
    """Where the data holds `treaty._documents.unknown.UNKNOWN`: values the loader reported and could not read."""
    uncertain_keys: frozenset[Path_] = field(default=frozenset(), repr=False)
    """Mappings holding a key the loader refused (not a string, a merge key): their set of keys is uncertain."""

    def locate(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Return the 1-based line and column of the node at ``path``, or of its nearest ancestor."""
        if self.reload is not None and not self.positions:
            strict = self.reload()
            self.positions.update(strict.positions)
            self.key_positions.update(strict.key_positions)
        if key and path in self.key_positions:
            return self.key_positions[path]
        for end in range(len(path), -1, -1):
            if path[:end] in self.positions:
                return self.positions[path[:end]]
        return (0, 0)


@dataclass(frozen=True)
class DocumentLoadError(Exception):
    """The document could not be loaded; ``findings`` say where and why."""

    findings: tuple[Finding, ...]
    partial: "Document | None" = None
    """The document with each value the findings are about left unknown, when every other value was read:
    what can still be validated around them (see `treaty._documents.unknown`)."""

    def __str__(self) -> str:
        """Return the first finding's message."""
        return self.findings[0].message


def is_json(path: "StrPath") -> bool:
    """Return whether a file is read by JSON's rules (its suffix is ``.json``)."""
    return os.path.splitext(path)[1].lower() == ".json"  # noqa: PTH122  # a name: no Path needed


def read_path(path: "StrPath", source: str) -> bytes:
    """Return a file's bytes, at most one past MAX_BYTES: a huge file is refused without reading it all."""
    try:
        with open(path, "rb") as stream:  # noqa: PTH123  # names arrive as strings (see treaty._documents.files)
            return stream.read(MAX_BYTES + 1)
    except IsADirectoryError:
        raise fail(source, "read-error", "is a directory, not a document", "name a file") from None
    except OSError as error:
        raise fail(
            source,
            "read-error",
            f"cannot be read: {error.strerror}",
            "check the path and its permissions",
        ) from None


def line_column(text: str, offset: int) -> tuple[int, int]:
    """Return the 1-based line and column (in characters) of an offset into text."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def fail(  # noqa: PLR0917  # the position is an optional trailing pair
    source: str, rule: str, message: str, hint: str, line: int = 0, column: int = 0
) -> DocumentLoadError:
    return DocumentLoadError((Finding(source, line, column, "", rule, message, hint),))


@dataclass(frozen=True)
class Problem:
    """Why a plain scalar is refused: it reads differently in YAML 1.1 and 1.2, or not as JSON."""

    rule: str
    message: str
    hint: str


@dataclass(frozen=True)
class Number:
    is_float: bool


def read_plain(text: str) -> Any:
    """Return what a plain (unquoted, untagged) YAML scalar means to Treaty, or the Problem that refuses it.

    A number comes back as a `Number` marker: its conversion can still fail (too many digits, overflow).
    """
    problem = _yaml_scalar_problem(text)
    if problem is not None:
        return Problem(*problem)
    if text in _NULLS:
        return None
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    if _INT.fullmatch(text):
        return Number(is_float=False)
    if _FLOAT.fullmatch(text) and any(c.isdigit() for c in text):
        return Number(is_float=True)
    return text


def number_value(text: str, *, is_float: bool) -> int | float | Problem:
    """Return the value of a number Treaty accepts the spelling of, or the Problem that refuses it."""
    try:
        value = float(text) if is_float else int(text)
    except ValueError:
        return Problem(
            "number-too-large", f"has a number with {len(text)} digits", "write large numbers as strings"
        )
    if value in (float("inf"), float("-inf")):
        return Problem(
            "non-finite-number", f"has {text}, which overflows to infinity", "JSON numbers must be finite"
        )
    return value


def _yaml_scalar_problem(text: str) -> tuple[str, str, str] | None:
    """Return (rule, message, hint) when a plain scalar reads differently in YAML 1.1 and 1.2, or not as JSON."""
    if text in _YAML11_BOOLS:
        return (
            "yaml-ambiguous-bool",
            f"{text!r} is a boolean in YAML 1.1 and a string in YAML 1.2",
            f'write true or false for a boolean, or "{text}" for a string',
        )
    if _NON_FINITE.fullmatch(text):
        return (
            "non-finite-number",
            f"{text!r} is not a finite number; JSON cannot hold it",
            _QUOTE_HINT,
        )
    if _DATE.fullmatch(text):
        return (
            "yaml-unquoted-date",
            f"{text!r} is a date in YAML 1.1 and a string elsewhere",
            f'quote it: "{text}"',
        )
    if _SEXAGESIMAL.fullmatch(text):
        return (
            "yaml-sexagesimal",
            f"{text!r} is a base-60 number in YAML 1.1 and a string in YAML 1.2",
            f'quote it: "{text}"',
        )
    if _LEADING_ZERO.fullmatch(text):
        return (
            "yaml-leading-zero",
            f"{text!r} has a leading zero: octal in YAML 1.1, decimal in YAML 1.2",
            f'quote it ("{text}") or write the number without leading zeros',
        )
    if _AMBIGUOUS_NUMBER.fullmatch(text):
        return (
            "yaml-ambiguous-number",
            f"{text!r} reads as a different number (or a string) in YAML 1.1 and 1.2",
            "write a plain decimal number (1.0e+3 with a signed exponent), or quote it",
        )
    return None
