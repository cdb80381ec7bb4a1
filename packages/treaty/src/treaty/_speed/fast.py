"""The fast path: a document read by Rust (yaml-rs, jsonschema-rs) when nothing about it is in doubt.

The strict loader composes every node with libyaml and walks them in Python to keep positions and refuse
what YAML 1.1 and 1.2 read differently; python-jsonschema then explains every error. That is the reference
verdict, and it costs about a millisecond a document. Most documents in CI are valid, and a valid document
needs neither positions nor explanations. So this module answers one question, quickly: *is this document
certainly loaded to the same data, and certainly valid?* It answers "yes" or "not sure", never "no": any
doubt, error or finding sends the document down the strict path, which gives the verdict and the exact
line and column.

"Certainly the same data" is decided conservatively from the text and the data yaml-rs returns:

- no tag, anchor, alias, merge key, directive, document marker, tab, carriage return, backslash escape,
  byte order mark, control character, or YAML 1.1 line break (NEL, LS, PS) (the strict loader refuses or
  treats these specially);
- no string that Treaty would read differently if it were written plain (``no``, ``2025-01-01``, ``012``),
  unless every occurrence of it in the text is quoted;
- when the data holds numbers, every number-like token in the text is spelled so that Treaty and yaml-rs
  read the same value (``1_000``, ``0x1F``, ``1e3`` or ``.inf`` anywhere sends the document the strict way);
- no float with an integral value (``3.0``: Treaty's ``integer`` is stricter than JSON Schema's), no
  non-string key, no key over 1,000 characters, nesting and size within the strict loader's limits;
- a mapping or a sequence at the root (yaml-rs reads a root ``|`` with unindented lines, libyaml does not),
  and none of the syntax libyaml and YAML 1.2 read apart (``"v"#c``, ``[?x]``, ``[-]``, a quoted string
  continued too little indented: `treaty._documents.lexical.suspect`), which yaml-rs does not always refuse.

``tests/test_fast_path.py`` holds the two paths to the same verdicts on every fixture and on generated
documents; ``nox -s bench`` checks them again on its corpus.
"""

import json as jsonlib
import math
import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any, Final

import jsonschema_rs
import yaml_rs

from treaty._documents.document import MAX_DEPTH, MAX_NODES, Problem, number_value, read_plain
from treaty._documents.lexical import suspect

UNSURE: Final = object()
"""Returned when the fast path cannot vouch for a document: the strict path decides it."""

_MAX_FAST_BYTES: Final = 256 * 1024
"""Larger documents go the strict way, whose pre-scan counts nodes before any is built: a few megabytes of
``[:,:]`` would be millions of Python objects before the fast path could count them."""
_MAX_KEY: Final = 1000
"""YAML caps implicit keys at 1024 characters (libyaml enforces it); longer keys go the strict way."""
_MAX_COMPACT: Final = 4096
"""Compact nesting (``- - -``) deeper than yaml-rs can recurse crashes it; a document with more indicators
goes the strict way (measured: 10,000 levels parse, 20,000 crash; indentation costs quadratic bytes)."""

_UNSAFE_CHARACTER = re.compile(r"[\\\t\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")
"""Backslash escapes, tabs, carriage returns, control characters (NEL among them), the line and paragraph
separators (YAML 1.1 line breaks, refused by the strict loader), byte order marks, lone surrogates."""
_NODE_PROPERTY = re.compile(r"(?:^|[\s\[\]{},])[!&*]", re.MULTILINE)
"""Where a tag, anchor or alias can start (searched only when the text has one of ``!&*``)."""
_MARKERS: Final = ("---", "...", "%")
_FLOW_ITEM: Final = r"""(?:"[^"\\\n]*"|'[^'\n]*'|[\w./@+-]+)"""
_SIMPLE_FLOW = re.compile(rf"\[ *(?:{_FLOW_ITEM}(?: *, *{_FLOW_ITEM})*)? *\]|\{{ *\}}")
"""Flow collections both parsers read alike: empty, or one line of quoted or word-like items. In others
(``[a:]``, ``[:0]``, ``{? x}``) libyaml and yaml-rs disagree, so those go the strict way."""
_SCALAR_RUN = re.compile(r"[\w.:+-]+")
_NUMBER_HINT = re.compile(r"[0-9]|(?i:inf|nan)")
"""A run of scalar characters that yaml-rs might read as a number: one with a digit, ``inf`` or ``nan`` (it
reads ``_0``, ``0X1F`` and ``.inf`` as numbers, which Treaty reads as strings or refuses). Whole runs are
matched first and then searched: one pattern for both backtracks quadratically over a long run of letters."""
_CANDIDATE = re.compile(
    r"[-+.0-9]|(?:[yYnN]|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)\Z",
)
"""Strings that might read differently if written plain; anything else reads the same either way."""
_SPACE = re.compile(r"\s")
_QUOTES: Final = ("'", '"')
_PLAIN_BEFORE: Final = frozenset({"", " ", "\n", "[", "{", ","})
_PLAIN_AFTER: Final = frozenset({"", " ", "\n", ",", "]", "}", ":"})
_KEY_END: Final = frozenset({"", " ", "\n"})
"""What can sit right before and after a plain scalar; an occurrence between anything else is inside another
scalar (``1.0`` in ``0.1.0``), which says nothing about how ``value`` itself was written."""


