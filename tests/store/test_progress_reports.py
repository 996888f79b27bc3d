"""The long steps of start-up say how far they are (a start-up window's bar): the backup's
paged copy, each migration step, the journal's rehash. Real files."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from day_sales import record_sale
from doctor_files import SALE, as_previous_version, shop_file
from helpers import FIXED_NOW

from pos_app.services.backups import BackupService
from pos_app.store import backup as store_backup
from pos_app.store import journal
from pos_app.store.backup import make_backup, start_check
from pos_app.store.database import connect
from pos_app.store.migrations import LATEST_VERSION, migrate


def assert_rises_to_whole(reports: list[tuple[int, int]]) -> None:
    assert reports, "no progress was reported"
    totals = {total for _, total in reports}
    assert len(totals) == 1 and reports[-1][0] == reports[-1][1] > 0
    done = [n for n, _ in reports]
    assert done == sorted(done) and done[0] < done[-1]


def test_a_backup_reports_the_pages_it_copied(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shop_file(db_path, sales=40)
    monkeypatch.setattr(store_backup, "_PAGES_PER_STEP", 8)  # a small file in several steps
    reports: list[tuple[int, int]] = []
    make_backup(
        db_path,
        tmp_path / "backups",
        FIXED_NOW,
        "manual",
        lambda done, total: reports.append((done, total)),
    )
    assert_rises_to_whole(reports)


def test_each_migration_step_is_reported(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "new.sqlite3", isolation_level=None)
    reports: list[tuple[int, int]] = []
    migrate(conn, progress=lambda done, total: reports.append((done, total)))
    conn.close()
    assert reports == [(n, LATEST_VERSION) for n in range(LATEST_VERSION + 1)]


def test_connect_reports_the_one_step_a_file_one_version_behind_needs(db_path: Path) -> None:
    shop_file(db_path, sales=1)
    as_previous_version(db_path)
    reports: list[tuple[int, int]] = []
    connect(db_path, lambda done, total: reports.append((done, total))).close()
    assert reports == [(0, 1), (1, 1)]


def test_the_start_check_reports_the_events_it_rehashed(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shop_file(db_path, sales=5)
    conn = connect(db_path)
    head = conn.execute("SELECT MAX(seq) FROM journal").fetchone()[0]
    conn.close()
    monkeypatch.setattr(journal, "_REPORT_EVERY", 2)  # a few events stand for many
    reports: list[tuple[int, int]] = []
    assert start_check(db_path, lambda done, total: reports.append((done, total))).ok
    assert_rises_to_whole(reports)
    assert reports[0] == (0, head) and reports[-1] == (head, head)
    assert len(reports) > 3  # between the ends, too


def test_after_a_checkpoint_only_the_newer_events_are_counted(db_path: Path) -> None:
    shop_file(db_path, sales=3)
    backups = BackupService(db_path, lambda: FIXED_NOW)
    assert backups.full_check() is None  # the checkpoint at the head
    conn = connect(db_path)
    for n in range(2):
        record_sale(conn, FIXED_NOW + timedelta(minutes=n), "cash", SALE)
    conn.close()
    reports: list[tuple[int, int]] = []
    assert backups.startup_problem(lambda done, total: reports.append((done, total))) is None
    assert reports[-1] == (2, 2)


def test_the_backup_before_an_upgrade_reports_its_copy(db_path: Path) -> None:
    shop_file(db_path, sales=40)
    as_previous_version(db_path)
    reports: list[tuple[int, int]] = []
    made = BackupService(db_path, lambda: FIXED_NOW).before_upgrade(
        lambda done, total: reports.append((done, total))
    )
    assert made is not None
    assert_rises_to_whole(reports)
