r"""JSON (RFC 8259) read as JSON, with the position of every node, key and value.

libyaml must not read JSON: it refuses the surrogate-pair escapes ``json.dumps`` writes for a character past
U+FFFF (``"\ud83d\ude00"``), and folds a NEL inside a string into a space. So a ``.json`` file is read here.

The standard library's ``json`` says nothing about where a value is (its hooks see values, not offsets),
and a second pass to find them would repeat its grammar. So this module walks the structure itself, without
recursion (nesting cannot crash it), and leaves what is easy to get wrong to ``json``: each string, escapes,
surrogate pairs and control characters included, is decoded by its C scanner (`json.JSONDecoder.raw_decode`
at the opening quote). Numbers are matched by JSON's grammar (`JSON_NUMBER`) and converted by
`number_value`, so an integer stays an exact ``int`` however long. Every character is read once: a line can
end only in the whitespace between tokens, where lines are counted, so a position costs nothing.

Besides syntax, refused with a position: a duplicate key (parsers disagree on which value wins), ``NaN`` and
``Infinity`` (Python writes them; they are not JSON), a number that overflows or is too long to convert, the
escape of half a surrogate pair (not a character, so not storable as UTF-8), nesting deeper than MAX_DEPTH and
more than MAX_NODES nodes. A bare word, an unquoted key or a refused value is reported and reading goes on, so
that all of them are reported at once; any other syntax error ends the reading.
"""

import json
import re
from dataclasses import dataclass
from typing import Any, Final

from treaty._documents.document import (
    JSON_NUMBER,
    MAX_DEPTH,
    MAX_NODES,
    Document,
    DocumentLoadError,
    Path_,
    Problem,
    line_column,
    number_value,
)
from treaty._documents.findings import Finding, pointer_of
from treaty._documents.unknown import UNKNOWN

_SPACE: Final = re.compile(r"[ \t\n\r]*")
_WORD: Final = re.compile(r"""[^\s"',:\[\]{}/#\ufeff](?:[^\s",:\[\]{}]|:(?=[^\s",\[\]{}]))*""")
"""What stands where a value must: ``true``, a number, or a bare word to report (``yes``, ``NaN``, ``01``,
``2025-01-01T10:00:00Z``). As in a YAML plain scalar, a colon ends it only before a space: ``a: 1`` is
``a``. Neither starts with a quote, a comment or a second byte order mark: those are syntax errors."""
_KEY_WORD: Final = re.compile(r"""[^\s"',:\[\]{}/#\ufeff][^\s",:\[\]{}]*""")
_LITERALS: Final[dict[str, Any]] = {"true": True, "false": False, "null": None}
_NON_FINITE: Final = frozenset({"NaN", "Infinity", "-Infinity"})
_CLOSER: Final = {"{": "}", "[": "]"}
_SURROGATE: Final = re.compile("[\ud800-\udfff]")
_ESCAPE: Final = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|(\\u[dD][89a-fA-F][0-9a-fA-F]{2})|\\."
)
"""An escaped surrogate pair, a lone surrogate escape (the group), or any other escape (so that in
``\\\\ud800`` the backslash is escaped, not the ``u``)."""
_STRINGS: Final = json.JSONDecoder()  # strict: a raw control character in a string is an error
_SYNTAX_HINT: Final = "JSON has no comments, trailing commas or single-quoted strings"


@dataclass
class _Open:
    """A container being read: its data, path and closing bracket, and the key of an object's entry."""

    data: dict[str, Any] | list[Any]
    path: Path_
    closer: str
    key: str | None = None
    """None when the entry is not kept: its key was refused or repeats an earlier one."""

    def add(self, value: Any) -> None:
        if isinstance(self.data, list):
            self.data.append(value)
        elif self.key is not None:
            self.data[self.key] = value


_OPENED: Final = object()
"""Returned for a container whose entries are read next."""


def read_json(text: str, source: str) -> Document:
    """Read one JSON text (no byte order mark) into a Document; raise DocumentLoadError with every finding."""
    reader = _Reader(text, source)
    data = reader.read()
    if reader.findings:
        partial = Document(
            source,
            data,
            reader.positions,
            reader.key_positions,
            unknown=frozenset(reader.unknown),
            uncertain_keys=frozenset(reader.uncertain_keys),
        )
        raise DocumentLoadError(tuple(reader.findings), partial)
    return Document(source, data, reader.positions, reader.key_positions)


