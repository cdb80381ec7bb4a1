"""Models of the cwom family."""

from typing import TYPE_CHECKING

from treaty_cwom_models.models import (
    model_artifact,
    model_constraint_snapshot,
    model_context_packet,
    model_doctrine_ref,
    model_issue,
    model_primitives,
    model_repo,
    model_run,
)
from treaty_cwom_models.models.model_artifact import *
from treaty_cwom_models.models.model_constraint_snapshot import *
from treaty_cwom_models.models.model_context_packet import *
from treaty_cwom_models.models.model_doctrine_ref import *
from treaty_cwom_models.models.model_issue import *
from treaty_cwom_models.models.model_primitives import *
from treaty_cwom_models.models.model_repo import *
from treaty_cwom_models.models.model_run import *

if not TYPE_CHECKING:  # assembled at run time only: see the package's __init__.py
    __all__ = []
    __all__ += model_artifact.__all__
    __all__ += model_constraint_snapshot.__all__
    __all__ += model_context_packet.__all__
    __all__ += model_doctrine_ref.__all__
    __all__ += model_issue.__all__
    __all__ += model_primitives.__all__
    __all__ += model_repo.__all__
    __all__ += model_run.__all__
