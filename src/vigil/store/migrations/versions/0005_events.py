"""events: named crackdowns with date ranges; claims about shares (figure may be empty)

Revision ID: 0005_events
Revises: 0004_acts
Create Date: 2026-12-06 23:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_events"
down_revision = "0004_acts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("date_start", sa.Date(), nullable=False),
        sa.Column("date_end", sa.Date(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slug"),
    )
    # A claim about a share states a percent (kept in scope_filter), not a whole figure.
    with op.batch_alter_table("claims") as batch:
        batch.alter_column("figure", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.alter_column("figure", existing_type=sa.Integer(), nullable=False)
    op.drop_table("events")
