"""What the classifier reports: `Change`, and helpers that read a list of changes."""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from treaty._diff.rules import Bump

Mode = Literal["backward", "forward", "full"]


@dataclass(frozen=True)
class Change:
    """One difference between two schemas, classified by a rule.

    ``path`` is a pattern over documents: a JSON pointer in which ``*`` stands for any array item and for
    any key matched by additionalProperties or patternProperties (``""`` is the document root).
    ``schema_pointer`` locates the changed keyword in the new schema, or in the old one when the keyword is
    gone (``schema_side`` says which). ``old`` and ``new`` are the JSON values involved (None when a side
    has none). ``fingerprint`` hashes the rule, path, old and new values only, so an approval recorded for it
    survives a rebase or a subschema moving into ``$defs``.
    """

    rule: str
    path: str
    schema_pointer: str
    schema_side: Literal["old", "new"]
    message: str
    old: Any
    new: Any
    breaks_readers: bool
    breaks_writers: bool
    bump: Bump
    fingerprint: str
    treaty_rule: str = ""
    """The id of the Treaty rule the change is about or sits in (``x-treaty-*``), "" for none."""

    def as_json(self) -> dict[str, Any]:
        """Return the change as a JSON-ready mapping."""
        return {
            "rule": self.rule,
            "path": self.path,
            "schema_pointer": self.schema_pointer,
            "schema_side": self.schema_side,
            "message": self.message,
            "old": self.old,
            "new": self.new,
            "breaks_readers": self.breaks_readers,
            "breaks_writers": self.breaks_writers,
            "bump": str(self.bump),
            "fingerprint": self.fingerprint,
            "treaty_rule": self.treaty_rule,
        }


def fingerprint(rule: str, path: str, old: Any, new: Any) -> str:
    """Return a short stable hash of what a change is (never of where the schema writes it)."""
    text = json.dumps([rule, path, old, new], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def summarise(changes: Iterable[Change], mode: Mode) -> bool:
    """Return whether the changes keep compatibility in ``mode``.

    ``backward``: new readers read every old document; ``forward``: old readers read every new document;
    ``full``: both.
    """
    found = list(changes)
    readers = not any(change.breaks_readers for change in found)
    writers = not any(change.breaks_writers for change in found)
    if mode == "backward":
        return readers
    if mode == "forward":
        return writers
    return readers and writers


def required_bump(changes: Iterable[Change]) -> Bump | None:
    """Return the largest bump the changes need, or None when there is no change."""
    bumps = [change.bump for change in changes]
    return max(bumps, key=lambda bump: bump.rank) if bumps else None
