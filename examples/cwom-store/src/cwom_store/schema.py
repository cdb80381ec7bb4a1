"""The database schema: a table per CWOM kind, a join table per list of Refs, and how documents map onto them.

Each kind's table holds the columns the lookups need (the seeds' "common query patterns": an Issue's Runs, a
Run's Artifacts, Issues by Repo and status...), a foreign key per single Ref, ``meta`` as JSON (JSONB on
PostgreSQL) and ``body``: the rest of the document, exactly as written, with a marker where a value moved to
a column (for a Ref, the marker stands for its id alone). A document read back is therefore the document
written, key for key.

Every foreign key is deferred to the end of the transaction: Refs form cycles (an Issue lists its Runs, a Run
names its Issue), so a set of documents is written in any order and checked whole.
"""

from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, MetaData, String, Table, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ID: Final = 26
"""A ULID's length: the contract's ids."""
MOVED: Final = "$cwom-store:moved"
"""What ``body`` holds where a value lives in a column: a lookup member, or the id of a Ref."""

Json: Final = JSON().with_variant(JSONB(), "postgresql")
"""Free-form JSON: JSONB on PostgreSQL (indexable, compact), JSON text elsewhere."""

NAMING: Final = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s",
    "pk": "pk_%(table_name)s",
}
"""Constraint names the migrations can refer to, the same on every database."""


class Base(DeclarativeBase):
    """The models' base: one metadata with stable constraint names."""

    metadata = MetaData(naming_convention=NAMING)


def _ref(table: str, *, nullable: bool) -> Any:
    return mapped_column(
        String(ID),
        ForeignKey(f"{table}.id", deferrable=True, initially="DEFERRED"),
        nullable=nullable,
        index=True,
    )


class _Object:
    """The columns every kind has."""

    id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    schema_version: Mapped[str] = mapped_column(String(32))
    meta: Mapped[dict[str, Any] | None] = mapped_column(Json)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)  # key order kept: JSONB would sort the keys


class _Stamped(_Object):
    created_at: Mapped[str | None] = mapped_column(String(40))  # the contract's string, exactly as written
    updated_at: Mapped[str | None] = mapped_column(String(40))


class RepoModel(_Stamped, Base):
    """A Repo: a work container."""

    __tablename__ = "repo"
    name: Mapped[str] = mapped_column(String(256))
    slug: Mapped[str] = mapped_column(String(256), unique=True)  # the stable identifier (spec rule 5)


class IssueModel(_Stamped, Base):
    """An Issue: a unit of intent."""

    __tablename__ = "issue"
    __table_args__ = (Index(None, "repo_id", "status"),)  # a Repo's open Issues
    repo_id: Mapped[str] = _ref("repo", nullable=False)
    repo_role: Mapped[str | None] = mapped_column(String(64))
    parent_id: Mapped[str | None] = _ref("issue", nullable=True)
    parent_role: Mapped[str | None] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(512))
    type: Mapped[str] = mapped_column(String(32))
    priority: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str | None] = mapped_column(String(32))


class ContextPacketModel(_Stamped, Base):
    """A ContextPacket: an immutable, versioned briefing."""

    __tablename__ = "context_packet"
    __table_args__ = (Index(None, "for_issue_id", "version"),)  # an Issue's packets by version
    for_issue_id: Mapped[str] = _ref("issue", nullable=False)
    for_issue_role: Mapped[str | None] = mapped_column(String(64))
    constraint_snapshot_id: Mapped[str | None] = _ref("constraint_snapshot", nullable=True)
    constraint_snapshot_role: Mapped[str | None] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(64))


class ConstraintSnapshotModel(_Object, Base):
    """A ConstraintSnapshot: the immutable operating envelope at a moment."""

    __tablename__ = "constraint_snapshot"
    scope: Mapped[str] = mapped_column(String(16))
    captured_at: Mapped[str] = mapped_column(String(40), index=True)


class DoctrineRefModel(_Stamped, Base):
    """A DoctrineRef: a governing rule, in a namespace, at a version."""

    __tablename__ = "doctrine_ref"
    __table_args__ = (UniqueConstraint("namespace", "name", "version"),)  # consumers cite one version
    namespace: Mapped[str] = mapped_column(String(128))
    name: Mapped[str] = mapped_column(String(256))
    version: Mapped[str] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(16))
    priority: Mapped[str | None] = mapped_column(String(8))


class RunModel(_Stamped, Base):
    """A Run: one execution attempt against an Issue."""

    __tablename__ = "run"
    __table_args__ = (
        Index(None, "for_issue_id", "status"),  # an Issue's Runs, the running ones
        Index(None, "status", "ended_at"),  # revision 0002: the latest finished Runs
    )
    for_issue_id: Mapped[str] = _ref("issue", nullable=False)
    for_issue_role: Mapped[str | None] = mapped_column(String(64))
    repo_id: Mapped[str] = _ref("repo", nullable=False)
    repo_role: Mapped[str | None] = mapped_column(String(64))
    constraint_snapshot_id: Mapped[str | None] = _ref("constraint_snapshot", nullable=True)
    constraint_snapshot_role: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str | None] = mapped_column(String(32))
    mode: Mapped[str] = mapped_column(String(16))
    ended_at: Mapped[str | None] = mapped_column(String(40))  # revision 0002: telemetry.ended_at, copied


class ArtifactModel(_Stamped, Base):
    """An Artifact: the output of a Run."""

    __tablename__ = "artifact"
    produced_by_id: Mapped[str] = _ref("run", nullable=False)
    produced_by_role: Mapped[str | None] = mapped_column(String(64))
    for_issue_id: Mapped[str] = _ref("issue", nullable=False)
    for_issue_role: Mapped[str | None] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(32))
    uri: Mapped[str] = mapped_column(String(2000))
    digest: Mapped[str | None] = mapped_column(String(128), index=True)  # "which Artifact has this hash"


