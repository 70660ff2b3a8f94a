"""act terms: the further codes one source text names ("IRGC and Basij", "head and chest")

Revision ID: 0009_act_terms
Revises: 0008_request_windows
Create Date: 2026-12-07 03:10:00

Rows stored before keep their first code only (and "several" for two wound sites); the
words stay in the ``*_raw`` columns. No row is rewritten here: the acts table is a row set
of the audit log, and a migration editing it would read as tampering.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_act_terms"
down_revision = "0008_request_windows"
branch_labels = None
depends_on = None

_COLUMNS = ("method_also", "wound_also", "perpetrator_also")


def upgrade() -> None:
    for name in _COLUMNS:
        op.add_column("acts", sa.Column(name, sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("acts") as batch:
        for name in reversed(_COLUMNS):
            batch.drop_column(name)
