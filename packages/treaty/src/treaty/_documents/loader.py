"""The strict loader: YAML and JSON into JSON data, with the position of every node.

JSON is read as JSON (`treaty._documents.json_reader`), never by libyaml. YAML is parsed by libyaml
(PyYAML's C parser) and resolved by Treaty, not by PyYAML: every implicit resolver is removed, so plain
scalars arrive untyped and `treaty._documents.document` decides what each one is. Duplicate keys, tags,
anchors and aliases, merge keys, and a plain scalar that YAML 1.1 and 1.2 read differently are errors with a
hint, as are NEL, LS and PS: line breaks to libyaml (YAML 1.1), ordinary characters in YAML 1.2. What loads
is plain JSON data. Only this module imports PyYAML: runs the fast path decides never import it.

libyaml follows YAML 1.1. Where its syntax is laxer than YAML 1.2's, or reads a text otherwise, the
document is refused where the two part (`_lexical`): a comment with no space before ``#`` (``"v"#c``,
``[a]#c``, ``|#c``), a ``?`` with no space after it in a flow collection (an explicit key to libyaml, the
string ``?x`` to YAML 1.2), a plain ``-`` before a flow indicator (``[-]``), a quoted string continued
on a line indented no deeper than the block it is in, and a ``|`` or ``>`` scalar that runs into the end
of a file with no final line break (libyaml and yaml-rs disagree on its last line break). These are read
from libyaml's own tokens, whose marks say where each starts and ends, rather than by cross-checking with
a second parser: yaml-rs (YAML 1.2) has leniencies and strictnesses of its own (it accepts ``[?]``, and a
``|`` at the root with unindented lines; it refuses a quoted string continued three spaces deep under
``- k:``, which YAML 1.2 allows), and a disagreement would name neither the rule nor the place. Cheap
text tests (`treaty._documents.lexical`) decide whether the tokens are read at all: most documents are not.
"""

import codecs
import os
import re
from collections.abc import Callable
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
from treaty._documents.lexical import suspect
from treaty._documents.unknown import UNKNOWN

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
_COLLECTION_STARTS: Final = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_COLLECTION_ENDS: Final = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_ANCHOR_RULES: Final = frozenset({"yaml-anchor", "yaml-alias"})
_ANCHOR_HINT: Final = "write the value out in full; contract documents do not use anchors and aliases"

_BLOCK_HEADER: Final = re.compile(r"[|>][-+1-9]{0,2}(#?)")
_LINE_START: Final = re.compile(r"(?:\r\n?|\n)( *)[ \t]*([^ \t\r\n]?)")
"""A line's indentation, and its first character after white space (none on a blank line)."""
_BLANK: Final = ("", " ", "\t", "\r", "\n")
_FLOW_INDICATORS: Final = frozenset(",[]{}")
_FLOW_STARTS: Final = (yaml.tokens.FlowSequenceStartToken, yaml.tokens.FlowMappingStartToken)
_FLOW_ENDS: Final = (yaml.tokens.FlowSequenceEndToken, yaml.tokens.FlowMappingEndToken)
_BLOCK_STARTS: Final = (yaml.tokens.BlockSequenceStartToken, yaml.tokens.BlockMappingStartToken)
_AFTER_THE_PROBLEM: Final = re.compile(r"(?:\s|#[^\n]*)*")
"""White space and comments: a syntax error followed by nothing else is about what was left open."""
_OPENED_HERE: Final = {  # libyaml's context, where its mark is where the problem starts: (rule, hint)
    "while scanning a simple key": (
        "yaml-syntax",
        "add ': ' after the key, or indent the line if it continues the value above",
    ),
    "while scanning a quoted scalar": (
        "yaml-syntax",
        "close the quote (write \\\" or '' for a quote inside)",
    ),
    "while parsing a flow sequence": ("yaml-syntax", "close the sequence with ']'"),
    "while parsing a flow mapping": ("yaml-syntax", "close the mapping with '}'"),
    "while scanning an anchor": ("yaml-anchor", _ANCHOR_HINT),
    "while scanning an alias": ("yaml-alias", _ANCHOR_HINT),
}
_LEFT_OPEN: Final = frozenset({"found unexpected end of stream", "found unexpected document indicator"})
_ALWAYS_THERE: Final = frozenset(
    {"while scanning a simple key", "while scanning an anchor", "while scanning an alias"}
)
"""Contexts whose mark is always the place to show; the others only when nothing follows the problem."""

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
    findings = _lexical(text, source)
    walked: list[Finding] | None = None
    try:
        walked = _prescan(text, source)
        node = _Parser(text).get_single_node()
    except yaml.MarkedYAMLError as error:
        findings += _prescan_before(error, text, source) if walked is None else walked
        # The composer's complaints about anchors (undefined, repeated) are moot once every one is refused.
        if not (
            isinstance(error, yaml.composer.ComposerError) and _ANCHOR_RULES & {f.rule for f in findings}
        ):
            findings.append(_syntax_error(error, source, text))
        raise DocumentLoadError(_in_order(findings)) from None
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
        raise DocumentLoadError(_in_order(findings + walked)) if findings + walked else _empty(source)
    builder = _Builder(source, text)
    builder.data = builder.build(node, (), 0)
    # An alias under a merge key is reported as the merge key (one problem, one finding).
    merged = [f"{finding.pointer}/<<" for finding in builder.findings if finding.rule == "yaml-merge-key"]
    findings += (
        f for f in walked if not any(f.pointer == m or f.pointer.startswith(f"{m}/") for m in merged)
    )
    if findings:  # about the syntax: the data read may not be what the document says, so no partial document
        # The pre-scan reports each alias where it is; the builder knows only the node it repeats.
        findings += [finding for finding in builder.findings if finding.rule != "yaml-alias"]
        raise DocumentLoadError(_in_order(findings))
    if builder.findings:
        raise DocumentLoadError(tuple(builder.findings), builder.document())
    return builder.document()


