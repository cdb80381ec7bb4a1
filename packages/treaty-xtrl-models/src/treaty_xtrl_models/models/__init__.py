"""Models of the xtrl family."""

from typing import TYPE_CHECKING

from treaty_xtrl_models.models import (
    model_common,
    model_guard_eval,
    model_guardrails_bundle,
    model_plant_spec,
    model_reason_codes,
    model_state_space,
)
from treaty_xtrl_models.models.model_common import *
from treaty_xtrl_models.models.model_guard_eval import *
from treaty_xtrl_models.models.model_guardrails_bundle import *
from treaty_xtrl_models.models.model_plant_spec import *
from treaty_xtrl_models.models.model_reason_codes import *
from treaty_xtrl_models.models.model_state_space import *

if not TYPE_CHECKING:  # assembled at run time only: see the package's __init__.py
    __all__ = []
    __all__ += model_common.__all__
    __all__ += model_guard_eval.__all__
    __all__ += model_guardrails_bundle.__all__
    __all__ += model_plant_spec.__all__
    __all__ += model_reason_codes.__all__
    __all__ += model_state_space.__all__
