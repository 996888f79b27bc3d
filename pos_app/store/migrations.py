"""Versioned schema migrations, tracked in ``PRAGMA user_version``.

Append new steps; never edit a released one (a merchant's file may be at any
older version). Each step runs in one transaction with its version bump.
"""

from __future__ import annotations

import sqlite3

from pos_app.domain.errors import UserFacingError

# Version 1: the journal and the tables projected from it.
_V1 = """
CREATE TABLE journal (
    seq         INTEGER PRIMARY KEY,          -- gapless per device, from 1
    event_id    TEXT NOT NULL UNIQUE,         -- UUID made on this device
    type        TEXT NOT NULL,
    occurred_at TEXT NOT NULL,                -- RFC 3339 UTC, millisecond precision
    body        TEXT NOT NULL,                -- canonical JSON (RFC 8785)
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
-- The journal is append-only. The triggers stop the app's own bugs; a person
-- editing the file can drop them, which the hash chain then exposes.
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;

CREATE TABLE products (
    product_id             TEXT PRIMARY KEY,
    name                   TEXT NOT NULL,
    price                  INTEGER NOT NULL CHECK (price >= 0),
    category               TEXT NOT NULL DEFAULT '',
    excluded_from_discount INTEGER NOT NULL DEFAULT 0,
    active                 INTEGER NOT NULL DEFAULT 1,
    updated_seq            INTEGER NOT NULL REFERENCES journal(seq)
);
CREATE TABLE product_codes (
    code       TEXT PRIMARY KEY,              -- GTIN-13 key, EAN-8, or store code
    product_id TEXT NOT NULL REFERENCES products(product_id)
) WITHOUT ROWID;
CREATE INDEX product_codes_by_product ON product_codes(product_id);

-- Few B-trees per payment: every one a payment touches is another page in the
-- WAL commit (bench/checkout.py measures the cost against a bare commit).
CREATE TABLE payments (
    seq              INTEGER PRIMARY KEY REFERENCES journal(seq),
    payment_id       TEXT NOT NULL UNIQUE,    -- the payment event's event_id
    receipt_no       TEXT NOT NULL UNIQUE,    -- YYYYMMDD-NNNN (KST business day)
    business_date    TEXT NOT NULL,           -- local (KST) date, YYYY-MM-DD
    paid_at          TEXT NOT NULL,
    tender           TEXT NOT NULL,
    subtotal         INTEGER NOT NULL,
    eligible         INTEGER NOT NULL,
    discount         INTEGER NOT NULL,
    discount_rate_bp INTEGER NOT NULL,
    total            INTEGER NOT NULL CHECK (total >= 0),
    cashback_preview INTEGER NOT NULL,
    token_id         TEXT,
    wallet_id        TEXT,                    -- u64 as a decimal string
    scanned_at       INTEGER,
    offline          INTEGER NOT NULL,
    status           TEXT NOT NULL DEFAULT 'pending',  -- pending | approved | declined
    approval_no      TEXT,
    voided_seq       INTEGER REFERENCES journal(seq),
    void_reason      TEXT
);

-- The offline cap needs the unsynced total at every payment. Triggers keep it in
-- one row, so checking it costs the same after a week offline as after a minute,
-- whatever code path (payment, void, the server's answer, a rebuild) changes a row.
CREATE TABLE unsynced_totals (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    count INTEGER NOT NULL,
    total INTEGER NOT NULL
);
INSERT INTO unsynced_totals (id, count, total) VALUES (1, 0, 0);
CREATE TRIGGER payments_unsynced_insert AFTER INSERT ON payments
WHEN NEW.status = 'pending' AND NEW.voided_seq IS NULL
BEGIN
    UPDATE unsynced_totals SET count = count + 1, total = total + NEW.total WHERE id = 1;
END;
CREATE TRIGGER payments_unsynced_update AFTER UPDATE OF status, voided_seq, total ON payments
BEGIN
    UPDATE unsynced_totals SET
        count = count
            - (OLD.status = 'pending' AND OLD.voided_seq IS NULL)
            + (NEW.status = 'pending' AND NEW.voided_seq IS NULL),
        total = total
            - CASE WHEN OLD.status = 'pending' AND OLD.voided_seq IS NULL THEN OLD.total ELSE 0 END
            + CASE WHEN NEW.status = 'pending' AND NEW.voided_seq IS NULL THEN NEW.total ELSE 0 END
    WHERE id = 1;
END;
CREATE TRIGGER payments_unsynced_delete AFTER DELETE ON payments
WHEN OLD.status = 'pending' AND OLD.voided_seq IS NULL
BEGIN
    UPDATE unsynced_totals SET count = count - 1, total = total - OLD.total WHERE id = 1;
END;

CREATE TABLE payment_items (
    payment_id             TEXT NOT NULL REFERENCES payments(payment_id),
    line_no                INTEGER NOT NULL,
    product_id             TEXT,
    name                   TEXT NOT NULL,
    unit_price             INTEGER NOT NULL,
    quantity               INTEGER NOT NULL,
    amount                 INTEGER NOT NULL,
    excluded_from_discount INTEGER NOT NULL,
    PRIMARY KEY (payment_id, line_no)
) WITHOUT ROWID;

CREATE TABLE used_payment_codes (
    token_id   TEXT PRIMARY KEY,              -- a payment code pays once
    payment_id TEXT NOT NULL REFERENCES payments(payment_id),
    used_at    INTEGER NOT NULL
) WITHOUT ROWID;
"""

# Version 2: device settings received from the server or set by the owner
# (merchant profile, policies, issuer keys, limits). Not journalled: they are
# state the device is told, not things it did.
_V2 = """
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL                       -- JSON
);
"""

