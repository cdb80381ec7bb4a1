"""Models of the change_control family."""

from treaty_change_control_models.models.model_day_close import (
    ModelDayClose,
    ModelDayCloseActualRepo,
    ModelDayCloseDriftDetected,
    ModelDayCloseInvariantsChecked,
    ModelDayClosePlanItem,
    ModelDayClosePR,
    ModelDayCloseProcessChange,
    ModelDayCloseRisk,
)
from treaty_change_control_models.models.model_ticket_contract import (
    ModelEmergencyBypass,
    ModelEvidenceRequirement,
    ModelTicketContract,
)

__all__ = [
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
]
