"""Schema step v9 (print jobs): a v5 file with a sale upgrades, and the ledger's rules hold."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from day_sales import record_sale
from helpers import FIXED_NOW, projection_before_tax, raw_connection

from pos_app.store import print_jobs
from pos_app.store.database import connect, write_transaction
from pos_app.store.migrations import LATEST_VERSION, migrate, schema_version
from pos_app.store.projection import rebuild_projections


def test_a_v5_file_upgrades_and_its_old_sale_can_be_printed(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = raw_connection(db_path)
    assert migrate(raw, target=5) == 5
    with monkeypatch.context() as v5:
        projection_before_tax(v5)
        sale = record_sale(raw, FIXED_NOW, "cheongju_pay", [(None, "찹쌀떡", 6_000, 1)])
    raw.close()

    conn = connect(db_path)
    try:
        assert schema_version(conn) == LATEST_VERSION
        with write_transaction(conn):
            job = print_jobs.create_job(conn, "j1", sale, "escpos", FIXED_NOW)
        assert (job.copy_no, job.state.value, job.attempts) == (1, "queued", 1)
        # Rebuilding projections empties payments: the ledger must not stand in its way.
        with write_transaction(conn):
            rebuild_projections(conn)
        assert print_jobs.latest_job(conn, sale) == job
    finally:
        conn.close()


def test_the_schema_refuses_a_second_copy_one_and_unknown_states(
    empty_db: sqlite3.Connection,
) -> None:
    row = "INSERT INTO print_jobs VALUES (?, 'p', ?, 'pdf', ?, 0, NULL, 'x', 'x')"
    empty_db.execute(row, ("a", 1, "sent"))
    with pytest.raises(sqlite3.IntegrityError):
        empty_db.execute(row, ("b", 1, "sent"))
    with pytest.raises(sqlite3.IntegrityError):
        empty_db.execute(row, ("c", 2, "printing"))
    with pytest.raises(sqlite3.IntegrityError):
        empty_db.execute(row, ("d", 0, "queued"))
