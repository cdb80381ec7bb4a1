"""The store: CWOM documents in, CWOM documents out, on SQLite or PostgreSQL, migrated by Alembic."""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from importlib.resources import files
from typing import Any, Final

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, exc, literal, select, union_all
from sqlalchemy.pool import StaticPool

from cwom_store.contract import check_document, check_set, kind_of
from cwom_store.errors import ContractViolation, ImmutableObjectError, Problem, StoreError
from cwom_store.rows import from_rows, read, to_rows, write
from cwom_store.schema import IMMUTABLE, KINDS

DEFAULT_URL: Final = "sqlite://"
"""An in-memory SQLite database."""


def engine_for(url: str = DEFAULT_URL) -> Engine:
    """Return an engine for a database URL; SQLite gets foreign keys on and real transactions."""
    if not url.startswith("sqlite"):
        return create_engine(url)
    memory = url in {"sqlite://", "sqlite:///:memory:"}
    engine = create_engine(url, poolclass=StaticPool) if memory else create_engine(url)

    # pysqlite opens transactions itself and ignores SAVEPOINTs: let SQLAlchemy say BEGIN (its documented recipe)
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys = ON")  # off by default in SQLite

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


def alembic_config(connection: Connection) -> Config:
    """Return the Alembic configuration of the store's migrations, run on ``connection``."""
    config = Config()
    config.set_main_option("script_location", str(files("cwom_store") / "migrations"))
    config.attributes["connection"] = connection
    return config


def migrate(bind: Engine | Connection, revision: str = "head") -> None:
    """Upgrade a database to a migration revision (on a connection: in its transaction, uncommitted)."""
    if isinstance(bind, Connection):
        command.upgrade(alembic_config(bind), revision)
        return
    with bind.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


class Store:
    """CWOM objects in a database: every write checked against the contract, immutable kinds never updated."""

    def __init__(self, engine: Engine) -> None:
        """Use a migrated database (see `Store.open`)."""
        self.engine = engine
        self._connection: Connection | None = None

    @classmethod
    def open(cls, url: str = DEFAULT_URL) -> "Store":
        """Open a database and upgrade it to the newest revision."""
        engine = engine_for(url)
        migrate(engine)
        return cls(engine)

    @contextmanager
    def scratch(self) -> Iterator["Store"]:
        """Yield a store on this database whose every write is rolled back at the end (for contract tests)."""
        with self.engine.connect() as connection:
            outer = connection.begin()
            store = Store(self.engine)
            store._connection = connection  # the same class
            try:
                yield store
            finally:
                outer.rollback()

    @contextmanager
    def _begin(self) -> Iterator[Connection]:
        if self._connection is not None:
            with self._connection.begin_nested():
                yield self._connection
        else:
            with self.engine.begin() as connection:
                yield connection

    def add(self, document: dict[str, Any], *, references: bool = True) -> None:
        """Store one document; see `add_set`."""
        self.add_set({_label(document): document}, references=references)

    def add_set(self, documents: Mapping[str, dict[str, Any]], *, references: bool = True) -> None:
        """Store documents together, named by file name, in one transaction; raise `ContractViolation` if any breaks the contract.

        Every Ref must resolve to exactly one object of its kind among the set and what is stored, and ids are
        unique across kinds. ``references=False`` leaves the Refs to the database's foreign keys, checked when
        the transaction ends (a bulk load that spans several calls).
        """
        problems = [p for name, document in documents.items() for p in check_document(document, name)]
        if problems:
            raise ContractViolation(tuple(problems))
        with self._begin() as connection:
            if references:
                problems = check_set(documents, lambda object_id: _stored(connection, object_id))
                if problems:
                    raise ContractViolation(tuple(problems))
            try:
                for document in documents.values():
                    kind = kind_of(document, "")
                    assert not isinstance(kind, Problem)  # noqa: S101  # check_document said so
                    write(connection, to_rows(kind, document))
                if references:
                    check_foreign_keys(connection)
            except exc.IntegrityError as error:
                raise ContractViolation((_integrity(error),)) from error

    def get(self, kind: str, object_id: str) -> dict[str, Any] | None:
        """Return a stored object as its document, or None."""
        with self._begin() as connection:
            rows = read(connection, KINDS[kind], object_id)
        return None if rows is None else from_rows(rows)

    def update(self, document: dict[str, Any]) -> None:
        """Replace a stored object with a new state of it; ContextPackets and ConstraintSnapshots are refused."""
        found = kind_of(document, _label(document))
        if isinstance(found, Problem):
            raise ContractViolation((found,))
        if found.kind in IMMUTABLE:
            raise ImmutableObjectError((_immutable(found.kind, document.get("id")),))
        problems = check_document(document, _label(document))
        if problems:
            raise ContractViolation(tuple(problems))
        rows = to_rows(found, document)
        with self._begin() as connection:
            table = found.table
            done = connection.execute(table.update().where(table.c.id == rows.row["id"]).values(rows.row))
            if done.rowcount != 1:
                raise StoreError(
                    (Problem(_label(document), "/id", "cwom-store/unknown-id", "not stored", "add it first"),)
                )
            for join in rows.joins:
                connection.execute(join.delete().where(join.c.owner_id == rows.row["id"]))
                if rows.joins[join]:
                    connection.execute(join.insert(), rows.joins[join])


def _label(document: Any) -> str:
    if isinstance(document, dict):
        return f"{document.get('kind', '?')} {document.get('id', '?')}"
    return "document"


def _immutable(kind: str, object_id: Any) -> Problem:
    return Problem(
        f"{kind} {object_id}",
        "",
        "cwom-store/immutable",
        f"a {kind} is never changed once stored",
        "store a new object with a new id (and a new version, for a ContextPacket)",
    )


def _stored(connection: Connection, object_id: str) -> list[str]:
    """Return the kinds (table names) of the stored objects with an id."""
    query = union_all(
        *(select(literal(name).label("kind")).where(m.table.c.id == object_id) for name, m in KINDS.items())
    )
    return list(connection.scalars(query))


def check_foreign_keys(connection: Connection) -> None:
    """Check the deferred foreign keys now, so a broken Ref is refused here and not at commit."""
    if connection.dialect.name == "sqlite":
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
        if broken is not None:
            table, rowid, parent, _ = broken
            raise ContractViolation(
                (Problem(table, "", "cwom/ref-unresolved", f"row {rowid} refers to a missing {parent}"),)
            )
        return
    connection.exec_driver_sql("SET CONSTRAINTS ALL IMMEDIATE")  # raises IntegrityError on a broken one
    connection.exec_driver_sql("SET CONSTRAINTS ALL DEFERRED")


def _integrity(error: exc.IntegrityError) -> Problem:
    """Return the problem a database constraint reports (a second Repo with a slug, a Ref to nothing...)."""
    message = str(error.orig).splitlines()[0]
    return Problem("database", "", "cwom-store/constraint", message, "see the constraint the database names")


__all__ = ["DEFAULT_URL", "Store", "alembic_config", "check_foreign_keys", "engine_for", "migrate"]
