"""Opening the data file: pragmas, schema versions, upgrades, and files we must refuse."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from helpers import FIXED_NOW, projection_before_tax, raw_connection

from pos_app.domain.errors import UserFacingError
from pos_app.store import checkpoint as store_checkpoint
from pos_app.store import migrations, projection, settings
from pos_app.store.catalog_search import search_products
from pos_app.store.database import PRAGMAS, connect, write_transaction
from pos_app.store.journal import append_event, journal_head, verify_journal
from pos_app.store.migrations import LATEST_VERSION, MIGRATIONS, migrate, schema_version
from pos_app.store.projection import (
    PAYMENT,
    PAYMENT_VOID,
    PRODUCT_UPSERT,
    project,
    rebuild_projections,
)
from pos_app.store.queries import product_by_code

V1_TABLES = {"journal", "products", "product_codes", "payments", "payment_items"}
V1_TABLES |= {"used_payment_codes"}


def table_names(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {row[0] for row in rows}


def open_fds_to(path: Path) -> list[str]:
    fd_dir = Path("/proc/self/fd")
    target = str(path.resolve())
    found = []
    for fd in os.listdir(fd_dir):
        try:
            if os.path.realpath(fd_dir / fd) == target:
                found.append(fd)
        except OSError:  # the fd closed while we looked
            continue
    return found


needs_proc = pytest.mark.skipif(
    not Path("/proc/self/fd").is_dir(), reason="needs /proc to see open files"
)


# --- a fresh file -------------------------------------------------------------------------


def test_fresh_file_is_at_the_latest_version_with_the_app_pragmas(db_path: Path) -> None:
    conn = connect(db_path)

    assert schema_version(conn) == LATEST_VERSION == len(MIGRATIONS)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # 2 = FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert table_names(conn) >= V1_TABLES | {"settings"}
    triggers = {
        row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
    }
    assert {"journal_no_update", "journal_no_delete"} <= triggers
    assert not conn.in_transaction
    conn.close()


def test_reopening_keeps_data_and_version(db_path: Path) -> None:
    conn = connect(db_path)
    with write_transaction(conn):
        settings.set_value(conn, "greeting", "안녕하세요")
    conn.close()

    again = connect(db_path)
    assert schema_version(again) == LATEST_VERSION
    assert settings.get_value(again, "greeting") == "안녕하세요"
    again.close()


def test_foreign_keys_are_enforced(db_path: Path) -> None:
    conn = connect(db_path)

    with pytest.raises(UserFacingError) as caught, write_transaction(conn):
        conn.execute("INSERT INTO product_codes (code, product_id) VALUES ('X', 'no-such')")

    assert caught.value.key == "store.unavailable"
    assert isinstance(caught.value.__cause__, sqlite3.IntegrityError)
    assert conn.execute("SELECT COUNT(*) FROM product_codes").fetchone()[0] == 0
    conn.close()


# --- upgrading a file written by an older version -----------------------------------------


def write_v1_file(path: Path) -> list[str]:
    """What the first release left on disk: schema v1, a product in journal and tables."""
    conn = raw_connection(path)
    conn.row_factory = sqlite3.Row
    for pragma in PRAGMAS:
        conn.execute(pragma)
    assert migrate(conn, target=1) == 1
    assert "settings" not in table_names(conn)
    hashes = []
    conn.execute("BEGIN IMMEDIATE")
    for product_id, name, price, code in (
        ("P1", "청주 막걸리", 1_800, "8808123000172"),
        ("P2", "찹쌀떡 6입", 6_000, "CJ-TTEOK6"),
    ):
        event = append_event(
            conn,
            PRODUCT_UPSERT,
            {"product_id": product_id, "name": name, "price": price, "codes": [code]},
            occurred_at=FIXED_NOW,
        )
        project(conn, event)
        hashes.append(event.hash)
    conn.execute("COMMIT")
    conn.close()
    return hashes


def test_v1_file_is_upgraded_with_its_data_intact(db_path: Path) -> None:
    hashes = write_v1_file(db_path)

    conn = connect(db_path)

    assert schema_version(conn) == LATEST_VERSION
    assert journal_head(conn) == (2, hashes[-1])
    assert verify_journal(conn) is None
    makgeolli = product_by_code(conn, "8808123000172")
    assert makgeolli is not None
    assert (makgeolli.product_id, makgeolli.name, makgeolli.price) == ("P1", "청주 막걸리", 1_800)
    tteok = product_by_code(conn, "CJ-TTEOK6")
    assert tteok is not None and tteok.price == 6_000
    # v2's settings table works in the upgraded file.
    with write_transaction(conn):
        settings.set_value(conn, settings.DEVICE_LABEL, "POS-02")
    assert settings.get_value(conn, settings.DEVICE_LABEL) == "POS-02"
    # The journal is still append-only after the upgrade.
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("DELETE FROM journal")
    conn.close()


def test_v3_file_gets_a_search_index_of_the_products_it_holds(db_path: Path) -> None:
    write_v1_file(db_path)
    conn = raw_connection(db_path)
    conn.row_factory = sqlite3.Row
    assert migrate(conn, target=3) == 3
    conn.execute("BEGIN IMMEDIATE")
    for body in (
        {"product_id": "P3", "name": "Fresh 우유 1L", "price": 2_980, "category": "유제품"},
        {"product_id": "P4", "name": "단종 막걸리", "price": 1_500, "active": False},
    ):
        project(conn, append_event(conn, PRODUCT_UPSERT, body, occurred_at=FIXED_NOW))
    conn.execute("COMMIT")
    conn.close()

    conn = connect(db_path)

    assert schema_version(conn) == LATEST_VERSION
    assert [p.product_id for p in search_products(conn, "막걸리")] == ["P1"]  # P4 inactive
    assert [p.product_id for p in search_products(conn, "떡")] == ["P2"]  # one syllable
    assert [p.product_id for p in search_products(conn, "FRESH")] == ["P3"]
    assert [p.product_id for p in search_products(conn, "유제")] == ["P3"]  # category
    assert [p.product_id for p in search_products(conn, "cj-tt")] == ["P2"]  # code prefix
    mirrored = conn.execute(
        "SELECT COUNT(*) FROM products JOIN product_search USING (product_id)"
        " WHERE product_search.active = products.active"
    ).fetchone()[0]
    assert mirrored == 4
    conn.execute("INSERT INTO product_fts (product_fts, rank) VALUES ('integrity-check', 1)")
    # The triggers run in the upgraded file: a rename is searchable at once.
    with write_transaction(conn):
        conn.execute("UPDATE products SET name = '청주 생막걸리' WHERE product_id = 'P1'")
    assert [p.product_id for p in search_products(conn, "생막")] == ["P1"]
    conn.close()


def write_v4_file_with_sales(path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A v4 file as that release left it: products, two payments (one voided), no stock.

    v4's projection is today's without stock movements, so today's runs with them off.
    """
    conn = raw_connection(path)
    conn.row_factory = sqlite3.Row
    assert migrate(conn, target=4) == 4
    ids: dict[str, str] = {}
    with monkeypatch.context() as v4:
        v4.setattr(projection.stock_movements, "insert_movements", lambda *a, **k: None)
        projection_before_tax(v4)
        conn.execute("BEGIN IMMEDIATE")
        for product_id, name, price in (("P1", "청주 막걸리", 1_800), ("P2", "찹쌀떡", 6_000)):
            body = {"product_id": product_id, "name": name, "price": price, "codes": []}
            project(conn, append_event(conn, PRODUCT_UPSERT, body, occurred_at=FIXED_NOW))
        for receipt_no, lines in (
            ("20261125-0001", [("P1", 3), (None, 1), ("P2", 1)]),  # an open amount between
            ("20261125-0002", [("P2", 2)]),
        ):
            event = append_event(
                conn, PAYMENT, payment_body(receipt_no, lines), occurred_at=FIXED_NOW
            )
            project(conn, event)
            ids[receipt_no] = event.event_id
        void = append_event(
            conn,
            PAYMENT_VOID,
            {"payment_id": ids["20261125-0002"], "receipt_no": "20261125-0002", "reason": "x"},
            occurred_at=FIXED_NOW,
        )
        project(conn, void)
        ids["void"] = void.event_id
        conn.execute("COMMIT")
    assert "stock_movements" not in table_names(conn)
    conn.close()
    return ids


