"""The start check rehashes only what came after the verified checkpoint; the full check
after start (and ``doctor``) reads everything. Real files, edited as a tamperer would."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from day_sales import record_sale
from doctor_files import SALE, probes, shop_file
from helpers import FIXED_NOW, drop_journal_triggers, raw_connection

from pos_app.domain.journal import checkpoint_seal
from pos_app.services import doctor
from pos_app.services.backups import DAILY, FULL_CHECK_FAILED, BackupService
from pos_app.store import checkpoint as store_checkpoint
from pos_app.store.backup import FileState, start_check
from pos_app.store.database import connect


def service(db_path: Path) -> BackupService:
    return BackupService(db_path, lambda: FIXED_NOW)


def more_sales(db_path: Path, count: int) -> None:
    conn = connect(db_path)
    try:
        for n in range(count):
            record_sale(conn, FIXED_NOW + timedelta(minutes=n), "cash", SALE)
    finally:
        conn.close()


def stored_checkpoint(db_path: Path) -> store_checkpoint.Checkpoint | None:
    conn = raw_connection(db_path)
    try:
        return store_checkpoint.load(conn)
    finally:
        conn.close()


def verified_then_sold(db_path: Path) -> int:
    """A file verified whole (checkpoint at its head), then more sales; the checkpoint's seq."""
    shop_file(db_path, sales=3)
    assert service(db_path).full_check() is None
    checkpoint = stored_checkpoint(db_path)
    assert checkpoint is not None and checkpoint.sealed
    more_sales(db_path, 3)
    return checkpoint.seq


def edit_event(db_path: Path, seq: int) -> None:
    tamperer = drop_journal_triggers(db_path)
    # A changed time changes the event's hash, whatever the event is.
    tamperer.execute(
        "UPDATE journal SET occurred_at = '2020-01-01T00:00:00.000Z' WHERE seq = ?", (seq,)
    )
    assert tamperer.total_changes == 1
    tamperer.close()


