"""The ``EnumTargetKind`` enum of the dome family."""

from enum import Enum, unique

__all__ = ["EnumTargetKind"]


@unique
class EnumTargetKind(str, Enum):
    """The kind of thing a task acts on."""

    DATA = "data"
    """Data items (map-reduce inputs)."""

    ARTIFACT = "artifact"
    """A produced artifact."""

    AGGREGATE = "aggregate"
    """The reduced result of a map-reduce."""

    TOOL_POLICY = "tool_policy"
    """A tool's policy (capability compartmentalisation)."""

    RUNTIME = "runtime"
    """A runtime (capability compartmentalisation)."""

    SCHEMA = "schema"
    """A schema (spec-as-test)."""

    API = "api"
    """An API (spec-as-test)."""

    CONTRACT = "contract"
    """A contract (spec-as-test)."""

    MEMORY_CAPSULE = "memory_capsule"
    """A memory capsule (episodic retrieval)."""

    WORKFLOW_STATE = "workflow_state"
    """The workflow's state (working memory via todos)."""

    MEMORY_RULE = "memory_rule"
    """A memory rule (synthesis from logs)."""

    TASK = "task"
    """A task (what binder v1 writes)."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
