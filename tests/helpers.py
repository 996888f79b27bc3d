"""Helpers shared by the store and service tests: a fixed clock, demo files, raw access.

Every database here is a real SQLite file opened through
:func:`pos_app.store.database.connect`, so the app's pragmas and migrations apply.
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from keyring.backend import KeyringBackend

from pos_app.domain.clock import Clock
from pos_app.services.demo import seed_demo
from pos_app.store.database import connect

# 15:30 UTC is 00:30 the next day in Korea: the business date is 2026-11-25.
FIXED_NOW = datetime(2026, 11, 24, 15, 30, tzinfo=UTC)

GENESIS = "0" * 64

# Projected tables and the columns that order their rows uniquely.
PROJECTED_TABLES: dict[str, str] = {
    "products": "product_id",
    "product_codes": "code",
    "payments": "payment_id",
    "payment_items": "payment_id, line_no",
    "used_payment_codes": "token_id",
    "cash_receipts": "event_id",
    "unsynced_totals": "id",
}


def fixed_clock(moment: datetime = FIXED_NOW) -> Clock:
    return lambda: moment


def make_demo_template(directory: Path, clock: Clock) -> Path:
    """A demo-seeded file, made once and copied per test (seeding hashes a PIN: slow)."""
    path = directory / "demo-template.sqlite3"
    conn = connect(path)
    try:
        seed_demo(conn, clock)
    finally:
        conn.close()
    # Closing the last connection checkpoints the WAL into the main file.
    assert not Path(f"{path}-wal").exists()
    return path


def open_copy(template: Path, path: Path) -> sqlite3.Connection:
    shutil.copyfile(template, path)
    return connect(path)


def raw_connection(path: Path) -> sqlite3.Connection:
    """A plain connection, as someone editing the file with a database tool would use."""
    return sqlite3.connect(path, isolation_level=None)


def drop_journal_triggers(path: Path) -> sqlite3.Connection:
    """What a tamperer does first; returns their connection, triggers gone."""
    tamperer = raw_connection(path)
    tamperer.execute("DROP TRIGGER journal_no_update")
    tamperer.execute("DROP TRIGGER journal_no_delete")
    return tamperer


def dump_table(conn: sqlite3.Connection, table: str) -> list[tuple[Any, ...]]:
    order = PROJECTED_TABLES[table]
    return [tuple(row) for row in conn.execute(f"SELECT * FROM {table} ORDER BY {order}")]


def dump_projections(conn: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    return {table: dump_table(conn, table) for table in PROJECTED_TABLES}


def plain_canonical_json(value: Any) -> bytes:
    """Canonical JSON the simple way; equals RFC 8785 for ints, strings, bools, objects."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def expected_event_hash(
    *, seq: int, event_id: str, type: str, occurred_at: str, body: Any, prev_hash: str
) -> str:
    unsigned = {
        "seq": seq,
        "event_id": event_id,
        "type": type,
        "occurred_at": occurred_at,
        "body": body,
        "prev_hash": prev_hash,
    }
    return hashlib.sha256(plain_canonical_json(unsigned)).hexdigest()


def demo_catalog() -> dict[str, dict[str, Any]]:
    """The demo products straight from the CSV, by barcode: an oracle independent of the DB."""
    text = resources.files("pos_app.resources.demo").joinpath("products.csv").read_text("utf-8")
    catalog: dict[str, dict[str, Any]] = {}
    for row in csv.DictReader(text.splitlines()):
        if row.get("sold_by_weight") == "1" or row.get("market_price") == "1":
            continue  # priced at the counter (a scale label, today's 시가), not by the list
        for code in row["codes"].split(";"):
            catalog[code] = {
                "product_id": row["product_id"],
                "name": row["name"],
                "price": int(row["price"]),
                "excluded": row["excluded_from_discount"] == "1",
                "tax": row.get("tax_category") or "taxable",
            }
    return catalog


class MemoryKeyring(KeyringBackend):
    """The OS keyring stands in: headless Linux has none (Windows has Credential Manager)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


def owner_approval(conn: sqlite3.Connection) -> Callable[[str], str]:
    """A refund approval by the file's owner: the staff id ``StaffService.approver`` answers
    for the owner's PIN, without hashing a PIN in every test. A file built by raw migrations
    has no staff: it gets an owner row like the one v6 made from the shop's PIN."""
    row = conn.execute("SELECT staff_id FROM staff WHERE role = 'owner' AND active = 1").fetchone()
    if row is None:
        conn.execute(
            "INSERT INTO staff (staff_id, name, role, pin_hash)"
            " VALUES ('owner', '사장', 'owner', '')"
        )
    owner = "owner" if row is None else str(row[0])
    return lambda _action: owner


def projection_before_tax(monkeypatch: Any) -> None:
    """Today's projection as the code before schema v15 wrote (no VAT split columns, and
    so none of v17's weighed-line columns either), for tests that build an older file with
    today's code: the split is the upgrade's to fill."""
    from pos_app.store import tax_facts, weighed_lines

    monkeypatch.setattr(tax_facts, "project_payment", lambda conn, event: None)
    monkeypatch.setattr(tax_facts, "project_refund", lambda conn, event: None)
    monkeypatch.setattr(weighed_lines, "project_payment", lambda conn, event: None)
    monkeypatch.setattr(weighed_lines, "weights_of", lambda conn, payment_id: {})
    projection_before_parts(monkeypatch)


