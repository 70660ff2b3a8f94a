"""link pair kind: never-scored same-letters pairs kept with a run, for review

Revision ID: 0010_link_pair_kind
Revises: 0009_act_terms
Create Date: 2026-12-07 09:40:00

Pairs stored before are the model's scored pairs ("scored"). A run written after this keeps
also the same-letters pairs between two persons that it scored no pair of ("same letters"),
so the review queue can show and decide them by id like any other pair.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_link_pair_kind"
down_revision = "0009_act_terms"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "link_pairs",
        sa.Column("kind", sa.String(length=16), nullable=False, server_default="scored"),
    )


def downgrade() -> None:
    with op.batch_alter_table("link_pairs") as batch:
        batch.drop_column("kind")
