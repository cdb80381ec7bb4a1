"""The ``EnumObjectKind`` enum of the cwom family."""

from enum import Enum, unique

__all__ = ["EnumObjectKind"]


@unique
class EnumObjectKind(str, Enum):
    """Kind of a CWOM object, as its ``kind`` field and a Ref spell it (PascalCase)."""

    REPO = "Repo"
    """A work container: codebase, docs base or project boundary."""

    ISSUE = "Issue"
    """A unit of intent."""

    CONTEXT_PACKET = "ContextPacket"
    """A versioned briefing for a Run."""

    RUN = "Run"
    """One execution attempt against an Issue."""

    ARTIFACT = "Artifact"
    """An output of a Run."""

    CONSTRAINT_SNAPSHOT = "ConstraintSnapshot"
    """Point-in-time operating constraints."""

    DOCTRINE_REF = "DoctrineRef"
    """A governing principle, policy, procedure, heuristic or pattern."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
