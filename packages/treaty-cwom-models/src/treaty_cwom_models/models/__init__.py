"""Models of the cwom family."""

from treaty_cwom_models.models.model_artifact import (
    ModelArtifact,
    ModelArtifactCheck,
    ModelArtifactVerification,
)
from treaty_cwom_models.models.model_constraint_snapshot import (
    ModelConstraintBudget,
    ModelConstraintEnergy,
    ModelConstraintEnvironment,
    ModelConstraintHealth,
    ModelConstraintRisk,
    ModelConstraints,
    ModelConstraintSnapshot,
    ModelConstraintTime,
    ModelConstraintTools,
)
from treaty_cwom_models.models.model_context_packet import (
    ModelContextDataBlob,
    ModelContextDocument,
    ModelContextInputs,
    ModelContextPacket,
)
from treaty_cwom_models.models.model_doctrine_ref import (
    ModelDoctrineApplicability,
    ModelDoctrineRef,
)
from treaty_cwom_models.models.model_issue import (
    ModelIssue,
    ModelIssueAcceptance,
    ModelIssueRelationships,
)
from treaty_cwom_models.models.model_primitives import (
    ModelActor,
    ModelRefArtifact,
    ModelRefConstraintSnapshot,
    ModelRefContextPacket,
    ModelRefDoctrineRef,
    ModelRefIssue,
    ModelRefRepo,
    ModelRefRun,
    ModelSource,
)
from treaty_cwom_models.models.model_repo import (
    ModelRepo,
    ModelRepoPolicy,
)
from treaty_cwom_models.models.model_run import (
    ModelRun,
    ModelRunCost,
    ModelRunExecutor,
    ModelRunFailure,
    ModelRunInputs,
    ModelRunOutputs,
    ModelRunPlan,
    ModelRunTelemetry,
)

__all__ = [
    "ModelActor",
    "ModelArtifact",
    "ModelArtifactCheck",
    "ModelArtifactVerification",
    "ModelConstraintBudget",
    "ModelConstraintEnergy",
    "ModelConstraintEnvironment",
    "ModelConstraintHealth",
    "ModelConstraintRisk",
    "ModelConstraintSnapshot",
    "ModelConstraintTime",
    "ModelConstraintTools",
    "ModelConstraints",
    "ModelContextDataBlob",
    "ModelContextDocument",
    "ModelContextInputs",
    "ModelContextPacket",
    "ModelDoctrineApplicability",
    "ModelDoctrineRef",
    "ModelIssue",
    "ModelIssueAcceptance",
    "ModelIssueRelationships",
    "ModelRefArtifact",
    "ModelRefConstraintSnapshot",
    "ModelRefContextPacket",
    "ModelRefDoctrineRef",
    "ModelRefIssue",
    "ModelRefRepo",
    "ModelRefRun",
    "ModelRepo",
    "ModelRepoPolicy",
    "ModelRun",
    "ModelRunCost",
    "ModelRunExecutor",
    "ModelRunFailure",
    "ModelRunInputs",
    "ModelRunOutputs",
    "ModelRunPlan",
    "ModelRunTelemetry",
    "ModelSource",
]
