"""Versioned schema migrations, tracked in ``PRAGMA user_version``.

Append new steps; never edit a released one (a merchant's file may be at any
older version). Each step runs in one transaction with its version bump.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from pos_app.domain.errors import ErrorKey, UserFacingError

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

# Version 5: shared stock, media, listings and online orders (docs/protocol.md).
# - stock_movements: one row per movement id, never updated. A product's level is the
#   SUM of its deltas; stock_levels caches that sum per product, kept by triggers so every
#   writer (projection, changes feed, rebuild) keeps it right. It is a cache: it can be
#   recomputed from the movements at any time (store/stock_movements.py rebuild_levels).
#   source 'device': made by a journal event of this device (seq names it; a rebuild
#   remakes it); 'server': made from what the server said (the changes feed, a decline),
#   kept by a rebuild.
# - media: photos by content hash. Not journalled (the events name the hash); uploaded
#   says the server confirmed it holds the bytes.
# - listings: projected from listing_upsert / listing_stock events; listing_reviews holds
#   the server's word on them (kept by a rebuild).
# - orders: the server's rows from the changes feed (kept by a rebuild), the device's
#   latest order_status event for each (local_*, rebuilt from the journal) and the status
#   the screen shows, derived from both (store/orders.py). seen: the vendor has looked.
# Payments recorded before this version get their counter sale and void movements here,
# exactly as a rebuild would make them, so that upgrading and rebuilding agree.
_V5 = """
ALTER TABLE products ADD COLUMN photo TEXT;                    -- sha256 of a media row
ALTER TABLE products ADD COLUMN low_stock_at INTEGER;          -- warn at or below this level
ALTER TABLE products ADD COLUMN favourite INTEGER NOT NULL DEFAULT 0;

CREATE TABLE stock_movements (
    movement_id TEXT PRIMARY KEY,                -- domain/stock.py: derived or the event_id
    product_id  TEXT NOT NULL,                   -- no FK: the server may name a product first
    delta       INTEGER NOT NULL CHECK (delta <> 0),
    reason      TEXT NOT NULL,
    order_id    TEXT,
    occurred_at TEXT NOT NULL,
    source      TEXT NOT NULL CHECK (source IN ('device', 'server')),
    seq         INTEGER                          -- the journal event that made it (device)
) WITHOUT ROWID;
CREATE INDEX stock_movements_by_product ON stock_movements(product_id, occurred_at);
CREATE INDEX stock_movements_by_seq ON stock_movements(seq) WHERE seq IS NOT NULL;