# Version 3: what the central server answered for each pushed event. The server's
# results are its records, not the device's actions, so they are kept beside the
# journal (never in it); payments take their approval, cashback or decline from here.
_V3 = """
CREATE TABLE sync_results (
    seq         INTEGER PRIMARY KEY REFERENCES journal(seq),
    event_id    TEXT NOT NULL,
    status      TEXT NOT NULL,                -- applied | duplicate
    outcome     TEXT NOT NULL,                -- accepted | declined | recorded
    detail      TEXT NOT NULL,                -- the result's other fields, JSON
    received_at TEXT NOT NULL
);
ALTER TABLE payments ADD COLUMN cashback INTEGER;         -- confirmed by the server
ALTER TABLE payments ADD COLUMN decline_code TEXT;
ALTER TABLE payments ADD COLUMN decline_message TEXT;
-- The offline rules refuse new risk once the oldest unconfirmed payment is too old.
CREATE INDEX payments_pending_by_seq ON payments(seq)
    WHERE status = 'pending' AND voided_seq IS NULL;
"""

# Version 4: the catalog search index (store/catalog_search.py reads it).
# product_search mirrors every product row, kept in step by triggers, so that any
# writer (the projection, a rebuild, a future bulk import) keeps it right. It holds
# search keys: lower() folds A-Z only, the same fold the query gets, so every search
# path agrees. Two trailing U+0001 pad the keys so that each character starts a
# trigram: a 1- or 2-character query is then answered from the trigram vocabulary
# (FTS5 trigram alone matches 3+ characters). docid is an INTEGER PRIMARY KEY, so
# VACUUM cannot renumber it under the FTS index (it may renumber products' rowids).
_V4 = """
CREATE TABLE product_search (
    docid        INTEGER PRIMARY KEY,
    product_id   TEXT NOT NULL UNIQUE,
    active       INTEGER NOT NULL,
    name_key     TEXT NOT NULL,               -- lower(name) || char(1, 1)
    category_key TEXT NOT NULL                -- lower(category) || char(1, 1)
);
-- Name order for the result lists; a walk in this order stops at the first matches.
CREATE INDEX product_search_by_name
    ON product_search(active, name_key, product_id, category_key);
CREATE VIRTUAL TABLE product_fts USING fts5(
    name_key, category_key,
    content='product_search', content_rowid='docid',
    tokenize='trigram case_sensitive 1'       -- the keys are folded already
);
CREATE VIRTUAL TABLE product_fts_terms USING fts5vocab(product_fts, 'row');

CREATE TRIGGER product_search_fts_insert AFTER INSERT ON product_search
BEGIN
    INSERT INTO product_fts (rowid, name_key, category_key)
    VALUES (NEW.docid, NEW.name_key, NEW.category_key);
END;
CREATE TRIGGER product_search_fts_delete AFTER DELETE ON product_search
BEGIN
    INSERT INTO product_fts (product_fts, rowid, name_key, category_key)
    VALUES ('delete', OLD.docid, OLD.name_key, OLD.category_key);
END;
-- A price change or a deactivation leaves the text alone: no re-indexing then.
CREATE TRIGGER product_search_fts_update AFTER UPDATE OF name_key, category_key ON product_search
WHEN OLD.name_key IS NOT NEW.name_key OR OLD.category_key IS NOT NEW.category_key
BEGIN
    INSERT INTO product_fts (product_fts, rowid, name_key, category_key)
    VALUES ('delete', OLD.docid, OLD.name_key, OLD.category_key);
    INSERT INTO product_fts (rowid, name_key, category_key)
    VALUES (NEW.docid, NEW.name_key, NEW.category_key);
END;

-- An upsert, not a plain insert: INSERT OR REPLACE on products deletes the old row
-- without firing DELETE triggers (recursive_triggers is off), so the old entry is
-- still here and must be updated in place.
CREATE TRIGGER products_search_insert AFTER INSERT ON products
BEGIN
    INSERT INTO product_search (product_id, active, name_key, category_key)
    VALUES (NEW.product_id, NEW.active, lower(NEW.name) || char(1, 1),
            lower(NEW.category) || char(1, 1))
    ON CONFLICT (product_id) DO UPDATE SET active = excluded.active,
        name_key = excluded.name_key, category_key = excluded.category_key;
END;
CREATE TRIGGER products_search_update AFTER UPDATE OF product_id, name, category, active
ON products
BEGIN
    UPDATE product_search SET product_id = NEW.product_id, active = NEW.active,
        name_key = lower(NEW.name) || char(1, 1), category_key = lower(NEW.category) || char(1, 1)
    WHERE product_id = OLD.product_id;
END;
CREATE TRIGGER products_search_delete AFTER DELETE ON products
BEGIN
    DELETE FROM product_search WHERE product_id = OLD.product_id;
END;

-- Index what an older version left in the file.
INSERT INTO product_search (product_id, active, name_key, category_key)
SELECT product_id, active, lower(name) || char(1, 1), lower(category) || char(1, 1)
FROM products;
"""

MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3, _V4)
LATEST_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int = LATEST_VERSION) -> int:
    """Bring the file up to ``target``; refuse a file written by a newer app."""
    current = schema_version(conn)
    if current > LATEST_VERSION:
        raise UserFacingError("store.too_new")
    for version in range(current + 1, target + 1):
        script = MIGRATIONS[version - 1]
        # executescript would COMMIT first; run it inside our own transaction so
        # a failed step leaves the file at the previous version.
        try:
            conn.executescript(
                f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version={version};\nCOMMIT;"
            )
        except sqlite3.Error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return schema_version(conn)
