"""Schema step v8 (business day): a v5 file with sales upgrades, and its sales settle."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from day_sales import record_sale
from helpers import FIXED_NOW, fixed_clock, projection_before_tax, raw_connection

from pos_app.services.day_close import DayCloseService
from pos_app.store.database import connect, write_transaction
from pos_app.store.migrations import LATEST_VERSION, migrate, schema_version
from pos_app.store.projection import rebuild_projections


def test_a_v5_file_with_sales_upgrades_and_its_first_day_counts_them(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = raw_connection(db_path)
    raw.row_factory = sqlite3.Row
    assert migrate(raw, target=5) == 5
    with monkeypatch.context() as v5:
        projection_before_tax(v5)
        record_sale(raw, FIXED_NOW, "cheongju_pay", [(None, "막걸리", 1_800, 3)])
        record_sale(raw, FIXED_NOW + timedelta(minutes=1), "cash", [(None, "찹쌀떡", 6_000, 1)])
    raw.close()

    conn = connect(db_path)
    try:
        assert schema_version(conn) == LATEST_VERSION
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"business_days", "cash_movements"} <= tables
        assert conn.execute("SELECT COUNT(*) FROM business_days").fetchone()[0] == 0
        days = DayCloseService(conn, fixed_clock(FIXED_NOW + timedelta(hours=1)))
        assert days.current_day() is None
        days.open_day(10_000)
        # Sales made before the upgrade (and before any day) belong to the first day.
        first = days.settlement()
        assert first is not None
        assert first.tender("cheongju_pay").sales == 5_400
        assert first.expected_cash == 16_000
        with write_transaction(conn):
            rebuild_projections(conn)
        assert days.current_day() is not None
    finally:
        conn.close()


def test_only_one_day_can_be_open(empty_db: sqlite3.Connection) -> None:
    """The schema itself refuses a second open day (the service refuses it first)."""
    empty_db.execute("BEGIN IMMEDIATE")
    for seq, day_id in ((1, "a"), (2, "b")):
        empty_db.execute(
            "INSERT INTO journal VALUES (?, ?, 'day_open', 'x', '{}', ?, ?)",
            (seq, day_id, "0" * 64, f"{seq:064d}"),
        )
    empty_db.execute(
        "INSERT INTO business_days (day_id, business_date, opened_seq, opened_at, float_amount)"
        " VALUES ('a', '2026-11-25', 1, 'x', 0)"
    )
    with pytest.raises(sqlite3.IntegrityError):
        empty_db.execute(
            "INSERT INTO business_days (day_id, business_date, opened_seq, opened_at,"
            " float_amount) VALUES ('b', '2026-11-25', 2, 'x', 0)"
        )
    empty_db.execute("ROLLBACK")
