"""Enums of the cwom family, in the spec's order of values."""

from treaty_cwom_models.enums.enum_actor_kind import EnumActorKind
from treaty_cwom_models.enums.enum_artifact_type import EnumArtifactType
from treaty_cwom_models.enums.enum_check_status import EnumCheckStatus
from treaty_cwom_models.enums.enum_connectivity import EnumConnectivity
from treaty_cwom_models.enums.enum_constraint_scope import EnumConstraintScope
from treaty_cwom_models.enums.enum_doctrine_priority import EnumDoctrinePriority
from treaty_cwom_models.enums.enum_doctrine_type import EnumDoctrineType
from treaty_cwom_models.enums.enum_failure_category import EnumFailureCategory
from treaty_cwom_models.enums.enum_issue_type import EnumIssueType
from treaty_cwom_models.enums.enum_object_kind import EnumObjectKind
from treaty_cwom_models.enums.enum_priority import EnumPriority
from treaty_cwom_models.enums.enum_risk_tolerance import EnumRiskTolerance
from treaty_cwom_models.enums.enum_run_mode import EnumRunMode
from treaty_cwom_models.enums.enum_status import EnumStatus
from treaty_cwom_models.enums.enum_verification_status import EnumVerificationStatus
from treaty_cwom_models.enums.enum_visibility import EnumVisibility

__all__ = [
    "EnumActorKind",
    "EnumArtifactType",
    "EnumCheckStatus",
    "EnumConnectivity",
    "EnumConstraintScope",
    "EnumDoctrinePriority",
    "EnumDoctrineType",
    "EnumFailureCategory",
    "EnumIssueType",
    "EnumObjectKind",
    "EnumPriority",
    "EnumRiskTolerance",
    "EnumRunMode",
    "EnumStatus",
    "EnumVerificationStatus",
    "EnumVisibility",
]
