"""Enums of the xtrl family."""

from treaty_xtrl_models.enums.enum_deny_decision import EnumDenyDecision
from treaty_xtrl_models.enums.enum_feedback_severity import EnumFeedbackSeverity
from treaty_xtrl_models.enums.enum_guard_decision import EnumGuardDecision
from treaty_xtrl_models.enums.enum_guard_status import EnumGuardStatus
from treaty_xtrl_models.enums.enum_next_step import EnumNextStep
from treaty_xtrl_models.enums.enum_reason_class import EnumReasonClass
from treaty_xtrl_models.enums.enum_reason_code import (
    REASON_CLASSES,
    EnumFailureReasonCode,
    EnumPolicyReasonCode,
    ReasonCode,
    reason_code,
    semantics,
)
from treaty_xtrl_models.enums.enum_reason_semantics import EnumReasonSemantics
from treaty_xtrl_models.enums.enum_resolution_status import EnumResolutionStatus
from treaty_xtrl_models.enums.enum_restart_mode import EnumRestartMode

__all__ = [
    "REASON_CLASSES",
    "EnumDenyDecision",
    "EnumFailureReasonCode",
    "EnumFeedbackSeverity",
    "EnumGuardDecision",
    "EnumGuardStatus",
    "EnumNextStep",
    "EnumPolicyReasonCode",
    "EnumReasonClass",
    "EnumReasonSemantics",
    "EnumResolutionStatus",
    "EnumRestartMode",
    "ReasonCode",
    "reason_code",
    "semantics",
]
