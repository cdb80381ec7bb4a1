"""The hostile corpus: documents built to crash, hang, exhaust or fool `treaty validate`.

Nothing is committed but this generator: `write(case, folder)` writes a case's file (or directory, or
symlink) at test time. Each case states what `treaty validate --format json` must answer: the exit code,
the rule of the first finding (empty for a document that must be accepted), a message fragment, and the
line and column of that finding when a position is meaningful (``None``: not checked; ``0``: no position).
"""

import json
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

TICKET = """\
schema_version: "1.1.0"
ticket_id: "OCC-123"
summary: "Hostile input"
is_seam_ticket: false
interface_change: false
emergency_bypass:
  enabled: false
"""
"""A valid ticket contract; most cases add one hostile line to it (at line 8)."""

JSON_TICKET = json.dumps(
    {
        "schema_version": "1.1.0",
        "ticket_id": "OCC-123",
        "summary": "Hostile input \U0001f600",  # written as the escapes \ud83d\ude00, a surrogate pair
        "is_seam_ticket": False,
        "interface_change": False,
        "emergency_bypass": {"enabled": False},
    },
    indent=2,
)
"""The valid ticket as ``json.dumps`` writes it: the summary is on line 4, its value at column 14."""

HUGE_BYTES = 50 * 1024 * 1024
"""The size of the huge case: far over the loader's limit."""

DEEP = 10_000
"""How deep the deep cases nest: far past the loader's limit (256), deep enough to crash a recursive parser."""


def _ticket_with(extra: str) -> str:
    return TICKET + extra


def _billion_laughs() -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level, name in enumerate("bcdefghi"):
        previous = "abcdefghi"[level]
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    return "\n".join(lines) + "\n"


def _random_bytes() -> bytes:
    return random.Random(20260101).randbytes(4096)  # noqa: S311  # reproducible noise, not a secret


@dataclass(frozen=True)
class Case:
    """One hostile input and the verdict `treaty validate --format json` must give on it."""

    id: str
    name: str
    """The file name to validate (relative to the case's folder)."""
    content: str | bytes | Callable[[Path], None]
    """Text (written as UTF-8), bytes, or a function that creates ``name`` in a folder."""
    code: int
    rule: str
    """The rule of the first finding; empty when the document must be reported valid."""
    message: str = ""
    line: int | None = None
    column: int | None = None
    schema: bool = True
    """Whether the run names the schema (``--schema change_control/ticket_contract``)."""
    skip: Callable[[], str | None] | None = None
    """Returns a reason to skip the case on this machine, or None."""


def write(case: Case, folder: Path) -> Path:
    """Create the case in ``folder`` and return the path to pass to `treaty validate`."""
    path = folder / case.name
    if callable(case.content):
        case.content(path)
    elif isinstance(case.content, bytes):
        path.write_bytes(case.content)
    else:
        path.write_text(case.content, encoding="utf-8", newline="")
    return path


