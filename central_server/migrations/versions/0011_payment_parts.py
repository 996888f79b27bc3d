"""A split sale's parts by tender (복합결제).

Revision ID: 0011_payment_parts
Revises: 0010_merchant_tax_type
Create Date: 2026-12-05

Written out by hand, like the ones before it, so that it stays what it is when ``schema.py``
moves on. A new table only: payments of one tender have no rows in it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_payment_parts"
down_revision = "0010_merchant_tax_type"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "payment_parts",
        sa.Column("payment_id", sa.String(64), nullable=False),
        sa.Column("part_no", sa.Integer(), nullable=False),
        sa.Column("merchant_id", sa.String(64), nullable=False),
        sa.Column("device_id", sa.String(64), nullable=False),
        sa.Column("tender", sa.String(16), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("card_approval_no", sa.String(16)),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("payment_id", "part_no", name="pk_payment_parts"),
    )
    op.create_index("ix_payment_parts_merchant_id", "payment_parts", ["merchant_id"])


def downgrade() -> None:
    op.drop_index("ix_payment_parts_merchant_id", table_name="payment_parts")
    op.drop_table("payment_parts")
