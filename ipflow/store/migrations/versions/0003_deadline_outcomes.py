"""Deadline outcomes stored on the row: who owed the act, the outcome decided when the
row closed (on time, on time after an extension, late by how much, missed, lapsed,
cancelled), the closing act and its actor, and a cancellation's reason.

Rows closed before this revision get an outcome from their status and dates (a met
row closed after its due date is ``late``, its amount left empty); their obligor is
``bureau`` (the rules with another obligor are named in ``config/rules/deadlines.yaml``,
which a migration does not read). Dates are compared as stored (UTC).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table("deadline") as batch:
        batch.add_column(
            sa.Column("obligor", _TEXT(length=16), nullable=False, server_default="bureau")
        )
        batch.add_column(sa.Column("outcome", _TEXT(length=24), nullable=True))
        batch.add_column(sa.Column("late_by", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("late_unit", _TEXT(length=16), nullable=True))
        batch.add_column(sa.Column("closing_event", _TEXT(length=96), nullable=True))
        batch.add_column(sa.Column("closed_by", _TEXT(length=64), nullable=True))
        batch.add_column(sa.Column("cancel_reason", _TEXT(length=200), nullable=True))
    sqlite = op.get_bind().dialect.name == "sqlite"
    closed_day = "substr(closed_at, 1, 10)" if sqlite else "CAST(closed_at AS DATE)"
    due_day = "due_date" if not sqlite else "substr(due_date, 1, 10)"
    op.execute(
        "UPDATE deadline SET outcome = CASE"
        " WHEN status = 'cancelled' THEN 'cancelled'"
        " WHEN closed_at IS NULL AND status = 'missed' THEN 'missed'"
        " WHEN closed_at IS NULL THEN NULL"
        f" WHEN status = 'missed' OR {closed_day} > {due_day} THEN 'late'"
        " WHEN extensions > 0 THEN 'on_time_extended'"
        " ELSE 'on_time' END"
    )


def downgrade() -> None:
    with op.batch_alter_table("deadline") as batch:
        for name in (
            "cancel_reason", "closed_by", "closing_event", "late_unit", "late_by",
            "outcome", "obligor",
        ):  # fmt: skip
            batch.drop_column(name)