def projection_before_parts(monkeypatch: Any) -> None:
    """Today's projection as the code before schema v18 wrote (no payment parts)."""
    from pos_app.store import payment_parts

    monkeypatch.setattr(payment_parts, "project_payment", lambda conn, event: None)


#: What schema v15 added (the 과세/면세 category and the VAT split), for taking it off again.
_CATEGORY = "TEXT NOT NULL DEFAULT 'taxable'"
_WON = "INTEGER NOT NULL DEFAULT 0"
TAX_COLUMNS = (
    ("products", "tax_category", _CATEGORY),
    ("payment_items", "tax", _CATEGORY),
    ("payments", "taxable_total", _WON),
    ("payments", "vat", _WON),
    ("payments", "exempt_total", _WON),
    ("refunds", "taxable_total", _WON),
    ("refunds", "vat", _WON),
    ("refunds", "exempt_total", _WON),
)


#: What schema v17 added (goods sold by weight, 시가, a weighed line's grams): today's
#: services read them too, so they come and go with the v15 columns on an older file.
_FLAG = "INTEGER NOT NULL DEFAULT 0"
WEIGHT_COLUMNS = (
    ("products", "sold_by_weight", _FLAG),
    ("products", "price_per_kg", "INTEGER"),
    ("products", "market_price", _FLAG),
    ("payment_items", "weight_g", "INTEGER"),
    ("payment_items", "price_per_kg", "INTEGER"),
)


def drop_tax_columns(conn: sqlite3.Connection) -> None:
    """Take schema v15's (and v17's) columns off a file (it then looks as v14 left it)."""
    for table, column, _ in (*TAX_COLUMNS, *WEIGHT_COLUMNS):
        conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")


def add_tax_columns(conn: sqlite3.Connection) -> None:
    """Schema v15's (and v17's) columns on an older file, so today's services can write
    into it; :func:`drop_tax_columns` takes them off again before the upgrade is tested."""
    for table, column, kind in (*TAX_COLUMNS, *WEIGHT_COLUMNS):
        conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")


def add_cash_receipts_table(conn: sqlite3.Connection) -> None:
    """Schema v16's table (cash receipts) on an older file, so today's services can write
    into it; :func:`drop_cash_receipts_table` takes it off again."""
    from pos_app.store.migrations import MIGRATIONS

    conn.executescript(MIGRATIONS[15])


def add_discount_columns(conn: sqlite3.Connection) -> None:
    """The manual-discount step's columns on an older file, so today's services can write
    into it; :func:`drop_discount_columns` takes them off again."""
    conn.execute("ALTER TABLE payment_items ADD COLUMN list_price INTEGER")
    conn.execute("ALTER TABLE payment_items ADD COLUMN line_discount INTEGER NOT NULL DEFAULT 0")


def drop_discount_columns(conn: sqlite3.Connection) -> None:
    """Take the manual-discount step's columns off a file (payment_items' list_price and
    line_discount), so an older version's upgrade can be tested with today's code."""
    for column in ("list_price", "line_discount"):
        conn.execute(f"ALTER TABLE payment_items DROP COLUMN {column}")


def drop_cash_receipts_table(conn: sqlite3.Connection) -> None:
    conn.execute("DROP TABLE cash_receipts")


#: What schema v18 added (a payment's parts by tender), for an older file today's services
#: write into; :func:`drop_payment_parts` takes it off again before the upgrade is tested.
_PARTS_TABLE = """CREATE TABLE payment_parts (
    payment_id TEXT NOT NULL, part_no INTEGER NOT NULL, tender TEXT NOT NULL,
    amount INTEGER NOT NULL, tendered INTEGER, change_due INTEGER, card_approval_no TEXT,
    taxable_total INTEGER NOT NULL DEFAULT 0, vat INTEGER NOT NULL DEFAULT 0,
    exempt_total INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (payment_id, part_no));
ALTER TABLE payments ADD COLUMN exposure INTEGER NOT NULL DEFAULT 0;
ALTER TABLE payments ADD COLUMN reopens TEXT;"""


def add_payment_parts(conn: sqlite3.Connection) -> None:
    conn.executescript(_PARTS_TABLE)


def drop_payment_parts(conn: sqlite3.Connection, *, upgraded: bool = False) -> None:
    """``upgraded``: the file went through v18 (its exposure triggers and index name the
    column): they are put back as v11 made them."""
    from pos_app.store.migrations import MIGRATIONS

    if upgraded:
        conn.executescript(
            "DROP INDEX payments_reopens; DROP INDEX payments_exposure_by_seq;"
            " DROP TRIGGER payments_exposure_insert; DROP TRIGGER payments_exposure_update;"
            " DROP TRIGGER payments_exposure_delete;"
        )
    conn.execute("DROP TABLE payment_parts")
    conn.execute("ALTER TABLE payments DROP COLUMN exposure")
    conn.execute("ALTER TABLE payments DROP COLUMN reopens")
    if upgraded:
        v11 = MIGRATIONS[10]
        v11 = v11[v11.index("CREATE TRIGGER payments_exposure_insert") :]
        conn.executescript(v11.replace("DROP INDEX payments_pending_by_seq;", ""))