CREATE TABLE stock_levels (
    product_id TEXT PRIMARY KEY,
    level      INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER stock_movements_no_update BEFORE UPDATE ON stock_movements
BEGIN SELECT RAISE(ABORT, 'a stock movement is never changed; add another'); END;
CREATE TRIGGER stock_movements_level_insert AFTER INSERT ON stock_movements
BEGIN
    INSERT INTO stock_levels (product_id, level) VALUES (NEW.product_id, NEW.delta)
    ON CONFLICT (product_id) DO UPDATE SET level = level + excluded.level;
END;
CREATE TRIGGER stock_movements_level_delete AFTER DELETE ON stock_movements
BEGIN
    UPDATE stock_levels SET level = level - OLD.delta WHERE product_id = OLD.product_id;
END;

CREATE TABLE media (
    sha256       TEXT PRIMARY KEY,               -- hex of the bytes' SHA-256
    content_type TEXT NOT NULL,
    data         BLOB NOT NULL,
    created_at   TEXT NOT NULL,
    uploaded     INTEGER NOT NULL DEFAULT 0      -- the server holds it (201/200 or HEAD 200)
) WITHOUT ROWID;
CREATE INDEX media_not_uploaded ON media(sha256) WHERE uploaded = 0;

CREATE TABLE listings (
    listing_id    TEXT PRIMARY KEY,
    product_id    TEXT NOT NULL,
    channel       TEXT NOT NULL,                 -- mall | onsijang
    title         TEXT NOT NULL,
    description   TEXT NOT NULL,
    photos        TEXT NOT NULL,                 -- JSON array of sha256
    price         INTEGER NOT NULL,
    stock_offered INTEGER NOT NULL,
    delivery      TEXT NOT NULL,                 -- JSON, listings.Delivery.as_json()
    state         TEXT NOT NULL,                 -- the device's: draft | submitted | withdrawn
    state_seq     INTEGER NOT NULL,              -- the listing_upsert that set it
    created_at    TEXT NOT NULL,
    updated_seq   INTEGER NOT NULL
);
CREATE TABLE listing_reviews (
    listing_id  TEXT PRIMARY KEY,
    status      TEXT NOT NULL,                   -- published | rejected | withdrawn
    reason      TEXT,
    reviewed_at TEXT,
    basis_seq   INTEGER NOT NULL,                -- our acknowledged seq when it arrived
    received_at TEXT NOT NULL
);

CREATE TABLE orders (
    order_id           TEXT PRIMARY KEY,
    listing_id         TEXT,
    product_id         TEXT NOT NULL,
    channel            TEXT NOT NULL,
    title              TEXT NOT NULL,
    quantity           INTEGER NOT NULL CHECK (quantity > 0),
    unit_price         INTEGER NOT NULL,
    delivery_method    TEXT NOT NULL,
    delivery_fee       INTEGER NOT NULL,
    goods              INTEGER NOT NULL,
    fee                INTEGER NOT NULL,
    payout             INTEGER NOT NULL,
    total              INTEGER NOT NULL,
    customer_name      TEXT NOT NULL,
    customer_phone     TEXT NOT NULL,
    address            TEXT NOT NULL,
    request_note       TEXT NOT NULL,
    placed_at          TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    received_at        TEXT NOT NULL,
    server_status      TEXT NOT NULL,            -- the changes feed's word
    server_reason      TEXT,
    server_tracking_no TEXT,
    local_status       TEXT,                     -- this device's latest order_status event
    local_reason       TEXT,
    local_tracking_no  TEXT,
    local_seq          INTEGER,
    status             TEXT NOT NULL,            -- what the screen shows
    status_reason      TEXT,
    tracking_no        TEXT,
    seen               INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX orders_by_status ON orders(status, placed_at);
CREATE INDEX orders_unseen ON orders(order_id) WHERE seen = 0;
CREATE INDEX orders_by_local_seq ON orders(local_seq) WHERE local_seq IS NOT NULL;

INSERT INTO stock_movements (movement_id, product_id, delta, reason, occurred_at, source, seq)
SELECT payment_id || '/' || line_index, product_id, -quantity, 'counter_sale', paid_at,
       'device', seq
FROM (SELECT p.payment_id, p.paid_at, p.seq, i.product_id, i.quantity,
             row_number() OVER (PARTITION BY p.payment_id ORDER BY i.line_no) - 1 AS line_index
      FROM payments p JOIN payment_items i USING (payment_id))
WHERE product_id IS NOT NULL;
INSERT INTO stock_movements (movement_id, product_id, delta, reason, occurred_at, source, seq)
SELECT event_id || '/' || line_index, product_id, quantity, 'counter_void', occurred_at,
       'device', seq
FROM (SELECT j.event_id, j.occurred_at, j.seq, i.product_id, i.quantity,
             row_number() OVER (PARTITION BY p.payment_id ORDER BY i.line_no) - 1 AS line_index
      FROM payments p JOIN journal j ON j.seq = p.voided_seq
      JOIN payment_items i USING (payment_id))
WHERE product_id IS NOT NULL;
"""

# Staff, refunds and tenders, day close and printing were built in parallel: each part
# owns one of these steps. Until a part fills its step, the step is a no-op, so files move
# through the same version numbers whichever part lands first. None is released yet.
_V6 = """-- v6: staff, roles, PIN lockout
-- Written by staff_change events (services/staff.py), except the PIN hash and the lockout
-- counters: they stay on this device and are never journalled or sent.
CREATE TABLE staff (
    staff_id     TEXT PRIMARY KEY,              -- UUID made on this device
    name         TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('owner', 'manager', 'cashier')),
    active       INTEGER NOT NULL DEFAULT 1,
    pin_hash     TEXT NOT NULL,                 -- Argon2id, salted; never the PIN
    failures     INTEGER NOT NULL DEFAULT 0,    -- wrong PINs in a row
    locked_until TEXT,                          -- RFC 3339 UTC
    updated_seq  INTEGER REFERENCES journal(seq)
);
-- The shop's manager PIN (from before staff) becomes the owner, so the same PIN still works.
INSERT INTO staff (staff_id, name, role, pin_hash)
SELECT 'owner', '사장', 'owner', json_extract(value, '$')
FROM settings WHERE key = 'manager_pin_hash' AND json_valid(value);
"""
_V7 = """-- v7: refunds and tenders
-- Cash: what the customer handed over and the change given (NULL for other tenders).
ALTER TABLE payments ADD COLUMN tendered INTEGER;
ALTER TABLE payments ADD COLUMN change_due INTEGER;

-- One row per payment_refund event; the payment's row is never edited by a refund, so
-- what was paid and what went back stay side by side (DOMAIN: a refund stays in history).
CREATE TABLE refunds (
    seq               INTEGER PRIMARY KEY REFERENCES journal(seq),
    refund_id         TEXT NOT NULL UNIQUE,      -- the refund event's event_id
    payment_id        TEXT NOT NULL REFERENCES payments(payment_id),
    refund_no         TEXT NOT NULL UNIQUE,      -- R-YYYYMMDD-NNNN (KST business day)
    business_date     TEXT NOT NULL,
    refunded_at       TEXT NOT NULL,
    tender            TEXT NOT NULL,
    reason            TEXT NOT NULL,
    note              TEXT NOT NULL DEFAULT '',
    gross             INTEGER NOT NULL CHECK (gross >= 0),
    discount_share    INTEGER NOT NULL CHECK (discount_share >= 0),
    amount            INTEGER NOT NULL CHECK (amount >= 0),
    approved_by       TEXT,
    status            TEXT NOT NULL DEFAULT 'pending',  -- pending | accepted | declined | recorded
    cashback_reversed INTEGER,                   -- confirmed by the server
    decline_code      TEXT,
    decline_message   TEXT
);
CREATE INDEX refunds_by_payment ON refunds(payment_id);
CREATE INDEX refunds_by_date ON refunds(business_date);
CREATE TABLE refund_items (
    refund_id TEXT NOT NULL REFERENCES refunds(refund_id),
    line_no   INTEGER NOT NULL,                  -- the payment's line
    quantity  INTEGER NOT NULL CHECK (quantity > 0),
    amount    INTEGER NOT NULL,                  -- list price of the quantity
    PRIMARY KEY (refund_id, line_no)
) WITHOUT ROWID;
"""
_V8 = """-- v8: business day, cash float and movements, day close
-- A day is the day_open event's id. Its sales are the payments journalled after the
-- previous day's close up to its own close (seq order), so no sale falls between days.
CREATE TABLE business_days (
    day_id        TEXT PRIMARY KEY,             -- the day_open event's event_id
    business_date TEXT NOT NULL,                -- KST date it was opened, YYYY-MM-DD
    opened_seq    INTEGER NOT NULL UNIQUE REFERENCES journal(seq),
    opened_at     TEXT NOT NULL,
    float_amount  INTEGER NOT NULL CHECK (float_amount >= 0),
    closed_seq    INTEGER UNIQUE REFERENCES journal(seq),
    closed_at     TEXT,
    counted_cash  INTEGER,
    close_body    TEXT                          -- the day_close body (JSON): the slip as closed
);
-- At most one day open at a time.
CREATE UNIQUE INDEX business_days_one_open ON business_days((closed_seq IS NULL))
    WHERE closed_seq IS NULL;
CREATE TABLE cash_movements (
    seq         INTEGER PRIMARY KEY REFERENCES journal(seq),
    movement_id TEXT NOT NULL UNIQUE,           -- the cash_movement event's event_id
    day_id      TEXT NOT NULL REFERENCES business_days(day_id),
    occurred_at TEXT NOT NULL,
    direction   TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    amount      INTEGER NOT NULL CHECK (amount > 0),
    reason      TEXT NOT NULL
);
CREATE INDEX cash_movements_by_day ON cash_movements(day_id, seq);
-- The sales view reads payments by business date.
CREATE INDEX payments_by_business_date ON payments(business_date);
"""
_V9 = """-- v9: print jobs
-- One row per paper copy of a receipt. Not journalled: printing moves no money or stock;
-- the ledger only keeps a retry from printing a copy twice and counts reprints.
CREATE TABLE print_jobs (
    job_id      TEXT PRIMARY KEY,            -- UUID made on this device, one per copy
    payment_id  TEXT NOT NULL,  -- no FK: rebuilding projections empties payments
    copy_no     INTEGER NOT NULL CHECK (copy_no >= 1),  -- 1 = the original, 2.. = 재발행
    destination TEXT NOT NULL,               -- escpos | system | pdf
    state       TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (payment_id, copy_no)
);
"""

_V10 = """-- v10: merchant-presented payment requests
-- Device state, not journalled: the request is a question to the server; the payment it
-- ends in is the journalled record (its event names the request: mpm_request_id).
CREATE TABLE payment_requests (
    request_id  TEXT PRIMARY KEY,            -- UUID made on this device, in the QR (26.02)
    amount      INTEGER NOT NULL CHECK (amount > 0),
    subtotal    INTEGER NOT NULL,
    discount    INTEGER NOT NULL,
    cart        TEXT NOT NULL,               -- the payment body to record, as JSON
    payload     TEXT NOT NULL,               -- the merchant QR the customer display shows
    status      TEXT NOT NULL CHECK (status IN ('open', 'paid', 'cancelled', 'expired')),
    expires_at  TEXT NOT NULL,               -- RFC 3339 UTC
    approval_no TEXT,
    cashback    INTEGER,
    payment_id  TEXT UNIQUE,                 -- the payment event that recorded it: once
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX payment_requests_open ON payment_requests(status);
"""

_V11 = """-- v11: only Cheongju Pay money is exposure
-- Cash and card-terminal sales and refunds were left 'pending' for ever (the server answers
-- them 'recorded', which the POS did not handle), so they filled the 500,000 won unsynced
-- cap and the 72-hour rule and showed as awaiting approval. They are final when recorded:
-- their own status 'recorded', and the exposure triggers and index name the tender too.
UPDATE payments SET status = 'recorded' WHERE tender <> 'cheongju_pay' AND status = 'pending';
UPDATE refunds SET status = 'recorded' WHERE tender <> 'cheongju_pay' AND status = 'pending';

DROP TRIGGER payments_unsynced_insert;
DROP TRIGGER payments_unsynced_update;
DROP TRIGGER payments_unsynced_delete;
CREATE TRIGGER payments_exposure_insert AFTER INSERT ON payments
WHEN NEW.status = 'pending' AND NEW.voided_seq IS NULL AND NEW.tender = 'cheongju_pay'
BEGIN
    UPDATE unsynced_totals SET count = count + 1, total = total + NEW.total WHERE id = 1;
END;
CREATE TRIGGER payments_exposure_update AFTER UPDATE OF status, voided_seq, total, tender
ON payments
BEGIN
    UPDATE unsynced_totals SET
        count = count
            - (OLD.status = 'pending' AND OLD.voided_seq IS NULL AND OLD.tender = 'cheongju_pay')
            + (NEW.status = 'pending' AND NEW.voided_seq IS NULL AND NEW.tender = 'cheongju_pay'),
        total = total
            - CASE WHEN OLD.status = 'pending' AND OLD.voided_seq IS NULL
                   AND OLD.tender = 'cheongju_pay' THEN OLD.total ELSE 0 END
            + CASE WHEN NEW.status = 'pending' AND NEW.voided_seq IS NULL
                   AND NEW.tender = 'cheongju_pay' THEN NEW.total ELSE 0 END
    WHERE id = 1;
END;
CREATE TRIGGER payments_exposure_delete AFTER DELETE ON payments
WHEN OLD.status = 'pending' AND OLD.voided_seq IS NULL AND OLD.tender = 'cheongju_pay'
BEGIN
    UPDATE unsynced_totals SET count = count - 1, total = total - OLD.total WHERE id = 1;
END;
-- Recounted from the rows, whatever the old triggers had summed.
UPDATE unsynced_totals SET
    count = (SELECT COUNT(*) FROM payments WHERE status = 'pending' AND voided_seq IS NULL
             AND tender = 'cheongju_pay'),
    total = (SELECT COALESCE(SUM(total), 0) FROM payments WHERE status = 'pending'
             AND voided_seq IS NULL AND tender = 'cheongju_pay')
WHERE id = 1;

DROP INDEX payments_pending_by_seq;
CREATE INDEX payments_exposure_by_seq ON payments(seq)
    WHERE status = 'pending' AND voided_seq IS NULL AND tender = 'cheongju_pay';
"""

_V12 = """-- v12: what is left of a listing's online offer, as the server counts it
-- Orders placed online take their quantity off the offer on the server; the listing_status
-- change carries the figure. NULL: from a server that did not send it (the device's own).
ALTER TABLE listing_reviews ADD COLUMN stock_offered INTEGER;
"""

_V13 = """-- v13: one approval path; the legacy shop manager PIN leaves settings
-- Voids and refunds are approved only by a staff member's PIN (services/staff.py, with its
-- lockout). The v1-v5 shop PIN hash ('manager_pin_hash') was still written by enrolment and
-- the demo and mirrored on the owner's PIN resets. Where no active owner exists (a till set
-- up after v6 and not started since) it becomes the owner, as at v6, so the same PIN keeps
-- approving; ensure_owner journals that row at the next start. Where an owner exists it is
-- dropped: v6, enrolment and resets made it the owner's own hash. Safe to run twice, and it
-- needs only v6's staff table.
INSERT INTO staff (staff_id, name, role, pin_hash)
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4'
             || substr(hex(randomblob(2)), 2) || '-'
             || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2)
             || '-' || hex(randomblob(6))),
       '사장', 'owner', json_extract(value, '$')
