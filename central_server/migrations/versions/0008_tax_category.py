"""Products and listings are 과세 (taxable) or 면세 (exempt); payments keep their VAT split.

Revision ID: 0008_tax_category
Revises: 0007_rate_limits
Create Date: 2026-12-05

Written out by hand, like the ones before it, so that it stays what it is when ``schema.py``
moves on. Rows from before are all taxable: a product or listing 'taxable', a payment's
taxable total its total with VAT total / 11 rounded down (pos_app/domain/tax.py), filled in
one UPDATE each.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_tax_category"
down_revision = "0007_rate_limits"
branch_labels = None
depends_on = None

_CHECK = "tax_category IN ('taxable', 'exempt')"
_SPLIT = ("taxable_total", "vat", "exempt_total")


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN, never a batch copy: on SQLite a batch drops and recreates
    # the table, which the foreign keys of used_tokens (payments) and orders (listings)
    # refuse once rows exist.
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in ("products", "listings"):
        name = f"ck_{table}_tax_category"
        if sqlite:  # SQLite adds a CHECK only with its column
            op.execute(
                f"ALTER TABLE {table} ADD COLUMN tax_category VARCHAR(16) DEFAULT 'taxable'"
                f" NOT NULL CONSTRAINT {name} CHECK ({_CHECK})"
            )
        else:
            op.add_column(
                table,
                sa.Column("tax_category", sa.String(16), nullable=False, server_default="taxable"),
            )
            op.create_check_constraint(name, table, _CHECK)
    for column in _SPLIT:
        op.add_column(
            "payments", sa.Column(column, sa.BigInteger(), nullable=False, server_default="0")
        )
    # Integer division in both SQLite and PostgreSQL (BIGINT / INTEGER); totals are >= 0
    # for every payment that was accepted, and a declined one's figures are informational.
    op.execute("UPDATE payments SET taxable_total = total, vat = total / 11, exempt_total = 0")


def downgrade() -> None:
    for column in reversed(_SPLIT):
        op.drop_column("payments", column)
    for table in ("listings", "products"):
        if op.get_bind().dialect.name != "sqlite":
            op.drop_constraint(f"ck_{table}_tax_category", table, type_="check")
        op.drop_column(table, "tax_category")
