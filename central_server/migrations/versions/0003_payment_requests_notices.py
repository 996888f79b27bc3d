"""Merchant-presented payment requests (EMVCo MPM) and pinned notices.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25

Written out by hand, like 0001 and 0002, so that it stays what it is when ``schema.py``
moves on.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "payment_requests",
        sa.Column("request_id", sa.String(36), nullable=False),
        sa.Column("merchant_id", sa.String(32), nullable=False),
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("subtotal", sa.BigInteger(), nullable=False),
        sa.Column("discount", sa.BigInteger(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        _ts("created_at"),
        _ts("expires_at"),
        _ts("paid_at", nullable=True),
        sa.Column("wallet_id", sa.String(20)),
        sa.Column("approval_no", sa.String(24)),
        sa.Column("cashback", sa.BigInteger()),
        sa.Column("cashback_month", sa.String(7)),
        sa.Column("payment_id", sa.String(64)),
        sa.CheckConstraint(
            "status IN ('open', 'paid', 'cancelled', 'expired')",
            name="ck_payment_requests_status",
        ),
        sa.CheckConstraint("amount > 0", name="ck_payment_requests_amount"),
        sa.ForeignKeyConstraint(
            ["merchant_id"],
            ["merchants.merchant_id"],
            name="fk_payment_requests_merchant_id_merchants",
        ),
        sa.ForeignKeyConstraint(
            ["device_id"], ["devices.device_id"], name="fk_payment_requests_device_id_devices"
        ),
        sa.PrimaryKeyConstraint("request_id", name="pk_payment_requests"),
        sa.UniqueConstraint("approval_no", name="uq_payment_requests_approval_no"),
        sa.UniqueConstraint("payment_id", name="uq_payment_requests_payment_id"),
    )
    op.create_index(
        "ix_payment_requests_merchant_id_status", "payment_requests", ["merchant_id", "status"]
    )
    with op.batch_alter_table("notices") as batch:
        batch.add_column(
            sa.Column("pinned", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("notices") as batch:
        batch.drop_column("pinned")
    op.drop_index("ix_payment_requests_merchant_id_status", "payment_requests")
    op.drop_table("payment_requests")
