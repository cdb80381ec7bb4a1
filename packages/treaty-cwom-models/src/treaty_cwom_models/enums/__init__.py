"""Enums of the cwom family, in the spec's order of values."""

from typing import TYPE_CHECKING

from treaty_cwom_models.enums import (
    enum_actor_kind,
    enum_artifact_type,
    enum_check_status,
    enum_connectivity,
    enum_constraint_scope,
    enum_doctrine_priority,
    enum_doctrine_type,
    enum_failure_category,
    enum_issue_type,
    enum_object_kind,
    enum_priority,
    enum_risk_tolerance,
    enum_run_mode,
    enum_status,
    enum_verification_status,
    enum_visibility,
)
from treaty_cwom_models.enums.enum_actor_kind import *
from treaty_cwom_models.enums.enum_artifact_type import *
from treaty_cwom_models.enums.enum_check_status import *
from treaty_cwom_models.enums.enum_connectivity import *
from treaty_cwom_models.enums.enum_constraint_scope import *
from treaty_cwom_models.enums.enum_doctrine_priority import *
from treaty_cwom_models.enums.enum_doctrine_type import *
from treaty_cwom_models.enums.enum_failure_category import *
from treaty_cwom_models.enums.enum_issue_type import *
from treaty_cwom_models.enums.enum_object_kind import *
from treaty_cwom_models.enums.enum_priority import *
from treaty_cwom_models.enums.enum_risk_tolerance import *
from treaty_cwom_models.enums.enum_run_mode import *
from treaty_cwom_models.enums.enum_status import *
from treaty_cwom_models.enums.enum_verification_status import *
from treaty_cwom_models.enums.enum_visibility import *

if not TYPE_CHECKING:  # assembled at run time only: see the package's __init__.py
    __all__ = []
    __all__ += enum_actor_kind.__all__
    __all__ += enum_artifact_type.__all__
    __all__ += enum_check_status.__all__
    __all__ += enum_connectivity.__all__
    __all__ += enum_constraint_scope.__all__
    __all__ += enum_doctrine_priority.__all__
    __all__ += enum_doctrine_type.__all__
    __all__ += enum_failure_category.__all__
    __all__ += enum_issue_type.__all__
    __all__ += enum_object_kind.__all__
    __all__ += enum_priority.__all__
    __all__ += enum_risk_tolerance.__all__
    __all__ += enum_run_mode.__all__
    __all__ += enum_status.__all__
    __all__ += enum_verification_status.__all__
    __all__ += enum_visibility.__all__
