"""Enums of the xtrl family."""

from typing import TYPE_CHECKING

from treaty_xtrl_models.enums import (
    enum_deny_decision,
    enum_feedback_severity,
    enum_guard_decision,
    enum_guard_status,
    enum_next_step,
    enum_reason_class,
    enum_reason_code,
    enum_reason_semantics,
    enum_resolution_status,
    enum_restart_mode,
)
from treaty_xtrl_models.enums.enum_deny_decision import *
from treaty_xtrl_models.enums.enum_feedback_severity import *
from treaty_xtrl_models.enums.enum_guard_decision import *
from treaty_xtrl_models.enums.enum_guard_status import *
from treaty_xtrl_models.enums.enum_next_step import *
from treaty_xtrl_models.enums.enum_reason_class import *
from treaty_xtrl_models.enums.enum_reason_code import *
from treaty_xtrl_models.enums.enum_reason_semantics import *
from treaty_xtrl_models.enums.enum_resolution_status import *
from treaty_xtrl_models.enums.enum_restart_mode import *

if not TYPE_CHECKING:  # assembled at run time only: see the package's __init__.py
    __all__ = []
    __all__ += enum_deny_decision.__all__
    __all__ += enum_feedback_severity.__all__
    __all__ += enum_guard_decision.__all__
    __all__ += enum_guard_status.__all__
    __all__ += enum_next_step.__all__
    __all__ += enum_reason_class.__all__
    __all__ += enum_reason_code.__all__
    __all__ += enum_reason_semantics.__all__
    __all__ += enum_resolution_status.__all__
    __all__ += enum_restart_mode.__all__
