"""Backups of the real data file: online copy, checks of damaged files, rotation, restore."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from day_sales import record_sale
from helpers import FIXED_NOW, drop_journal_triggers

from pos_app.store import backup as store_backup
from pos_app.store.backup import FileState, check_file, list_backups, make_backup
from pos_app.store.database import connect
from pos_app.store.journal import journal_head, verify_journal

SALE = [(None, "막걸리", 1_800, 3)]


def sales_file(db_path: Path, count: int) -> sqlite3.Connection:
    conn = connect(db_path)
    for n in range(count):
        record_sale(conn, FIXED_NOW + timedelta(minutes=n), "cash", SALE)
    return conn


def payments(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT COUNT(*) FROM payments").fetchone()[0]
    finally:
        conn.close()


def test_a_backup_made_while_the_counter_has_the_file_open_is_whole(
    db_path: Path, tmp_path: Path
) -> None:
    conn = sales_file(db_path, 3)  # still open, WAL not checkpointed: the live case
    try:
        made = make_backup(db_path, tmp_path / "backups", FIXED_NOW, "daily")
        record_sale(conn, FIXED_NOW + timedelta(hours=1), "cash", SALE)  # keeps selling
    finally:
        conn.close()
    assert made.path.name == "pos-20261125-003000-daily.sqlite3"  # 15:30 UTC is 00:30 KST
    check = check_file(made.path, thorough=True)
    assert check.ok and check.events == journal_head(connect(db_path))[0] - 1
    assert payments(made.path) == 3
    # One self-contained file: nothing beside it, and not in WAL mode.
    assert sorted(p.name for p in made.path.parent.iterdir()) == [made.path.name]
    copy = sqlite3.connect(made.path)
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    copy.close()


def test_rotation_keeps_the_newest(db_path: Path, tmp_path: Path) -> None:
    sales_file(db_path, 1).close()
    backups = tmp_path / "backups"
    for day in range(store_backup.KEEP + 3):
        make_backup(db_path, backups, FIXED_NOW + timedelta(days=day), "daily")
    kept = list_backups(backups)
    assert len(kept) == store_backup.KEEP
    assert kept[0].made_at == FIXED_NOW + timedelta(days=store_backup.KEEP + 2)
    assert kept[-1].made_at == FIXED_NOW + timedelta(days=3)
    assert all(a.made_at > b.made_at for a, b in pairwise(kept))


def test_a_half_made_copy_is_neither_listed_nor_kept(db_path: Path, tmp_path: Path) -> None:
    sales_file(db_path, 1).close()
    backups = tmp_path / "backups"
    backups.mkdir()
    (backups / "pos-20261125-090000-daily.sqlite3.part").write_bytes(b"SQLite format 3\x00junk")
    assert list_backups(backups) == []
    made = make_backup(db_path, backups, FIXED_NOW, "manual")
    assert [b.path for b in list_backups(backups)] == [made.path]


def truncated(path: Path) -> None:
    size = path.stat().st_size
    with path.open("rb+") as f:
        f.truncate(size // 2)


def garbled_header(path: Path) -> None:
    with path.open("rb+") as f:
        f.write(b"\xff" * 100)


def garbled_pages(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data) - page, 3 * page):
        data[offset + 8 : offset + page] = bytes([0xA5]) * (page - 8)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("damage", "state"),
    [
        (truncated, FileState.DAMAGED),
        (garbled_header, FileState.NOT_A_DATABASE),
        (garbled_pages, FileState.DAMAGED),
    ],
    ids=["truncated", "garbled header", "garbled pages"],
)
def test_damaged_files_are_told_apart_without_raising(db_path: Path, damage, state) -> None:
    sales_file(db_path, 40).close()
    assert check_file(db_path).ok
    damage(db_path)
    check = check_file(db_path)
    assert check.state is state and not check.ok
    assert check_file(db_path, thorough=True).state is state


def test_an_edited_journal_is_a_broken_chain(db_path: Path) -> None:
    sales_file(db_path, 3).close()
    tamperer = drop_journal_triggers(db_path)
    tamperer.execute("UPDATE journal SET body = replace(body, '1800', '180') WHERE seq = 2")
    tamperer.close()
    check = check_file(db_path)
    assert check.state is FileState.CHAIN_BROKEN and check.first_broken_seq == 2


def test_a_missing_or_empty_file_is_a_first_start(tmp_path: Path) -> None:
    assert check_file(tmp_path / "none.sqlite3").state is FileState.MISSING
    (tmp_path / "empty.sqlite3").touch()
    assert check_file(tmp_path / "empty.sqlite3").ok


def test_restore_round_trip_keeps_the_replaced_file(db_path: Path, tmp_path: Path) -> None:
    sales_file(db_path, 2).close()
    backups = tmp_path / "backups"
    made = make_backup(db_path, backups, FIXED_NOW, "day_close")
    conn = connect(db_path)
    record_sale(conn, FIXED_NOW + timedelta(hours=2), "cash", SALE)
    conn.close()
    assert payments(db_path) == 3

    kept = store_backup.restore_backup(made.path, db_path, FIXED_NOW + timedelta(hours=3))

    assert kept is not None and kept.parent.name == store_backup.REPLACED_DIR
    assert payments(kept) == 3  # nothing deleted: the replaced file holds all it held
    restored = connect(db_path)  # the app opens it as usual
    try:
        assert verify_journal(restored) is None
        assert restored.execute("SELECT COUNT(*) FROM payments").fetchone()[0] == 2
        record_sale(restored, FIXED_NOW + timedelta(hours=4), "cash", SALE)  # and sells on
        assert verify_journal(restored) is None
    finally:
        restored.close()
    assert check_file(made.path).ok  # the backup itself is untouched


def test_a_damaged_backup_is_refused_and_nothing_changes(db_path: Path, tmp_path: Path) -> None:
    sales_file(db_path, 2).close()
    made = make_backup(db_path, tmp_path / "backups", FIXED_NOW, "daily")
    truncated(made.path)
    before = db_path.read_bytes()
    with pytest.raises(ValueError, match="does not check"):
        store_backup.restore_backup(made.path, db_path, FIXED_NOW)
    assert db_path.read_bytes() == before
    assert not (db_path.parent / store_backup.REPLACED_DIR).exists()


def test_the_newest_good_backup_skips_a_damaged_newer_one(db_path: Path, tmp_path: Path) -> None:
    sales_file(db_path, 2).close()
    backups = tmp_path / "backups"
    older = make_backup(db_path, backups, FIXED_NOW, "daily")
    newer = make_backup(db_path, backups, FIXED_NOW + timedelta(days=1), "daily")
    garbled_header(newer.path)
    found = store_backup.newest_good_backup(backups)
    assert found is not None and found[0].path == older.path and found[1].events > 0
