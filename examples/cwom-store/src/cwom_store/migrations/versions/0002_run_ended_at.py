"""A Run's end time as a column, filled from every stored Run: the latest finished Runs by status.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06

The value stays in the document (``body``); the column is a copy for the index, which the store writes with
every Run from now on and which this revision fills for the Runs already stored.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 500
"""Runs updated per statement: a large table is filled without one huge statement."""


def upgrade() -> None:
    """Add ``run.ended_at``, fill it from ``body.telemetry.ended_at``, and index it with the status."""
    # Both changes of the table come before the back-fill: on PostgreSQL the updated rows queue the deferred
    # foreign-key checks, and a table with checks pending cannot be altered in the same transaction.
    with op.batch_alter_table("run") as batch:
        batch.add_column(sa.Column("ended_at", sa.String(length=40), nullable=True))
        batch.create_index(batch.f("ix_run_status_ended_at"), ["status", "ended_at"], unique=False)
    run = sa.table(
        "run", sa.column("id", sa.String), sa.column("body", sa.JSON), sa.column("ended_at", sa.String)
    )
    connection = op.get_bind()
    # Read in Python, not with each database's JSON functions: one back-fill for SQLite and PostgreSQL.
    filled = [
        {"run_id": run_id, "ended_at": ended}
        for run_id, body in connection.execute(sa.select(run.c.id, run.c.body))
        if (ended := ((body or {}).get("telemetry") or {}).get("ended_at")) is not None
    ]
    update = run.update().where(run.c.id == sa.bindparam("run_id")).values(ended_at=sa.bindparam("ended_at"))
    for start in range(0, len(filled), BATCH):
        connection.execute(update, filled[start : start + BATCH])


def downgrade() -> None:
    """Drop the index and the column (the value is still in every Run's document)."""
    with op.batch_alter_table("run") as batch:
        batch.drop_index(batch.f("ix_run_status_ended_at"))
        batch.drop_column("ended_at")
