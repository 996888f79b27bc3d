"""Hangul from the scanner at the counter and in a dialog's field, through the real wedge.

With a text field focused and the Korean IME in Hangul mode, what the scanner types reaches
Qt as input-method commit strings (Hangul) and key presses (digits, spaces, symbols). The
wedge's clock is frozen, so what a test sends one piece after another is one fast burst.
Undoing the IME is right for a code; Korean text that is no code must stay Korean.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QWidget

from pos_app.domain.clock import unix_seconds
from pos_app.domain.hangul_ime import compose_dubeolsik, contains_hangul
from pos_app.services.demo import mint_demo_code
from tests.ui.counter import open_counter
from tests.ui.wedge_clock import FrozenWedgeClock

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
MILK = "8808123000134"  # 우유 1L
TTEOK = "CJ-TTEOK6"  # 찹쌀떡 6입: the demo shop's own code


def clock() -> datetime:
    return NOW


@pytest.fixture
def counter(qtbot, tmp_path):
    with open_counter(qtbot, tmp_path / "pos.sqlite3", clock, scan_clock=FrozenWedgeClock()) as pos:
        yield pos


def scan_through_the_ime(widget: QWidget, text: str) -> None:
    """A scanner's burst as Qt gets it from the Korean IME: Hangul as commit strings,
    everything else as key presses, then Enter."""
    for char in text:
        if contains_hangul(char):
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)
        else:
            QTest.keyClicks(widget, char)
    QTest.keyClick(widget, Qt.Key.Key_Return)


def search_field(counter) -> QLineEdit:
    field = counter.window.screen_checkout.picker.filter
    field.setFocus()
    return field


# (Two syllables alone, like "사과", are shorter than any scan: the wedge lets them be typed.)
@pytest.mark.parametrize(
    "korean", ["사과 1kg", "감사합니다", "청주시 상당구 상당로 155", "홍길동님"]
)
def test_korean_scanned_at_the_counter_is_shown_as_korean_and_adds_nothing(
    counter, qtbot, korean: str
) -> None:
    service = counter.service
    service.handle_scan(MILK)
    lines = list(service.sale.lines)
    scan_through_the_ime(search_field(counter), korean)
    message = counter.window.screen_checkout.message
    qtbot.waitUntil(lambda: "[E209]" in message.text())
    assert korean in message.text()
    assert list(service.sale.lines) == lines


def test_a_store_code_and_a_payment_code_under_the_ime_still_work(counter, qtbot) -> None:
    service = counter.service
    field = search_field(counter)
    scan_through_the_ime(field, compose_dubeolsik(TTEOK))
    qtbot.waitUntil(lambda: len(service.sale.lines) == 1)
    assert service.sale.lines[0].name.startswith("찹쌀떡")
    scan_through_the_ime(field, compose_dubeolsik(mint_demo_code(unix_seconds(NOW))))
    qtbot.waitUntil(service.sale.is_empty)  # paid: the sale is done
    rows = counter._conn.execute("SELECT COUNT(*) FROM payments").fetchone()[0]
    assert rows == 1


@pytest.mark.parametrize(
    ("scanned", "expected"),
    [
        ("배송 전 연락 바랍니다", "배송 전 연락 바랍니다"),  # a Korean memo stays Korean
        ("김민준 님", "김민준 님"),
        (compose_dubeolsik("CJP1ABC"), compose_dubeolsik("CJP1ABC")),  # no code: as scanned
    ],
)
def test_korean_scanned_into_a_dialog_field_stays_korean(
    counter, qtbot, scanned: str, expected: str
) -> None:
    def scan_into_field() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        field = dialog.findChild(QLineEdit)
        field.setFocus()
        scan_through_the_ime(field, scanned)  # its Enter accepts the dialog

    QTimer.singleShot(0, scan_into_field)
    text, ok = QInputDialog.getText(counter.window, "메모", "배송 메모")
    assert (text, ok) == (expected, True)
    assert counter.service.sale.is_empty()


def test_a_payment_code_scanned_into_a_dialog_field_under_the_ime_is_repaired(
    counter, qtbot
) -> None:
    code = mint_demo_code(unix_seconds(NOW))

    def scan_into_field() -> None:
        dialog = QApplication.activeModalWidget()
        field = dialog.findChild(QLineEdit)
        field.setFocus()
        scan_through_the_ime(field, compose_dubeolsik(code))

    QTimer.singleShot(0, scan_into_field)
    text, ok = QInputDialog.getText(counter.window, "코드", "결제 코드")
    assert (text, ok) == (code, True)
