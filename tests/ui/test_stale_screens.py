"""Nothing stale on the counter: the "Added" hint names the last item
added or goes away, and a refunded sale says so on the paid view and in F10.

Real widgets, a real SQLite file and the real services; keys go through the application
like a cashier's (and a scanner's) would.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from pos_app.domain.clock import unix_seconds
from pos_app.services.demo import DEMO_MANAGER_PIN, mint_demo_code
from pos_app.ui.app import PosController
from pos_app.ui.printing.preview import ReceiptPreviewDialog
from pos_app.ui.refunds.refund_dialog import RefundDialog
from tests.ui.counter import open_counter
from tests.ui.test_catalog_screen import when_dialog_opens
from tests.ui.wedge_clock import type_keys

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # 12:00 KST
MILK = "8808123000134"  # 우유 1L, 2,980원
BULGOGI = "8808123000103"  # 18,900원


def clock() -> datetime:
    return NOW


@pytest.fixture
def pos(qtbot, tmp_path) -> Iterator[PosController]:
    with open_counter(
        qtbot, tmp_path / "pos.sqlite3", clock, signed_in_pin=DEMO_MANAGER_PIN
    ) as controller:
        yield controller


def scan(pos: PosController, text: str) -> None:
    QTest.keyClicks(pos.scan_target(), text)
    QTest.keyClick(pos.scan_target(), Qt.Key.Key_Return)


def test_the_added_hint_names_the_last_item_added_or_goes_away(pos, qtbot) -> None:
    screen = pos.window.screen_checkout
    message = screen.message
    scan(pos, MILK)
    qtbot.waitUntil(lambda: message.text().startswith("추가: 우유"))
    assert message.text().startswith("추가: 우유")

    # Picked from the list (F3), not scanned: the hint follows.
    QTest.keyClick(pos.window, Qt.Key.Key_F3)
    screen.picker.filter.setText("두부")
    QTest.keyClick(screen.picker.filter, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: message.text().startswith("추가: 두부"))
    assert message.text().startswith("추가: 두부") and "우유" not in message.text()

    # A typed amount (F2) is an item too.
    QTest.keyClick(pos.window, Qt.Key.Key_F2)
    type_keys(pos, screen.amount_input, "7000")
    QTest.keyClick(screen.amount_input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "7,000원" in message.text())
    assert message.text() == "추가: 금액 입력 상품  7,000원"

    # Removing a line adds nothing: no hint naming an item that is no longer the last added.
    screen.cart_view.setFocus()
    QTest.keyClick(screen.cart_view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: not message.isVisible())
    assert message.text() == "" and not message.isVisible()


def refund_in_full(pos: PosController, qtbot) -> None:
    """On the payments page (Ctrl+5), the whole sale back, approved by the manager's PIN."""
    QTest.keyClick(pos.window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    screen = pos.shop_pages.payments_screen
    screen.search()
    screen.table.selectRow(0)

    def refund_everything(dialog: RefundDialog) -> None:
        dialog.take_everything()
        dialog.pin.setFocus()
        type_keys(pos, dialog.pin, DEMO_MANAGER_PIN)
        QTest.keyClick(dialog.pin, Qt.Key.Key_Return)
        dialog.accept()

    watcher = when_dialog_opens(RefundDialog, refund_everything)
    with qtbot.waitSignal(screen.refunded, timeout=10_000):
        screen.refund_selected()
    watcher.stop()
    pos.window.activateWindow()  # the dialog had it; the F-keys and Ctrl+1 are window shortcuts
    qtbot.waitUntil(pos.window.isActiveWindow)
    QTest.keyClick(pos.window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert pos.window.current_page() is pos.window.pages[0]


def test_a_refunded_sale_says_so_on_the_paid_view_and_in_f10(pos, qtbot) -> None:
    scan(pos, MILK)
    scan(pos, BULGOGI)
    scan(pos, mint_demo_code(unix_seconds(NOW)))
    totals = pos.window.screen_checkout.totals
    qtbot.waitUntil(totals.paid_banner.isVisible)
    assert "환불" not in totals.paid_banner.text()

    refund_in_full(pos, qtbot)
    # The paid view still on the counter shows it at once, without F10.
    assert totals.paid_banner.text() == "전액 환불됨"
    assert "전액 환불된 결제" in pos.window.screen_checkout.receipt.plain_text()

    seen: dict[str, object] = {}

    def look(dialog: ReceiptPreviewDialog) -> None:
        seen["rows"] = [row.left for row in dialog._rows]
        dialog.reject()

    watcher = when_dialog_opens(ReceiptPreviewDialog, look)
    QTest.keyClick(pos.window, Qt.Key.Key_F10)
    watcher.stop()
    assert totals.paid_banner.text() == "전액 환불됨"
    assert "** 전액 환불된 결제 **" in seen["rows"]  # type: ignore[operator]
