"""Cash receipts (현금영수증) the server issued or refused, standing in for the tax relay.

Revision ID: 0009_cash_receipts
Revises: 0007_rate_limits
Create Date: 2026-12-05

Written out by hand, like the ones before it, so that it stays what it is when ``schema.py``
moves on.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_cash_receipts"
down_revision = "0008_tax_category"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cash_receipts",
        sa.Column(
            "receipt_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("merchant_id", sa.String(64), nullable=False),
        sa.Column("device_id", sa.String(64), nullable=False),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("payment_id", sa.String(64), nullable=False),
        sa.Column("action", sa.String(8), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("approval_no", sa.String(16)),
        sa.Column("original_approval_no", sa.String(16)),
        sa.Column("purpose", sa.String(24)),
        sa.Column("identifier_kind", sa.String(24)),
        sa.Column("identifier_masked", sa.String(32)),
        sa.Column("self_issued", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.Text()),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("action IN ('issue', 'cancel')", name="ck_cash_receipts_action"),
        sa.CheckConstraint("status IN ('issued', 'refused')", name="ck_cash_receipts_status"),
        sa.PrimaryKeyConstraint("receipt_id", name="pk_cash_receipts"),
        sa.UniqueConstraint("event_id", name="uq_cash_receipts_event_id"),
        sa.UniqueConstraint("approval_no", name="uq_cash_receipts_approval_no"),
    )
    op.create_index(
        "ix_cash_receipts_device_id_payment_id", "cash_receipts", ["device_id", "payment_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_cash_receipts_device_id_payment_id", table_name="cash_receipts")
    op.drop_table("cash_receipts")
