"""The strict document loader: YAML and JSON into JSON data, with the position of every node.

YAML is read with libyaml (PyYAML's C parser) and resolved by Treaty, not by PyYAML: PyYAML follows YAML 1.1,
where ``no`` is false, ``2025-01-01`` is a date, ``012`` is octal and ``1:30`` is 90. Other tools follow YAML
1.2. A plain scalar whose meaning differs between the two, or that JSON cannot hold, is an error with a hint
to quote it; so are duplicate keys, tags, anchors and aliases, and merge keys. What loads is plain JSON data.
"""

import codecs
import json as jsonlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import yaml
from yaml._yaml import CParser  # the C parser; yaml.CParser is not exported
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from treaty._findings import Finding, pointer_of

Path_ = tuple[str | int, ...]

MAX_DEPTH: Final = 256
"""Deeper nesting is refused: no contract needs it, and it is how parsers are made to crash."""

MAX_BYTES: Final = 4 * 1024 * 1024
"""Larger files are refused unread: no contract needs 4 MiB, and composing one costs ~100 bytes of memory a byte."""

MAX_NODES: Final = 100_000
"""More nodes (aliases included) are refused before any is composed: each costs memory and time."""

_STR_TAG: Final = "tag:yaml.org,2002:str"
_PLAIN_TAG: Final = "tag:treaty,2026:plain"
"""Given to untagged plain scalars, which Treaty resolves itself; an explicit ``!!str`` keeps the str tag."""
_NON_SPECIFIC_TAG: Final = "!"
"""The ``!`` tag, which libyaml hands to the resolver as if it were absent: refused in `_prescan`."""
_DEFAULT_TAGS: Final = frozenset({_STR_TAG, _PLAIN_TAG, "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"})

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
_JSON_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(?P<frac>\.[0-9]+)?(?P<exp>[eE][-+]?[0-9]+)?")

_QUOTE_HINT: Final = "quote the value to keep it a string"
_OTHER_ENCODINGS: Final = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
_NODE_EVENTS: Final = (yaml.ScalarEvent, yaml.AliasEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)


