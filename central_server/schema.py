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
    Index,
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
    # 일반과세자 / 간이과세자 / 면세사업자: decides what the shop's receipts may say of VAT.
    Column("taxpayer_type", String(16), nullable=False, server_default="general"),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    CheckConstraint("status IN ('active', 'restricted')", name="status"),
    CheckConstraint("discount_rounding_unit IN (1, 10)", name="rounding_unit"),
    CheckConstraint("discount_rate_bp BETWEEN 0 AND 10000", name="discount_rate"),
    CheckConstraint(
        "taxpayer_type IN ('general', 'simplified', 'exempt_business')", name="taxpayer_type"
    ),
)

enrolment_codes = Table(
    "enrolment_codes",
    metadata,
    # Only the hash: a leaked database must not enrol devices while codes are live.
    Column("code_sha256", String(64), primary_key=True),
    Column("merchant_id", ForeignKey("merchants.merchant_id"), nullable=False, index=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("used_at", UtcDateTime),  # when a grant for it was confirmed: the code is spent
    Column("device_id", String(36)),  # the device the code was granted for (new or re-enrolled)
    # The pending grant (central_server/enrolment.py): the token's hash, the name asked for
    # and until when the token may confirm. The device exists only once it is confirmed.
    Column("device_name", Text),
    Column("grant_token_sha256", String(64)),
    Column("grant_expires_at", UtcDateTime),
    Index(None, "grant_token_sha256", unique=True),
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
    # What the POS said it runs (X-CJPay-POS-Version), and since when: the city sees who
    # runs what. Written only when it changes, so a sync call costs no write.
    Column("app_version", String(32)),
    Column("app_version_since", UtcDateTime),
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
    # The split of the amount paid (pos_app/domain/tax.py), recomputed from the lines before
    # it is accepted; payments pushed before it existed are all taxable.
    Column("taxable_total", BigInteger, nullable=False, server_default="0"),
    Column("vat", BigInteger, nullable=False, server_default="0"),
    Column("exempt_total", BigInteger, nullable=False, server_default="0"),
    CheckConstraint("outcome IN ('accepted', 'declined')", name="outcome"),
    # An offline payment asks whether its token was presented online (settlement.py).
    Index("ix_payments_token_id", "token_id"),
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
    Column("pinned", Boolean, nullable=False, server_default=false()),  # shown first
)

# ----- the shop: catalogue, stock, media, listings, online orders -----------------------------

products = Table(
    "products",
    metadata,
    # The merchant's catalogue, kept from its devices' product_upsert events (last applied wins).
    Column("merchant_id", ForeignKey("merchants.merchant_id"), primary_key=True),
    Column("product_id", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("price", BigInteger, nullable=False),
    Column("category", Text, nullable=False),
    Column("excluded_from_discount", Boolean, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("codes", Text, nullable=False),  # JSON list, as the event sent it
    Column("photo", String(64)),  # sha256 of a media row, not enforced (uploaded separately)
    Column("low_stock_at", BigInteger),
    Column("favourite", Boolean, nullable=False),
    Column("event_id", String(64), nullable=False),  # the product_upsert that set this row
    Column("updated_at", UtcDateTime, nullable=False),
    # 과세 / 면세 (pos_app/domain/tax.py TaxCategory); a product from before is taxable.
    Column("tax_category", String(16), nullable=False, server_default="taxable"),
    CheckConstraint("tax_category IN ('taxable', 'exempt')", name="tax_category"),
)

stock_movements = Table(
    "stock_movements",
    metadata,
    # A product's stock level is SUM(delta) of its movements: no counter is ever overwritten,
    # and the primary key applies each movement id at most once (pos_app/domain/stock.py).
    Column("merchant_id", ForeignKey("merchants.merchant_id"), primary_key=True),
    Column("movement_id", String(128), primary_key=True),
    Column("product_id", String(64), nullable=False),
    Column("delta", BigInteger, nullable=False),
    Column("reason", String(16), nullable=False),
    Column("order_id", String(32)),  # online reserve / release
    Column("payment_id", String(64)),  # counter sale: its payment; counter void: the voided one
    Column("occurred_at", UtcDateTime, nullable=False),
    Column("device_id", ForeignKey("devices.device_id")),  # NULL: made by the server
    Column("event_id", String(64)),  # the journal event that made it (NULL: the server)
    Column("recorded_at", UtcDateTime, nullable=False),
    CheckConstraint(
        "reason IN ('counter_sale', 'counter_void', 'receipt', 'adjustment',"
        " 'online_reserve', 'online_release')",
        name="reason",
    ),
    Index("ix_stock_movements_merchant_id_product_id", "merchant_id", "product_id"),
    Index("ix_stock_movements_payment_id", "payment_id"),
)

media = Table(
    "media",
    metadata,
    # Content-addressed: the key is the SHA-256 of the bytes, so an upload is idempotent.
    Column("sha256", String(64), primary_key=True),
    Column("content_type", String(32), nullable=False),
    Column("size", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("device_id", ForeignKey("devices.device_id")),  # the first uploader
    Column("created_at", UtcDateTime, nullable=False),
)

listings = Table(
    "listings",
    metadata,
    # Device-made ids (UUIDs): unique across merchants, since customers order by listing id.
    Column("listing_id", String(64), primary_key=True),
    Column("merchant_id", ForeignKey("merchants.merchant_id"), nullable=False),
    Column("product_id", String(64), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("title", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("photos", Text, nullable=False),  # JSON list of sha256
    Column("price", BigInteger, nullable=False),
    Column("stock_offered", Integer, nullable=False),
    Column("parcel_fee", Integer),  # NULL: no parcel delivery
    Column("pickup", Boolean, nullable=False),
    Column("same_day_fee", Integer),  # NULL: no same-day delivery (온시장 only)
    Column("state", String(16), nullable=False),
    Column("review_reason", Text, nullable=False),
    Column("reviewed_at", UtcDateTime),
    Column("event_id", String(64), nullable=False),  # the last listing event applied
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    # The listed product's 과세 / 면세, as its listing event or its product says.
    Column("tax_category", String(16), nullable=False, server_default="taxable"),
    CheckConstraint(
        "state IN ('draft', 'submitted', 'published', 'rejected', 'withdrawn')", name="state"
    ),
    CheckConstraint("tax_category IN ('taxable', 'exempt')", name="tax_category"),
    CheckConstraint("channel IN ('mall', 'onsijang')", name="channel"),
    Index("ix_listings_merchant_id_product_id", "merchant_id", "product_id"),
)

orders = Table(
    "orders",
    metadata,
    Column("order_id", String(32), primary_key=True),
    Column("merchant_id", ForeignKey("merchants.merchant_id"), nullable=False),
    Column("listing_id", ForeignKey("listings.listing_id"), nullable=False),
    # What was bought, copied at placement: a later listing edit does not change an order.
    Column("product_id", String(64), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("title", Text, nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("unit_price", BigInteger, nullable=False),
    Column("delivery_method", String(16), nullable=False),
    Column("delivery_fee", BigInteger, nullable=False),
    Column("goods", BigInteger, nullable=False),
    Column("fee", BigInteger, nullable=False),
    Column("payout", BigInteger, nullable=False),
    Column("total", BigInteger, nullable=False),  # debited from the wallet at placement
    Column("wallet_id", ForeignKey("wallets.wallet_id"), nullable=False),
    Column("refunded", BigInteger, nullable=False),  # the total once rejected or cancelled
    Column("customer_name", Text, nullable=False),
    Column("customer_phone", Text, nullable=False),
    Column("address", Text, nullable=False),
    Column("request_note", Text, nullable=False),
    Column("status", String(20), nullable=False),
    Column("status_reason", Text, nullable=False),
    Column("tracking_no", Text, nullable=False),
    Column("placed_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    CheckConstraint(
        "status IN ('placed', 'accepted', 'rejected', 'preparing', 'ready_for_pickup',"
        " 'shipped', 'completed', 'cancelled')",
        name="status",
    ),
    CheckConstraint("delivery_method IN ('parcel', 'pickup', 'same_day')", name="delivery"),
    CheckConstraint("quantity > 0", name="quantity"),
    Index("ix_orders_merchant_id_product_id", "merchant_id", "product_id"),
    Index("ix_orders_merchant_id_updated_at", "merchant_id", "updated_at"),
)

# ----- merchant-presented payments (EMVCo MPM) ------------------------------------------------

payment_requests = Table(
    "payment_requests",
    metadata,
    # Made by the POS (a UUID) and carried in the merchant QR's template 26, sub-tag 02.
    Column("request_id", String(36), primary_key=True),
    Column("merchant_id", ForeignKey("merchants.merchant_id"), nullable=False),
    Column("device_id", ForeignKey("devices.device_id"), nullable=False),
    Column("subtotal", BigInteger, nullable=False),
    Column("discount", BigInteger, nullable=False),
    Column("amount", BigInteger, nullable=False),  # what the customer pays: subtotal - discount
    Column("status", String(16), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("paid_at", UtcDateTime),
    Column("wallet_id", String(20)),
    Column("approval_no", String(24), unique=True),
    Column("cashback", BigInteger),
    Column("cashback_month", String(7)),
    # The POS's payment event that recorded it: one request is recorded exactly once.
    Column("payment_id", String(64), unique=True),
    CheckConstraint("status IN ('open', 'paid', 'cancelled', 'expired')", name="status"),
    CheckConstraint("amount > 0", name="amount"),
    Index("ix_payment_requests_merchant_id_status", "merchant_id", "status"),
)

# ----- app versions ----------------------------------------------------------------------------

#: Each ``publish-version``: the newest row is what every till is told (the history is kept).
app_releases = Table(
    "app_releases",
    metadata,
    Column("release_id", AutoId, primary_key=True, autoincrement=True),
    Column("latest", String(32), nullable=False),
    Column("minimum", String(32), nullable=False),
    Column("url", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("published_at", UtcDateTime, nullable=False),
)

#: Wrong guesses per key (``enrol-merchant:<id>``, ``enrol-client:<address>``) in the current
#: window, and the lockout they earned: in the database so that every server process counts
#: the same guesses (central_server/rate_limits.py).
rate_limits = Table(
    "rate_limits",
    metadata,
    Column("limit_key", String(200), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("window_started_at", UtcDateTime, nullable=False),
    Column("locked_until", UtcDateTime),
)

# ----- cash receipts (현금영수증) -----------------------------------------------------------------

#: What the server, standing in for the tax service's relay, answered for each event that asked:
#: a cash payment's issue, a refund's or void's cancel. ``receipt_id`` makes the 9-digit
#: approval number (unique per server); ``event_id`` keeps it to one answer per event. Only the
#: masked number is kept: the relay passes the whole one on and need not hold it.
cash_receipts = Table(
    "cash_receipts",
    metadata,
    Column("receipt_id", AutoId, primary_key=True, autoincrement=True),
    Column("merchant_id", String(64), nullable=False),
    Column("device_id", String(64), nullable=False),
    Column("event_id", String(64), nullable=False, unique=True),
    Column("payment_id", String(64), nullable=False),
    Column("action", String(8), nullable=False),
    Column("status", String(8), nullable=False),
    Column("approval_no", String(16), unique=True),
    Column("original_approval_no", String(16)),
    Column("purpose", String(24)),
    Column("identifier_kind", String(24)),
    Column("identifier_masked", String(32)),
    Column("self_issued", Boolean, nullable=False, server_default=false()),
    Column("amount", BigInteger, nullable=False),
    Column("reason", Text),
    Column("answered_at", UtcDateTime, nullable=False),
    CheckConstraint("action IN ('issue', 'cancel')", name="action"),
    CheckConstraint("status IN ('issued', 'refused')", name="status"),
    Index("ix_cash_receipts_device_id_payment_id", "device_id", "payment_id"),
)

# A split sale's parts by tender (복합결제), as the device's payment event listed them: the
# day's money per tender is counted from these, and a refund credits the wallet only the
# Cheongju Pay QR part. Payments of one tender have no rows here (their tender is the body's).
payment_parts = Table(
    "payment_parts",
    metadata,
    Column("payment_id", String(64), primary_key=True),  # the payment event's id
    Column("part_no", Integer, primary_key=True),
    Column("merchant_id", String(64), nullable=False),
    Column("device_id", String(64), nullable=False),
    Column("tender", String(16), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("card_approval_no", String(16)),
    Column("received_at", UtcDateTime, nullable=False),
    Index("ix_payment_parts_merchant_id", "merchant_id"),
)
