"""Initial schema: merchants, devices, journal, wallets, payments, keys, changes.

Revision ID: 0001
Revises:
Create Date: 2026-11-25

Written out by hand (not ``metadata.create_all``) so that this revision stays
what it is when ``schema.py`` moves on; a test compares the two.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

AutoId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    server_meta = op.create_table(
        "server_meta",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_server_meta"),
    )
    counters = op.create_table(
        "counters",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_counters"),
    )
    op.create_table(
        "merchants",
        sa.Column("merchant_id", sa.String(32), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("business_number", sa.String(10), nullable=False),
        sa.Column("representative", sa.Text(), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("phone", sa.Text(), nullable=False),
        sa.Column("sector", sa.Text(), nullable=False),
        sa.Column("discount_rate_bp", sa.Integer()),
        sa.Column("discount_valid_from", sa.Date()),
        sa.Column("discount_valid_to", sa.Date()),
        sa.Column("discount_rounding_unit", sa.Integer()),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("restricted_reason", sa.Text(), nullable=False),
        sa.Column("restricted_since", sa.Date()),
        sa.Column("restricted_until", sa.Date()),
        sa.Column("designated", sa.Boolean(), server_default=sa.false(), nullable=False),
        _ts("created_at"),
        _ts("updated_at"),
        sa.CheckConstraint("status IN ('active', 'restricted')", name="ck_merchants_status"),
        sa.CheckConstraint("discount_rounding_unit IN (1, 10)", name="ck_merchants_rounding_unit"),
        sa.CheckConstraint(
            "discount_rate_bp BETWEEN 0 AND 10000", name="ck_merchants_discount_rate"
        ),
        sa.PrimaryKeyConstraint("merchant_id", name="pk_merchants"),
    )
    op.create_table(
        "enrolment_codes",
        sa.Column("code_sha256", sa.String(64), nullable=False),
        sa.Column("merchant_id", sa.String(32), nullable=False),
        _ts("created_at"),
        _ts("expires_at"),
        _ts("used_at", nullable=True),
        sa.Column("device_id", sa.String(36)),
        sa.ForeignKeyConstraint(
            ["merchant_id"],
            ["merchants.merchant_id"],
            name="fk_enrolment_codes_merchant_id_merchants",
        ),
        sa.PrimaryKeyConstraint("code_sha256", name="pk_enrolment_codes"),
    )
    op.create_index("ix_enrolment_codes_merchant_id", "enrolment_codes", ["merchant_id"])
    op.create_table(
        "devices",
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("merchant_id", sa.String(32), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("token_sha256", sa.String(64), nullable=False),
        _ts("created_at"),
        _ts("revoked_at", nullable=True),
        sa.Column("last_seq", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("last_hash", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["merchant_id"], ["merchants.merchant_id"], name="fk_devices_merchant_id_merchants"
        ),
        sa.PrimaryKeyConstraint("device_id", name="pk_devices"),
        sa.UniqueConstraint("token_sha256", name="uq_devices_token_sha256"),
    )
    op.create_index("ix_devices_merchant_id", "devices", ["merchant_id"])
    op.create_table(
        "wallets",
        sa.Column("wallet_id", sa.String(20), nullable=False),
        sa.Column("balance", sa.BigInteger(), nullable=False),
        _ts("created_at"),
        _ts("updated_at"),
        sa.PrimaryKeyConstraint("wallet_id", name="pk_wallets"),
    )
    op.create_table(
        "issuer_keys",
        sa.Column("key_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("private_seed", sa.LargeBinary(), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        sa.Column("not_before", sa.BigInteger()),
        sa.Column("not_after", sa.BigInteger()),
        _ts("created_at"),
        sa.PrimaryKeyConstraint("key_id", name="pk_issuer_keys"),
    )
    op.create_table(
        "cashback_policies",
        sa.Column("policy_id", AutoId, autoincrement=True, nullable=False),
        sa.Column("rate_bp", sa.Integer(), nullable=False),
        sa.Column("monthly_cap", sa.BigInteger(), nullable=False),
        sa.Column("extra_rate_bp", sa.Integer(), nullable=False),
        _ts("created_at"),
        sa.PrimaryKeyConstraint("policy_id", name="pk_cashback_policies"),
    )
    op.create_table(
        "cashback_ledger",
        sa.Column("wallet_id", sa.String(20), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("credited", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["wallet_id"], ["wallets.wallet_id"], name="fk_cashback_ledger_wallet_id_wallets"
        ),
        sa.PrimaryKeyConstraint("wallet_id", "month", name="pk_cashback_ledger"),
    )
    op.create_table(
        "journal_events",
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("occurred_at", sa.String(32), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        _ts("received_at"),
        sa.ForeignKeyConstraint(
            ["device_id"], ["devices.device_id"], name="fk_journal_events_device_id_devices"
        ),
        sa.PrimaryKeyConstraint("device_id", "seq", name="pk_journal_events"),
        sa.UniqueConstraint("event_id", name="uq_journal_events_event_id"),
    )
    op.create_table(
        "payments",
        sa.Column("payment_id", sa.String(64), nullable=False),
        sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("merchant_id", sa.String(32), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("decline_code", sa.String(32)),
        sa.Column("approval_no", sa.String(24)),
        sa.Column("wallet_id", sa.String(20)),
        sa.Column("token_id", sa.String(32)),
        sa.Column("subtotal", sa.BigInteger(), nullable=False),
        sa.Column("discount", sa.BigInteger(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("cashback", sa.BigInteger(), nullable=False),
        sa.Column("cashback_month", sa.String(7)),
        sa.Column("offline", sa.Boolean(), nullable=False),
        sa.Column("scanned_at", sa.BigInteger()),
        _ts("received_at"),
        sa.Column("voided_by", sa.String(64)),
        sa.Column("refunded", sa.BigInteger()),
        sa.Column("cashback_reversed", sa.BigInteger()),
        sa.CheckConstraint("outcome IN ('accepted', 'declined')", name="ck_payments_outcome"),
        sa.ForeignKeyConstraint(
            ["payment_id"],
            ["journal_events.event_id"],
            name="fk_payments_payment_id_journal_events",
        ),
        sa.ForeignKeyConstraint(
            ["device_id"], ["devices.device_id"], name="fk_payments_device_id_devices"
        ),
        sa.ForeignKeyConstraint(
            ["merchant_id"], ["merchants.merchant_id"], name="fk_payments_merchant_id_merchants"
        ),
        sa.PrimaryKeyConstraint("payment_id", name="pk_payments"),
        sa.UniqueConstraint("approval_no", name="uq_payments_approval_no"),
    )
    op.create_table(
        "used_tokens",
        sa.Column("token_id", sa.String(32), nullable=False),
        sa.Column("wallet_id", sa.String(20), nullable=False),
        sa.Column("payment_id", sa.String(64), nullable=False),
        sa.Column("used_at", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payments.payment_id"], name="fk_used_tokens_payment_id_payments"
        ),
        sa.PrimaryKeyConstraint("token_id", name="pk_used_tokens"),
    )
    op.create_table(
        "changes",
        sa.Column("change_id", AutoId, autoincrement=True, nullable=False),
        sa.Column("merchant_id", sa.String(32)),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        _ts("created_at"),
        sa.ForeignKeyConstraint(
            ["merchant_id"], ["merchants.merchant_id"], name="fk_changes_merchant_id_merchants"
        ),
        sa.PrimaryKeyConstraint("change_id", name="pk_changes"),
    )
    op.create_table(
        "notices",
        sa.Column("notice_id", AutoId, autoincrement=True, nullable=False),
        sa.Column("merchant_id", sa.String(32)),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        _ts("published_at"),
        sa.ForeignKeyConstraint(
            ["merchant_id"], ["merchants.merchant_id"], name="fk_notices_merchant_id_merchants"
        ),
        sa.PrimaryKeyConstraint("notice_id", name="pk_notices"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(sa.schema.CreateSequence(sa.Sequence("approval_no_seq")))
    op.bulk_insert(counters, [{"name": "approval_no", "value": 0}])
    # Names this database in change cursors: a cursor from another database (a reset or
    # a restored backup) is detected and answered with a fresh snapshot.
    op.bulk_insert(server_meta, [{"key": "instance_id", "value": secrets.token_hex(4)}])


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(sa.schema.DropSequence(sa.Sequence("approval_no_seq")))
    for table in (
        "notices",
        "changes",
        "used_tokens",
        "payments",
        "journal_events",
        "cashback_ledger",
        "cashback_policies",
        "issuer_keys",
        "wallets",
        "devices",
        "enrolment_codes",
        "merchants",
        "counters",
        "server_meta",
    ):
        op.drop_table(table)
