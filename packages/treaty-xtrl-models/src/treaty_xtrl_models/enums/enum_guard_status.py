"""The ``EnumGuardStatus`` enum of the xtrl family."""

from enum import Enum, unique

__all__ = ["EnumGuardStatus"]


@unique
class EnumGuardStatus(str, Enum):
    """Outcome of evaluating a guard's predicate."""

    PASS = "PASS"  # noqa: S105  # a status, not a password
    """The predicate holds."""

    FAIL = "FAIL"
    """The predicate does not hold: the guard denies."""

    SKIP = "SKIP"
    """The guard was not evaluated (it does not apply)."""

    def __str__(self) -> str:
        """Return the value, as documents spell it."""
        return self.value
