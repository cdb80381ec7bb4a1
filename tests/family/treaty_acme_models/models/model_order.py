"""An order: lines, gifts, blocked items, two instants, two currencies and a stored total.

Each rule is stated in the schema: plain JSON Schema where it can be (the ``allOf`` member), a keyword of
the rule vocabulary where it cannot.
"""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


def _rule(name: str, message: str, hint: str, severity: str = "error") -> dict[str, str]:
    return {"id": f"acme/{name}", "severity": severity, "message": message, "hint": hint}


class ModelOrderLine(BaseModel):
    """One line of an order."""

    model_config = ConfigDict(extra="forbid")

    sku: str
    quantity: int = Field(ge=1)
    unit_price: int = Field(ge=0)


GiftSku = Annotated[
    str,
    Field(
        json_schema_extra={
            "x-treaty-in": {
                "collection": "/lines",
                "key": "sku",
                "rule": _rule("gift-is-ordered", "gift {value} is on no line", "order the gift on a line"),
            }
        }
    ),
]
BlockedSku = Annotated[
    str,
    Field(
        json_schema_extra={
            "x-treaty-notIn": {
                "collection": "/gifts",
                "rule": _rule("blocked-is-no-gift", "{value} is blocked and a gift", "drop one of the two"),
            }
        }
    ),
]


class ModelOrder(BaseModel):
    """An acme order."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "allOf": [
                {
                    "x-treaty-rule": _rule(
                        "shipped-has-date", "a shipped order needs shipped_at", "add shipped_at"
                    ),
                    "if": {"properties": {"status": {"const": "shipped"}}, "required": ["status"]},
                    "then": {"required": ["shipped_at"]},
                }
            ],
            "x-treaty-should": [
                {
                    "x-treaty-rule": _rule(
                        "has-note", "an order should say who it is for", "add a note", "warning"
                    ),
                    "required": ["note"],
                }
            ],
            "x-treaty-notBefore": {
                "earlier": "placed_at",
                "later": "shipped_at",
                "rule": _rule("ships-after-placing", "shipped {later} before placed {earlier}", "fix a date"),
            },
            "x-treaty-equals": {
                "properties": ["currency", "billing_currency"],
                "rule": _rule("one-currency", "{a} and {b} differ", "bill in the order's currency"),
            },
            "x-treaty-derived": {
                "property": "total",
                "function": "total",
                "input": {"lines": "/lines"},
                "rule": _rule(
                    "total", "total {value} is not the lines' {expected}", "store total() of the lines"
                ),
            },
        },
    )

    status: Literal["open", "shipped"]
    placed_at: str = Field(json_schema_extra={"format": "date-time"})
    shipped_at: str | None = Field(default=None, json_schema_extra={"format": "date-time"})
    currency: str
    billing_currency: str | None = None
    lines: list[ModelOrderLine] = Field(
        json_schema_extra={
            "x-treaty-uniqueBy": {
                "key": "sku",
                "rule": _rule(
                    "one-line-per-sku", "{key} {value} is on line {first} already", "merge the lines"
                ),
            }
        }
    )
    gifts: list[GiftSku] = []
    blocked: list[BlockedSku] = []
    total: int
    note: str | None = None
