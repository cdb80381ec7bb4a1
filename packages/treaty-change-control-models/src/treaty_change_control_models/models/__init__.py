"""Models of the change_control family."""

from typing import TYPE_CHECKING

from treaty_change_control_models.models import (
    model_day_close,
    model_evidence_report,
    model_interface_surface_map,
    model_ticket_contract,
)
from treaty_change_control_models.models.model_day_close import *
from treaty_change_control_models.models.model_evidence_report import *
from treaty_change_control_models.models.model_interface_surface_map import *
from treaty_change_control_models.models.model_ticket_contract import *

if not TYPE_CHECKING:  # assembled at run time only: see the package's __init__.py
    __all__ = []
    __all__ += model_day_close.__all__
    __all__ += model_evidence_report.__all__
    __all__ += model_interface_surface_map.__all__
    __all__ += model_ticket_contract.__all__
