"""Pydantic models of the change_control contract family (ONEX change control).

The module-level names ``FAMILY``, ``KINDS`` and ``__version__`` are the family's declaration to Treaty
(found through the ``treaty.models`` entry point): the family's name, its document kinds, and the version
of the contract these models define.
"""

from types import MappingProxyType
from typing import Final

from pydantic import BaseModel

from treaty_change_control_models.enums import (
    EnumDriftCategory,
    EnumEvidenceKind,
    EnumInterfaceSurface,
    EnumInvariantStatus,
    EnumPRState,
)
from treaty_change_control_models.models import (
    ModelDayClose,
    ModelDayCloseActualRepo,
    ModelDayCloseDriftDetected,
    ModelDayCloseInvariantsChecked,
    ModelDayClosePlanItem,
    ModelDayClosePR,
    ModelDayCloseProcessChange,
    ModelDayCloseRisk,
    ModelEmergencyBypass,
    ModelEvidenceRequirement,
    ModelTicketContract,
)

__version__: Final = "1.2.0"
"""The contract version these models define; the family's single source of truth."""

FAMILY: Final = "change_control"
KINDS: Final[MappingProxyType[str, type[BaseModel]]] = MappingProxyType(
    {"day_close": ModelDayClose, "ticket_contract": ModelTicketContract},
)
"""Document kinds of the family, each with its top-level model."""

__all__ = [
    "FAMILY",
    "KINDS",
    "EnumDriftCategory",
    "EnumEvidenceKind",
    "EnumInterfaceSurface",
    "EnumInvariantStatus",
    "EnumPRState",
    "ModelDayClose",
    "ModelDayCloseActualRepo",
    "ModelDayCloseDriftDetected",
    "ModelDayCloseInvariantsChecked",
    "ModelDayClosePR",
    "ModelDayClosePlanItem",
    "ModelDayCloseProcessChange",
    "ModelDayCloseRisk",
    "ModelEmergencyBypass",
    "ModelEvidenceRequirement",
    "ModelTicketContract",
    "__version__",
]
