"""Findings: problems in documents and repositories, as data."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Severity(str, Enum):
    """How much a finding matters: an error fails the run; a warning fails it only under ``--strict``."""

    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        """Return the value."""
        return self.value


@dataclass(frozen=True, order=True)
class Finding:
    """One problem, located as precisely as Treaty can.

    ``rule`` is a JSON Schema keyword (``required``, ``pattern``...), a loader rule (``duplicate-key``...),
    a policy rule id (``acme/unique-order-id``) or a gate id. ``pointer`` is a JSON pointer into
    the document (``""`` is the root). ``line`` and ``column`` are 1-based; 0 means unknown.
    """

    file: str
    line: int
    column: int
    pointer: str
    rule: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR
    schema: str = field(default="", compare=False)

    def as_json(self) -> dict[str, Any]:
        """Return the finding as a JSON-ready mapping (the ``--format json`` shape)."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "pointer": self.pointer,
            "rule": self.rule,
            "severity": str(self.severity),
            "message": self.message,
            "hint": self.hint,
            "schema": self.schema,
        }

    def location(self) -> str:
        """Return ``file:line:column``, leaving out what is unknown."""
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file


def pointer_of(parts: "tuple[str | int, ...] | list[str | int]") -> str:
    """Return the JSON pointer (RFC 6901) of a path of keys and indexes."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def at_pointer(data: Any, pointer: str) -> tuple[bool, Any]:
    """Return (found, value) at an RFC 6901 JSON pointer into ``data`` (``""`` is the whole of it)."""
    if not pointer:
        return True, data
    for raw in pointer.removeprefix("/").split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(data, Mapping) and part in data:
            data = data[part]
        elif isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            return False, None
    return True, data
