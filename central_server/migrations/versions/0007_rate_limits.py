"""Failure counts for rate limits and lockouts, shared by every server process.

Revision ID: 0007_rate_limits
Revises: 0006_payment_token_index
Create Date: 2026-12-05

Written out by hand, like the ones before it, so that it stays what it is when ``schema.py``
moves on.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_rate_limits"
down_revision = "0006_payment_token_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_limits",
        sa.Column("limit_key", sa.String(200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True)),
        sa.PrimaryKeyConstraint("limit_key", name="pk_rate_limits"),
    )


def downgrade() -> None:
    op.drop_table("rate_limits")
