"""Enums of the dome family."""

from treaty_dome_models.enums.enum_action_kind import EnumActionKind
from treaty_dome_models.enums.enum_derivation_basis import EnumDerivationBasis
from treaty_dome_models.enums.enum_eligibility import EnumEligibility
from treaty_dome_models.enums.enum_scope import EnumScope
from treaty_dome_models.enums.enum_signal import EnumSignal
from treaty_dome_models.enums.enum_target_kind import EnumTargetKind
from treaty_dome_models.enums.enum_task_status import EnumTaskStatus
from treaty_dome_models.enums.enum_wrapper_policy import EnumWrapperPolicy

__all__ = [
    "EnumActionKind",
    "EnumDerivationBasis",
    "EnumEligibility",
    "EnumScope",
    "EnumSignal",
    "EnumTargetKind",
    "EnumTaskStatus",
    "EnumWrapperPolicy",
]