def _join(name: str, owner: str, target: str) -> Table:
    """Return a join table of one list of Refs: the owner, the position in the list, the target and its role."""
    return Table(
        name,
        Base.metadata,
        Column(
            "owner_id",
            String(ID),
            ForeignKey(f"{owner}.id", deferrable=True, initially="DEFERRED", ondelete="CASCADE"),
            primary_key=True,
        ),
        Column("position", Integer, primary_key=True),
        Column(
            "target_id",
            String(ID),
            ForeignKey(f"{target}.id", deferrable=True, initially="DEFERRED"),
            nullable=False,
            index=True,  # the reverse lookup: which Runs consumed this packet
        ),
        Column("role", String(64)),
    )


@dataclass(frozen=True)
class RefField:
    """One Ref of a kind: where it sits in the document, the kind it points to, and where it is stored."""

    path: tuple[str, ...]
    target: str
    """The kind it points to, as a table name (snake_case)."""
    column: str | None = None
    """For a single Ref: the column prefix (``<column>_id``, ``<column>_role``)."""
    table: Table | None = None
    """For a list of Refs: the join table."""


@dataclass(frozen=True)
class KindMap:
    """How one kind's documents map onto its table: the lookup columns, and its Refs."""

    kind: str
    name: str
    """The document's ``kind`` value (PascalCase)."""
    model: type[Base]
    columns: tuple[str, ...]
    """Top-level members kept in a column of the same name."""
    refs: tuple[RefField, ...]
    copies: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Columns that copy a nested member for lookups (the member stays in ``body``): (column, path)."""

    @property
    def table(self) -> Table:
        """Return the kind's table."""
        table: Table = self.model.__table__  # type: ignore[assignment]  # a declarative model's is a Table
        return table


def _list(path: tuple[str, ...], owner: str, target: str, table: str) -> RefField:
    return RefField(path, target, table=_join(table, owner, target))


KINDS: Final = {
    m.kind: m
    for m in (
        KindMap("repo", "Repo", RepoModel, ("created_at", "updated_at", "name", "slug"), ()),
        KindMap(
            "issue",
            "Issue",
            IssueModel,
            ("created_at", "updated_at", "title", "type", "priority", "status"),
            (
                RefField(("repo",), "repo", column="repo"),
                RefField(("relationships", "parent"), "issue", column="parent"),
                _list(("doctrine_refs",), "issue", "doctrine_ref", "issue_doctrine_refs"),
                _list(("constraints",), "issue", "constraint_snapshot", "issue_constraint_snapshots"),
                _list(("context_packets",), "issue", "context_packet", "issue_context_packets"),
                _list(("runs",), "issue", "run", "issue_runs"),
                _list(("relationships", "blocks"), "issue", "issue", "issue_blocks"),
                _list(("relationships", "blocked_by"), "issue", "issue", "issue_blocked_by"),
                _list(("relationships", "duplicates"), "issue", "issue", "issue_duplicates"),
            ),
        ),
        KindMap(
            "context_packet",
            "ContextPacket",
            ContextPacketModel,
            ("created_at", "updated_at", "version"),
            (
                RefField(("for_issue",), "issue", column="for_issue"),
                RefField(("constraint_snapshot",), "constraint_snapshot", column="constraint_snapshot"),
                _list(("doctrine_refs",), "context_packet", "doctrine_ref", "context_packet_doctrine_refs"),
            ),
        ),
        KindMap(
            "constraint_snapshot", "ConstraintSnapshot", ConstraintSnapshotModel, ("scope", "captured_at"), ()
        ),
        KindMap(
            "doctrine_ref",
            "DoctrineRef",
            DoctrineRefModel,
            ("created_at", "updated_at", "namespace", "name", "version", "type", "priority"),
            (_list(("applicability", "repo_refs"), "doctrine_ref", "repo", "doctrine_ref_repos"),),
        ),
        KindMap(
            "run",
            "Run",
            RunModel,
            ("created_at", "updated_at", "status", "mode"),
            (
                RefField(("for_issue",), "issue", column="for_issue"),
                RefField(("repo",), "repo", column="repo"),
                RefField(
                    ("inputs", "constraint_snapshot"), "constraint_snapshot", column="constraint_snapshot"
                ),
                _list(("inputs", "context_packets"), "run", "context_packet", "run_context_packets"),
                _list(("inputs", "doctrine_refs"), "run", "doctrine_ref", "run_doctrine_refs"),
                _list(("outputs", "artifacts"), "run", "artifact", "run_artifacts"),
            ),
            copies=(("ended_at", ("telemetry", "ended_at")),),
        ),
        KindMap(
            "artifact",
            "Artifact",
            ArtifactModel,
            ("created_at", "updated_at", "type", "uri", "digest"),
            (
                RefField(("produced_by",), "run", column="produced_by"),
                RefField(("for_issue",), "issue", column="for_issue"),
            ),
        ),
    )
}
"""Every kind by its Treaty name (snake_case), which is also its table's name."""

BY_NAME: Final = {m.name: m for m in KINDS.values()}
"""Every kind by the name documents write in ``kind`` (PascalCase)."""

IMMUTABLE: Final = ("context_packet", "constraint_snapshot", "context_packet_doctrine_refs")
"""Tables whose rows are never updated (the contract's immutable kinds and the packet's own Refs)."""

__all__ = ["BY_NAME", "IMMUTABLE", "KINDS", "MOVED", "Base", "KindMap", "RefField"]