def _prescan_before(error: yaml.MarkedYAMLError, text: str, source: str) -> list[Finding]:
    """Return what `_prescan` finds in the text before a syntax error (it raises what stops the load).

    libyaml reads ahead before it hands on an event (a flow collection may turn out to be a key), so a
    syntax error can surface before the events that precede it. PyYAML 6.0.4's libyaml also refuses more
    than 1,000 flow levels that way, which would turn ``[[[...`` from ``too-deep`` into ``yaml-syntax``.
    Cut at the error, the text ends where the read-ahead stopped, and libyaml hands on every event in it.
    """
    mark = error.problem_mark
    if mark is None or not 0 < mark.index < len(text):  # an index counts characters, as str slicing does
        return []
    try:
        return _prescan(text[: mark.index], source)
    except yaml.MarkedYAMLError:
        return []  # the text before the error has a syntax error of its own, at its end: report the first one


def _syntax_error(error: yaml.MarkedYAMLError, source: str, text: str) -> Finding:
    """Return libyaml's error as a finding, placed where the problem starts.

    libyaml's problem mark is where it gave up: for a quote, a bracket or a key left open, that is the end
    of the text or the next line. Its context mark is where the construct it was reading starts.
    """
    context = str(error.context or "")
    problem = error.problem or str(error)
    mark = error.problem_mark or error.context_mark
    rule, message = "yaml-syntax", f"YAML error: {problem}"
    hint = "fix the syntax at this position (check indentation, quotes and colons)"
    if "single document" in context:
        rule, hint = "multiple-documents", "keep one document per file"
    elif (
        error.context_mark is not None
        and context in _OPENED_HERE
        and (
            context in _ALWAYS_THERE
            or problem in _LEFT_OPEN
            or error.problem_mark is None
            or _AFTER_THE_PROBLEM.fullmatch(text, min(error.problem_mark.index, len(text)))
        )
    ):
        mark = error.context_mark
        rule, hint = _OPENED_HERE[context]
        message = f"YAML error: {problem} {context} that starts here"
    line, column = _End(text).within(mark.line + 1, mark.column + 1) if mark else (0, 0)
    return Finding(source, line, column, "", rule, message, hint)


def _in_order(findings: list[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=lambda finding: (finding.line, finding.column)))


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


