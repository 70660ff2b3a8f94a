"""server-side web sessions, shared sign-in limits, sealed pending uploads

Revision ID: 0002_auth
Revises: 0001
Create Date: 2026-12-06 21:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0002_auth'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('web_sessions',
    sa.Column('token_sha256', sa.String(length=64), nullable=False),
    sa.Column('username', sa.String(length=100), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.Float(), nullable=False),
    sa.Column('last_seen_at', sa.Float(), nullable=False),
    sa.Column('mac', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('token_sha256')
    )
    op.create_index('ix_web_sessions_username', 'web_sessions', ['username'], unique=False)
    op.create_table('signin_limits',
    sa.Column('key_sha256', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failure_at', sa.Float(), nullable=False),
    sa.Column('blocked_until', sa.Float(), nullable=True),
    sa.PrimaryKeyConstraint('key_sha256')
    )
    op.create_table('pending_uploads',
    sa.Column('token_sha256', sa.String(length=64), nullable=False),
    sa.Column('username', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.Float(), nullable=False),
    sa.Column('expires_at', sa.Float(), nullable=False),
    sa.Column('sealed', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('token_sha256')
    )


def downgrade() -> None:
    op.drop_table('pending_uploads')
    op.drop_table('signin_limits')
    op.drop_index('ix_web_sessions_username', table_name='web_sessions')
    op.drop_table('web_sessions')
