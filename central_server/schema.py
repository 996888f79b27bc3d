"""The server's tables (SQLAlchemy Core). Migrations in ``migrations/`` create them.

Conventions: money is BIGINT won; times are aware UTC (``UtcDateTime``) except
the payment code's Unix seconds, kept as integers as the code carries them;
wallet ids are u64 and are stored as their decimal string (no leading zeros),
exactly as the POS sends them, since SQLite and PostgreSQL integers stop at 2**63.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    Sequence,
    String,
    Table,
    Text,
    false,
)

from central_server.db import UtcDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

#: An autoincrementing key: SQLite only makes ``INTEGER PRIMARY KEY`` the rowid alias.
AutoId = BigInteger().with_variant(Integer(), "sqlite")

#: PostgreSQL allocates approval numbers from this sequence (no row lock shared by
#: concurrent pushes); SQLite, with one writer at a time, uses the ``counters`` row.
approval_no_seq = Sequence("approval_no_seq", metadata=metadata)

server_meta = Table(
    "server_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

counters = Table(
    "counters",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

merchants = Table(
    "merchants",
    metadata,
    Column("merchant_id", String(32), primary_key=True),
    Column("name", Text, nullable=False),
    Column("business_number", String(10), nullable=False),  # 10 digits, check digit verified
    Column("representative", Text, nullable=False),
    Column("address", Text, nullable=False),
    Column("phone", Text, nullable=False),
    Column("sector", Text, nullable=False),
    # The special discount (특별할인가맹점); all four NULL when the merchant has none.
    Column("discount_rate_bp", Integer),
    Column("discount_valid_from", Date),
    Column("discount_valid_to", Date),
    Column("discount_rounding_unit", Integer),
    Column("status", String(16), nullable=False),
    Column("restricted_reason", Text, nullable=False),
    Column("restricted_since", Date),
    Column("restricted_until", Date),
    Column("designated", Boolean, nullable=False, server_default=false()),  # 착한가격업소
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    CheckConstraint("status IN ('active', 'restricted')", name="status"),
    CheckConstraint("discount_rounding_unit IN (1, 10)", name="rounding_unit"),
    CheckConstraint("discount_rate_bp BETWEEN 0 AND 10000", name="discount_rate"),
)

enrolment_codes = Table(
    "enrolment_codes",
    metadata,
    # Only the hash: a leaked database must not enrol devices while codes are live.
    Column("code_sha256", String(64), primary_key=True),
    Column("merchant_id", ForeignKey("merchants.merchant_id"), nullable=False, index=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("used_at", UtcDateTime),
    Column("device_id", String(36)),
)

devices = Table(
    "devices",
    metadata,
    Column("device_id", String(36), primary_key=True),
    Column("merchant_id", ForeignKey("merchants.merchant_id"), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("token_sha256", String(64), nullable=False, unique=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("revoked_at", UtcDateTime),
    # The acknowledged journal head, kept here so a push reads one row, not MAX(seq).
    Column("last_seq", BigInteger, nullable=False, server_default="0"),
    Column("last_hash", String(64), nullable=False),
)

wallets = Table(
    "wallets",
    metadata,
    Column("wallet_id", String(20), primary_key=True),
    # May go negative: the issuer stands behind offline payments within the code's limit.
    Column("balance", BigInteger, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

issuer_keys = Table(
    "issuer_keys",
    metadata,
    Column("key_id", BigInteger, primary_key=True, autoincrement=False),  # u32 on the wire
    # The raw Ed25519 seed, in clear. Encrypting it at rest (KMS/HSM) is out of scope for
    # the reference server; a production issuer must not keep signing keys like this.
    Column("private_seed", LargeBinary, nullable=False),
    Column("public_key", LargeBinary, nullable=False),
    Column("not_before", BigInteger),  # Unix seconds, inclusive; bounds the codes' issued_at
    Column("not_after", BigInteger),
    Column("created_at", UtcDateTime, nullable=False),
)

cashback_policies = Table(
    "cashback_policies",
    metadata,
    # Append-only history; the newest row is in force.
    Column("policy_id", AutoId, primary_key=True, autoincrement=True),
    Column("rate_bp", Integer, nullable=False),
    Column("monthly_cap", BigInteger, nullable=False),
    Column("extra_rate_bp", Integer, nullable=False),  # designated merchants only
    Column("created_at", UtcDateTime, nullable=False),
)

cashback_ledger = Table(
    "cashback_ledger",
    metadata,
    Column("wallet_id", ForeignKey("wallets.wallet_id"), primary_key=True),
    Column("month", String(7), primary_key=True),  # KST "YYYY-MM" of the scan
    Column("credited", BigInteger, nullable=False),
)

journal_events = Table(
    "journal_events",
    metadata,
    Column("device_id", ForeignKey("devices.device_id"), primary_key=True),
    Column("seq", BigInteger, primary_key=True),
    Column("event_id", String(64), nullable=False, unique=True),
    Column("type", String(64), nullable=False),
    Column("occurred_at", String(32), nullable=False),
    Column("body", Text, nullable=False),  # the canonical JSON the hash covers, byte for byte
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Column("result", Text, nullable=False),  # JSON: what a duplicate push gets back
    Column("received_at", UtcDateTime, nullable=False),
)

payments = Table(
    "payments",
    metadata,
    Column("payment_id", ForeignKey("journal_events.event_id"), primary_key=True),
    Column("device_id", ForeignKey("devices.device_id"), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("merchant_id", ForeignKey("merchants.merchant_id"), nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("decline_code", String(32)),
    Column("approval_no", String(24), unique=True),
    Column("wallet_id", String(20)),
    Column("token_id", String(32)),
    Column("subtotal", BigInteger, nullable=False),
    Column("discount", BigInteger, nullable=False),
    Column("total", BigInteger, nullable=False),
    Column("cashback", BigInteger, nullable=False),
    Column("cashback_month", String(7)),
    Column("offline", Boolean, nullable=False),
    Column("scanned_at", BigInteger),
    Column("received_at", UtcDateTime, nullable=False),
    Column("voided_by", String(64)),  # the payment_void event's id
    Column("refunded", BigInteger),
    Column("cashback_reversed", BigInteger),
    CheckConstraint("outcome IN ('accepted', 'declined')", name="outcome"),
)

used_tokens = Table(
    "used_tokens",
    metadata,
    # The unique key is what makes "a token pays once" hold across devices and processes.
    Column("token_id", String(32), primary_key=True),
    Column("wallet_id", String(20), nullable=False),
    Column("payment_id", ForeignKey("payments.payment_id"), nullable=False),
    Column("used_at", BigInteger, nullable=False),  # the scan's Unix seconds
)

changes = Table(
    "changes",
    metadata,
    Column("change_id", AutoId, primary_key=True, autoincrement=True),
    Column("merchant_id", ForeignKey("merchants.merchant_id")),  # NULL: for every merchant
    Column("type", String(32), nullable=False),
    Column("data", Text, nullable=False),  # JSON
    Column("created_at", UtcDateTime, nullable=False),
)

notices = Table(
    "notices",
    metadata,
    Column("notice_id", AutoId, primary_key=True, autoincrement=True),
    Column("merchant_id", ForeignKey("merchants.merchant_id")),  # NULL: for every merchant
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("published_at", UtcDateTime, nullable=False),
)