@dataclass(frozen=True)
class Document:
    """A loaded document: JSON data plus the line and column of each node, for error locations."""

    source: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(repr=False)
    key_positions: dict[Path_, tuple[int, int]] = field(repr=False)

    def locate(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Return the 1-based line and column of the node at ``path``, or of its nearest ancestor."""
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


class _Parser(CParser):
    """libyaml's parser with no implicit typing: every plain scalar comes back tagged as a string."""

    def resolve(self, kind: type[Node], _value: str, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            return _PLAIN_TAG if implicit[0] else _STR_TAG
        if kind is SequenceNode:
            return "tag:yaml.org,2002:seq"
        return "tag:yaml.org,2002:map"

    def descend_resolver(self, *_args: object) -> None:  # called by the C composer; no path resolvers
        return None

    def ascend_resolver(self) -> None:
        return None


def load_path(path: Path, display: str | None = None) -> Document:
    """Read and load one file; JSON rules for ``.json``, YAML rules otherwise."""
    source = display if display is not None else str(path)
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)  # no more: a huge file is refused without reading it all
    except IsADirectoryError:
        raise _fail(source, "read-error", "is a directory, not a document", "name a file") from None
    except OSError as error:
        raise _fail(
            source,
            "read-error",
            f"cannot be read: {error.strerror}",
            "check the path and its permissions",
        ) from None
    return load_bytes(raw, source, json=path.suffix.lower() == ".json")


def load_bytes(raw: bytes, source: str, *, json: bool = False) -> Document:
    """Decode UTF-8 strictly (a leading byte order mark is dropped) and load the text."""
    if len(raw) > MAX_BYTES:
        raise _fail(
            source,
            "too-large",
            f"is larger than {MAX_BYTES} bytes",
            "split the document; no contract needs a file this large",
        )
    for mark, encoding in _OTHER_ENCODINGS:
        if raw.startswith(mark):
            raise _fail(
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
        raise _fail(
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
    _refuse_non_text(text, source)
    try:
        _prescan(text, source)
        node = _Parser(text).get_single_node()
    except UnicodeEncodeError as error:  # a lone surrogate in a str that did not come from UTF-8
        line, column = _line_column(text, error.start)
        raise _fail(
            source,
            "invalid-utf8",
            "contains a lone surrogate, which is not text",
            "save the file as UTF-8",
            line,
            column,
        ) from None
    except yaml.MarkedYAMLError as error:
        if json:  # JSON's own syntax error reads better in a JSON file, when JSON's parser has one
            _json_syntax(text, source)
        raise _syntax_error(error, source) from None
    except yaml.reader.ReaderError as error:  # characters YAML does not allow
        line, column = _line_column(text, error.position)
        raise _fail(
            source,
            "yaml-syntax",
            f"YAML error: character {error.character!r} is not allowed ({error.reason})",
            "remove the control character",
            line,
            column,
        ) from None
    except yaml.YAMLError as error:
        raise _fail(source, "yaml-syntax", f"YAML error: {error}", "fix the YAML syntax") from None
    except RecursionError:
        raise _fail(
            source,
            "too-deep",
            "nests deeper than the parser can follow",
            f"keep nesting under {MAX_DEPTH} levels",
        ) from None
    if node is None:
        raise _empty(source)
    builder = _Builder(source, json=json)
    data = builder.build(node, (), 0)
    if builder.findings:
        raise DocumentLoadError(tuple(builder.findings))
    if json:
        _json_syntax(text, source)
    return Document(source, data, builder.positions, builder.key_positions)


def _refuse_non_text(text: str, source: str) -> None:
    """Refuse binary content, and blank text before libyaml (which refuses a tab on an otherwise blank line)."""
    if "\x00" in text:
        line, column = _line_column(text, text.index("\x00"))
        raise _fail(
            source,
            "binary-content",
            "contains a NUL byte: this is not a text document",
            "validate YAML or JSON text files only",
            line,
            column,
        )
    if not text.strip(" \t\r\n"):
        raise _empty(source)


def _empty(source: str) -> DocumentLoadError:
    return _fail(source, "empty-document", "is empty", "a contract document is a mapping of keys to values")


def _syntax_error(error: yaml.MarkedYAMLError, source: str) -> DocumentLoadError:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    problem = error.problem or str(error)
    rule = "multiple-documents" if "single document" in str(error.context) else "yaml-syntax"
    hint = (
        "keep one document per file"
        if rule == "multiple-documents"
        else "fix the syntax at this position (check indentation, quotes and colons)"
    )
    return DocumentLoadError((Finding(source, line, column, "", rule, f"YAML error: {problem}", hint),))


def _line_column(text: str, offset: int) -> tuple[int, int]:
    """Return the 1-based line and column (in characters) of an offset into text."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _json_syntax(text: str, source: str) -> None:
    """Refuse what JSON does not allow but YAML flow syntax does: comments, trailing commas, single quotes.

    Run on what the YAML pass loaded without findings, so the rules it reports with a pointer (duplicate
    keys, bare words, numbers) keep it; Python's JSON parser judges the remaining syntax only.
    """
    try:
        jsonlib.loads(text)
    except jsonlib.JSONDecodeError as error:
        raise _fail(
            source,
            "json-syntax",
            f"is not valid JSON: {error.msg}",
            "JSON has no comments, trailing commas or single-quoted strings",
            error.lineno,
            error.colno,
        ) from None
    except (ValueError, RecursionError):  # an integer too long to convert; nesting deeper than Python's stack
        return


def _prescan(text: str, source: str) -> None:
    """Refuse, from libyaml's events, what the composer cannot be trusted with.

    - Nesting deeper than MAX_DEPTH: libyaml's composer recurses in C without a limit, so tens of
      thousands of nested ``[`` crash the interpreter; its parser does not recurse.
    - More than MAX_NODES nodes: composing them takes memory and time a document never needs.
    - The non-specific tag ``!``: libyaml resolves ``! 123`` like a plain ``123``; YAML says it is a string.

    Most documents have no ``!``, few collection openers, and too few characters to hold MAX_NODES nodes
    (``[:,:]`` packs the most: three per two characters), and skip this pass.
    """
    if (
        "!" not in text
        and len(text) <= MAX_NODES // 2
        and text.count("[") + text.count("{") + text.count("-") + text.count(":") <= MAX_DEPTH
    ):
        return
    parser = _Parser(text)
    depth = nodes = 0
    while (event := parser.get_event()) is not None:
        line, column = (
            (event.start_mark.line + 1, event.start_mark.column + 1) if event.start_mark else (0, 0)
        )
        if isinstance(event, _NODE_EVENTS):
            nodes += 1
            if nodes > MAX_NODES:
                raise _fail(
                    source,
                    "too-large",
                    f"has more than {MAX_NODES} nodes (values, keys and aliases)",
                    "split the document; no contract needs this many values",
                    line,
                    column,
                )
        if getattr(event, "tag", None) == _NON_SPECIFIC_TAG:
            raise _fail(
                source,
                "yaml-tag",
                "has the non-specific tag '!'; YAML processors disagree on its meaning",
                "remove the tag; quote the value if it is a string",
                line,
                column,
            )
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise _fail(
                    source,
                    "too-deep",
                    f"nests deeper than {MAX_DEPTH} levels",
                    "flatten the document",
                    line,
                    column,
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _fail(  # noqa: PLR0917  # the position is an optional trailing pair
    source: str, rule: str, message: str, hint: str, line: int = 0, column: int = 0
) -> DocumentLoadError:
    return DocumentLoadError((Finding(source, line, column, "", rule, message, hint),))


class _Builder:
    """Turns a node graph into JSON data, recording positions and strictness findings."""

    def __init__(self, source: str, *, json: bool) -> None:
        self.source = source
        self.json = json
        self.findings: list[Finding] = []
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.key_positions: dict[Path_, tuple[int, int]] = {}
        self._seen: set[int] = set()

    def _report(self, node: Node, path: Path_, rule: str, message: str, hint: str) -> None:
        mark = node.start_mark
        self.findings.append(
            Finding(self.source, mark.line + 1, mark.column + 1, pointer_of(path), rule, message, hint),
        )

    def build(self, node: Node, path: Path_, depth: int) -> Any:
        mark = node.start_mark
        self.positions[path] = (mark.line + 1, mark.column + 1)
        if id(node) in self._seen:
            self._report(
                node,
                path,
                "yaml-alias",
                "uses an anchor and alias (the node defined here is repeated)",
                "write the value out in full; contract documents do not use anchors and aliases",
            )
            return None
        self._seen.add(id(node))
        if depth > MAX_DEPTH:
            self._report(
                node,
                path,
                "too-deep",
                f"nests deeper than {MAX_DEPTH} levels",
                "flatten the document",
            )
            return None
        if node.tag not in _DEFAULT_TAGS:
            self._report(
                node,
                path,
                "yaml-tag",
                f"has the tag {node.tag!r}; tags are not allowed",
                "remove the tag; write plain YAML values",
            )
            return None
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, index), depth + 1) for index, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)  # noqa: S101  # libyaml composes only these three node kinds
        return self._scalar(node, path)

    def _mapping(self, node: MappingNode, path: Path_, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node, path)
            if key is None:
                continue
            if key in result:
                first = self.key_positions[(*path, key)]
                self._report(
                    key_node,
                    (*path, key),
                    "duplicate-key",
                    f"repeats the key {key!r} (first at line {first[0]})",
                    "keep one entry per key: YAML parsers disagree on which value wins",
                )
                continue
            mark = key_node.start_mark
            self.key_positions[(*path, key)] = (mark.line + 1, mark.column + 1)
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    def _key(self, node: Node, path: Path_) -> str | None:
        if id(node) in self._seen:
            self._report(
                node,
                path,
                "yaml-alias",
                "uses an anchor and alias as a key",
                "write the key out in full; contract documents do not use anchors and aliases",
            )
            return None
        self._seen.add(id(node))
        if not isinstance(node, ScalarNode) or node.tag not in {_STR_TAG, _PLAIN_TAG}:
            self._report(
                node,
                path,
                "non-string-key",
                "has a key that is not a string",
                "use plain text keys",
            )
            return None
        if node.tag == _PLAIN_TAG:
            if node.value == "<<":
                self._report(
                    node,
                    path,
                    "yaml-merge-key",
                    "uses a YAML merge key '<<'",
                    "write the merged keys out in full; merge keys are YAML 1.1 only",
                )
                return None
            if self.json:
                self._report(
                    node,
                    path,
                    "json-syntax",
                    f"has an unquoted key {node.value!r}",
                    "quote keys in JSON",
                )
                return None
            reported = len(self.findings)
            value = self._scalar(node, path)
            if len(self.findings) > reported:
                return None
            if not isinstance(value, str):
                self._report(
                    node,
                    path,
                    "non-string-key",
                    f"has the key {node.value!r}, which YAML reads as {type(value).__name__}",
                    "quote the key",
                )
                return None
            return value
        return str(node.value)

    def _scalar(self, node: ScalarNode, path: Path_) -> Any:
        text: str = node.value
        if node.tag != _PLAIN_TAG:  # quoted, block, or explicitly !!str: a string
            return text
        if self.json:
            return self._json_scalar(node, path)
        problem = _yaml_scalar_problem(text)
        if problem is not None:
            rule, message, hint = problem
            self._report(node, path, rule, message, hint)
            return None
        if text in _NULLS:
            return None
        if text in _TRUE or text in _FALSE:
            return text in _TRUE
        if _INT.fullmatch(text):
            return self._number(node, path, text, is_float=False)
        if _FLOAT.fullmatch(text) and any(c.isdigit() for c in text):
            return self._number(node, path, text, is_float=True)
        return text

    def _json_scalar(self, node: ScalarNode, path: Path_) -> Any:
        text: str = node.value
        if text in {"true", "false", "null"}:
            return {"true": True, "false": False, "null": None}[text]
        match = _JSON_NUMBER.fullmatch(text)
        if match is None:
            self._report(node, path, "json-syntax", f"has the bare word {text!r}", "quote strings in JSON")
            return None
        return self._number(node, path, text, is_float=bool(match["frac"] or match["exp"]))

    def _number(self, node: ScalarNode, path: Path_, text: str, *, is_float: bool) -> Any:
        try:
            value = float(text) if is_float else int(text)
        except ValueError:
            self._report(
                node,
                path,
                "number-too-large",
                f"has a number with {len(text)} digits",
                "write large numbers as strings",
            )
            return None
        if value in (float("inf"), float("-inf")):
            self._report(
                node,
                path,
                "non-finite-number",
                f"has {text}, which overflows to infinity",
                "JSON numbers must be finite",
            )
            return None
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
