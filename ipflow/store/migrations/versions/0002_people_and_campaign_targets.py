"""People and campaign targets: unit kinds and contacts, officers' roles and contacts,
and the campaign's target list (``campaign_target``, natural key campaign + target).

Existing officers get ``roles = []`` (their primary ``role`` still applies) and existing
units the kind ``internal``.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "campaign_target",
        sa.Column("campaign_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("target_key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("town", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("imported_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("round_no", sa.Integer(), nullable=True),
        sa.Column(
            "assigned_officer_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True
        ),
        sa.Column("planned_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("campaign_id", "target_key"),
    )
    with op.batch_alter_table("campaign_target", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_campaign_target_assigned_officer_id"),
            ["assigned_officer_id"],
            unique=False,
        )

    with op.batch_alter_table("officer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("roles", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(
            sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        )
        batch_op.add_column(
            sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True)
        )

    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=16), nullable=False, server_default="internal")
        )
        batch_op.add_column(
            sa.Column("contact_name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True)
        )
        batch_op.add_column(
            sa.Column("contact_phone", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.drop_column("contact_phone")
        batch_op.drop_column("contact_name")
        batch_op.drop_column("kind")

    with op.batch_alter_table("officer", schema=None) as batch_op:
        batch_op.drop_column("email")
        batch_op.drop_column("phone")
        batch_op.drop_column("roles")

    with op.batch_alter_table("campaign_target", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_campaign_target_assigned_officer_id"))

    op.drop_table("campaign_target")