FROM settings
WHERE key = 'manager_pin_hash' AND json_valid(value) AND json_type(value) = 'text'
  AND NOT EXISTS (SELECT 1 FROM staff WHERE role = 'owner' AND active = 1);
DELETE FROM settings WHERE key = 'manager_pin_hash';
"""

_V14 = """-- v14: the journal's verified checkpoint
-- The last event up to which the whole chain was verified (a full check after start, or
-- doctor), sealed (domain/journal.py checkpoint_seal): the start check rehashes only the
-- events after it, so start-up time does not grow with the history. One row at most;
-- no row (a file from before v14) means the start check verifies the whole chain.
CREATE TABLE chain_checkpoint (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    seq         INTEGER NOT NULL,
    hash        TEXT NOT NULL,
    seal        TEXT NOT NULL,
    verified_at TEXT NOT NULL                  -- UTC, when the full check passed
);
-- The sales view dates a void by its void event: only voided payments are in this index,
-- so it costs a sale nothing and the view no longer reads every payment ever made.
CREATE INDEX payments_voided_by_seq ON payments(voided_seq) WHERE voided_seq IS NOT NULL;
-- Start-up looks for online payments still waiting for their answer: only pending
-- payments (a handful, whatever the history) are in this index, so that look reads them
-- and not every payment ever made.
CREATE INDEX payments_pending_by_seq ON payments(seq) WHERE status = 'pending';
"""

_V15 = """-- v15: taxable and tax-exempt goods, and the VAT split of what was paid and refunded
-- A product is 과세 (taxable) or 면세 (exempt); a product from before is taxable. Each sale
-- line keeps its category and each payment and refund its split of the money (taxable
-- includes its VAT; domain/tax.py). Rows from before were all taxable: the split is the
-- whole amount, VAT floor(amount / 11), as the projection reads an event without one.
ALTER TABLE products ADD COLUMN tax_category TEXT NOT NULL DEFAULT 'taxable'
    CHECK (tax_category IN ('taxable', 'exempt'));