def test_a_full_check_moves_the_checkpoint_to_the_head_it_verified(db_path: Path) -> None:
    shop_file(db_path, sales=2)
    assert stored_checkpoint(db_path) is None  # never verified: the start check reads it all
    assert service(db_path).full_check() is None
    conn = raw_connection(db_path)
    head = conn.execute("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
    conn.close()
    checkpoint = stored_checkpoint(db_path)
    assert checkpoint is not None and (checkpoint.seq, checkpoint.hash) == tuple(head)
    assert checkpoint.seal == checkpoint_seal(*head)
    assert service(db_path).startup_problem() is None


def test_a_tampered_event_after_the_checkpoint_is_found_at_start(db_path: Path) -> None:
    at = verified_then_sold(db_path)
    edit_event(db_path, at + 2)
    problem = service(db_path).startup_problem()
    assert problem is not None and problem.check.state is FileState.CHAIN_BROKEN
    assert problem.check.first_broken_seq == at + 2


def test_a_tampered_event_before_the_checkpoint_is_left_to_the_full_check_and_doctor(
    db_path: Path,
) -> None:
    at = verified_then_sold(db_path)
    backup = service(db_path).make(DAILY)  # a good copy, made before the edit
    early = 2
    assert early < at
    edit_event(db_path, early)
    # Not read at start: the window opens in the same time whatever the history's length...
    assert service(db_path).startup_problem() is None
    # ...and the full check after start finds it, as a start-up failure is told.
    problem = service(db_path).full_check()
    assert problem is not None and problem.check.state is FileState.CHAIN_BROKEN
    assert problem.check.first_broken_seq == early
    assert problem.backup is not None and problem.backup.path == backup.path
    assert problem.error().code == "E905"
    checks = {c.label: c for c in doctor.run_checks(db_path, probes())}
    assert checks["기록 체인(해시)"].level is doctor.Level.FAIL
    assert f"{early}번" in checks["기록 체인(해시)"].detail


def move_to_a_later_event(tamperer: sqlite3.Connection) -> None:
    later = tamperer.execute("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
    tamperer.execute("UPDATE chain_checkpoint SET seq = ?, hash = ?", tuple(later))


def change_its_hash(tamperer: sqlite3.Connection) -> None:
    # Its first digit changed, whatever it was (a hash may start with 'f' already).
    tamperer.execute(
        "UPDATE chain_checkpoint SET hash ="
        " (CASE WHEN substr(hash, 1, 1) = 'f' THEN '0' ELSE 'f' END) || substr(hash, 2)"
    )


def move_and_reseal_past_the_head(tamperer: sqlite3.Connection) -> None:
    tamperer.execute("UPDATE chain_checkpoint SET seq = 9999")
    row = tamperer.execute("SELECT seq, hash FROM chain_checkpoint").fetchone()
    tamperer.execute("UPDATE chain_checkpoint SET seal = ?", (checkpoint_seal(*row),))


def edit_the_event_it_names(tamperer: sqlite3.Connection) -> None:
    tamperer.execute(
        "UPDATE journal SET occurred_at = '2020-01-01T00:00:00.000Z'"
        " WHERE seq = (SELECT seq FROM chain_checkpoint)"
    )


@pytest.mark.parametrize(
    "edit",
    [
        move_to_a_later_event,
        change_its_hash,
        move_and_reseal_past_the_head,
        edit_the_event_it_names,
    ],
    ids=["moved forward", "hash changed", "resealed past the head", "its event edited"],
)
def test_an_edited_checkpoint_is_found_at_start(
    db_path: Path, edit: Callable[[sqlite3.Connection], None]
) -> None:
    at = verified_then_sold(db_path)
    tamperer = drop_journal_triggers(db_path)
    edit(tamperer)
    tamperer.close()
    problem = service(db_path).startup_problem()
    assert problem is not None and problem.check.state is FileState.CHAIN_BROKEN
    assert problem.check.first_broken_seq is not None and problem.check.first_broken_seq >= at


def test_a_file_without_a_checkpoint_is_checked_whole_at_start(db_path: Path) -> None:
    shop_file(db_path, sales=3)
    edit_event(db_path, 2)
    assert stored_checkpoint(db_path) is None
    check = start_check(db_path)
    assert check.state is FileState.CHAIN_BROKEN and check.first_broken_seq == 2


def test_a_truncated_file_is_refused_at_start_without_reading_its_pages(db_path: Path) -> None:
    shop_file(db_path, sales=40)
    size = db_path.stat().st_size
    with db_path.open("rb+") as f:
        f.truncate(size // 2)
    assert start_check(db_path).state is FileState.DAMAGED


def test_after_a_failed_full_check_the_next_start_checks_in_full_and_offers_the_backup(
    db_path: Path,
) -> None:
    verified_then_sold(db_path)
    backup = service(db_path).make(DAILY)
    edit_event(db_path, 2)
    assert service(db_path).full_check() is not None
    # The app was running; the next start is where a backup can be put in place.
    problem = service(db_path).startup_problem()
    assert problem is not None and problem.check.first_broken_seq == 2
    assert problem.backup is not None and problem.backup.path == backup.path
    service(db_path).restore(problem.backup)
    assert service(db_path).startup_problem() is None
    assert not (db_path.parent / FULL_CHECK_FAILED).exists()


def test_following_the_head_moves_the_checkpoint_over_the_sales_since(db_path: Path) -> None:
    before = verified_then_sold(db_path)
    assert service(db_path).follow_head() is None
    moved = stored_checkpoint(db_path)
    head = start_check(db_path).events
    assert moved is not None and moved.sealed and moved.seq == head > before
    # A restart now rehashes nothing of those sales.
    assert store_backup_events_to_verify(db_path) == 0


def test_following_the_head_over_an_edited_sale_tells_it_and_moves_nothing(db_path: Path) -> None:
    before = verified_then_sold(db_path)
    edit_event(db_path, before + 2)
    problem = service(db_path).follow_head()
    assert problem is not None and problem.check.state is FileState.CHAIN_BROKEN
    assert problem.check.first_broken_seq == before + 2
    moved = stored_checkpoint(db_path)
    assert moved is not None and moved.seq == before


def store_backup_events_to_verify(db_path: Path) -> int:
    from pos_app.store.backup import start_work

    return start_work(db_path).events_to_verify
