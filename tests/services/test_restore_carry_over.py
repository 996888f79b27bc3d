"""A backup restored over a damaged file carries over the damaged file's records after the
backup, as far as their chain verifies from the backup's head; the rest stay in the kept
file. Real files, damaged as a disk or a tamperer would, the newest sales still in the WAL."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from day_sales import record_sale
from doctor_files import SALE, shop_file
from helpers import FIXED_NOW, drop_journal_triggers, dump_projections, raw_connection

from pos_app.cli import _parser
from pos_app.services.backups import DAILY, BackupService
from pos_app.store.backup import check_file
from pos_app.store.database import connect
from pos_app.store.projection import rebuild_projections
from pos_app.support import maintenance


def service(db_path: Path) -> BackupService:
    return BackupService(db_path, lambda: FIXED_NOW + timedelta(hours=2))


def edit_body(path: Path, seq: int) -> None:
    """An event's body changed, its hash kept: the chain breaks at ``seq``."""
    tamperer = drop_journal_triggers(path)
    tamperer.execute("UPDATE journal SET body = replace(body, '6000', '600') WHERE seq = ?", (seq,))
    assert tamperer.total_changes == 1
    tamperer.close()


def backed_up_then_sold(tmp_path: Path, damage_at: int | None, after: int = 3) -> Path:
    """A shop file, its backup, the old event at ``damage_at`` edited, then ``after``
    sales; returned as the image a power cut leaves (the file and its WAL copied while
    the counter had it open)."""
    live = tmp_path / "live" / "pos.sqlite3"
    shop_file(live, sales=3)
    service(live).make(DAILY)
    if damage_at is not None:
        edit_body(live, damage_at)
    conn = connect(live)
    try:
        conn.execute("PRAGMA wal_autocheckpoint = 0")  # the new sales stay in the WAL
        for n in range(after):
            record_sale(conn, FIXED_NOW + timedelta(minutes=n), "cash", SALE)
        crashed = tmp_path / "shop" / "pos.sqlite3"
        crashed.parent.mkdir()
        shutil.copytree(live.parent / "backups", crashed.parent / "backups")
        shutil.copy(live, crashed)
        shutil.copy(Path(f"{live}-wal"), Path(f"{crashed}-wal"))
    finally:
        conn.close()
    return crashed


def payments(path: Path) -> int:
    conn = raw_connection(path)
    try:
        return conn.execute("SELECT COUNT(*) FROM payments").fetchone()[0]
    finally:
        conn.close()


def head_seq(path: Path) -> int:
    conn = raw_connection(path)
    try:
        return conn.execute("SELECT MAX(seq) FROM journal").fetchone()[0]
    finally:
        conn.close()


def test_damage_before_the_backup_carries_every_later_sale(tmp_path: Path) -> None:
    db_path = backed_up_then_sold(tmp_path, damage_at=2)
    assert Path(f"{db_path}-wal").stat().st_size > 0  # the three sales are in the WAL only
    backups = service(db_path)
    problem = backups.startup_problem()
    assert problem is not None and problem.check.first_broken_seq == 2
    assert problem.backup is not None
    backup_head = problem.backup_events

    restored = backups.restore(problem.backup, carry_over=True)

    assert (restored.carried.carried, restored.carried.left_behind) == (3, 0)
    assert not restored.carried.unreadable
    assert payments(db_path) == 6 and head_seq(db_path) == backup_head + 3
    assert check_file(db_path, thorough=True).ok  # the journal verifies whole
    assert backups.startup_problem() is None
    # Projected as a replay of the journal projects them.
    conn = connect(db_path)
    try:
        carried = dump_projections(conn)
        with conn:
            rebuild_projections(conn)
        assert dump_projections(conn) == carried
    finally:
        conn.close()
    # The damaged file is kept whole, WAL included, and was only read.
    assert restored.kept is not None and Path(f"{restored.kept}-wal").exists()


