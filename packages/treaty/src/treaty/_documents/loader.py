"""The strict loader: YAML and JSON into JSON data, with the position of every node.

JSON is read as JSON (`treaty._documents.json_reader`), never by libyaml. YAML is parsed by libyaml
(PyYAML's C parser) and resolved by Treaty, not by PyYAML: every implicit resolver is removed, so plain
scalars arrive untyped and `treaty._documents.document` decides what each one is. Duplicate keys, tags,
anchors and aliases, merge keys, and a plain scalar that YAML 1.1 and 1.2 read differently are errors with a
hint, as are NEL, LS and PS: line breaks to libyaml (YAML 1.1), ordinary characters in YAML 1.2. What loads
is plain JSON data. Only this module imports PyYAML: runs the fast path decides never import it.
"""

import codecs
import os
import re
from typing import TYPE_CHECKING, Any, Final

from yaml import _yaml  # libyaml's parser; yaml.CParser is not exported

from treaty._documents.document import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_NODES,
    Document,
    DocumentLoadError,
    Number,
    Path_,
    Problem,
    fail,
    is_json,
    line_column,
    number_value,
    read_path,
    read_plain,
)
from treaty._documents.findings import Finding, pointer_of
from treaty._documents.json_reader import read_json

if TYPE_CHECKING:
    import yaml
    from _typeshed import StrPath
else:
    # Every PyYAML class is taken from the package the C parser creates its nodes and events, and raises its
    # errors, from. The extension is initialised once per process and keeps the package it was first imported
    # with, but `yaml` itself is imported afresh once it is dropped from sys.modules (pytester's in-process
    # runs do that): its classes would then be others, and every `is` and isinstance below would fail.
    yaml = _yaml.yaml

Node = yaml.nodes.Node
MappingNode = yaml.nodes.MappingNode
ScalarNode = yaml.nodes.ScalarNode
SequenceNode = yaml.nodes.SequenceNode

_STR_TAG: Final = "tag:yaml.org,2002:str"
_PLAIN_TAG: Final = "tag:treaty,2026:plain"
"""Given to untagged plain scalars, which Treaty resolves itself; an explicit ``!!str`` keeps the str tag."""
_NON_SPECIFIC_TAG: Final = "!"
"""The ``!`` tag, which libyaml hands to the resolver as if it were absent: refused in `_prescan`."""
_DEFAULT_TAGS: Final = frozenset({_STR_TAG, _PLAIN_TAG, "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"})
_NODE_EVENTS: Final = (yaml.ScalarEvent, yaml.AliasEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)

_SURROGATE: Final = re.compile("[\ud800-\udfff]")
_YAML11_BREAK: Final = re.compile("[\x85\u2028\u2029]")
_YAML11_BREAKS: Final = {  # each one's name, and its escape in a double-quoted YAML string
    "\x85": ("a next line character (NEL, U+0085)", "\\N"),
    "\u2028": ("a line separator (U+2028)", "\\L"),
    "\u2029": ("a paragraph separator (U+2029)", "\\P"),
}
_OTHER_ENCODINGS: Final = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


class _Parser(_yaml.CParser):
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


def load_path(path: "StrPath", display: str | None = None) -> Document:
    """Read and load one file; JSON rules for ``.json``, YAML rules otherwise."""
    source = display if display is not None else os.fspath(path)
    return load_bytes(read_path(path, source), source, json=is_json(path))


def load_bytes(raw: bytes, source: str, *, json: bool = False) -> Document:
    """Decode UTF-8 strictly and load the text."""
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
    return load_text(text, source, json=json)


def load_text(text: str, source: str, *, json: bool = False) -> Document:
    """Load one YAML (or JSON) document from text, keeping the position of every node.

    A leading byte order mark is dropped, and positions start after it: editors write one, and RFC 8259
    lets a JSON parser ignore it.
    """
    text = text.removeprefix("\ufeff")
    _refuse_non_text(text, source)
    if json:
        return read_json(text, source)
    _refuse_yaml11_breaks(text, source)
    try:
        _prescan(text, source)
        node = _Parser(text).get_single_node()
    except yaml.MarkedYAMLError as error:
        _prescan_before(error, text, source)
        raise _syntax_error(error, source, text) from None
    except yaml.reader.ReaderError as error:  # characters YAML does not allow
        line, column = line_column(text, error.position)
        raise fail(
            source,
            "yaml-syntax",
            f"YAML error: character {error.character!r} is not allowed ({error.reason})",
            "remove the control character",
            line,
            column,
        ) from None
    except yaml.YAMLError as error:
        raise fail(source, "yaml-syntax", f"YAML error: {error}", "fix the YAML syntax") from None
    except RecursionError:
        raise fail(
            source,
            "too-deep",
            "nests deeper than the parser can follow",
            f"keep nesting under {MAX_DEPTH} levels",
        ) from None
    if node is None:
        raise _empty(source)
    builder = _Builder(source, text)
    data = builder.build(node, (), 0)
    if builder.findings:
        raise DocumentLoadError(tuple(builder.findings))
    return Document(source, data, builder.positions, builder.key_positions)


