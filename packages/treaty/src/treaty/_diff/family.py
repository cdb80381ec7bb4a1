"""A family's diff between two versions: every classified change, the bump it needs, and its approvals.

The classifier (`treaty._diff.engine`) compares two schemas; this module compares two versions of a
family kind by kind, adds the changes only a family has (a kind added or removed), decides the smallest
version bump, and checks the approvals that a breaking change needs.
"""

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from treaty._diff import Bump, Change, Mode, Nature, Policy, Rule, Verdict, diff
from treaty._diff.dialect import Dialect
from treaty._documents.document import DocumentLoadError
from treaty._validation.catalog import parse_version, version_key
from treaty._validation.policies import rules_for
from treaty.exceptions import ConfigError

if TYPE_CHECKING:  # two schema files compare without a workspace: `treaty diff` starts without loading one
    from treaty._authoring.sources import Schemas
    from treaty._authoring.workspace import Workspace

APPROVALS: Final = "approvals"


@dataclass(frozen=True)
class Entry:
    """One change of a family version: in which kind, and the classified change."""

    kind: str
    rule: str
    path: str
    message: str
    breaks_readers: bool
    breaks_writers: bool
    bump: Bump
    fingerprint: str
    old: Any = None
    new: Any = None

    @classmethod
    def of(cls, kind: str, change: Change) -> "Entry":
        """Return the entry of an engine change in one kind; the fingerprint is namespaced by the kind."""
        return cls(
            kind,
            change.rule,
            change.path,
            change.message,
            change.breaks_readers,
            change.breaks_writers,
            change.bump,
            _fingerprint(kind, change.fingerprint),
            change.old,
            change.new,
        )

    def breaks(self, mode: Mode) -> bool:
        """Return whether the change breaks compatibility under ``mode``."""
        if mode == "backward":
            return self.breaks_readers
        if mode == "forward":
            return self.breaks_writers
        return self.breaks_readers or self.breaks_writers

    @property
    def severity(self) -> str:
        """Return ``breaking``, ``additive`` or ``annotation``: how a reviewer should read the change."""
        if self.breaks_readers:
            return "breaking"
        return "annotation" if self.bump is Bump.PATCH else "additive"

    def as_json(self) -> dict[str, Any]:
        """Return the entry as JSON-ready data."""
        return {
            "kind": self.kind,
            "rule": self.rule,
            "path": self.path,
            "message": self.message,
            "breaks_readers": self.breaks_readers,
            "breaks_writers": self.breaks_writers,
            "bump": str(self.bump),
            "severity": self.severity,
            "fingerprint": self.fingerprint,
            "old": self.old,
            "new": self.new,
        }


def entry_line(entry: Entry) -> str:
    """Return one change as a Markdown list item."""
    breaks = [
        name for name, hit in (("readers", entry.breaks_readers), ("writers", entry.breaks_writers)) if hit
    ]
    effect = f"breaks {' and '.join(breaks)}" if breaks else "breaks neither readers nor writers"
    where = f" at `{entry.path}`" if entry.path else ""
    return f"- `{entry.rule}`{where}: {entry.message} ({effect}; `{entry.fingerprint}`)"


def _fingerprint(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:12]


@dataclass(frozen=True)
class FamilyDiff:
    """The classified changes from one version of a family to another."""

    family: str
    old_version: str
    new_version: str
    entries: tuple[Entry, ...]

    @property
    def needed(self) -> Bump | None:
        """Return the smallest bump the changes need (None when nothing changed)."""
        return max((e.bump for e in self.entries), key=lambda b: b.rank, default=None)

    @property
    def effective(self) -> Bump | None:
        """Return the bump the changes need given the old version (see `effective_bump`)."""
        return effective_bump(self.old_version, self.needed)

    def compatible(self, mode: Mode) -> bool:
        """Return whether no change breaks compatibility under ``mode``."""
        return not any(e.breaks(mode) for e in self.entries)