def test_damage_inside_the_later_sales_carries_only_those_before_it(tmp_path: Path) -> None:
    db_path = backed_up_then_sold(tmp_path, damage_at=None)
    backup_head = head_seq(db_path) - 3
    edit_body(db_path, backup_head + 2)  # the second of the three later sales
    backups = service(db_path)
    problem = backups.startup_problem()
    assert problem is not None and problem.backup is not None
    assert problem.check.first_broken_seq == backup_head + 2

    restored = backups.restore(problem.backup, carry_over=True)

    assert (restored.carried.carried, restored.carried.left_behind) == (1, 2)
    assert payments(db_path) == 4 and head_seq(db_path) == backup_head + 1
    assert check_file(db_path, thorough=True).ok
    assert restored.kept is not None
    kept = sqlite3.connect(f"{restored.kept.resolve().as_uri()}?mode=ro", uri=True)
    assert kept.execute("SELECT MAX(seq) FROM journal").fetchone()[0] == backup_head + 3
    kept.close()


def garble_pages_holding(path: Path, marker: bytes) -> None:
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    found = 0
    for start in range(page, len(data), page):  # never the header page
        if marker in data[start : start + page]:
            data[start + 8 : start + page] = bytes([0xA5]) * (page - 8)
            found += 1
    assert found
    path.write_bytes(bytes(data))


def test_a_tail_sqlite_cannot_read_carries_nothing_and_the_restore_is_done(
    tmp_path: Path,
) -> None:
    db_path = backed_up_then_sold(tmp_path, damage_at=None)
    conn = raw_connection(db_path)  # the WAL into the file, so its pages can be garbled
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    first_new = conn.execute("SELECT event_id FROM journal ORDER BY seq DESC LIMIT 1 OFFSET 2")
    marker = first_new.fetchone()[0].encode()
    conn.close()
    garble_pages_holding(db_path, marker)
    backups = service(db_path)
    problem = backups.startup_problem()
    assert problem is not None and problem.backup is not None

    restored = backups.restore(problem.backup, carry_over=True)

    assert restored.carried.carried == 0 and restored.carried.unreadable
    assert payments(db_path) == 3 and check_file(db_path, thorough=True).ok
    assert restored.kept is not None and restored.kept.exists()


def test_the_restore_command_carries_over_and_says_how_many(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = backed_up_then_sold(tmp_path, damage_at=2)
    parsed = _parser().parse_args(["--data-dir", str(db_path.parent), "restore", "--yes"])

    assert maintenance.run("restore", parsed, db_path) == 0

    out = capsys.readouterr().out
    assert "백업 이후에 기록된 3건을 손상된 파일에서 옮겨 왔습니다." in out
    assert "Traceback" not in out
    assert payments(db_path) == 6


def test_the_restore_command_says_what_was_left_in_the_kept_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = backed_up_then_sold(tmp_path, damage_at=None, after=3)
    edit_body(db_path, head_seq(db_path) - 1)  # the second of the three later sales
    parsed = _parser().parse_args(["--data-dir", str(db_path.parent), "restore", "--yes"])

    assert maintenance.run("restore", parsed, db_path) == 0

    out = capsys.readouterr().out
    assert "백업 이후에 기록된 1건을" in out
    assert "백업 이후의 기록 2건은 기록 체인이 맞지 않아 옮기지 못했습니다" in out
    assert str(db_path.parent / "replaced") in out
    assert payments(db_path) == 4


def test_a_whole_file_put_back_on_purpose_carries_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = backed_up_then_sold(tmp_path, damage_at=None)
    parsed = _parser().parse_args(["--data-dir", str(db_path.parent), "restore", "--yes"])
    assert maintenance.run("restore", parsed, db_path) == 0
    assert payments(db_path) == 3  # the older state asked for (the warning named the rest)
    assert "옮겨 왔습니다" not in capsys.readouterr().out


def test_an_event_the_backup_refuses_carries_nothing_and_the_restore_is_done(
    tmp_path: Path,
) -> None:
    db_path = backed_up_then_sold(tmp_path, damage_at=2)
    backups = service(db_path)
    problem = backups.startup_problem()
    assert problem is not None and problem.backup is not None
    # The backup's payments table refuses one more row (as a schema it does not expect
    # would): the carry rolls back whole, the backup is put in place all the same.
    refusing = raw_connection(problem.backup.path)
    refusing.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON payments BEGIN SELECT RAISE(ABORT, 'no'); END"
    )
    refusing.close()

    restored = backups.restore(problem.backup, carry_over=True)

    assert (restored.carried.carried, restored.carried.left_behind) == (0, 3)
    assert payments(db_path) == 3 and check_file(db_path, thorough=True).ok
