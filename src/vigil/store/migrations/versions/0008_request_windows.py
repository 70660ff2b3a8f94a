"""request windows: the write API's rate limits in the store, shared by every worker

Revision ID: 0008_request_windows
Revises: 0007_api_tokens
Create Date: 2026-12-07 01:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_request_windows"
down_revision = "0007_api_tokens"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "request_windows",
        sa.Column("key_sha256", sa.String(length=64), nullable=False),
        sa.Column("window_start", sa.Float(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key_sha256"),
    )
    op.create_index("ix_request_windows_expires", "request_windows", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_request_windows_expires", table_name="request_windows")
    op.drop_table("request_windows")
