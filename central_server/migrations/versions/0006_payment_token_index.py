"""Payments by token: an offline payment asks whether its token was presented online.

Revision ID: 0006_payment_token_index
Revises: 0005_app_versions
Create Date: 2026-12-05

Written out by hand, like the ones before it, so that it stays what it is when ``schema.py``
moves on.
"""

from __future__ import annotations

from alembic import op

revision = "0006_payment_token_index"
down_revision = "0005_app_versions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_payments_token_id", "payments", ["token_id"])


def downgrade() -> None:
    op.drop_index("ix_payments_token_id", table_name="payments")
