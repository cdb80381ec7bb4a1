"""Models of the dome family."""

from typing import TYPE_CHECKING

from treaty_dome_models.models import (
    model_binder_fact,
    model_capsule,
    model_contract_inputs,
    model_event_envelope,
    model_query_rows,
    model_store_inputs,
    model_task_spec,
    model_wrapper_envelope,
)
from treaty_dome_models.models.model_binder_fact import *
from treaty_dome_models.models.model_capsule import *
from treaty_dome_models.models.model_contract_inputs import *
from treaty_dome_models.models.model_event_envelope import *
from treaty_dome_models.models.model_query_rows import *
from treaty_dome_models.models.model_store_inputs import *
from treaty_dome_models.models.model_task_spec import *
from treaty_dome_models.models.model_wrapper_envelope import *

if not TYPE_CHECKING:  # assembled at run time only: see the package's __init__.py
    __all__ = []
    __all__ += model_binder_fact.__all__
    __all__ += model_capsule.__all__
    __all__ += model_contract_inputs.__all__
    __all__ += model_event_envelope.__all__
    __all__ += model_query_rows.__all__
    __all__ += model_store_inputs.__all__
    __all__ += model_task_spec.__all__
    __all__ += model_wrapper_envelope.__all__
