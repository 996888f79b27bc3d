"""Merchants have a tax type: 일반과세자 (general), 간이과세자 (simplified), 면세사업자.

Revision ID: 0010_merchant_tax_type
Revises: 0009_cash_receipts
Create Date: 2026-12-05

Written out by hand, like the ones before it. Merchants from before are general taxpayers
(the column's default). A plain ADD COLUMN, never a batch copy: on SQLite a batch recreates
the table, which the foreign keys pointing at merchants refuse once rows exist.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_merchant_tax_type"
down_revision = "0009_cash_receipts"
branch_labels = None
depends_on = None

_CHECK = "taxpayer_type IN ('general', 'simplified', 'exempt_business')"
_NAME = "ck_merchants_taxpayer_type"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":  # SQLite adds a CHECK only with its column
        op.execute(
            "ALTER TABLE merchants ADD COLUMN taxpayer_type VARCHAR(16) DEFAULT 'general'"
            f" NOT NULL CONSTRAINT {_NAME} CHECK ({_CHECK})"
        )
    else:
        op.add_column(
            "merchants",
            sa.Column("taxpayer_type", sa.String(16), nullable=False, server_default="general"),
        )
        op.create_check_constraint(_NAME, "merchants", _CHECK)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(_NAME, "merchants", type_="check")
    op.drop_column("merchants", "taxpayer_type")
