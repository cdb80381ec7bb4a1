"""The ``EnumStatus`` enum of the cwom family."""

from enum import Enum, unique

__all__ = ["EnumStatus"]


@unique
class EnumStatus(str, Enum):
    """Canonical work status of an Issue or a Run; adapters map richer external states into these."""

    PLANNED = "planned"
    """Known, not yet ready to start."""

    READY = "ready"
    """Ready to start."""

    RUNNING = "running"
    """In progress."""

    BLOCKED = "blocked"
    """Waiting on something outside the work."""

    DONE = "done"
    """Finished successfully."""

    FAILED = "failed"
    """Finished unsuccessfully."""

    CANCELED = "canceled"
    """Abandoned before finishing."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
