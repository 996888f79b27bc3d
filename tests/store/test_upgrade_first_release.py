"""Upgrade in place: a data file made by the first released POS (schema v3) opens in this
one, keeps every record and answer, and sells on. ``tests/fixtures/first_release.sqlite3``
was written by that release's own code (see ``tests/fixtures/make_first_release_db.py``)."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from day_sales import record_sale
from helpers import FIXED_NOW, dump_projections

from pos_app.services.backups import BackupService
from pos_app.services.checkout import open_checkout
from pos_app.services.day_close import DayCloseService
from pos_app.store import sync_state
from pos_app.store.backup import check_file
from pos_app.store.database import connect, write_transaction
from pos_app.store.journal import journal_head, verify_journal
from pos_app.store.migrations import LATEST_VERSION, schema_version
from pos_app.store.projection import rebuild_projections

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "first_release.sqlite3"


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    path = tmp_path / "pos.sqlite3"
    shutil.copyfile(FIXTURE, path)
    return path


def as_written(path: Path) -> tuple[int, list[tuple], int]:
    raw = sqlite3.connect(path)
    try:
        version = raw.execute("PRAGMA user_version").fetchone()[0]
        rows = raw.execute(
            "SELECT payment_id, receipt_no, total, status, approval_no, cashback,"
            " voided_seq IS NOT NULL FROM payments ORDER BY seq"
        ).fetchall()
        events = raw.execute("SELECT COUNT(*) FROM journal").fetchone()[0]
    finally:
        raw.close()
    return version, rows, events


def test_the_first_release_file_upgrades_and_keeps_every_record(old_file: Path) -> None:
    version, before, events = as_written(old_file)
    assert version == 3 and len(before) == 4 and events > 4

    conn = connect(old_file)
    try:
        assert schema_version(conn) == LATEST_VERSION
        assert verify_journal(conn) is None
        assert journal_head(conn)[0] == events  # the upgrade wrote no event
        after = [
            tuple(r)
            for r in conn.execute(
                "SELECT payment_id, receipt_no, total, status, approval_no, cashback,"
                " voided_seq IS NOT NULL FROM payments ORDER BY seq"
            )
        ]
        assert after == before  # same sales, same answers, the void kept
        assert [r[3] for r in after] == ["approved", "approved", "pending", "pending"]
        # Answered up to the second sale; the rest (two sales, the void) still queued.
        second = conn.execute("SELECT seq FROM payments ORDER BY seq LIMIT 1 OFFSET 1")
        assert sync_state.acked_seq(conn) == second.fetchone()[0]
        assert sync_state.pending_stats(conn).count == events - sync_state.acked_seq(conn) == 3

        # What the upgrade made equals what a rebuild from the journal makes.
        upgraded = dump_projections(conn)
        with write_transaction(conn):
            rebuild_projections(conn)
        assert dump_projections(conn) == upgraded

        # Old receipts print; the day opens and counts the old sales; a new sale goes on.
        checkout = open_checkout(conn, lambda: FIXED_NOW)
        for payment_id, *_ in after:
            record = checkout.payment(payment_id)
            assert record is not None and checkout.receipt(record)
        days = DayCloseService(conn, lambda: FIXED_NOW)
        days.open_day(50_000)
        record_sale(conn, FIXED_NOW + timedelta(minutes=5), "cash", [(None, "막걸리", 1_800, 1)])
        assert verify_journal(conn) is None
    finally:
        conn.close()
    assert check_file(old_file, thorough=True).ok


def test_an_older_file_is_backed_up_before_it_is_migrated(old_file: Path) -> None:
    service = BackupService(old_file, lambda: FIXED_NOW)
    made = service.before_upgrade()
    assert made is not None and made.reason == "before_upgrade"
    assert as_written(made.path)[0] == 3  # the copy is the file as the old version left it
    connect(old_file).close()  # migrated now
    assert service.before_upgrade() is None  # nothing older to keep