def _prescan(text: str, source: str) -> list[Finding]:  # noqa: C901  # one flat loop over the events, for speed
    """Refuse, from libyaml's events, what the composer cannot be trusted with; return what it must not see.

    Raised at once, before any node is composed:

    - Nesting deeper than MAX_DEPTH: libyaml's composer recurses in C without a limit, so tens of
      thousands of nested ``[`` crash the interpreter; its parser does not recurse.
    - More than MAX_NODES nodes: composing them takes memory and time a document never needs.

    Returned, each at its own position:

    - The non-specific tag ``!``: libyaml resolves ``! 123`` like a plain ``123``; YAML says it is a string.
    - Every anchor ``&x`` and alias ``*x``: each alias where it is (composed, an alias is its anchored node
      again, whose position is the anchor's), naming the anchor it repeats; an anchor no alias uses where it
      is (libyaml ends an anchor's name where YAML 1.2 does not: ``&a:b`` is ``a`` to it).

    Most documents have no ``!``, ``&`` or ``*``, few collection openers, and too few characters to hold
    MAX_NODES nodes (``[:,:]`` packs the most: three per two characters), and skip this pass.
    """
    if (
        "!" not in text
        and "&" not in text
        and "*" not in text
        and len(text) <= MAX_NODES // 2
        and text.count("[") + text.count("{") + text.count("-") + text.count(":") <= MAX_DEPTH
    ):
        return []
    parser = _Parser(text)
    findings: list[Finding] = []
    depth = nodes = 0
    # Per open collection, for the pointer of a finding: [the index or key read last, and for a mapping
    # whether its next node is a key (None for a sequence)]. A key that is no scalar has no name: None.
    frames: list[list[Any]] = []
    # Per anchor name, its last anchor's finding and whether an alias used it: an anchor in use is reported
    # through its aliases (one problem, one finding, as the released fixtures state it).
    anchors: dict[str, list[Any]] = {}
    while (event := parser.get_event()) is not None:
        if isinstance(event, _NODE_EVENTS):
            nodes += 1
            if nodes > MAX_NODES:
                raise fail(
                    source,
                    "too-large",
                    f"has more than {MAX_NODES} nodes (values, keys and aliases)",
                    "split the document; no contract needs this many values",
                    *_at(event.start_mark),
                )
            is_key = _advance(frames, event)
            if isinstance(event, yaml.AliasEvent):
                if (anchor := anchors.get(str(event.anchor))) is not None:
                    anchor[1] = True
                anchored = anchor[0].line if anchor else 0
                findings.append(_anchor(event, frames, source, text, is_key=is_key, anchored=anchored))
            elif event.anchor is not None:
                if (earlier := anchors.get(event.anchor)) is not None and not earlier[1]:
                    findings.append(earlier[0])  # redefined before any alias used it
                anchors[event.anchor] = [_anchor(event, frames, source, text, is_key=is_key), False]
            if getattr(event, "tag", None) == _NON_SPECIFIC_TAG:
                findings.append(
                    Finding(
                        source,
                        *_at(event.start_mark),
                        "",
                        "yaml-tag",
                        "has the non-specific tag '!'; YAML processors disagree on its meaning",
                        "remove the tag; quote the value if it is a string",
                    )
                )
        if isinstance(event, _COLLECTION_STARTS):
            depth += 1
            if depth > MAX_DEPTH:
                raise fail(
                    source,
                    "too-deep",
                    f"nests deeper than {MAX_DEPTH} levels",
                    "flatten the document",
                    *_at(event.start_mark),
                )
            frames.append([-1, None] if isinstance(event, yaml.SequenceStartEvent) else [None, True])
        elif isinstance(event, _COLLECTION_ENDS):
            depth -= 1
            frames.pop()
    return findings + [anchor for anchor, used in anchors.values() if not used]


def _at(mark: Any) -> tuple[int, int]:
    """Return the 1-based position of a libyaml mark (0, 0 without one)."""
    return (mark.line + 1, mark.column + 1) if mark else (0, 0)


def _advance(frames: list[list[Any]], event: Any) -> bool:
    """Move the innermost collection on to the node of ``event``; return whether that node is a key."""
    if not frames:
        return False
    frame = frames[-1]
    if frame[1] is None:
        frame[0] += 1
        return False
    if frame[1]:
        frame[0] = event.value if isinstance(event, yaml.ScalarEvent) else None
    frame[1] = not frame[1]
    return not frame[1]


