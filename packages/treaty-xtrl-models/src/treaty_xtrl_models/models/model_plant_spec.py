"""The ``plant_spec`` kind: the state machine the control loop drives."""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, JsonValue, StrictStr

from treaty_xtrl_models._types import CLOSED, StateId, Text, TransitionId, _ModelDocument, rule
from treaty_xtrl_models.models.model_common import EvidenceKinds, ModelGuardSpec, ModelMeta

__all__ = ["ModelPlantSpec", "ModelPlantState", "ModelPlantTransition"]


def _declared_state(end: str) -> dict[str, Any]:
    """Return the schema of a transition's ``from`` or ``to``: the id of a state the plant declares."""
    return {
        "x-treaty-in": {
            "collection": "/states",
            "key": "id",
            "rule": rule(
                "transition-consistent",
                f"the transition goes {end} {{value}}, which is no state of the plant",
                "declare {value} in states, or fix the transition",
            ),
        },
    }


def _unique(collection: str, what: str) -> dict[str, Any]:
    """Return the schema of a list whose items each have their own ``id``."""
    return {
        "x-treaty-uniqueBy": {
            "key": "id",
            "rule": rule(
                f"unique-{what}-id",
                f"{what} id {{value}} is used twice (first at {collection}[{{first}}])",
                f"give each {collection} entry its own id",
            ),
        },
    }


class ModelPlantState(BaseModel):
    """A state of the plant."""

    model_config = CLOSED

    id: StateId = Field(description="Id of the state, S.<NAME>.", examples=["S.RUN"])
    name: Text = Field(description="Name of the state.", examples=["Run"])
    description: StrictStr | None = Field(default=None, description="What the state means.")


class ModelPlantTransition(BaseModel):
    """A transition between two states, on an event, with its guards and required evidence."""

    model_config = CLOSED

    id: TransitionId = Field(
        description="Id of the transition, T.<FROM>-><TO>.<event>.", examples=["T.RUN->RUN.retry"]
    )
    from_: StateId = Field(
        alias="from",
        description="The state the transition leaves (a state of the plant).",
        examples=["S.RUN"],
        json_schema_extra=_declared_state("from"),
    )
    to: StateId = Field(
        description="The state the transition enters (a state of the plant).",
        examples=["S.RUN"],
        json_schema_extra=_declared_state("to"),
    )
    on: Text = Field(description="The event that fires the transition.", examples=["retry"])
    guards: tuple[ModelGuardSpec, ...] = Field(
        description="Guards on the transition (write [] if there are none).", examples=[[]]
    )
    required_evidence: EvidenceKinds = Field(
        description="Evidence kinds the transition needs (write [] if there are none).",
        examples=[["gate_decision"]],
    )


class ModelPlantSpec(_ModelDocument):
    """A plant spec: the states and transitions of the controlled process."""

    model_config = CLOSED

    artifact_kind: Literal["plant_spec"] = Field(description="Always plant_spec.")
    plant_id: Text = Field(description="Id of the plant.", examples=["xtrl.loop"])
    version: Text = Field(description="Version of this plant spec instance.", examples=["0.1"])
    meta: ModelMeta = Field(description="Policy linkage, requirements, guards.")
    states: Annotated[tuple[ModelPlantState, ...], Field(min_length=1)] = Field(
        description="The states (at least one), each with its own id.",
        json_schema_extra=_unique("states", "state"),
    )
    transitions: Annotated[tuple[ModelPlantTransition, ...], Field(min_length=1)] = Field(
        description="The transitions (at least one), each with its own id.",
        json_schema_extra=_unique("transitions", "transition"),
    )
    artifact_contracts: dict[str, JsonValue] = Field(
        description="Contracts of the artifacts (open).", examples=[{}]
    )
    defaults: dict[str, JsonValue] = Field(description="Defaults (open).", examples=[{}])
