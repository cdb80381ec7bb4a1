"""The strict document loader: YAML and JSON into JSON data, with the position of every node.

YAML is read with libyaml (PyYAML's C parser, in `treaty._compose`) and resolved by Treaty, not by PyYAML:
PyYAML follows YAML 1.1, where ``no`` is false, ``2025-01-01`` is a date, ``012`` is octal and ``1:30`` is 90. Other tools follow YAML
1.2. A plain scalar whose meaning differs between the two, or that JSON cannot hold, is an error with a hint
to quote it; so are duplicate keys, tags, anchors and aliases, and merge keys. What loads is plain JSON data.
"""

import codecs
import json as jsonlib
import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from treaty._findings import Finding

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
_JSON_SPACE: Final = " \t\n\r"
_OTHER_ENCODINGS: Final = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


@dataclass(frozen=True)
class Document:
    """A loaded document: JSON data plus the line and column of each node, for error locations."""

    source: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(repr=False)
    key_positions: dict[Path_, tuple[int, int]] = field(repr=False)
    reload: "Callable[[], Document] | None" = field(default=None, repr=False, compare=False)
    """For data loaded without positions (the fast path): loads the document strictly when one is needed."""

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

    def __str__(self) -> str:
        """Return the first finding's message."""
        return self.findings[0].message


def load_path(path: "StrPath", display: str | None = None) -> Document:
    """Read and load one file; JSON rules for ``.json``, YAML rules otherwise."""
    source = display if display is not None else os.fspath(path)
    return load_bytes(read_path(path, source), source, json=is_json(path))


def is_json(path: "StrPath") -> bool:
    """Return whether a file is read by JSON's rules (its suffix is ``.json``)."""
    return os.path.splitext(path)[1].lower() == ".json"  # noqa: PTH122  # a name: no Path needed


def read_path(path: "StrPath", source: str) -> bytes:
    """Return a file's bytes, at most one past MAX_BYTES: a huge file is refused without reading it all."""
    try:
        with open(path, "rb") as stream:  # noqa: PTH123  # names arrive as strings (see treaty._files)
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


def load_bytes(raw: bytes, source: str, *, json: bool = False) -> Document:
    """Decode UTF-8 strictly (a leading byte order mark is dropped) and load the text."""
    if len(raw) > MAX_BYTES:
        raise fail(
            source,
            "too-large",
            f"is larger than {MAX_BYTES} bytes",
            "split the document; no contract needs a file this large",
        )
    for mark, encoding in _OTHER_ENCODINGS:
        if raw.startswith(mark):
            raise fail(
                source,
                "invalid-utf8",
                f"is {encoding} encoded (it starts with a {encoding} byte order mark), not UTF-8",
                "save the file as UTF-8",
                1,
                1,
            )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        column = len(raw[line_start : error.start].decode("utf-8", errors="replace")) + 1
        raise fail(
            source,
            "invalid-utf8",
            f"is not valid UTF-8 (byte 0x{raw[error.start]:02x} at offset {error.start})",
            "save the file as UTF-8",
            line,
            column,
        ) from None
    return load_text(text.removeprefix("\ufeff"), source, json=json)


def load_text(text: str, source: str, *, json: bool = False) -> Document:
    """Load one YAML (or JSON) document from text."""
    from treaty._compose import compose  # noqa: PLC0415  # libyaml only when a document needs the strict path

    return compose(text, source, json=json)


def refuse_non_text(text: str, source: str) -> None:
    """Refuse binary content, and blank text before libyaml (which refuses a tab on an otherwise blank line)."""
    if "\x00" in text:
        line, column = line_column(text, text.index("\x00"))
        raise fail(
            source,
            "binary-content",
            "contains a NUL byte: this is not a text document",
            "validate YAML or JSON text files only",
            line,
            column,
        )
    if not text.strip(" \t\r\n"):
        raise empty(source)


def empty(source: str) -> DocumentLoadError:
    return fail(source, "empty-document", "is empty", "a contract document is a mapping of keys to values")


def line_column(text: str, offset: int) -> tuple[int, int]:
    """Return the 1-based line and column (in characters) of an offset into text."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def json_syntax(text: str, source: str) -> None:
    """Refuse what JSON does not allow but YAML flow syntax does: comments, trailing commas, single quotes.

    Run on what the YAML pass loaded without findings, so the rules it reports with a pointer (duplicate
    keys, bare words, numbers) keep it; Python's JSON parser judges the remaining syntax only.
    """
    try:
        jsonlib.loads(text)
    except jsonlib.JSONDecodeError as error:
        trailing = _trailing_comma(text, error.pos)
        if trailing is not None:
            comma, closed = trailing
            raise fail(
                source,
                "json-syntax",
                f"is not valid JSON: a comma ends the {closed}",
                "remove the comma: JSON has no trailing commas",
                *line_column(text, comma),
            ) from None
        raise fail(
            source,
            "json-syntax",
            f"is not valid JSON: {error.msg}",
            "JSON has no comments, trailing commas or single-quoted strings",
            error.lineno,
            error.colno,
        ) from None
    except (ValueError, RecursionError):  # an integer too long to convert; nesting deeper than Python's stack
        return


def _trailing_comma(text: str, error: int) -> tuple[int, str] | None:
    """Return the offset of the trailing comma (``[1,]``) a JSON error at ``error`` is about, and what it ends.

    Python 3.13 reports it at the comma, earlier versions at the bracket after it ("Expecting value"):
    the comma is found from either, so the position does not depend on the interpreter.
    """
    if error >= len(text):
        return None
    comma = error if text[error] == "," else len(text[:error].rstrip(_JSON_SPACE)) - 1
    if comma < 0 or text[comma] != ",":
        return None
    closer = text[comma + 1 :].lstrip(_JSON_SPACE)[:1]
    return (comma, "array" if closer == "]" else "object") if closer in {"]", "}"} else None


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
class _Number:
    is_float: bool


def read_plain(text: str) -> Any:
    """Return what a plain (unquoted, untagged) YAML scalar means to Treaty, or the Problem that refuses it.

    A number comes back as a ``_Number`` marker: its conversion can still fail (too many digits, overflow).
    """
    problem = _yaml_scalar_problem(text)
    if problem is not None:
        return Problem(*problem)
    if text in _NULLS:
        return None
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    if _INT.fullmatch(text):
        return _Number(is_float=False)
    if _FLOAT.fullmatch(text) and any(c.isdigit() for c in text):
        return _Number(is_float=True)
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