def _anchor(
    event: Any, frames: list[list[Any]], source: str, text: str, *, is_key: bool, anchored: int = 0
) -> Finding:
    """Return the finding for an anchor at its ``&``, or for an alias at its ``*`` (its anchor: on line ``anchored``)."""
    path: list[str | int] = []
    for frame in frames[:-1] if is_key else frames:
        if frame[0] is None:
            break
        path.append(frame[0])
    line, column = _at(event.start_mark)
    role = " as a key" if is_key else ""
    if isinstance(event, yaml.AliasEvent):
        message = (
            f"uses the alias '*{event.anchor}'{role}: an anchor and alias repeating the node at line {anchored}"
            if anchored
            else f"uses the alias '*{event.anchor}'{role}, which names no anchor before it"
        )
        return Finding(source, line, column, pointer_of(tuple(path)), "yaml-alias", message, _ANCHOR_HINT)
    start = event.start_mark.index  # the node's first property: its tag or its anchor
    found = text.find(f"&{event.anchor}", start)
    if text.count("\n", start, found):
        line, column = line_column(text, found)
    else:
        column += found - start
    return Finding(
        source,
        line,
        column,
        pointer_of(tuple(path)),
        "yaml-anchor",
        f"defines the anchor '&{event.anchor}'{role}; contract documents do not use anchors and aliases",
        "remove the anchor",
    )


def _lexical(text: str, source: str) -> list[Finding]:  # noqa: C901  # one pass over the tokens, for speed
    """Return where libyaml's tokens show syntax YAML 1.2 refuses or reads otherwise (see the module docstring).

    Only the tokens before a syntax error are checked: the parser reports the error itself.
    """
    unterminated = not text.endswith(("\n", "\r")) and ("|" in text or ">" in text)
    if not unterminated and not suspect(text):
        return []
    findings: list[Finding] = []

    def report(line: int, column: int, rule: str, message: str, hint: str) -> None:
        findings.append(Finding(source, line, column, "", rule, message, hint))

    flow = 0
    blocks = [-1]  # the column of each enclosing block collection
    parser = _Parser(text)
    try:
        while (token := parser.get_token()) is not None:
            start, end = token.start_mark, token.end_mark
            kind = type(token)
            if kind in _FLOW_STARTS:
                flow += 1
            elif kind in _FLOW_ENDS:
                flow -= 1
            elif kind in _BLOCK_STARTS:
                blocks.append(start.column)
            elif kind is yaml.tokens.BlockEndToken and len(blocks) > 1:
                blocks.pop()
            elif kind is yaml.tokens.KeyToken and flow and end.index > start.index:  # an explicit '?'
                after = text[end.index : end.index + 1]
                if after not in _BLANK:
                    report(
                        *_at(start),
                        "yaml-flow-indicator",
                        f"has '?' followed by {after!r} in a flow collection: an explicit key to libyaml "
                        "(YAML 1.1), a string or an error to YAML 1.2",
                        "put a space after '?' for an explicit key, or quote the string",
                    )
                    continue
            elif kind is yaml.tokens.ScalarToken:
                _check_scalar(token, text, flow, blocks[-1] + 1, report, at_end=unterminated)
            if (
                end.index > start.index
                and text.startswith("#", end.index)
                and text[end.index - 1] not in _BLANK
            ):
                report(
                    end.line + 1,
                    end.column + 1,
                    "yaml-comment-spacing",
                    "has a comment with no space before '#': YAML 1.2 refuses it, libyaml (YAML 1.1) skips it",
                    "put a space before '#'",
                )
    except yaml.YAMLError:
        pass  # the parser reports it, after what precedes it
    return findings


