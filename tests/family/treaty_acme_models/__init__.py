"""Models of acme, the test-only family: one kind (``order``) with one rule of each vocabulary keyword."""

from types import MappingProxyType
from typing import Any, Final

from pydantic import BaseModel

from treaty_acme_models.models import ModelOrder, ModelOrderLine

__version__: Final = "1.0.0"
FAMILY: Final = "acme"
KINDS: Final[MappingProxyType[str, type[BaseModel]]] = MappingProxyType({"order": ModelOrder})


def _total(value: Any) -> int:
    """Return the order's total: the sum of quantity times unit price over its lines."""
    return sum(line["quantity"] * line["unit_price"] for line in value["lines"])


FUNCTIONS: Final = MappingProxyType({"total": _total})

__all__ = ["FAMILY", "FUNCTIONS", "KINDS", "ModelOrder", "ModelOrderLine", "__version__"]