def quick_load(raw: bytes, *, json: bool) -> Any:
    """Return the data of a document if the strict loader certainly loads the same data, else UNSURE."""
    if len(raw) > _MAX_FAST_BYTES:
        return UNSURE
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return UNSURE
    if not text.endswith("\n") or not text.strip(" \n") or _unsafe(text, json=json):
        return UNSURE  # yaml-rs keeps a line break that a block scalar ending the file does not have
    try:
        if json:
            data = jsonlib.loads(text, object_pairs_hook=_unique, parse_constant=_refuse)
        else:
            if text.count("- ") + text.count("? ") > _MAX_COMPACT:
                return UNSURE
            data = yaml_rs.loads(text, parse_datetime=False)
    except Exception:  # noqa: BLE001  # whatever the fast parsers refuse (syntax, duplicate or unhashable keys, depth) goes the strict way
        return UNSURE
    if type(data) is not dict and type(data) is not list:  # a root scalar; None: comments only, or a null
        return UNSURE
    numbers = _vouch(data, text)
    if numbers is None or (numbers and not json and not _numbers_agree(text)):
        return UNSURE
    return data


def _unsafe(text: str, *, json: bool) -> bool:
    """Whether the text has something only the strict loader may judge (see the module docstring)."""
    return bool(
        _UNSAFE_CHARACTER.search(text)
        or "<<" in text
        or text.startswith(_MARKERS)
        or any(f"\n{marker}" in text for marker in _MARKERS)
        or (("!" in text or "&" in text or "*" in text) and _NODE_PROPERTY.search(text))
        or (not json and ("[" in text or "{" in text) and _has_complex_flow(text))
        or (not json and suspect(text))
    )


def _has_complex_flow(text: str) -> bool:
    simple = sum(1 for _ in _SIMPLE_FLOW.finditer(text))
    return text.count("[") + text.count("{") != simple or text.count("]") + text.count("}") != simple


def _vouch(data: Any, text: str) -> bool | None:  # noqa: C901, PLR0912  # one flat loop over every node, for speed
    """Return whether the data holds numbers, or None when a node is something only the strict path judges."""
    numbers = False
    nodes = 0
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        nodes += 1
        kind = type(value)
        if kind is str:
            if value.isspace():  # an empty block scalar: yaml-rs reads a line break where there is none
                return None
            if _CANDIDATE.match(value) and read_plain(value) != value and not _always_quoted(text, value):
                return None
        elif kind is dict:
            if depth >= MAX_DEPTH:
                return None
            for key, item in value.items():
                if type(key) is not str or len(key) > _MAX_KEY:
                    return None
                stack.append((key, depth + 1))
                stack.append((item, depth + 1))
        elif kind is list:
            if depth >= MAX_DEPTH:
                return None
            stack.extend((item, depth + 1) for item in value)
        elif kind is float:
            if not math.isfinite(value) or value.is_integer():
                return None
            numbers = True
        elif kind is int:
            numbers = True
        elif kind is not bool and value is not None:
            return None
        if nodes > MAX_NODES:
            return None
    return numbers


