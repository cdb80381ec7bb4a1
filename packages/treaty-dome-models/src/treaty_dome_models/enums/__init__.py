"""Enums of the dome family."""

from typing import TYPE_CHECKING

from treaty_dome_models.enums import (
    enum_action_kind,
    enum_derivation_basis,
    enum_eligibility,
    enum_scope,
    enum_signal,
    enum_target_kind,
    enum_task_status,
    enum_wrapper_policy,
)
from treaty_dome_models.enums.enum_action_kind import *
from treaty_dome_models.enums.enum_derivation_basis import *
from treaty_dome_models.enums.enum_eligibility import *
from treaty_dome_models.enums.enum_scope import *
from treaty_dome_models.enums.enum_signal import *
from treaty_dome_models.enums.enum_target_kind import *
from treaty_dome_models.enums.enum_task_status import *
from treaty_dome_models.enums.enum_wrapper_policy import *

if not TYPE_CHECKING:  # assembled at run time only: see the package's __init__.py
    __all__ = []
    __all__ += enum_action_kind.__all__
    __all__ += enum_derivation_basis.__all__
    __all__ += enum_eligibility.__all__
    __all__ += enum_scope.__all__
    __all__ += enum_signal.__all__
    __all__ += enum_target_kind.__all__
    __all__ += enum_task_status.__all__
    __all__ += enum_wrapper_policy.__all__
