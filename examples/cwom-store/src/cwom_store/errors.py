"""What the store refuses, as typed data: each problem names its document, field, rule and fix."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One reason a document or a set is refused."""

    file: str
    """The document: its file name in a set, else ``<kind> <id>``."""
    pointer: str
    """The JSON pointer of the field ("" for the document itself)."""
    rule: str
    """The contract's rule id or JSON Schema keyword (``cwom/ref-unresolved``, ``const``), or the store's own."""
    message: str
    hint: str = ""

    def __str__(self) -> str:
        """Return ``[rule] at file:/pointer: message (hint)``."""
        hint = f" ({self.hint})" if self.hint else ""
        return f"[{self.rule}] at {self.file}:{self.pointer or '/'}: {self.message}{hint}"


class StoreError(Exception):
    """The store refused a write; ``problems`` says why, one line each."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        """Keep the problems (at least one)."""
        super().__init__(problems)
        self.problems = problems

    def __str__(self) -> str:
        """Return one problem a line."""
        return "\n".join(map(str, self.problems))


class ContractViolation(StoreError):  # noqa: N818  # named for what it is: the contract says no
    """A document, or a set of documents, breaks the cwom contract."""


class ImmutableObjectError(StoreError):
    """An update of a ContextPacket or a ConstraintSnapshot: new information is a new object."""


__all__ = ["ContractViolation", "ImmutableObjectError", "Problem", "StoreError"]
