"""The acme models."""

from treaty_acme_models.models.model_order import ModelOrder, ModelOrderLine

__all__ = ["ModelOrder", "ModelOrderLine"]
