"""The store's own promises, on CWOM_STORE_URL (SQLite in memory by default; PostgreSQL in `nox -s postgres`).

The contract's fixtures and sets run as pytest-treaty items (pyproject.toml); these tests cover what no
fixture states: immutability (the API and the database's triggers), Refs into what is already stored, the
migrations, and the column types each database gets.
"""

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from pytest_treaty import FixtureSet, iter_sets
from sqlalchemy import Connection, MetaData, exc, inspect, select, text

from cwom_store import ContractViolation, ImmutableObjectError, Store, engine_for, migrate
from cwom_store.adapters import shared_store
from cwom_store.rows import to_rows
from cwom_store.schema import KINDS, Base
from cwom_store.store import check_foreign_keys


def _set(folder: str) -> FixtureSet:
    return next(s for s in iter_sets("cwom", "0.2.0") if s.path.name == folder)


CHAIN = _set("complete-chain")


def _of(fixture_set: FixtureSet, kind: str) -> dict[str, Any]:
    return copy.deepcopy(next(d for d in fixture_set.documents.values() if d["kind"] == kind))


@pytest.fixture
def store() -> Iterator[Store]:
    """The shared database, every write rolled back after the test."""
    with shared_store().scratch() as scratch:
        yield scratch


@pytest.fixture
def empty() -> Iterator[Connection]:
    """A connection to an empty database (PostgreSQL: a schema of its own), all of it rolled back after."""
    engine = shared_store().engine
    if engine.dialect.name == "sqlite":
        engine = engine_for("sqlite://")  # in memory: a database of its own
    with engine.connect() as connection:
        outer = connection.begin()
        if (
            engine.dialect.name == "postgresql"
        ):  # DDL is transactional there: the schema goes with the rollback
            connection.exec_driver_sql(
                "CREATE SCHEMA cwom_store_test; SET LOCAL search_path TO cwom_store_test"
            )
        try:
            yield connection
        finally:
            outer.rollback()


def test_a_chain_is_stored_and_read_back_unchanged(store: Store) -> None:
    store.add_set(CHAIN.documents)
    for document in CHAIN.documents.values():
        kind = next(k for k, m in KINDS.items() if m.name == document["kind"])
        assert store.get(kind, document["id"]) == document


def test_refs_resolve_into_what_is_stored_and_a_missing_one_is_refused_with_its_rule(store: Store) -> None:
    store.add(_of(CHAIN, "Repo"))
    issue = _of(CHAIN, "Issue")
    for name in ("doctrine_refs", "constraints", "context_packets", "runs"):
        issue.pop(name)
    store.add(issue)  # its Repo is in the store, not in the call
    orphan = _of(CHAIN, "Artifact")
    with pytest.raises(ContractViolation) as refused:
        store.add(orphan)
    assert [(p.pointer, p.rule) for p in refused.value.problems] == [("/produced_by", "cwom/ref-unresolved")]
    again = _of(CHAIN, "DoctrineRef")
    again["id"] = issue["id"]
    again["applicability"]["repo_refs"] = []
    with pytest.raises(ContractViolation, match=r"\[cwom/unique-id\] at DoctrineRef .*:/id"):
        store.add(again)