def _prescan_before(error: yaml.MarkedYAMLError, text: str, source: str) -> None:
    """Raise what `_prescan` finds in the text before a syntax error: the first problem in the text wins.

    libyaml reads ahead before it hands on an event (a flow collection may turn out to be a key), so a
    syntax error can surface before the events that precede it. PyYAML 6.0.4's libyaml also refuses more
    than 1,000 flow levels that way, which would turn ``[[[...`` from ``too-deep`` into ``yaml-syntax``.
    Cut at the error, the text ends where the read-ahead stopped, and libyaml hands on every event in it.
    """
    mark = error.problem_mark
    if mark is None or not 0 < mark.index < len(text):  # an index counts characters, as str slicing does
        return
    try:
        _prescan(text[: mark.index], source)
    except yaml.MarkedYAMLError:
        return  # the text before the error has a syntax error of its own, at its end: report the first one


def _syntax_error(error: yaml.MarkedYAMLError, source: str, text: str) -> DocumentLoadError:
    mark = error.problem_mark or error.context_mark
    line, column = _End(text).within(mark.line + 1, mark.column + 1) if mark else (0, 0)
    problem = error.problem or str(error)
    rule = "multiple-documents" if "single document" in str(error.context) else "yaml-syntax"
    hint = (
        "keep one document per file"
        if rule == "multiple-documents"
        else "fix the syntax at this position (check indentation, quotes and colons)"
    )
    return DocumentLoadError((Finding(source, line, column, "", rule, f"YAML error: {problem}", hint),))


class _End:
    """Where a text ends: its last line, and the column just past that line's end.

    libyaml's end-of-stream mark starts a new line even when the file has no final newline: a problem found
    there (a syntax error, an empty node) is put just past the end of the last line, where an editor can go.
    """

    def __init__(self, text: str) -> None:
        self.line = text.count("\n") + 1
        self.column = len(text) - text.rfind("\n")

    def within(self, line: int, column: int) -> tuple[int, int]:
        """Return a 1-based position, moved onto the last line when libyaml puts it past the end."""
        return (self.line, self.column) if line > self.line else (line, column)


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
                raise fail(
                    source,
                    "too-large",
                    f"has more than {MAX_NODES} nodes (values, keys and aliases)",
                    "split the document; no contract needs this many values",
                    line,
                    column,
                )
        if getattr(event, "tag", None) == _NON_SPECIFIC_TAG:
            raise fail(
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
                raise fail(
                    source,
                    "too-deep",
                    f"nests deeper than {MAX_DEPTH} levels",
                    "flatten the document",
                    line,
                    column,
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


class _Builder:
    """Turns a node graph into JSON data, recording positions and strictness findings."""

    def __init__(self, source: str, text: str) -> None:
        self.source = source
        self.end = _End(text)
        self.findings: list[Finding] = []
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.key_positions: dict[Path_, tuple[int, int]] = {}
        self._seen: set[int] = set()

    def _report(self, node: Node, path: Path_, rule: str, message: str, hint: str) -> None:
        mark = node.start_mark
        self.findings.append(
            Finding(
                self.source,
                *self.end.within(mark.line + 1, mark.column + 1),
                pointer_of(path),
                rule,
                message,
                hint,
            ),
        )

    def build(self, node: Node, path: Path_, depth: int) -> Any:
        mark = node.start_mark
        self.positions[path] = self.end.within(mark.line + 1, mark.column + 1)
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
            self.key_positions[(*path, key)] = self.end.within(mark.line + 1, mark.column + 1)
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
        reading = read_plain(text)
        if isinstance(reading, Problem):
            self._report(node, path, reading.rule, reading.message, reading.hint)
            return None
        if isinstance(reading, Number):
            return self._number(node, path, text, is_float=reading.is_float)
        return reading

    def _number(self, node: ScalarNode, path: Path_, text: str, *, is_float: bool) -> Any:
        value = number_value(text, is_float=is_float)
        if isinstance(value, Problem):
            self._report(node, path, value.rule, value.message, value.hint)
            return None
        return value


def _refuse_non_text(text: str, source: str) -> None:
    """Refuse binary content, lone surrogates and blank text (libyaml refuses a tab on an otherwise blank line).

    A lone surrogate can only be in a str that did not come from UTF-8; refused here for both readers.
    """
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
    surrogate = None if text.isascii() else _SURROGATE.search(text)
    if surrogate is not None:
        raise fail(
            source,
            "invalid-utf8",
            "contains a lone surrogate, which is not text",
            "save the file as UTF-8",
            *line_column(text, surrogate.start()),
        )
    if not text.strip(" \t\r\n"):
        raise _empty(source)


def _refuse_yaml11_breaks(text: str, source: str) -> None:
    """Refuse NEL, LS and PS, which libyaml reads as YAML 1.1 line breaks and YAML 1.2 as ordinary characters.

    To libyaml, a NEL in a quoted string is folded into a space, one in a comment ends it (what follows is
    read as data), and each counts as a line, moving every position after it. No reading of it is safe.
    """
    found = None if text.isascii() else _YAML11_BREAK.search(text)
    if found is None:
        return
    name, escape = _YAML11_BREAKS[found.group()]
    raise fail(
        source,
        "yaml-ambiguous-line-break",
        f"has {name}: a line break in YAML 1.1, an ordinary character in YAML 1.2",
        f'remove it, or write it as the escape "{escape}" in a double-quoted string',
        *line_column(text, found.start()),
    )


def _empty(source: str) -> DocumentLoadError:
    return fail(source, "empty-document", "is empty", "a contract document is a mapping of keys to values")