def _always_quoted(text: str, value: str) -> bool:
    """Whether ``value`` occurs in ``text`` quoted, and nowhere where it could be a plain scalar."""
    if not value or _SPACE.search(value) or any(q in value for q in _QUOTES):
        return False
    quoted = False
    start = text.find(value)
    while start != -1:
        end = start + len(value)
        before, after = text[start - 1 : start] if start else "", text[end : end + 1]
        if before in _QUOTES and after == before:
            quoted = True
        elif before in _PLAIN_BEFORE and after in _PLAIN_AFTER:
            return False  # it may be written plain here
        start = text.find(value, start + 1)
    return quoted


def _numbers_agree(text: str) -> bool:
    """Whether every number-like token that could be a plain scalar reads the same to Treaty and yaml-rs.

    A token inside another scalar (``2025`` in ``"2025-01-01"``, or in ``v2025``) cannot be one: a plain
    scalar starts and ends only where `_PLAIN_BEFORE` and `_PLAIN_AFTER` allow.
    """
    for match in _SCALAR_RUN.finditer(text):
        (start, end), token = match.span(), match.group()
        if _NUMBER_HINT.search(token) is None:
            continue
        while token.endswith(":") and text[end : end + 1] in _KEY_END:  # a key: its scalar ends at the colon
            token, end = token[:-1], end - 1
        before, after = text[start - 1 : start] if start else "", text[end : end + 1]
        if before in _PLAIN_BEFORE and after in _PLAIN_AFTER and not _token_agrees(token):
            return False
    return True


@lru_cache(maxsize=4096)
def _token_agrees(token: str) -> bool:
    reading = read_plain(token)
    if isinstance(reading, Problem):
        return False
    try:
        theirs: Any = yaml_rs.loads(token, parse_datetime=False)  # a scalar, though typed as a document
    except ValueError:
        return False
    if isinstance(reading, str):
        return bool(theirs == reading)
    if reading is None or isinstance(reading, bool):
        return theirs is reading
    ours = number_value(token, is_float=reading.is_float)
    return type(ours) is type(theirs) and ours == theirs


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        msg = "duplicate key"
        raise ValueError(msg)
    return result


def _refuse(constant: str) -> None:
    msg = f"{constant} is not JSON"
    raise ValueError(msg)


class FastSchemas:
    """jsonschema-rs validators of catalog schemas: a ``True`` is trusted, anything else goes the strict way.

    Each schema is bundled (its pinned references copied in), so nothing is fetched. ``format`` is checked
    by ``conforms``, the reference validator's own format checker, because jsonschema-rs accepts a few
    date-times that python-jsonschema refuses (``23:59:60``, year 0000).
    """

    def __init__(
        self,
        schemas: Callable[[str, str, str], Mapping[str, Any] | None],
        conforms: Callable[[str, str], bool],
    ) -> None:
        """Compile schemas returned by ``schemas(family, version, kind)`` (None: no fast validator).

        ``conforms(value, format)`` says whether a string has a ``format``, as the strict path reads it.
        """
        self._schemas = schemas
        self._conforms = conforms
        self._compiled: dict[tuple[str, str, str], Any] = {}

    def is_valid(self, data: Any, family: str, version: str, kind: str) -> bool:
        """Return True only when the schema certainly accepts ``data``."""
        key = (family, version, kind)
        if key not in self._compiled:
            self._compiled[key] = _compile(self._schemas(family, version, kind), self._conforms)
        validator = self._compiled[key]
        return validator is not None and bool(validator.is_valid(data))


def _compile(schema: Mapping[str, Any] | None, conforms: Callable[[str, str], bool]) -> Any:
    if schema is None:
        return None
    formats = {name: _checker(conforms, name) for name in _formats_in(schema)}
    try:
        return jsonschema_rs.Draft202012Validator(
            dict(schema), validate_formats=True, formats=formats, ignore_unknown_formats=False
        )
    except (ValueError, jsonschema_rs.ReferencingError):  # a schema it cannot take: the strict way
        return None


def _formats_in(schema: Any) -> set[str]:
    if isinstance(schema, dict):
        found = {schema["format"]} if isinstance(schema.get("format"), str) else set()
        return found.union(*(_formats_in(value) for value in schema.values()))
    if isinstance(schema, list):
        return set().union(*(_formats_in(value) for value in schema))
    return set()


def _checker(conforms: Callable[[str, str], bool], name: str) -> Callable[[str], bool]:
    """Return the check of one ``format``, which jsonschema-rs calls with the value alone."""
    return lambda value: conforms(value, name)
