"""A long start-up (a file from the version before, or a long unverified journal) shows a
window saying what it is doing, with a bar, while the work runs off the UI thread; a short
one shows nothing. Real files; the window is read as the cashier sees it."""

from __future__ import annotations

from pathlib import Path

import pytest
from doctor_files import as_previous_version, shop_file
from helpers import FIXED_NOW, raw_connection
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from pos_app.services.backups import BackupService
from pos_app.store import backup as store_backup
from pos_app.store import journal
from pos_app.store.backup import file_schema_version, list_backups
from pos_app.store.migrations import LATEST_VERSION
from pos_app.ui.session import ShopLaunch, StartRefused
from pos_app.ui.startup_window import StartupWindow
from pos_app.ui.translations import LanguageSwitcher
from tests.ui.counter import open_counter


@pytest.fixture
def small_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test-sized file reported in many steps, as a shop's years are."""
    monkeypatch.setattr(journal, "_REPORT_EVERY", 10)
    monkeypatch.setattr(store_backup, "_PAGES_PER_STEP", 4)


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Everything a start-up window shows, in order, from its first text: heard from the
    moment it is made (a watcher that looked for the window on a timer could arrive after
    a quick worker's reports were all shown)."""
    shown: list[tuple[str, int]] = []
    made = StartupWindow.__init__

    def make_and_listen(window: StartupWindow, title: str) -> None:
        made(window, title)
        window.shown.connect(lambda text, percent: shown.append((text, percent)))

    monkeypatch.setattr(StartupWindow, "__init__", make_and_listen)
    return shown


def percents(seen: list[tuple[str, int]], prefix: str) -> list[int]:
    return [percent for text, percent in seen if text.startswith(prefix)]


@pytest.fixture
def korean():
    languages = LanguageSwitcher(QApplication.instance())
    languages.apply("ko")
    yield
    languages.apply("en")


@pytest.mark.usefixtures("small_steps", "korean")
def test_an_upgrade_shows_its_backup_migration_and_check_then_the_main_window(
    qtbot, db_path: Path, seen: list[tuple[str, int]]
) -> None:
    shop_file(db_path, sales=60)
    as_previous_version(db_path)
    assert BackupService(db_path, lambda: FIXED_NOW).start_is_long()

    ShopLaunch().check_file(db_path, "ko")

    texts = [text for text, _ in seen]
    checking = percents(seen, "기록 확인 중… ")
    assert any(0 < p < 100 for p in checking) and checking[-1] == 100  # a bar that moves
    assert texts[texts.index("기록 확인 중… 100%") + 1] == "백업 중…"
    backup = percents(seen, "백업 중…")
    assert len(backup) > 2 and backup == sorted(backup) and backup[-1] == 100
    assert texts[-1] == "데이터 변환 중…" and seen[-1][1] == 100
    assert file_schema_version(db_path) == LATEST_VERSION  # migrated by the worker
    assert len(list_backups(db_path.parent / "backups")) == 1  # the copy before it
    qtbot.waitUntil(
        lambda: (
            not any(
                isinstance(w, StartupWindow) and w.isVisible()
                for w in QApplication.topLevelWidgets()
            )
        )
    )
    with open_counter(qtbot, db_path, lambda: FIXED_NOW) as controller:
        assert controller.window.isVisible()


@pytest.mark.usefixtures("small_steps")
def test_a_long_unverified_journal_shows_its_check_in_english(
    qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch, seen: list[tuple[str, int]]
) -> None:
    shop_file(db_path, sales=30)  # current schema, never fully checked: no checkpoint
    monkeypatch.setattr("pos_app.services.backups.LONG_START_EVENTS", 20)
    languages = LanguageSwitcher(QApplication.instance())
    languages.apply("en")

    ShopLaunch().check_file(db_path, "en")

    assert seen[-1] == ("Checking records… 100%", 100)
    assert any(0 < p < 100 for p in percents(seen, "Checking records… "))
    assert not list_backups(db_path.parent / "backups")  # nothing to upgrade: no copy


@pytest.mark.usefixtures("korean")
def test_a_migration_that_fails_ends_the_window_with_its_coded_error(qtbot, db_path: Path) -> None:
    shop_file(db_path, sales=5)
    as_previous_version(db_path)
    # A file the older version left with the last step's new column already in it (a
    # half-done copy by hand): the migration's step fails on the worker thread.
    conn = raw_connection(db_path)
    conn.execute("ALTER TABLE payment_items ADD COLUMN list_price INTEGER")
    conn.close()
    shown: list[str] = []

    def read_and_close_the_box() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, read_and_close_the_box)
            return
        shown.append(box.text())
        box.accept()

    QTimer.singleShot(0, read_and_close_the_box)
    with pytest.raises(StartRefused) as refused:
        ShopLaunch().check_file(db_path, "ko")

    assert refused.value.exit_code == 2
    assert len(shown) == 1 and shown[0].startswith("[E902]")
    assert "list_price" in shown[0] and "Traceback" not in shown[0]
    assert file_schema_version(db_path) == LATEST_VERSION - 1  # the step rolled back
    assert len(list_backups(db_path.parent / "backups")) == 1  # the copy was made first
    assert not any(
        isinstance(w, StartupWindow) and w.isVisible() for w in QApplication.topLevelWidgets()
    )


def test_a_short_start_shows_no_window(qtbot, db_path: Path, seen: list[tuple[str, int]]) -> None:
    shop_file(db_path, sales=3)
    assert not BackupService(db_path, lambda: FIXED_NOW).start_is_long()
    ShopLaunch().check_file(db_path, "ko")
    assert seen == []
