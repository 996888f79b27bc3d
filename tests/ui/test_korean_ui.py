"""No English in the Korean UI where Qt or a long-lived window put it,
and the customer display on the cashier's only monitor.

Qt's file dialog said "Look in:" and "Files of type:", the status bar "4s" and "1m", and the
customer display "Notice:" after switching back to Korean. The texts of every main-window
screen at the shop's screen sizes are checked by tests/acceptance/test_fit.py.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QFileSystemModel, QLabel, QPushButton

from pos_app.services import preferences
from pos_app.store.database import write_transaction
from pos_app.sync import changes_feed
from pos_app.sync.worker import SyncStatus
from pos_app.ui.customer_display.control import WINDOW_SIZE
from pos_app.ui.sync_status import SyncStatusBar
from pos_app.ui.translations import LanguageSwitcher
from tests.ui.counter import open_counter

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
CIGARETTES = "8808123000356"  # excluded from the special discount
HANGUL = re.compile(r"[가-힣]")


def clock() -> datetime:
    return NOW


def latin_words(text: str) -> list[str]:
    """Latin words apart from a mnemonic ("파일 형식(&T):" shows "(T)" on Korean Windows too)
    and "QR", which Korean writes as it is."""
    words = re.findall(r"[A-Za-z]{2,}", text.replace("&", ""))
    return [word for word in words if word != "QR"]


@pytest.fixture
def korean(qtbot):
    switcher = LanguageSwitcher(QApplication.instance())
    switcher.apply("ko")
    yield switcher
    switcher.apply("en")


def test_the_file_dialog_speaks_korean(korean, qtbot) -> None:
    assert korean.qt_loaded  # Qt's own qtbase_ko.qm, from the PySide6 wheel (or the bundle)
    dialog = QFileDialog(None, "CSV")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # Qt's own widgets
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    labels = {
        name: dialog.findChild(QLabel, name).text()
        for name in ("lookInLabel", "fileNameLabel", "fileTypeLabel")
    }
    for name, text in labels.items():
        assert HANGUL.search(text) and not latin_words(text), (name, text)
    assert labels["lookInLabel"] == "찾는 위치(&L):"
    assert labels["fileTypeLabel"] == "파일 형식(&T):"
    buttons = [button.text() for button in dialog.findChildren(QPushButton) if button.isVisible()]
    assert buttons and all(not latin_words(text) for text in buttons), buttons


def test_the_gap_filler_leaves_every_other_text_to_the_catalogues(korean, qtbot) -> None:
    # It answers only for its own strings: Qt's and ours still translate through it.
    assert QApplication.translate("QFileDialog", "Back") == "뒤로"
    assert QApplication.translate("SyncStatusBar", "● Online") != "● Online"


@pytest.mark.parametrize(
    ("waited", "korean_age", "english_age"),
    [
        (timedelta(seconds=4), "4초", "4s"),
        (timedelta(minutes=1, seconds=10), "1분", "1m"),
        (timedelta(hours=2, minutes=5), "2시간 5분", "2h 5m"),
    ],
)
def test_status_bar_ages_are_korean_in_korean(qtbot, waited, korean_age, english_age) -> None:
    switcher = LanguageSwitcher(QApplication.instance())
    status = SyncStatus(
        enrolled=True,
        online=False,
        pending=3,
        oldest_pending_at=(NOW - waited).isoformat().replace("+00:00", "Z"),
    )
    try:
        switcher.apply("ko")
        bar = SyncStatusBar(clock)
        qtbot.addWidget(bar)
        bar.show_status(status, 8_046)
        assert korean_age in bar.pending.text(), bar.pending.text()
        assert not latin_words(bar.pending.text()), bar.pending.text()
    finally:
        switcher.apply("en")
    bar = SyncStatusBar(clock)
    qtbot.addWidget(bar)
    bar.show_status(status, 8_046)
    assert english_age in bar.pending.text()


# ----- the customer display -------------------------------------------------------------------


@pytest.fixture
def pos(qtbot, tmp_path):
    with open_counter(qtbot, tmp_path / "pos.sqlite3", clock) as controller:
        yield controller


def add_notice(pos) -> None:
    notice = {
        "notice_id": "n-1",
        "title": "연말 캐시백 행사",
        "body": "12월 한 달 캐시백 15%",
        "published_at": "2026-11-20T00:00:00Z",
        "pinned": True,
    }
    with write_transaction(pos._conn) as conn:
        changes_feed.apply_changes(conn, [{"type": "notice", "data": notice}], cursor="2")
    pos._on_changes({"notice"})


def press_f11(pos, qtbot) -> None:
    before = pos.window
    QTest.keyClick(pos.window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: pos.window is not before)


def test_the_display_is_korean_again_after_english(pos, qtbot) -> None:
    pos.display.show()
    add_notice(pos)
    window = pos.display.window
    window.next_slide()  # the notice's slide
    press_f11(pos, qtbot)  # English
    qtbot.waitUntil(lambda: window.slide_title.text().startswith("Notice:"))
    press_f11(pos, qtbot)  # back to Korean
    qtbot.waitUntil(lambda: window.slide_title.text() == "공지: 연말 캐시백 행사")
    headers = [window.lines.horizontalHeaderItem(c).text() for c in range(3)]
    shown = [
        window.windowTitle(),
        *headers,
        window.subtotal_caption.text(),
        window.total_caption.text(),
        window.qr_prompt.text(),
        window.paid_thanks.text(),
    ]
    assert all(HANGUL.search(text) and not latin_words(text) for text in shown), shown


def test_the_display_marks_items_excluded_from_the_discount(pos, qtbot) -> None:
    pos.display.show()
    window = pos.display.window
    assert pos.window.screen_checkout.handle_scan(CIGARETTES)
    qtbot.waitUntil(lambda: window.lines.rowCount() == 1)
    assert window.lines.item(0, 0).text().endswith(" [특별할인 제외]")


def test_on_one_monitor_the_display_waits_to_be_asked(pos, qtbot) -> None:
    # Switched on (for a second monitor, say), but this PC has one: opening it at start
    # would cover the till. Ctrl+Shift+D opens it as a small window in the corner.
    assert len(QApplication.screens()) == 1  # offscreen: one monitor
    preferences.set_display(pos._conn, True, None)
    pos.display.apply(at_start=True)
    assert not pos.display.is_shown()
    QTest.keyClick(
        pos.window,
        Qt.Key.Key_D,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(pos.display.is_shown)
    window = pos.display.window
    area = pos.window.screen().availableGeometry()
    assert not window.isFullScreen()
    assert window.width() <= WINDOW_SIZE[0] and window.height() <= WINDOW_SIZE[1]
    assert window.geometry().bottomRight() == area.bottomRight()  # in the corner


def test_training_shows_the_display_at_start_even_on_one_monitor(pos, qtbot) -> None:
    preferences.set_display(pos._conn, True, None)
    pos.display.apply(at_start=True, training=True)  # the phone pays the QR it shows
    assert pos.display.is_shown()


def test_the_file_dialog_names_folders_and_files_in_korean(korean, qtbot, tmp_path) -> None:
    # The list's "Type" column said "Folder" on a Korean screen.
    (tmp_path / "보관").mkdir()
    (tmp_path / "products.csv").write_text("code,name\n", encoding="utf-8")
    dialog = QFileDialog(None, "CSV", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    model = dialog.findChild(QFileSystemModel)
    root = model.index(str(tmp_path))
    qtbot.waitUntil(lambda: model.rowCount(root) == 2)
    types = {model.index(row, 0, root).data(): model.index(row, 2, root).data() for row in (0, 1)}
    assert types["보관"] == "폴더"
    # A file's type is the system's MIME description ("CSV 문서") or Qt's "%1 파일".
    assert HANGUL.search(types["products.csv"]), types