def _huge(path: Path) -> None:
    """A 50 MB ticket: a valid head and a block sequence of small items, the costliest shape to compose."""
    with path.open("w", encoding="utf-8") as out:
        out.write(TICKET + "interfaces_touched:\n")
        chunk = "- events\n" * 100_000
        for _ in range(HUGE_BYTES // len(chunk) + 1):
            out.write(chunk)


def _unreadable(path: Path) -> None:
    path.write_text(TICKET, encoding="utf-8")
    path.chmod(0)


def _cannot_block_reads() -> str | None:
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return "running as root: chmod 000 does not stop root from reading a file"
    return None


def _symlink_loop(path: Path) -> None:
    other = path.with_name("loop-b.yaml")
    path.symlink_to(other.name)
    other.symlink_to(path.name)


def _dangling(path: Path) -> None:
    path.symlink_to("no-such-target.yaml")


def _directory(path: Path) -> None:
    path.mkdir()


def _nested_mappings(depth: int) -> str:
    return "{a: " * depth + "x" + "}" * depth


def _block_mappings(depth: int) -> str:
    return "".join(" " * level + "a:\n" for level in range(depth)) + " " * depth + "x\n"


CASES: tuple[Case, ...] = (
    # --- size, depth and repetition -------------------------------------------------------------
    Case("alias-bomb", "laughs.yaml", _billion_laughs(), 1, "yaml-alias", "anchor and alias", 2, 8),
    Case(
        "alias-flood",
        "aliases.yaml",
        "a: &a x\nb: [" + "*a, " * 200_000 + "*a]\n",
        1,
        "too-large",
        "nodes",
        2,
    ),
    Case("alias-key", "alias-key.yaml", "a: &k key\n*k : 1\n", 1, "yaml-alias", "as a key", 2, 1),
    Case("huge-50mb", "huge.yaml", _huge, 1, "too-large", "bytes", 0, 0),
    Case("deep-flow-sequence", "deep-flow.yaml", "[" * DEEP + "x" + "]" * DEEP, 1, "too-deep", "", 1, 257),
    Case("deep-flow-unclosed", "deep-open.yaml", "[" * DEEP, 1, "too-deep", "", 1, 257),
    Case("deep-flow-mapping", "deep-map.yaml", _nested_mappings(DEEP), 1, "too-deep", "", 1, 1025),
    Case("deep-block-sequence", "deep-block.yaml", "- " * DEEP + "x\n", 1, "too-deep", "", 1, 513),
    Case("deep-block-mapping", "deep-indent.yaml", _block_mappings(300), 1, "too-deep", "", 257, 257),
    Case(
        "deep-json",
        "deep.json",
        '{"a": ' * DEEP + "1" + "}" * DEEP,
        1,
        "too-deep",
        "",
        1,
        1 + 6 * 256,
    ),
    Case("many-nodes", "many.yaml", "[" + "x," * 300_000 + "x]\n", 1, "too-large", "nodes", None),
    Case(
        "long-value",
        "long-value.yaml",
        _ticket_with("").replace("Hostile input", "x" * 1_000_000),
        1,
        "maxLength",
        "",
        3,
        10,
    ),
    Case("long-plain-key", "long-key.yaml", _ticket_with("k" * 1_000_000 + ": 1\n"), 1, "yaml-syntax", "", 8),
    Case(
        "long-quoted-key",
        "long-quoted-key.yaml",
        _ticket_with('? "' + "k" * 1_000_000 + '"\n: 1\n'),
        1,
        "additionalProperties",
        "unexpected key 'kkkk",
        8,
        3,
    ),
    # --- encodings and bytes --------------------------------------------------------------------
    Case(
        "invalid-utf8", "latin1.yaml", TICKET.encode() + b"owner: caf\xe9\n", 1, "invalid-utf8", "0xe9", 8, 11
    ),
    Case("overlong-utf8", "overlong.yaml", b"a: \xc0\xaf\n", 1, "invalid-utf8", "0xc0", 1, 4),
    Case("encoded-surrogate", "surrogate.yaml", b"a: \xed\xa0\x80\n", 1, "invalid-utf8", "", 1, 4),
    Case("utf8-bom", "bom.yaml", "\ufeff" + TICKET, 0, ""),
    Case("double-bom", "bom2.yaml", "\ufeff\ufeff" + TICKET, 0, ""),
    Case("utf16-le-bom", "utf16.yaml", TICKET.encode("utf-16"), 1, "invalid-utf8", "UTF-16", 1, 1),
    Case(
        "utf16-be-bom", "utf16be.yaml", b"\xfe\xff" + TICKET.encode("utf-16-be"), 1, "invalid-utf8", "UTF-16"
    ),
    Case("utf16-no-bom", "utf16le.yaml", TICKET.encode("utf-16-le"), 1, "binary-content", "NUL", 1, 2),
    Case("utf32-bom", "utf32.yaml", TICKET.encode("utf-32"), 1, "invalid-utf8", "UTF-32", 1, 1),
    Case("nul-byte", "nul.yaml", _ticket_with("owner: a\x00b\n"), 1, "binary-content", "NUL", 8, 9),
    Case("png", "image.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1, "invalid-utf8", "0x89", 1, 1),
    Case("zip", "archive.yaml", b"PK\x03\x04\x14\x00\x00\x00\x08\x00", 1, "binary-content", "NUL", 1, 6),
    Case("random-bytes", "noise.yaml", _random_bytes(), 1, "invalid-utf8", "", 1),
    Case("control-character", "bell.yaml", _ticket_with("owner: a\x07b\n"), 1, "yaml-syntax", "", 8, 9),
    # --- shapes -------------------------------------------------------------------------------
    Case("root-list", "list.yaml", "- a\n- b\n", 1, "type", "", 1, 1),
    Case("root-scalar", "scalar.yaml", "just text\n", 1, "type", "", 1, 1),
    Case("root-null", "null.yaml", "null\n", 1, "type", "", 1, 1),
    Case(
        "root-list-unselected",
        "list2.yaml",
        "- a\n- b\n",
        1,
        "unknown-kind",
        "not a mapping",
        1,
        1,
        schema=False,
    ),
    Case("empty-file", "empty.yaml", "", 1, "empty-document", "", 0, 0),
    Case("whitespace-only", "blank.yaml", "  \n\t\n   \n", 1, "empty-document", "", 0, 0),
    Case("comments-only", "comments.yaml", "# nothing\n# here\n", 1, "empty-document", "", 0, 0),
    Case("document-marker-only", "marker.yaml", "---\n", 1, "type", "got null", 2, 1),
    Case("two-documents", "two.yaml", TICKET + "---\n" + TICKET, 1, "multiple-documents", "", 8, 1),
    Case("document-then-empty", "trailing.yaml", TICKET + "---\n", 1, "multiple-documents", "", 8, 1),
    Case(
        "end-marker-then-text",
        "end.yaml",
        TICKET + "...\nmore: 1\n",
        1,
        "yaml-syntax",
        "document start",
        9,
        1,
    ),
    # --- keys ---------------------------------------------------------------------------------
    Case(
        "duplicate-key", "dup.yaml", _ticket_with('ticket_id: "OCC-9"\n'), 1, "duplicate-key", "line 2", 8, 1
    ),
    Case(
        "duplicate-key-nested",
        "dup-nested.yaml",
        TICKET + "  enabled: true\n",
        1,
        "duplicate-key",
        "'enabled'",
        8,
        3,
    ),
    Case(
        "duplicate-key-quoted",
        "dup-quoted.yaml",
        _ticket_with('"summary": "again"\n'),
        1,
        "duplicate-key",
        "",
        8,
        1,
    ),
    Case("merge-key", "merge.yaml", "base: &b {x: 1}\nother:\n  <<: *b\n", 1, "yaml-merge-key", "'<<'", 3, 3),
    Case("non-string-key", "int-key.yaml", _ticket_with("1: x\n"), 1, "non-string-key", "int", 8, 1),
    Case("collection-key", "seq-key.yaml", _ticket_with("? [a]\n: x\n"), 1, "non-string-key", "", 8, 3),
    Case("null-key", "null-key.yaml", _ticket_with("~: x\n"), 1, "non-string-key", "NoneType", 8, 1),
    # --- tags ---------------------------------------------------------------------------------
    Case(
        "python-object-apply",
        "rce.yaml",
        _ticket_with('owner: !!python/object/apply:os.system ["touch pwned"]\n'),
        1,
        "yaml-tag",
        "python/object/apply",
        8,
        8,
    ),
    Case(
        "python-name", "name.yaml", _ticket_with("owner: !!python/name:os.system\n"), 1, "yaml-tag", "", 8, 8
    ),
    Case("custom-tag", "custom.yaml", _ticket_with("owner: !vault abc\n"), 1, "yaml-tag", "!vault", 8, 8),
    Case("binary-tag", "binary.yaml", _ticket_with("owner: !!binary aGk=\n"), 1, "yaml-tag", "binary", 8, 8),
    Case("non-specific-tag", "bang.yaml", _ticket_with("owner: ! 123\n"), 1, "yaml-tag", "'!'", 8, 8),
    Case(
        "tag-directive",
        "directive.yaml",
        "%TAG !e! tag:evil.example,2026:\n---\n" + TICKET.replace('"OCC-123"', '!e!id "OCC-123"'),
        1,
        "yaml-tag",
        "evil.example",
        4,
        12,
    ),
    # --- scalars ------------------------------------------------------------------------------
    Case(
        "huge-integer",
        "bigint.yaml",
        _ticket_with("count: 1" + "0" * 5000 + "\n"),
        1,
        "number-too-large",
        "5001",
        8,
        8,
    ),
    Case("huge-float", "bigfloat.yaml", _ticket_with("count: 1.0e+999\n"), 1, "non-finite-number", "", 8, 8),
    Case("nan", "nan.yaml", _ticket_with("count: .nan\n"), 1, "non-finite-number", "'.nan'", 8, 8),
    Case(
        "infinity",
        "inf.yaml",
        _ticket_with("count: .inf\nlow: -.Inf\n"),
        1,
        "non-finite-number",
        "'.inf'",
        8,
        8,
    ),
    Case(
        "yaml11-booleans",
        "bools.yaml",
        TICKET.replace("is_seam_ticket: false", "is_seam_ticket: no") + "x: [yes, on, off, y, n]\n",
        1,
        "yaml-ambiguous-bool",
        "'no'",
        4,
        17,
    ),
    Case("date", "date.yaml", _ticket_with("due: 2025-12-28\n"), 1, "yaml-unquoted-date", "", 8, 6),
    Case(
        "timestamp",
        "stamp.yaml",
        _ticket_with("at: 2025-12-28T10:00:00Z\n"),
        1,
        "yaml-unquoted-date",
        "",
        8,
        5,
    ),
    Case("octal-0o", "octal.yaml", _ticket_with("mode: 0o17\n"), 1, "yaml-ambiguous-number", "", 8, 7),
    Case("octal-leading-zero", "octal2.yaml", _ticket_with("mode: 017\n"), 1, "yaml-leading-zero", "", 8, 7),
    Case("hex", "hex.yaml", _ticket_with("mode: 0x1F\n"), 1, "yaml-ambiguous-number", "", 8, 7),
    Case("sexagesimal", "sexa.yaml", _ticket_with("time: 1:30:00\n"), 1, "yaml-sexagesimal", "", 8, 7),
    # --- layout -------------------------------------------------------------------------------
    Case(
        "tab-indentation", "tabs.yaml", TICKET.replace("  enabled", "\tenabled"), 1, "yaml-syntax", "", 7, 1
    ),
    Case("crlf", "crlf.yaml", TICKET.replace("\n", "\r\n"), 0, ""),
    Case(
        "crlf-error-position",
        "crlf-bad.yaml",
        _ticket_with("due: 2025-12-28\n").replace("\n", "\r\n"),
        1,
        "yaml-unquoted-date",
        "",
        8,
        6,
    ),
    # --- the file system ------------------------------------------------------------------------
    Case(
        "unreadable",
        "locked.yaml",
        _unreadable,
        1,
        "read-error",
        "Permission denied",
        0,
        0,
        skip=_cannot_block_reads,
    ),
    Case("symlink-loop", "loop-a.yaml", _symlink_loop, 1, "read-error", "symbolic links", 0, 0),
    Case("dangling-symlink", "dangling.yaml", _dangling, 1, "read-error", "No such file", 0, 0),
    Case("directory-named-like-a-file", "x.yaml", _directory, 1, "read-error", "is a directory", 0, 0),
    # --- JSON ---------------------------------------------------------------------------------
    Case("json-trailing-comma", "comma.json", '{"a": 1,}\n', 1, "json-syntax", "", 1, 8),  # the comma
    Case("json-comment", "comment.json", '{"a": 1} // note\n', 1, "json-syntax", "", 1, 10),
    Case("json-single-quotes", "quotes.json", "{'a': 1}\n", 1, "json-syntax", "", 1, 2),
    Case("json-duplicate-key", "dup.json", '{"a": 1, "a": 2}\n', 1, "duplicate-key", "'a'", 1, 10),
    Case("json-nan", "nan.json", '{"a": NaN}\n', 1, "json-syntax", "NaN", 1, 7),
    Case("json-huge-integer", "bigint.json", '{"a": ' + "9" * 5000 + "}\n", 1, "number-too-large", "", 1, 7),
    Case("json-dumps-emoji", "emoji.json", JSON_TICKET, 0, ""),
    Case("json-bom", "bom.json", b"\xef\xbb\xbf" + JSON_TICKET.encode(), 0, ""),
    Case(
        "json-big-integer-exact",
        "bigint-exact.json",
        JSON_TICKET.replace('"Hostile input \\ud83d\\ude00"', "1" + "0" * 30),
        1,
        "type",
        "1000000000000000000000000000000",
        4,
        14,
    ),
    Case("json-lone-surrogate", "surrogate.json", '{"a": "x\\ud800"}\n', 1, "invalid-utf8", "\\ud800", 1, 9),
    Case("json-negative-infinity", "neginf.json", '{"a": -Infinity}\n', 1, "json-syntax", "-Infinity", 1, 7),
    Case("json-invalid-utf8", "latin1.json", b'{"a": "caf\xe9"}\n', 1, "invalid-utf8", "0xe9", 1, 11),
    Case("json-second-bom", "bom2.json", "\ufeff\ufeff" + JSON_TICKET, 1, "json-syntax", "", 1, 1),
    Case("json-control-character", "bell.json", '{"a": "x\x07"}\n', 1, "json-syntax", "U+0007", 1, 9),
    Case("json-many-nodes", "many.json", "[" + "0," * 300_000 + "0]\n", 1, "too-large", "nodes", 1, 200_000),
    Case("json-unclosed", "open.json", '{"a": [1, 2\n', 1, "json-syntax", "expected ','", 2, 1),
    # --- YAML 1.1 line breaks (NEL, LS, PS): ordinary characters in YAML 1.2 ------------------
    Case(
        "nel-in-a-string",
        "nel.yaml",
        _ticket_with('owner: "a\x85b"\n'),  # libyaml folded it into a space
        1,
        "yaml-ambiguous-line-break",
        "U+0085",
        8,
        10,
    ),
    Case(
        "nel-in-a-comment",
        "nel-comment.yaml",
        _ticket_with("# note\x85owner: injected\n"),  # libyaml read the rest of the comment as data
        1,
        "yaml-ambiguous-line-break",
        "U+0085",
        8,
        7,
    ),
    Case(
        "line-separator",
        "ls.yaml",
        _ticket_with("owner: a\u2028b\n"),
        1,
        "yaml-ambiguous-line-break",
        "U+2028",
        8,
        9,
    ),
)
"""Every case; ids are unique."""
