"""Alembic's environment for the store's migrations: run on the connection `cwom_store.store.migrate` passes.

Online only: the migrations back-fill data, which needs a database to read.
"""

from alembic import context
from sqlalchemy import Connection, create_engine

from cwom_store.schema import Base

config = context.config


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit(
        "cwom-store's migrations run online only: they back-fill data (use Store.open or migrate)"
    )
connection = config.attributes.get("connection")
if connection is None:  # the alembic command line, with sqlalchemy.url set
    with create_engine(config.get_main_option("sqlalchemy.url") or "").begin() as opened:
        _run(opened)
else:
    _run(connection)
