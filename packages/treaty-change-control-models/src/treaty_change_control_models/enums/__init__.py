"""Enums of the change_control family."""

from typing import TYPE_CHECKING

from treaty_change_control_models.enums import (
    enum_drift_category,
    enum_evidence_kind,
    enum_evidence_outcome,
    enum_interface_surface,
    enum_invariant_status,
    enum_pr_state,
)
from treaty_change_control_models.enums.enum_drift_category import *
from treaty_change_control_models.enums.enum_evidence_kind import *
from treaty_change_control_models.enums.enum_evidence_outcome import *
from treaty_change_control_models.enums.enum_interface_surface import *
from treaty_change_control_models.enums.enum_invariant_status import *
from treaty_change_control_models.enums.enum_pr_state import *

if not TYPE_CHECKING:  # assembled at run time only: see the package's __init__.py
    __all__ = []
    __all__ += enum_drift_category.__all__
    __all__ += enum_evidence_kind.__all__
    __all__ += enum_evidence_outcome.__all__
    __all__ += enum_interface_surface.__all__
    __all__ += enum_invariant_status.__all__
    __all__ += enum_pr_state.__all__
