"""acme's coded rule: what neither JSON Schema nor the rule vocabulary can say (a sum over the lines)."""

from collections.abc import Iterator, Mapping
from typing import Any, Final

LIMIT: Final = 1_000_000


def _within_limit(doc: Mapping[str, Any]) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    quantity = sum(line["quantity"] for line in doc.get("lines", []))
    if quantity > LIMIT:
        yield ("lines",), f"{quantity} items in one order", f"split the order: at most {LIMIT} items"


RULES: Final = (
    {
        "id": "acme/at-most-a-million-items",
        "kind": "order",
        "severity": "error",
        "summary": "an order holds at most a million items",
        "check": _within_limit,
        "versions": ("1.0.0",),
    },
)