def compare(
    family: str,
    old: tuple[str, "Schemas"],
    new: tuple[str, "Schemas"],
    policy: Policy,
    *,
    dialect: Dialect | None = None,
) -> FamilyDiff:
    """Classify every change from ``old`` to ``new`` (each a version and its schemas by kind).

    ``dialect`` is the JSON Schema dialect of a schema without ``$schema`` (see `treaty._diff.diff`).
    """
    (old_version, old_schemas), (new_version, new_schemas) = old, new
    entries: list[Entry] = []
    for kind in sorted(set(old_schemas) | set(new_schemas)):
        if kind not in new_schemas:
            entries.append(_kind_entry(kind, "kind-removed", f"kind {kind} removed"))
        elif kind not in old_schemas:
            entries.append(_kind_entry(kind, "kind-added", f"kind {kind} added"))
        else:
            old_schema, new_schema = _contract(old_schemas[kind]), _contract(new_schemas[kind])
            # Two schema files belong to no family: no rule was code, and no family's rules need importing.
            coded = (
                {rule.id for rule in rules_for(family, version_of(old_version), kind)} if family else set()
            )
            entries.extend(
                _stated(kind, c, coded) for c in diff(old_schema, new_schema, policy=policy, dialect=dialect)
            )
    return FamilyDiff(family, old_version, new_version, tuple(entries))


def _stated(kind: str, change: Change, coded: set[str]) -> Entry:
    """Return a change's entry; a rule the old version held as code, now in the schema, refuses nothing new.

    The old version's documents were already held to the rule (its code ran on them), so stating it in the
    schema breaks no reader: the change is reported as ``rule-stated`` instead of what the schema diff alone
    would call it (a rule or a conditional added). The diff cannot compare code with schema: that the two say
    the same is for review, and for the old version's fixtures, which the new version must judge alike.
    """
    if change.treaty_rule not in coded or change.breaks_writers:
        return Entry.of(kind, change)
    rule = KIND_RULES["rule-stated"]
    return Entry(
        kind,
        rule.id,
        change.path,
        f"{change.message}; the rule was code in the old version, so no document changes verdict",
        breaks_readers=rule.breaks_readers(),
        breaks_writers=rule.breaks_writers(),
        bump=rule.bump(),
        fingerprint=_fingerprint(kind, change.fingerprint),
        old=change.old,
        new=change.new,
    )