ALTER TABLE payment_items ADD COLUMN tax TEXT NOT NULL DEFAULT 'taxable'
    CHECK (tax IN ('taxable', 'exempt'));
ALTER TABLE payments ADD COLUMN taxable_total INTEGER NOT NULL DEFAULT 0;
ALTER TABLE payments ADD COLUMN vat INTEGER NOT NULL DEFAULT 0;
ALTER TABLE payments ADD COLUMN exempt_total INTEGER NOT NULL DEFAULT 0;
ALTER TABLE refunds ADD COLUMN taxable_total INTEGER NOT NULL DEFAULT 0;
ALTER TABLE refunds ADD COLUMN vat INTEGER NOT NULL DEFAULT 0;
ALTER TABLE refunds ADD COLUMN exempt_total INTEGER NOT NULL DEFAULT 0;
UPDATE payments SET taxable_total = total, vat = total / 11;
UPDATE refunds SET taxable_total = amount, vat = amount / 11;
"""

_V16 = """-- v16: cash receipts (현금영수증)
-- One row per journal event that asked the relay for something: the cash payment that
-- asked for a receipt (action 'issue'), or the refund or void of it that cancels it
-- ('cancel'). Projected from the event (status 'pending'); the server's answer in the
-- push result fills in status, approval_no and reason. Only the masked number is kept
-- here: the event itself carries the whole number to the relay.
CREATE TABLE cash_receipts (
    event_id          TEXT PRIMARY KEY,
    seq               INTEGER NOT NULL UNIQUE,
    payment_id        TEXT NOT NULL,
    action            TEXT NOT NULL CHECK (action IN ('issue', 'cancel')),
    purpose           TEXT NOT NULL,
    identifier_kind   TEXT NOT NULL,
    identifier_masked TEXT NOT NULL,
    self_issued       INTEGER NOT NULL DEFAULT 0,
    amount            INTEGER NOT NULL,
    business_date     TEXT NOT NULL,
    requested_at      TEXT NOT NULL,
    status            TEXT NOT NULL DEFAULT 'pending'
                      CHECK (status IN ('pending', 'issued', 'refused')),
    approval_no       TEXT,
    reason            TEXT
);
CREATE INDEX cash_receipts_by_payment ON cash_receipts(payment_id);
CREATE INDEX cash_receipts_by_day ON cash_receipts(business_date);
"""


_V17 = """-- v17: goods sold by weight (label scales) and at the day's market price (시가)
-- sold_by_weight: the price that counts is price_per_kg (won per kg) and the stock is kept
-- in grams (a sale moves the line's weight, not a count). market_price: the counter asks for
-- today's price each time it is rung up. A sale line keeps the weight and the price per kg
-- it was priced at (NULL: not weighed), so a void puts the same grams back on the shelf.
ALTER TABLE products ADD COLUMN sold_by_weight INTEGER NOT NULL DEFAULT 0;
ALTER TABLE products ADD COLUMN price_per_kg INTEGER;
ALTER TABLE products ADD COLUMN market_price INTEGER NOT NULL DEFAULT 0;
ALTER TABLE payment_items ADD COLUMN weight_g INTEGER;
ALTER TABLE payment_items ADD COLUMN price_per_kg INTEGER;
"""

_V18 = """-- v18: split payment (복합결제): a sale's parts by tender, and the exposure of each sale
-- One row per tender a payment was paid in, projected from the payment event: a split
-- sale's "parts", or one part (its tender, its total) for every other payment. The close,
-- the sales screen and refunds count money by these rows. Each part keeps its share of the
-- sale's VAT split so the close can show 과세/부가세/면세 per tender.
CREATE TABLE payment_parts (
    payment_id       TEXT NOT NULL REFERENCES payments(payment_id),
    part_no          INTEGER NOT NULL,
    tender           TEXT NOT NULL,
    amount           INTEGER NOT NULL CHECK (amount >= 0),
    tendered         INTEGER,                -- cash: what was handed over
    change_due       INTEGER,                -- cash: what went back
    card_approval_no TEXT,                   -- 청주페이 카드: the terminal's approval number
    taxable_total    INTEGER NOT NULL DEFAULT 0,
    vat              INTEGER NOT NULL DEFAULT 0,
    exempt_total     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (payment_id, part_no)
);
INSERT INTO payment_parts (payment_id, part_no, tender, amount, tendered, change_due,
                           taxable_total, vat, exempt_total)
SELECT payment_id, 1, tender, total, tendered, change_due, taxable_total, vat, exempt_total
FROM payments;
-- The won of a payment that is Cheongju Pay QR/app money (exposure until the server
-- answers): the whole total of a Cheongju Pay payment, the QR part of a split one, else 0.
ALTER TABLE payments ADD COLUMN exposure INTEGER NOT NULL DEFAULT 0;
UPDATE payments SET exposure = total WHERE tender = 'cheongju_pay';
-- A sale rung up again from a declined one names it; one sale at most per declined one.
ALTER TABLE payments ADD COLUMN reopens TEXT;
CREATE UNIQUE INDEX payments_reopens ON payments(reopens) WHERE reopens IS NOT NULL;

DROP TRIGGER payments_exposure_insert;
DROP TRIGGER payments_exposure_update;
DROP TRIGGER payments_exposure_delete;
CREATE TRIGGER payments_exposure_insert AFTER INSERT ON payments
WHEN NEW.status = 'pending' AND NEW.voided_seq IS NULL AND NEW.exposure > 0
BEGIN
    UPDATE unsynced_totals SET count = count + 1, total = total + NEW.exposure WHERE id = 1;
END;
CREATE TRIGGER payments_exposure_update AFTER UPDATE OF status, voided_seq, exposure
ON payments
BEGIN
    UPDATE unsynced_totals SET
        count = count
            - (OLD.status = 'pending' AND OLD.voided_seq IS NULL AND OLD.exposure > 0)
            + (NEW.status = 'pending' AND NEW.voided_seq IS NULL AND NEW.exposure > 0),
        total = total
            - CASE WHEN OLD.status = 'pending' AND OLD.voided_seq IS NULL
                   THEN OLD.exposure ELSE 0 END
            + CASE WHEN NEW.status = 'pending' AND NEW.voided_seq IS NULL
                   THEN NEW.exposure ELSE 0 END
    WHERE id = 1;
END;
CREATE TRIGGER payments_exposure_delete AFTER DELETE ON payments
WHEN OLD.status = 'pending' AND OLD.voided_seq IS NULL AND OLD.exposure > 0
BEGIN
    UPDATE unsynced_totals SET count = count - 1, total = total - OLD.exposure WHERE id = 1;
END;
UPDATE unsynced_totals SET
    count = (SELECT COUNT(*) FROM payments WHERE status = 'pending' AND voided_seq IS NULL
             AND exposure > 0),
    total = (SELECT COALESCE(SUM(exposure), 0) FROM payments WHERE status = 'pending'
             AND voided_seq IS NULL)
WHERE id = 1;
DROP INDEX payments_exposure_by_seq;
CREATE INDEX payments_exposure_by_seq ON payments(seq)
    WHERE status = 'pending' AND voided_seq IS NULL AND exposure > 0;
"""

_V19 = """-- v19: parked sales (보류)
-- A sale put aside to serve the next customer, recalled later (possibly after a restart).
-- Device state, not a record: nothing was sold, no money or stock moved, so no journal event
-- writes or projects it (a rebuild of the projections leaves it alone). ``lines`` is the
-- cart's lines as JSON, every CartLine field; ``subtotal`` what they cost before any
-- tender's discount, kept for the list and the close's warning. IF NOT EXISTS: a file set back
-- to an older version keeps the table (nothing of the older schema reads it).
CREATE TABLE IF NOT EXISTS parked_sales (
    park_id    TEXT PRIMARY KEY,
    parked_at  TEXT NOT NULL,
    lines      TEXT NOT NULL,
    line_count INTEGER NOT NULL CHECK (line_count > 0),
    subtotal   INTEGER NOT NULL CHECK (subtotal >= 0),
    changes    TEXT  -- its manual price changes and discounts as JSON (NULL: none)
);
CREATE INDEX IF NOT EXISTS parked_sales_by_time ON parked_sales(parked_at);
"""

_V20 = """-- v20: manual price changes and discounts on a sale's lines
-- list_price: the catalogue price a manual price change replaced (NULL: unchanged);
-- line_discount: won a manual discount took off the line (its own, or its share of one on
-- the whole sale). amount is already net of it, as before: older rows read as no change.
ALTER TABLE payment_items ADD COLUMN list_price INTEGER;
ALTER TABLE payment_items ADD COLUMN line_discount INTEGER NOT NULL DEFAULT 0;
"""

MIGRATIONS: tuple[str, ...] = (
    _V1,
    _V2,
    _V3,
    _V4,
    _V5,
    _V6,
    _V7,
    _V8,
    _V9,
    _V10,
    _V11,
    _V12,
    _V13,
    _V14,
    _V15,
    _V16,
    _V17,
    _V18,
    _V19,
    _V20,
)
LATEST_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(
    conn: sqlite3.Connection,
    target: int = LATEST_VERSION,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Bring the file up to ``target``; refuse a file written by a newer app.

    ``progress(done, total)`` hears each step done, of the steps this file needs."""
    current = schema_version(conn)
    if current > LATEST_VERSION:
        raise UserFacingError(ErrorKey.STORE_TOO_NEW)
    steps = max(target - current, 0)
    if progress is not None and steps:
        progress(0, steps)
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
        if progress is not None:
            progress(version - current, steps)
    return schema_version(conn)
