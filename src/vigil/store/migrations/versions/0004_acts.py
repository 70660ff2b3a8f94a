"""acts: how each reported violation was done, as each source reports it

Revision ID: 0004_acts
Revises: 0002_core_counters
Create Date: 2026-12-06 23:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_acts"
down_revision = "0002_core_counters"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "acts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=30), nullable=True),
        sa.Column("method_raw", sa.String(length=500), nullable=True),
        sa.Column("weapon", sa.String(length=30), nullable=True),
        sa.Column("weapon_raw", sa.String(length=500), nullable=True),
        sa.Column("wound", sa.String(length=30), nullable=True),
        sa.Column("wound_raw", sa.String(length=500), nullable=True),
        sa.Column("perpetrator", sa.String(length=30), nullable=True),
        sa.Column("perpetrator_raw", sa.String(length=500), nullable=True),
        sa.Column("perpetrator_by", sa.String(length=200), nullable=True),
        sa.Column("place_kind", sa.String(length=30), nullable=True),
        sa.Column("place_kind_raw", sa.String(length=500), nullable=True),
        sa.Column("facility", sa.String(length=300), nullable=True),
        sa.Column("arrest_date", sa.Date(), nullable=True),
        sa.Column("arrest_place_kind", sa.String(length=30), nullable=True),
        sa.Column("release_date", sa.Date(), nullable=True),
        sa.Column("died_in_custody", sa.Boolean(), nullable=True),
        sa.Column("care_denied", sa.Boolean(), nullable=True),
        sa.Column("sentence_kind", sa.String(length=30), nullable=True),
        sa.Column("sentence_years", sa.Float(), nullable=True),
        sa.Column("sentence_raw", sa.String(length=500), nullable=True),
        sa.Column("charges", sa.JSON(), nullable=True),
        sa.Column("charges_raw", sa.String(length=500), nullable=True),
        sa.Column("court", sa.String(length=300), nullable=True),
        sa.Column("court_branch", sa.String(length=100), nullable=True),
        sa.Column("sentence_date", sa.Date(), nullable=True),
        sa.Column("execution_date", sa.Date(), nullable=True),
        sa.Column("execution_place", sa.String(length=300), nullable=True),
        sa.Column("burial", sa.String(length=20), nullable=True),
        sa.Column("unknown_terms", sa.JSON(), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["record_id"], ["source_records.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("record_id"),
    )


def downgrade() -> None:
    op.drop_table("acts")