def _check_scalar(  # the state of the token pass
    token: Any,
    text: str,
    flow: int,
    indent: int,
    report: Callable[[int, int, str, str, str], None],
    *,
    at_end: bool,
) -> None:
    """Check one scalar token: a block scalar's header and end, a quoted one's lines, a flow '-'."""
    start, end = token.start_mark, token.end_mark
    style = token.style
    if style in {"|", ">"}:
        header = _BLOCK_HEADER.match(text, start.index)
        if header is not None and header.group(1):
            report(
                start.line + 1,
                start.column + header.end() - start.index,
                "yaml-comment-spacing",
                f"has a comment right after the block scalar header {header.group()[:-1]!r}: YAML 1.2 "
                "refuses it, libyaml (YAML 1.1) skips it",
                "put a space before '#'",
            )
        if at_end and end.index >= len(text) and header is not None and "-" not in header.group():
            last = _End(text)
            report(
                last.line,
                last.column,
                "yaml-no-final-newline",
                f"ends the file inside a {style!r} block scalar with no final line break: YAML processors "
                "disagree on whether the string ends with one",
                "end the file with a line break",
            )
    elif style in {'"', "'"} and indent > 0 and end.line > start.line:
        for number, line in enumerate(_LINE_START.finditer(text, start.index, end.index), 1):
            if line.group(2) and len(line.group(1)) < indent:
                report(
                    start.line + 1 + number,
                    len(line.group(1)) + 1,
                    "yaml-indentation",
                    f"continues a quoted string on a line indented by {len(line.group(1))} spaces: YAML 1.2 "
                    f"wants at least {indent} here, more than the block it is in (libyaml accepts it)",
                    f"indent the string's lines by at least {indent} spaces, or write it on one line",
                )
                break
    elif (
        flow
        and token.plain
        and text.startswith("-", start.index)
        and text[start.index + 1 : start.index + 2] in _FLOW_INDICATORS
    ):
        report(
            *_at(start),
            "yaml-flow-indicator",
            f"has a plain '-' before {text[start.index + 1]!r} in a flow collection: the string '-' to "
            "libyaml (YAML 1.1), an error to YAML 1.2",
            'quote it: "-"',
        )


class _Builder:
    """Turns a node graph into JSON data, recording positions and strictness findings."""

    def __init__(self, source: str, text: str) -> None:
        self.source = source
        self.end = _End(text)
        self.findings: list[Finding] = []
        self.data: Any = None
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.key_positions: dict[Path_, tuple[int, int]] = {}
        self.unknown: set[Path_] = set()
        self.uncertain_keys: set[Path_] = set()
        self._seen: set[int] = set()

    def document(self) -> Document:
        """Return the document built, with what was reported left unknown."""
        return Document(
            self.source,
            self.data,
            self.positions,
            self.key_positions,
            unknown=frozenset(self.unknown),
            uncertain_keys=frozenset(self.uncertain_keys),
        )

    def _unread(self, path: Path_) -> Any:
        """Leave the value at ``path`` unknown (it was reported): validation goes around it."""
        self.unknown.add(path)
        return UNKNOWN

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
            return self._unread(path)
        self._seen.add(id(node))
        if depth > MAX_DEPTH:
            self._report(
                node,
                path,
                "too-deep",
                f"nests deeper than {MAX_DEPTH} levels",
                "flatten the document",
            )
            return self._unread(path)
        if node.tag not in _DEFAULT_TAGS:
            self._report(
                node,
                path,
                "yaml-tag",
                f"has the tag {node.tag!r}; tags are not allowed",
                "remove the tag; write plain YAML values",
            )
            return self._unread(path)
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, index), depth + 1) for index, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)  # noqa: S101  # libyaml composes only these three node kinds
        value = self._scalar(node, path)
        return self._unread(path) if value is UNKNOWN else value

    def _mapping(self, node: MappingNode, path: Path_, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node, path)
            if key is None:
                self.uncertain_keys.add(path)
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
                result[key] = self._unread((*path, key))
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
            value = self._scalar(node, path)
            if value is UNKNOWN:
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
            return UNKNOWN
        if isinstance(reading, Number):
            return self._number(node, path, text, is_float=reading.is_float)
        return reading

    def _number(self, node: ScalarNode, path: Path_, text: str, *, is_float: bool) -> Any:
        value = number_value(text, is_float=is_float)
        if isinstance(value, Problem):
            self._report(node, path, value.rule, value.message, value.hint)
            return UNKNOWN
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
