"""The ``guard_eval`` kind: one guard evaluation as a document of its own."""

from typing import Literal

from pydantic import Field

from treaty_xtrl_models._types import CLOSED, _ModelDocument
from treaty_xtrl_models.models.model_common import ModelGuardEvalRecord

__all__ = ["ModelGuardEval"]


class ModelGuardEval(ModelGuardEvalRecord, _ModelDocument):
    """A guard evaluation published on its own: the evaluation record, with a kind marker and version.

    Every evaluation emits one, with its decision, reason codes and evidence refs; a denial blocks
    promotion but evidence is still captured ("deny execution, not observation").
    """

    model_config = CLOSED | {"json_schema_extra": ModelGuardEvalRecord.model_config["json_schema_extra"]}

    artifact_kind: Literal["guard_eval"] = Field(description="Always guard_eval.")