def _contract(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    # The root $comment is export provenance ("generated by treaty export from <models> <version>"): it
    # changes with every version and says nothing about the contract.
    return {k: v for k, v in schema.items() if k != "$comment"}


KIND_RULES: Final[Mapping[str, Rule]] = {
    rule.id: rule
    for rule in (
        Rule(
            "kind-added",
            "family",
            "a family gained a kind: its documents cannot be read by an older reader (breaks writers)",
            Verdict.COMPATIBLE,
            Verdict.INCOMPATIBLE,
            mirror="kind-removed",
        ),
        Rule(
            "kind-removed",
            "family",
            "a family lost a kind: its documents no longer have a schema (breaks readers)",
            Verdict.INCOMPATIBLE,
            Verdict.COMPATIBLE,
            mirror="kind-added",
        ),
        Rule(
            "rule-stated",
            "family",
            "a rule the old version held as code (its family's coded rules) is now stated in the schema",
            Verdict.COMPATIBLE,
            Verdict.COMPATIBLE,
            mirror="rule-stated",
            nature=Nature.SEMANTIC,
            rationale="The old version's documents were held to the rule by code, so none changes verdict; "
            "other engines now enforce what the schema states in plain JSON Schema, hence a minor bump.",
        ),
    )
}
"""The family-level rules, beside the engine's schema rules (each with its mirror, as the engine's are)."""


def _kind_entry(kind: str, rule_id: str, message: str) -> Entry:
    rule = KIND_RULES[rule_id]
    return Entry(
        kind,
        rule.id,
        "",
        message,
        breaks_readers=rule.breaks_readers(),
        breaks_writers=rule.breaks_writers(),
        bump=rule.bump(),
        fingerprint=_fingerprint(kind, rule.id),
    )


def bump_between(old: str, new: str) -> Bump | None:
    """Return the bump from ``old`` to ``new`` (None when equal or lower)."""
    before, after = version_key(old), version_key(new)
    if after <= before:
        return None
    if after[0] != before[0]:
        return Bump.MAJOR
    return Bump.MINOR if after[1] != before[1] else Bump.PATCH


def version_of(label: str) -> str:
    """Return the version a comparison's label names: ``1.1.0`` of ``1.1.0 (HEAD)`` (its source after a space)."""
    return label.partition(" ")[0]


def effective_bump(old: str, needed: Bump | None) -> Bump | None:
    """Return the bump changes to ``old`` need: while the major is 0, a breaking change needs only a minor bump.

    ``old`` may carry a note after the version (``1.1.0 (HEAD)``); SemVer's initial development lets
    anything change in a minor release.
    """
    parsed = parse_version(version_of(old))
    if needed is Bump.MAJOR and parsed is not None and parsed[0] == 0:
        return Bump.MINOR
    return needed


def satisfies(old: str, new: str, needed: Bump | None) -> bool:
    """Return whether going from ``old`` to ``new`` is a big enough bump for ``needed``."""
    required = effective_bump(old, needed)
    if required is None:
        return True
    actual = bump_between(old, new)
    return actual is not None and actual.rank >= required.rank


@dataclass(frozen=True)
class Approval:
    """A recorded, intentional breaking change."""

    fingerprint: str
    version: str
    reason: str


def approvals_path(workspace: "Workspace", family: str) -> Path:
    """Return the path of a family's approvals file (hand-written, reviewed like code)."""
    return workspace.root / APPROVALS / f"{family}.yaml"


def load_approvals(workspace: "Workspace", family: str) -> list[Approval]:
    """Return the approvals of a family (none when the file does not exist)."""
    path = approvals_path(workspace, family)
    if not path.is_file():
        return []
    display = workspace.relative(path)
    from treaty._documents.loader import load_path  # noqa: PLC0415  # PyYAML: only where approvals exist

    try:
        data = load_path(path, display).data
    except DocumentLoadError as error:
        raise ConfigError(str(error.findings[0]), hint="fix the approvals file", path=display) from None
    entries = data.get("approvals") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not all(_approval_shape(e) for e in entries):
        raise ConfigError(
            f"{display}: expected `approvals:` as a list of {{fingerprint, version, reason}} strings",
            hint='approvals: [{fingerprint: "1a2b3c4d5e6f", version: "2.0.0", reason: "why it is intended"}]',
            path=display,
        )
    return [Approval(e["fingerprint"], e["version"], e["reason"]) for e in entries]


def _approval_shape(entry: object) -> bool:
    return (
        isinstance(entry, dict)
        and set(entry) == {"fingerprint", "version", "reason"}
        and all(isinstance(v, str) and v.strip() for v in entry.values())
    )


def unapproved(changes: FamilyDiff, approvals: Iterable[Approval]) -> list[Entry]:
    """Return the breaking changes of a diff that no approval for its new version records."""
    approved = {a.fingerprint for a in approvals if a.version == changes.new_version}
    return [e for e in changes.entries if e.breaks_readers and e.fingerprint not in approved]


def previous_release(released: Sequence[str], version: str) -> str | None:
    """Return the newest released version older than ``version``."""
    older = [v for v in released if version_key(v) < version_key(version)]
    return max(older, key=version_key, default=None)


def same_major(released: Sequence[str], version: str) -> list[str]:
    """Return the released versions older than ``version`` with its major (for transitive checks)."""
    major = version_key(version)[0]
    return sorted(
        (v for v in released if version_key(v)[0] == major and version_key(v) < version_key(version)),
        key=version_key,
    )