def payment_body(receipt_no: str, lines: list[tuple[str | None, int]]) -> dict:
    items = [
        {
            "line_no": number,
            "product_id": product_id,
            "name": product_id or "금액",
            "unit_price": 1_000,
            "quantity": quantity,
            "amount": 1_000 * quantity,
            "excluded_from_discount": False,
        }
        for number, (product_id, quantity) in enumerate(lines, start=1)
    ]
    total = sum(item["amount"] for item in items)
    return {
        "receipt_no": receipt_no,
        "business_date": "2026-11-25",
        "tender": "cash",
        "lines": items,
        "subtotal": total,
        "eligible": total,
        "discount": 0,
        "discount_rate_bp": 0,
        "total": total,
        "cashback_preview": 0,
        "payment_code": None,
        "offline": True,
    }


def test_v4_file_gets_the_stock_its_past_sales_and_voids_moved(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = write_v4_file_with_sales(db_path, monkeypatch)

    conn = connect(db_path)

    assert schema_version(conn) == LATEST_VERSION
    moved = {
        row["movement_id"]: (row["product_id"], row["delta"], row["reason"], row["source"])
        for row in conn.execute("SELECT * FROM stock_movements")
    }
    first, second = ids["20261125-0001"], ids["20261125-0002"]
    assert moved == {
        f"{first}/0": ("P1", -3, "counter_sale", "device"),
        f"{first}/2": ("P2", -1, "counter_sale", "device"),  # index 1 was the open amount
        f"{second}/0": ("P2", -2, "counter_sale", "device"),
        f"{ids['void']}/0": ("P2", 2, "counter_void", "device"),
    }
    assert {r[0]: r[1] for r in conn.execute("SELECT * FROM stock_levels")} == {"P1": -3, "P2": -1}
    # The upgrade made exactly what a rebuild from the journal makes.
    before = [tuple(r) for r in conn.execute("SELECT * FROM stock_movements ORDER BY 1")]
    with write_transaction(conn):
        rebuild_projections(conn)
    assert [tuple(r) for r in conn.execute("SELECT * FROM stock_movements ORDER BY 1")] == before
    # The new product columns start empty; the new tables are there and empty.
    row = conn.execute("SELECT photo, low_stock_at, favourite FROM products WHERE product_id='P1'")
    assert tuple(row.fetchone()) == (None, None, 0)
    for table in ("media", "listings", "listing_reviews", "orders"):
        assert conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0
    assert verify_journal(conn) is None
    conn.close()


def test_migrate_to_a_lower_target_does_nothing(db_path: Path) -> None:
    conn = connect(db_path)

    assert migrate(conn, target=1) == LATEST_VERSION
    assert "settings" in table_names(conn)
    conn.close()


def test_v13_file_gets_an_empty_checkpoint_and_is_then_checked_whole(db_path: Path) -> None:
    conn = raw_connection(db_path)
    migrate(conn, target=13)
    with write_transaction(conn):
        append_event(conn, "settings_changed", {"key": "x"}, occurred_at=FIXED_NOW)
    conn.close()
    conn = connect(db_path)  # the app opening it: v14 and on
    assert schema_version(conn) == LATEST_VERSION and "chain_checkpoint" in table_names(conn)
    # No checkpoint yet: nothing is vouched for, so the start check verifies from seq 1.
    assert store_checkpoint.load(conn) is None
    assert store_checkpoint.verify_from_checkpoint(conn) is None
    conn.close()


# --- files we refuse ----------------------------------------------------------------------


def write_too_new_file(path: Path) -> None:
    conn = raw_connection(path)
    conn.execute("CREATE TABLE from_the_future (x INTEGER)")
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.close()


def test_file_from_a_newer_app_is_refused(db_path: Path) -> None:
    write_too_new_file(db_path)

    with pytest.raises(UserFacingError) as caught:
        connect(db_path)

    assert caught.value.key == "store.too_new"
    check = raw_connection(db_path)
    assert schema_version(check) == LATEST_VERSION + 1
    assert table_names(check) == {"from_the_future"}  # nothing of ours was created
    # Refused before the app's pragmas touched it: still in rollback-journal mode.
    assert check.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    check.close()


def test_file_that_is_not_a_database_is_reported_corrupt(db_path: Path) -> None:
    junk = bytes(range(256)) * 32  # 8 KiB, no SQLite header
    db_path.write_bytes(junk)

    with pytest.raises(UserFacingError) as caught:
        connect(db_path)

    assert caught.value.key == "store.corrupt"
    assert caught.value.code == "E903"
    assert db_path.read_bytes() == junk  # refused, not overwritten


def test_directory_in_place_of_the_file_is_unavailable(tmp_path: Path) -> None:
    occupied = tmp_path / "pos.sqlite3"
    occupied.mkdir()

    with pytest.raises(UserFacingError) as caught:
        connect(occupied)

    assert caught.value.key == "store.unavailable"


@needs_proc
@pytest.mark.parametrize("make_bad_file", ["too_new", "not_a_database"])
def test_a_refused_file_is_not_left_open(db_path: Path, make_bad_file: str) -> None:
    if make_bad_file == "too_new":
        write_too_new_file(db_path)
    else:
        db_path.write_bytes(b"\x00not sqlite\xff" * 512)

    # Keep the exception (and so its traceback) alive, as an error dialog would.
    with pytest.raises(UserFacingError) as caught:
        connect(db_path)

    assert caught.value.key in {"store.too_new", "store.corrupt"}
    assert open_fds_to(db_path) == []


# --- a migration step that fails ----------------------------------------------------------

_BROKEN_V3 = """
CREATE TABLE half_done (x INTEGER);
INSERT INTO no_such_table VALUES (1);
"""
_GOOD_V3 = "CREATE TABLE loyalty (wallet_id INTEGER PRIMARY KEY);"


def test_failed_step_leaves_the_file_at_the_previous_version(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = connect(db_path)
    with write_transaction(conn):
        settings.set_value(conn, "kept", 1)
    monkeypatch.setattr(migrations, "MIGRATIONS", (*MIGRATIONS, _BROKEN_V3))
    monkeypatch.setattr(migrations, "LATEST_VERSION", LATEST_VERSION + 1)

    with pytest.raises(sqlite3.OperationalError, match="no_such_table"):
        migrations.migrate(conn, target=LATEST_VERSION + 1)

    assert not conn.in_transaction
    assert schema_version(conn) == LATEST_VERSION
    assert "half_done" not in table_names(conn)  # the step's DDL was rolled back
    with write_transaction(conn):
        settings.set_value(conn, "still_writable", True)
    conn.close()

    reopened = raw_connection(db_path)
    assert schema_version(reopened) == LATEST_VERSION
    assert "half_done" not in table_names(reopened)
    reopened.close()


def test_file_migrated_by_a_newer_app_is_then_refused_by_this_one(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = connect(db_path)
    with monkeypatch.context() as newer_app:
        newer_app.setattr(migrations, "MIGRATIONS", (*MIGRATIONS, _GOOD_V3))
        newer_app.setattr(migrations, "LATEST_VERSION", LATEST_VERSION + 1)
        assert migrations.migrate(conn, target=LATEST_VERSION + 1) == LATEST_VERSION + 1
        assert "loyalty" in table_names(conn)
    conn.close()

    with pytest.raises(UserFacingError) as caught:
        connect(db_path)
    assert caught.value.key == "store.too_new"
