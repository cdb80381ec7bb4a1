"""Cross-document rules: what holds across a set of documents validated together (a directory, several files).

Which rules a family has, and what they check, is the family's (its ``SET_RULES``, see
`treaty._validation.policies`); this module hands each rule the members of its versions and turns what the
rule reports into located findings.
"""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from treaty._documents.document import Document
from treaty._documents.findings import Finding, pointer_of
from treaty._validation.policies import set_rules_for
from treaty._validation.select import Selection

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Member:
    """A document of the set, as a family's set rule sees it.

    An invalid member (``valid`` False) still counts as present, so its own errors do not cascade into
    findings in the documents that point to it; a rule checks the links of valid members only.
    """

    document: Document
    selection: Selection
    schema: Mapping[str, Any]
    """The document's schema (its ``$ref`` to ``#/$defs/...`` resolve within it)."""
    valid: bool = True

    @property
    def data(self) -> Any:
        """Return the document's data."""
        return self.document.data

    @property
    def version(self) -> str:
        """Return the contract version the document was validated against."""
        return self.selection.version

    def at(self, path: Path_) -> str:
        """Return ``file:line`` of a path into the document, for messages that name another document."""
        line, _ = self.document.locate(path)
        return f"{self.document.source}:{line}"


def has_set_rules(family: str) -> bool:
    """Return whether a family has cross-document rules (only its documents are kept for the set)."""
    return bool(set_rules_for(family))


def cross_check(members: Sequence[Member]) -> dict[int, list[Finding]]:
    """Apply every family's set rules to its members; return the findings by member position."""
    position = {id(m): n for n, m in enumerate(members)}
    found: dict[int, list[Finding]] = defaultdict(list)
    for family in sorted({m.selection.family for m in members}):
        for rule in set_rules_for(family):
            ruled = [m for m in members if m.selection.family == family and m.version in rule.versions]
            if not ruled:
                continue
            for member, path, message, hint in rule.check(ruled):
                line, column = member.document.locate(path)
                found[position[id(member)]].append(
                    Finding(
                        member.document.source,
                        line,
                        column,
                        pointer_of(path),
                        rule.id,
                        message,
                        hint,
                        rule.severity,
                        member.selection.label,
                    )
                )
    return found
