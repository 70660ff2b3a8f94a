"""counters: person ids from one locked counter row

Revision ID: 0002_core_counters
Revises: 0001
Create Date: 2026-12-06 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_core_counters"
down_revision = "0002_auth"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "counters",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    # Seed the person id counter with the largest number already used ("P-000123" -> 123).
    conn = op.get_bind()
    last = 0
    for (pid,) in conn.execute(sa.text("SELECT id FROM persons")):
        digits = str(pid).removeprefix("P-")
        if digits.isdigit():
            last = max(last, int(digits))
    conn.execute(
        sa.text("INSERT INTO counters (name, value) VALUES ('person_ids', :v)"), {"v": last}
    )


def downgrade() -> None:
    op.drop_table("counters")