def test_the_api_refuses_to_update_a_context_packet_or_a_constraint_snapshot(store: Store) -> None:
    store.add_set(CHAIN.documents)
    for kind, name in (("context_packet", "ContextPacket"), ("constraint_snapshot", "ConstraintSnapshot")):
        changed = _of(CHAIN, name)
        original = copy.deepcopy(changed)
        changed.setdefault("meta", {})["edited"] = True
        with pytest.raises(ImmutableObjectError, match=r"cwom-store/immutable"):
            store.update(changed)
        assert store.get(kind, changed["id"]) == original
    issue = _of(CHAIN, "Issue")
    issue["status"] = "blocked"
    issue["runs"] = []
    store.update(issue)  # a mutable kind: its new state replaces the old, join rows included
    assert store.get("issue", issue["id"]) == issue


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("context_packet", "version"),
        ("constraint_snapshot", "scope"),
        ("context_packet_doctrine_refs", "role"),
    ],
)
def test_the_database_refuses_a_raw_update_of_an_immutable_table(
    store: Store, table: str, column: str
) -> None:
    store.add_set(CHAIN.documents)
    connection = store._connection  # noqa: SLF001  # the raw connection a script or a psql session would use
    assert connection is not None
    assert connection.scalar(text(f"SELECT count(*) FROM {table}")) == 1
    with pytest.raises(exc.DBAPIError, match=rf"cwom-store/immutable: a row of {table} is never updated"):  # noqa: SIM117
        with connection.begin_nested():
            connection.execute(text(f"UPDATE {table} SET {column} = 'org'"))
    # the same statement on a mutable table goes through
    with connection.begin_nested():
        assert connection.execute(text("UPDATE issue SET status = 'blocked'")).rowcount == 1


def test_revision_0002_fills_run_ended_at_in_a_populated_database(empty: Connection) -> None:
    migrate(empty, "0001")
    tables = MetaData()
    tables.reflect(empty)
    assert "ended_at" not in tables.tables["run"].c
    unfinished = _of(CHAIN, "Run")
    unfinished["id"] = unfinished["id"][:-1] + "2"
    del unfinished["telemetry"], unfinished["outputs"]
    documents = [*CHAIN.documents.values(), unfinished]
    for document in documents:
        rows = to_rows(next(m for m in KINDS.values() if m.name == document["kind"]), document)
        # what revision 0001's code wrote: the columns that table had then
        table = tables.tables[rows.kind.table.name]
        empty.execute(table.insert(), [{k: v for k, v in rows.row.items() if k in table.c}])
        for join, joined in rows.joins.items():
            if joined:
                empty.execute(tables.tables[join.name].insert(), joined)
    check_foreign_keys(empty)  # as if committed: PostgreSQL alters no table with checks pending

    migrate(empty, "head")

    runs = [d for d in documents if d["kind"] == "Run"]
    assert len(runs) == 2
    filled = {row.id: row.ended_at for row in empty.execute(text("SELECT id, ended_at FROM run"))}
    assert filled == {r["id"]: r.get("telemetry", {}).get("ended_at") for r in runs}
    assert sorted(filled.values(), key=str) == ["2026-02-02T11:00:00Z", None]
    indexes = {i["name"] for i in inspect(empty).get_indexes("run")}
    assert "ix_run_status_ended_at" in indexes
    migrated = Store(empty.engine)
    migrated._connection = empty  # noqa: SLF001  # read through the same transaction
    for run in runs:
        assert migrated.get("run", run["id"]) == run


def test_the_migrations_build_exactly_the_models(empty: Connection) -> None:
    migrate(empty, "head")
    assert compare_metadata(MigrationContext.configure(empty), Base.metadata) == []


def test_meta_is_jsonb_on_postgresql_and_json_elsewhere(store: Store) -> None:
    connection = store._connection  # noqa: SLF001
    assert connection is not None
    meta = next(c for c in inspect(connection).get_columns("issue") if c["name"] == "meta")
    expected = "JSONB" if connection.dialect.name == "postgresql" else "JSON"
    assert type(meta["type"]).__name__ == expected
    issue = _of(CHAIN, "Issue") | {"meta": {"github.number": 42}}
    store.add_set({**CHAIN.documents, "issue.yaml": issue})
    if connection.dialect.name == "postgresql":  # containment, what JSONB's GIN indexes serve
        query = text("""SELECT id FROM issue WHERE meta @> '{"github.number": 42}'""")
        assert connection.scalars(query).all() == [issue["id"]]
    table = KINDS["issue"].table
    assert connection.scalar(select(table.c.meta).where(table.c.id == issue["id"])) == {"github.number": 42}
