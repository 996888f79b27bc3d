"""Restoring over a damaged file, as the merchant sees it: the outcome box says how many
records came over from after the backup and how many stayed in the kept file; the box of
damage found while the program runs does not say it cannot start; a start on a damaged
file shows the start-up window while backups are checked and while the restore copies.
Real files, real widgets."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from day_sales import record_sale
from doctor_files import SALE, shop_file
from helpers import FIXED_NOW, drop_journal_triggers, raw_connection
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from pos_app.services.backups import DAILY, BackupService
from pos_app.store import backup as store_backup
from pos_app.store import journal
from pos_app.store.database import connect
from pos_app.ui.maintenance.damaged_file import damaged_file_box, offer_restore
from pos_app.ui.session import ShopLaunch
from pos_app.ui.startup_window import StartupWindow
from pos_app.ui.translations import LanguageSwitcher


def service(db_path: Path) -> BackupService:
    return BackupService(db_path, lambda: FIXED_NOW + timedelta(hours=2))


def edit_body(path: Path, seq: int) -> None:
    tamperer = drop_journal_triggers(path)
    tamperer.execute("UPDATE journal SET body = replace(body, '6000', '600') WHERE seq = ?", (seq,))
    tamperer.close()


def damaged_with_later_sales(db_path: Path, damage_at: int | None = 2) -> None:
    """A backup of 3 sales, 3 sales after it; ``damage_at``: an event edited, hash kept."""
    shop_file(db_path, sales=3)
    service(db_path).make(DAILY)
    conn = connect(db_path)
    for n in range(3):
        record_sale(conn, FIXED_NOW + timedelta(minutes=n), "cash", SALE)
    conn.close()
    if damage_at is not None:
        edit_body(db_path, damage_at)


def payments(path: Path) -> int:
    conn = raw_connection(path)
    try:
        return conn.execute("SELECT COUNT(*) FROM payments").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def korean() -> Iterator[None]:
    languages = LanguageSwitcher(QApplication.instance())
    languages.apply("ko")
    yield
    languages.apply("en")


def accept_every_box(seen: list[str]) -> QTimer:
    timer = QTimer()
    timer.setInterval(10)

    def check() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible() and box.text() not in seen[-1:]:
            seen.append(box.text())
            accept = [b for b in box.buttons() if box.buttonRole(b) is box.ButtonRole.AcceptRole]
            (accept[0] if accept else box.buttons()[0]).click()

    timer.timeout.connect(check)
    timer.start()
    return timer


@pytest.mark.usefixtures("korean")
def test_the_outcome_box_says_three_sales_were_carried_over(qtbot, db_path: Path) -> None:
    damaged_with_later_sales(db_path)
    backups = service(db_path)
    problem = backups.startup_problem()
    assert problem is not None and problem.backup is not None
    seen: list[str] = []
    answer = accept_every_box(seen)
    assert offer_restore(problem, backups, "ko") is True
    answer.stop()
    assert len(seen) == 2
    assert "백업 이후에 기록된 3건을 손상된 파일에서 옮겨 왔습니다." in seen[1]
    assert "옮기지 못했습니다" not in seen[1] and "Traceback" not in seen[1]
    assert payments(db_path) == 6


def test_the_outcome_box_says_how_many_stayed_in_the_kept_file(qtbot, db_path: Path) -> None:
    damaged_with_later_sales(db_path, damage_at=None)
    edit_body(db_path, 5)  # the second of the three sales after the backup (head 3)
    backups = service(db_path)
    problem = backups.startup_problem()
    assert problem is not None and problem.backup is not None
    seen: list[str] = []
    answer = accept_every_box(seen)
    assert offer_restore(problem, backups, "en") is True
    answer.stop()
    assert "1 records made after the backup were carried over" in seen[1]
    assert "2 records after the backup could not be carried over" in seen[1]
    assert str(db_path.parent / "replaced") in seen[1]
    assert payments(db_path) == 4


def test_an_unreadable_file_is_restored_with_nothing_carried_and_no_traceback(
    qtbot, db_path: Path
) -> None:
    damaged_with_later_sales(db_path, damage_at=None)
    with db_path.open("rb+") as f:
        f.write(b"\x00" * 100)  # the header gone: nothing in it reads
    backups = service(db_path)
    problem = backups.startup_problem()
    assert problem is not None and problem.backup is not None
    seen: list[str] = []
    answer = accept_every_box(seen)
    assert offer_restore(problem, backups, "en") is True
    answer.stop()
    assert "0 records made after the backup were carried over" in seen[1]
    assert "could not be read" in seen[1] and "Traceback" not in seen[1]
    assert payments(db_path) == 3


def test_damage_found_while_open_does_not_say_the_program_cannot_start(
    qtbot, db_path: Path
) -> None:
    damaged_with_later_sales(db_path)
    problem = service(db_path).full_check()
    assert problem is not None
    box = damaged_file_box(problem, "ko", while_open=True)
    qtbot.addWidget(box)
    assert box.text().startswith("[E905]")
    assert "시작할 수 없습니다" not in box.text()
    assert "계속 실행 중" in box.text() and "옮겨 옵니다" in box.text()
    english = damaged_file_box(problem, "en", while_open=True)
    qtbot.addWidget(english)
    assert "cannot start" not in english.text() and "still running" in english.text()
    at_start = damaged_file_box(problem, "ko")  # the start's wording is unchanged
    qtbot.addWidget(at_start)
    assert "시작할 수 없습니다" in at_start.text()


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """What every start-up window shows, heard from its construction."""
    texts: list[tuple[str, int]] = []
    made = StartupWindow.__init__

    def make_and_listen(window: StartupWindow, title: str) -> None:
        made(window, title)
        window.shown.connect(lambda text, percent: texts.append((text, percent)))

    monkeypatch.setattr(StartupWindow, "__init__", make_and_listen)
    monkeypatch.setattr(journal, "_REPORT_EVERY", 10)
    monkeypatch.setattr(store_backup, "_PAGES_PER_STEP", 4)
    return texts


@pytest.mark.usefixtures("korean")
def test_a_damaged_start_shows_the_backup_check_and_the_restore(
    qtbot, db_path: Path, shown: list[tuple[str, int]]
) -> None:
    damaged_with_later_sales(db_path, damage_at=None)
    edit_body(db_path, 6)  # the newest event: refused by the (short) start check
    assert not service(db_path).start_is_long()  # no window for the check itself
    seen: list[str] = []
    answer = accept_every_box(seen)
    ShopLaunch().check_file(db_path, "ko")
    answer.stop()

    texts = [text for text, _ in shown]
    assert texts[0] == "백업 확인 중…"
    restoring = [percent for text, percent in shown if text == "복원 중…"]
    assert len(restoring) > 2 and restoring == sorted(restoring) and restoring[-1] == 100
    assert texts.index("복원 중…") > texts.index("백업 확인 중…")
    assert "백업 이후에 기록된 2건을" in seen[-1]  # 4 and 5 chain; 6 was edited
    assert payments(db_path) == 5
    assert not any(
        isinstance(w, StartupWindow) and w.isVisible() for w in QApplication.topLevelWidgets()
    )


def test_the_damaged_file_and_its_wal_are_kept(qtbot, tmp_path: Path) -> None:
    db_path = tmp_path / "pos.sqlite3"
    damaged_with_later_sales(db_path)
    shutil.copy(db_path, tmp_path / "before.sqlite3")
    backups = service(db_path)
    problem = backups.startup_problem()
    assert problem is not None and problem.backup is not None
    restored = backups.restore(problem.backup, carry_over=True)
    assert restored.kept is not None
    assert restored.kept.read_bytes() == (tmp_path / "before.sqlite3").read_bytes()  # only read
