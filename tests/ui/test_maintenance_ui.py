"""Backups and a damaged file as the shop meets them (pytest-qt, real files), and the
installation self-test run in-process."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from day_sales import record_sale
from helpers import FIXED_NOW, drop_journal_triggers, fixed_clock, raw_connection
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from pos_app.services.backups import DAILY, BackupService
from pos_app.store import checkpoint as store_checkpoint
from pos_app.store.backup import REPLACED_DIR, list_backups, start_check
from pos_app.store.database import connect
from pos_app.support.self_test import run_self_test
from pos_app.ui.maintenance.backup_runner import BackupRunner
from pos_app.ui.maintenance.damaged_file import damaged_file_box, offer_restore
from tests.ui.counter import open_counter

SALE = [(None, "찹쌀떡", 6_000, 1)]


def sold(db_path: Path, count: int) -> None:
    conn = connect(db_path)
    for n in range(count):
        record_sale(conn, FIXED_NOW + timedelta(minutes=n), "cash", SALE)
    conn.close()


def damage(db_path: Path) -> None:
    with db_path.open("rb+") as f:
        f.write(b"\x00" * 100)


def answer_every_box(role: QMessageBox.ButtonRole, seen: list[str]) -> QTimer:
    """Click ``role`` on each message box that opens (the offer, then its outcome)."""
    timer = QTimer()
    timer.setInterval(10)

    def check() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible() and box.text() not in seen[-1:]:
            seen.append(box.text())
            buttons = [b for b in box.buttons() if box.buttonRole(b) is role]
            (buttons[0] if buttons else box.buttons()[0]).click()

    timer.timeout.connect(check)
    timer.start()
    return timer


def test_a_damaged_file_at_start_offers_the_backup_and_restores_it(qtbot, db_path: Path) -> None:
    sold(db_path, 2)
    backups = BackupService(db_path, fixed_clock())
    made = backups.make(DAILY)
    damage(db_path)
    problem = backups.startup_problem()
    assert problem is not None

    box = damaged_file_box(problem, "ko")
    qtbot.addWidget(box)
    assert box.text().startswith("[E905]") and made.path.name in box.text()
    assert "Traceback" not in box.text()

    seen: list[str] = []
    answer = answer_every_box(QMessageBox.ButtonRole.AcceptRole, seen)
    assert offer_restore(problem, backups, "ko") is True
    answer.stop()
    assert len(seen) == 2 and "2026-11-25 00:30" in seen[1]  # the outcome names the backup
    conn = connect(db_path)
    assert conn.execute("SELECT COUNT(*) FROM payments").fetchone()[0] == 2
    conn.close()
    assert len(list((db_path.parent / REPLACED_DIR).iterdir())) == 1  # kept, not deleted


def test_closing_the_program_instead_changes_nothing(qtbot, db_path: Path) -> None:
    sold(db_path, 1)
    backups = BackupService(db_path, fixed_clock())
    backups.make(DAILY)
    damage(db_path)
    before = db_path.read_bytes()
    problem = backups.startup_problem()
    assert problem is not None
    seen: list[str] = []
    close = answer_every_box(QMessageBox.ButtonRole.RejectRole, seen)
    assert offer_restore(problem, backups, "ko") is False
    close.stop()
    assert len(seen) == 1
    assert db_path.read_bytes() == before
    assert not (db_path.parent / REPLACED_DIR).exists()


def test_a_day_close_at_the_counter_makes_a_backup_off_the_ui_thread(qtbot, tmp_path: Path) -> None:
    db_path = tmp_path / "pos.sqlite3"
    with open_counter(qtbot, db_path, fixed_clock(), signed_in_pin="1234", day_float=None) as pos:
        service = BackupService(db_path, fixed_clock())
        runner = BackupRunner(service, pos)
        pos.attach_backups(runner)
        assert pos.shop_pages is not None
        screen = pos.shop_pages.day_close_screen
        assert screen is not None
        pos.shop_pages.shop.day_close.open_day(10_000)
        pos.window.show_page(pos.window.pages.index(screen))
        screen.reload()
        screen.counted_total.setText("10000")
        with qtbot.waitSignal(runner.made, timeout=20_000) as made:
            screen.request_close()
            screen.request_close()
        backup = made.args[0]
        assert backup.reason == "day_close"
        assert [b.path for b in list_backups(service.backups_dir)] == [backup.path]
        assert not runner.busy
        # Then the checkpoint follows the head: tomorrow's start rehashes nothing of today.
        qtbot.waitUntil(lambda: checkpoint_seq(db_path) == start_check(db_path).events > 0)


def checkpoint_seq(db_path: Path) -> int | None:
    conn = raw_connection(db_path)
    try:
        checkpoint = store_checkpoint.load(conn)
        return None if checkpoint is None else checkpoint.seq
    finally:
        conn.close()


def test_a_backup_that_fails_is_shown_with_its_code(qtbot, tmp_path: Path) -> None:
    db_path = tmp_path / "pos.sqlite3"
    sold(db_path, 1)
    damage(db_path)
    runner = BackupRunner(BackupService(db_path, fixed_clock()))
    with qtbot.waitSignal(runner.failed, timeout=20_000) as failed:
        runner.run(DAILY)
    assert failed.args[0].code == "E906"
    assert list_backups(tmp_path / "backups") == []


@pytest.mark.usefixtures("qapp")
def test_the_self_test_passes_on_a_new_install_and_on_a_shop_file(tmp_path: Path) -> None:
    lines: list[str] = []
    assert run_self_test(tmp_path / "new", out=lines.append) == 0, "\n".join(lines)
    assert lines[-1] == "self-test: 13 passed, 0 failed"
    assert any(line.startswith("ok    spreadsheets: openpyxl") for line in lines)
    assert any(line.startswith("ok    decoders: zxing read it") for line in lines)

    shop = tmp_path / "shop"
    sold(shop / "pos.sqlite3", 3)
    damage(shop / "pos.sqlite3")
    lines.clear()
    assert run_self_test(shop, out=lines.append) == 1
    assert any(line.startswith("FAIL  database: UserFacingError: E903") for line in lines)


def test_damage_before_the_checkpoint_is_found_after_start_and_told_as_at_start(
    qtbot, tmp_path: Path
) -> None:
    db_path = tmp_path / "pos.sqlite3"
    with open_counter(qtbot, db_path, fixed_clock(), signed_in_pin="1234") as pos:
        service = BackupService(db_path, fixed_clock())
        assert service.full_check() is None  # the checkpoint is at today's head
        made = service.make(DAILY)
        tamperer = drop_journal_triggers(db_path)
        tamperer.execute(
            "UPDATE journal SET occurred_at = '2020-01-01T00:00:00.000Z' WHERE seq = 2"
        )
        tamperer.close()
        assert service.startup_problem() is None  # the start check does not read seq 2
        closed: list[bool] = []
        pos.close_program = lambda: closed.append(True)
        runner = BackupRunner(service, pos)
        pos.attach_backups(runner)
        with qtbot.waitSignal(runner.file_checked, timeout=20_000):
            runner.check_whole_file()
        qtbot.waitUntil(lambda: pos.damaged_box is not None and pos.damaged_box.isVisible())
        box = pos.damaged_box
        assert box is not None
        assert box.text().startswith("[E905]") and made.path.name in box.text()
        assert "Traceback" not in box.text()
        seen: list[str] = []
        answer = answer_every_box(QMessageBox.ButtonRole.AcceptRole, seen)
        restore = [
            b for b in box.buttons() if box.buttonRole(b) is QMessageBox.ButtonRole.AcceptRole
        ]
        restore[0].click()
        qtbot.waitUntil(lambda: closed == [True])
        answer.stop()
        assert any("2026-11-25 00:30" in text for text in seen)  # the next start restores it
    # The next start checks in full and offers that backup before opening the file.
    problem = BackupService(db_path, fixed_clock()).startup_problem()
    assert problem is not None and problem.check.first_broken_seq == 2
    assert problem.backup is not None and problem.backup.path == made.path
