"""The ``event_envelope`` kind: one event of a run's replayable stream."""

from typing import Annotated

from pydantic import BaseModel, Field, JsonValue, StrictInt

from treaty_dome_models._types import CLOSED, EventId, RunId, SchemaVersion, Text, UtcTimestamp

__all__ = ["ModelEventEnvelope"]


class ModelEventEnvelope(BaseModel):
    """An event envelope: the bus's unit, replayed in (sequence, ts, event_id) order and stored by (run_id, event_id)."""

    model_config = CLOSED

    schema_version: SchemaVersion
    sequence: Annotated[StrictInt, Field(ge=1)] = Field(
        description="Position in the run's stream.", examples=[1]
    )
    event_id: EventId = Field(description="Id of the event.")
    ts: UtcTimestamp = Field(
        description="When the event was published (UTC).", examples=["2026-02-15T02:57:00Z"]
    )
    topic: Text = Field(description="The topic.", examples=["task.result"])
    run_id: RunId = Field(description="The run.")
    payload: dict[str, JsonValue] = Field(description="The event's payload (open).", examples=[{}])
