"""The shop: products, stock movements, media, listings and online orders.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25

Written out by hand, like 0001, so that it stays what it is when ``schema.py`` moves on.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _merchant_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["merchant_id"], ["merchants.merchant_id"], name=f"fk_{table}_merchant_id_merchants"
    )


def _device_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["device_id"], ["devices.device_id"], name=f"fk_{table}_device_id_devices"
    )


def upgrade() -> None:
    op.create_table(
        "products",
        sa.Column("merchant_id", sa.String(32), nullable=False),
        sa.Column("product_id", sa.String(64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("price", sa.BigInteger(), nullable=False),
        sa.Column("category", sa.Text(), nullable=False),
        sa.Column("excluded_from_discount", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("codes", sa.Text(), nullable=False),
        sa.Column("photo", sa.String(64)),
        sa.Column("low_stock_at", sa.BigInteger()),
        sa.Column("favourite", sa.Boolean(), nullable=False),
        sa.Column("event_id", sa.String(64), nullable=False),
        _ts("updated_at"),
        _merchant_fk("products"),
        sa.PrimaryKeyConstraint("merchant_id", "product_id", name="pk_products"),
    )
    op.create_table(
        "stock_movements",
        sa.Column("merchant_id", sa.String(32), nullable=False),
        sa.Column("movement_id", sa.String(128), nullable=False),
        sa.Column("product_id", sa.String(64), nullable=False),
        sa.Column("delta", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.String(16), nullable=False),
        sa.Column("order_id", sa.String(32)),
        sa.Column("payment_id", sa.String(64)),
        _ts("occurred_at"),
        sa.Column("device_id", sa.String(36)),
        sa.Column("event_id", sa.String(64)),
        _ts("recorded_at"),
        sa.CheckConstraint(
            "reason IN ('counter_sale', 'counter_void', 'receipt', 'adjustment',"
            " 'online_reserve', 'online_release')",
            name="ck_stock_movements_reason",
        ),
        _merchant_fk("stock_movements"),
        _device_fk("stock_movements"),
        sa.PrimaryKeyConstraint("merchant_id", "movement_id", name="pk_stock_movements"),
    )
    op.create_index(
        "ix_stock_movements_merchant_id_product_id",
        "stock_movements",
        ["merchant_id", "product_id"],
    )
    op.create_index("ix_stock_movements_payment_id", "stock_movements", ["payment_id"])
    op.create_table(
        "media",
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content_type", sa.String(32), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("device_id", sa.String(36)),
        _ts("created_at"),
        _device_fk("media"),
        sa.PrimaryKeyConstraint("sha256", name="pk_media"),
    )
    op.create_table(
        "listings",
        sa.Column("listing_id", sa.String(64), nullable=False),
        sa.Column("merchant_id", sa.String(32), nullable=False),
        sa.Column("product_id", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("photos", sa.Text(), nullable=False),
        sa.Column("price", sa.BigInteger(), nullable=False),
        sa.Column("stock_offered", sa.Integer(), nullable=False),
        sa.Column("parcel_fee", sa.Integer()),
        sa.Column("pickup", sa.Boolean(), nullable=False),
        sa.Column("same_day_fee", sa.Integer()),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("review_reason", sa.Text(), nullable=False),
        _ts("reviewed_at", nullable=True),
        sa.Column("event_id", sa.String(64), nullable=False),
        _ts("created_at"),
        _ts("updated_at"),
        sa.CheckConstraint(
            "state IN ('draft', 'submitted', 'published', 'rejected', 'withdrawn')",
            name="ck_listings_state",
        ),
        sa.CheckConstraint("channel IN ('mall', 'onsijang')", name="ck_listings_channel"),
        _merchant_fk("listings"),
        sa.PrimaryKeyConstraint("listing_id", name="pk_listings"),
    )
    op.create_index("ix_listings_merchant_id_product_id", "listings", ["merchant_id", "product_id"])
    op.create_table(
        "orders",
        sa.Column("order_id", sa.String(32), nullable=False),
        sa.Column("merchant_id", sa.String(32), nullable=False),
        sa.Column("listing_id", sa.String(64), nullable=False),
        sa.Column("product_id", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price", sa.BigInteger(), nullable=False),
        sa.Column("delivery_method", sa.String(16), nullable=False),
        sa.Column("delivery_fee", sa.BigInteger(), nullable=False),
        sa.Column("goods", sa.BigInteger(), nullable=False),
        sa.Column("fee", sa.BigInteger(), nullable=False),
        sa.Column("payout", sa.BigInteger(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("wallet_id", sa.String(20), nullable=False),
        sa.Column("refunded", sa.BigInteger(), nullable=False),
        sa.Column("customer_name", sa.Text(), nullable=False),
        sa.Column("customer_phone", sa.Text(), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("request_note", sa.Text(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=False),
        sa.Column("tracking_no", sa.Text(), nullable=False),
        _ts("placed_at"),
        _ts("updated_at"),
        sa.CheckConstraint(
            "status IN ('placed', 'accepted', 'rejected', 'preparing', 'ready_for_pickup',"
            " 'shipped', 'completed', 'cancelled')",
            name="ck_orders_status",
        ),
        sa.CheckConstraint(
            "delivery_method IN ('parcel', 'pickup', 'same_day')", name="ck_orders_delivery"
        ),
        sa.CheckConstraint("quantity > 0", name="ck_orders_quantity"),
        _merchant_fk("orders"),
        sa.ForeignKeyConstraint(
            ["listing_id"], ["listings.listing_id"], name="fk_orders_listing_id_listings"
        ),
        sa.ForeignKeyConstraint(
            ["wallet_id"], ["wallets.wallet_id"], name="fk_orders_wallet_id_wallets"
        ),
        sa.PrimaryKeyConstraint("order_id", name="pk_orders"),
    )
    op.create_index("ix_orders_merchant_id_product_id", "orders", ["merchant_id", "product_id"])
    op.create_index("ix_orders_merchant_id_updated_at", "orders", ["merchant_id", "updated_at"])


def downgrade() -> None:
    for table in ("orders", "listings", "media", "stock_movements", "products"):
        op.drop_table(table)