class _Reader:
    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self.pos = 0
        self.line = 1
        self.line_start = 0
        """The offset of the current line's first character: every token starts on the current line."""
        self.nodes = 0
        self.findings: list[Finding] = []
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.key_positions: dict[Path_, tuple[int, int]] = {}
        self.unknown: set[Path_] = set()
        """Values reported and left unknown (see `treaty._documents.unknown`)."""
        self.uncertain_keys: set[Path_] = set()

    def _unread(self, path: Path_) -> Any:
        self.unknown.add(path)
        return UNKNOWN

    def read(self) -> Any:
        """Return the document's data (not to be trusted if there are findings)."""
        stack: list[_Open] = []
        path: Path_ = ()
        self._skip()
        while True:
            value = self._value(path, stack)
            if value is _OPENED:
                path = self._entry(stack[-1])
                continue
            while stack:  # the value is complete: add it, then read the next entry or close the container
                container = stack[-1]
                container.add(value)
                if self._another(container):
                    path = self._entry(container)
                    break
                value = stack.pop().data
            else:
                self._skip()
                if self.pos < len(self.text):
                    raise self._fatal(
                        self.pos, "json-syntax", "is not valid JSON: more text after the document"
                    )
                return value

    def _value(self, path: Path_, stack: list[_Open]) -> Any:
        """Read a scalar or an empty container; push any other container, and return _OPENED."""
        start = self.pos
        self._count(start)
        self.positions[path] = self._at(start)
        opener = self.text[start : start + 1]
        if opener not in _CLOSER:
            return self._scalar(path)
        if len(stack) == MAX_DEPTH:
            raise self._fatal(
                start, "too-deep", f"nests deeper than {MAX_DEPTH} levels", "flatten the document"
            )
        container = _Open({} if opener == "{" else [], path, _CLOSER[opener])
        self.pos += 1
        self._skip()
        if self.text.startswith(container.closer, self.pos):
            self.pos += 1
            return container.data
        stack.append(container)
        return _OPENED

    def _another(self, container: _Open) -> bool:
        """Read past the comma before another entry (True) or the closing bracket (False)."""
        self._skip()
        if self.text.startswith(container.closer, self.pos):
            self.pos += 1
            return False
        if not self.text.startswith(",", self.pos):
            raise self._fatal(
                self.pos, "json-syntax", f"is not valid JSON: expected ',' or '{container.closer}'"
            )
        comma = self.pos
        self.pos += 1
        self._skip()
        if self.text.startswith(container.closer, self.pos):
            raise self._fatal(
                comma,
                "json-syntax",
                f"is not valid JSON: a comma ends the {'object' if container.closer == '}' else 'array'}",
                "remove the comma: JSON has no trailing commas",
            )
        return True

    def _entry(self, container: _Open) -> Path_:
        """Start the next entry of a container (after its opener or a comma) and return the path of its value.

        In an object, read the key and its colon: a repeated key is reported at the repetition, and its
        entry, like that of a refused key, is read but not kept.
        """
        if isinstance(container.data, list):
            return (*container.path, len(container.data))
        start = self.pos
        self._count(start)
        if self.text.startswith('"', start):
            key = self._string(container.path)
            spelled = key if key is not None else self.text[start + 1 : self.pos - 1]
            if key is not None and key in container.data:
                first = self.key_positions[(*container.path, key)]
                self._report(
                    start,
                    (*container.path, key),
                    "duplicate-key",
                    f"repeats the key {key!r} (first at line {first[0]})",
                    "keep one entry per key: JSON parsers disagree on which value wins",
                )
                container.data[key] = self._unread((*container.path, key))  # which value is meant is unknown
                key = None
            elif key is not None:
                self.key_positions[(*container.path, key)] = self._at(start)
            else:
                self.uncertain_keys.add(container.path)
        else:
            word = _KEY_WORD.match(self.text, start)
            if word is None:
                raise self._fatal(start, "json-syntax", "is not valid JSON: expected a key in double quotes")
            spelled, key = word.group(), None
            self._report(
                start, container.path, "json-syntax", f"has an unquoted key {spelled!r}", "quote keys in JSON"
            )
            self.uncertain_keys.add(container.path)
            self.pos = word.end()
        container.key = key
        self._skip()
        if not self.text.startswith(":", self.pos):
            raise self._fatal(self.pos, "json-syntax", "is not valid JSON: expected ':' after the key")
        self.pos += 1
        self._skip()
        return (*container.path, spelled)

    def _scalar(self, path: Path_) -> Any:
        start = self.pos
        if self.text.startswith('"', start):
            text = self._string(path)
            return self._unread(path) if text is None else text
        match = _WORD.match(self.text, start)
        if match is None:
            raise self._fatal(start, "json-syntax", "is not valid JSON: expected a value")
        self.pos = match.end()
        word = match.group()
        if word in _LITERALS:
            return _LITERALS[word]
        number = JSON_NUMBER.fullmatch(word)
        if number is not None:
            value = number_value(word, is_float=bool(number["frac"] or number["exp"]))
            if not isinstance(value, Problem):
                return value
            self._report(start, path, value.rule, value.message, value.hint)
        elif word in _NON_FINITE:
            self._report(
                start,
                path,
                "json-syntax",
                f"has {word}, which is not a JSON number",
                "JSON numbers are finite: write a number, or a string in double quotes",
            )
        else:
            self._report(start, path, "json-syntax", f"has the bare word {word!r}", "quote strings in JSON")
        return self._unread(path)

    def _string(self, path: Path_) -> str | None:
        """Read the string at the current position; None when it holds half a surrogate pair (reported)."""
        start = self.pos
        value: str
        try:
            value, self.pos = _STRINGS.raw_decode(self.text, start)
        except json.JSONDecodeError as error:  # "Unterminated string starting at", "Invalid \\escape"...
            character = self.text[error.pos : error.pos + 1]
            if character and character < " ":
                raise self._fatal(
                    error.pos,
                    "json-syntax",
                    f"is not valid JSON: the control character U+{ord(character):04X} is in a string",
                    "escape it: \\n for a line break, \\t for a tab, \\u00XX for others",
                ) from None
            problem = error.msg.removesuffix(" starting at")
            # an escape's error is put at its backslash (Python puts a \uXXXX escape's at the u)
            offset = self.text.rfind("\\", start, error.pos + 1) if "escape" in problem else error.pos
            raise self._fatal(offset, "json-syntax", f"is not valid JSON: {problem}") from None
        if value.isascii() or _SURROGATE.search(value) is None:
            return value
        # The loader refuses raw surrogates first, so this one was escaped: point at its escape.
        lone = (m.start(1) for m in _ESCAPE.finditer(self.text, start, self.pos) if m.group(1))
        escape = next(lone, start)
        self._report(
            escape,
            path,
            "invalid-utf8",
            f'has the escape "{self.text[escape : escape + 6]}", half of a surrogate pair without the other '
            "half: it is not a character, and cannot be stored as UTF-8",
            "write the character itself, or a character past U+FFFF as both halves (\\ud83d\\ude00 for U+1F600)",
        )
        return None

    def _skip(self) -> None:
        """Skip whitespace, counting the lines it ends."""
        match = _SPACE.match(self.text, self.pos)
        end = match.end() if match else self.pos
        if end != self.pos:
            newlines = self.text.count("\n", self.pos, end)
            if newlines:
                self.line += newlines
                self.line_start = self.text.rfind("\n", self.pos, end) + 1
            self.pos = end

    def _count(self, offset: int) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self._fatal(
                offset,
                "too-large",
                f"has more than {MAX_NODES} nodes (values and keys)",
                "split the document; no contract needs this many values",
            )

    def _at(self, offset: int) -> tuple[int, int]:
        """Return the 1-based line and column of an offset on the current line."""
        return self.line, offset - self.line_start + 1

    def _report(self, offset: int, path: Path_, rule: str, message: str, hint: str) -> None:
        self.findings.append(Finding(self.source, *self._at(offset), pointer_of(path), rule, message, hint))

    def _fatal(self, offset: int, rule: str, message: str, hint: str = _SYNTAX_HINT) -> DocumentLoadError:
        """Return the error that ends the reading: the findings so far, then this one."""
        line, column = line_column(self.text, offset)  # not _at: a trailing comma is on an earlier line
        return DocumentLoadError(
            (*self.findings, Finding(self.source, line, column, "", rule, message, hint))
        )
