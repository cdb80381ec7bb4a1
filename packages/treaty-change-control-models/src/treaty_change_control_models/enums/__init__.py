"""Enums of the change_control family."""

from treaty_change_control_models.enums.enum_drift_category import EnumDriftCategory
from treaty_change_control_models.enums.enum_evidence_kind import EnumEvidenceKind
from treaty_change_control_models.enums.enum_interface_surface import EnumInterfaceSurface
from treaty_change_control_models.enums.enum_invariant_status import EnumInvariantStatus
from treaty_change_control_models.enums.enum_pr_state import EnumPRState

__all__ = [
    "EnumDriftCategory",
    "EnumEvidenceKind",
    "EnumInterfaceSurface",
    "EnumInvariantStatus",
    "EnumPRState",
]
