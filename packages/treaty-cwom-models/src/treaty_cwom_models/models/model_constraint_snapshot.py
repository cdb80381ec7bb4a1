"""The ``constraint_snapshot`` kind: immutable, point-in-time operating constraints."""

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StrictStr

from treaty_cwom_models._types import (
    SEALED_CONFIG,
    NonNegativeFloat,
    NonNegativeInt,
    Str,
    UtcTimestamp,
    _ModelObject,
)
from treaty_cwom_models.enums import EnumConnectivity, EnumConstraintScope, EnumRiskTolerance
from treaty_cwom_models.models.model_primitives import ModelActor

__all__ = [
    "ModelConstraintBudget",
    "ModelConstraintEnergy",
    "ModelConstraintEnvironment",
    "ModelConstraintHealth",
    "ModelConstraintRisk",
    "ModelConstraintSnapshot",
    "ModelConstraintTime",
    "ModelConstraintTools",
    "ModelConstraints",
]

Notes = Annotated[StrictStr, Str(max_length=500)]


class ModelConstraintTime(BaseModel):
    """Time available."""

    model_config = SEALED_CONFIG

    available_minutes: NonNegativeInt | None = Field(default=None, description="Minutes available.")
    deadline: UtcTimestamp | None = Field(default=None, description="Deadline (UTC).")


class ModelConstraintEnergy(BaseModel):
    """Energy available."""

    model_config = SEALED_CONFIG

    score_0_5: Annotated[NonNegativeInt, Field(le=5)] | None = Field(
        default=None, description="Energy from 0 (none) to 5 (full)."
    )
    notes: Notes | None = Field(default=None, description="Notes.")


class ModelConstraintHealth(BaseModel):
    """Health considerations."""

    model_config = SEALED_CONFIG

    flags: tuple[StrictStr, ...] = Field(default=(), description="Health flags.")
    notes: Notes | None = Field(default=None, description="Notes.")


class ModelConstraintBudget(BaseModel):
    """Money available."""

    model_config = SEALED_CONFIG

    usd_available: NonNegativeFloat | None = Field(default=None, description="US dollars available.")
    burn_limit_usd: NonNegativeFloat | None = Field(default=None, description="Spending limit in US dollars.")


class ModelConstraintTools(BaseModel):
    """Tools allowed and blocked."""

    model_config = SEALED_CONFIG

    allowed: tuple[StrictStr, ...] = Field(default=(), description="Tools allowed.")
    blocked: tuple[StrictStr, ...] = Field(default=(), description="Tools blocked.")


class ModelConstraintEnvironment(BaseModel):
    """The working environment."""

    model_config = SEALED_CONFIG

    location: Annotated[StrictStr, Str(max_length=128)] | None = Field(default=None, description="Location.")
    connectivity: EnumConnectivity = Field(default=EnumConnectivity.OK, description="Network connectivity.")
    device: Annotated[StrictStr, Str(max_length=128)] | None = Field(default=None, description="Device.")


class ModelConstraintRisk(BaseModel):
    """Risk the work may take."""

    model_config = SEALED_CONFIG

    tolerance: EnumRiskTolerance = Field(default=EnumRiskTolerance.MEDIUM, description="Risk tolerance.")
    notes: Notes | None = Field(default=None, description="Notes.")


class ModelConstraints(BaseModel):
    """The seven groups of constraints; each may be left out."""

    model_config = SEALED_CONFIG

    time: ModelConstraintTime | None = Field(default=None, description="Time available.")
    energy: ModelConstraintEnergy | None = Field(default=None, description="Energy available.")
    health: ModelConstraintHealth | None = Field(default=None, description="Health considerations.")
    budget: ModelConstraintBudget | None = Field(default=None, description="Money available.")
    tools: ModelConstraintTools | None = Field(default=None, description="Tools allowed and blocked.")
    environment: ModelConstraintEnvironment | None = Field(
        default=None, description="The working environment."
    )
    risk: ModelConstraintRisk | None = Field(default=None, description="Risk the work may take.")


class ModelConstraintSnapshot(_ModelObject):
    """A ConstraintSnapshot: operating constraints captured at one moment.

    Immutable: a change of constraints means a new snapshot. It has no created_at or updated_at;
    captured_at plays that role.
    """

    model_config = SEALED_CONFIG

    kind: Literal["ConstraintSnapshot"] = Field(description="Kind of the object: always ConstraintSnapshot.")
    scope: EnumConstraintScope = Field(description="What the constraints apply to.", examples=["run"])
    captured_at: UtcTimestamp = Field(
        description="When the constraints were captured (UTC).", examples=["2026-01-25T10:00:00Z"]
    )
    owner: ModelActor = Field(description="Whose constraints these are.")
    constraints: ModelConstraints = Field(default_factory=ModelConstraints, description="The constraints.")
