"""Nothing stale on the counter when the news comes from the sync,
with the real window, the real sync worker and the real server process (pytest-qt).

- An offline-rule refusal goes away once the connection is back.
- A sale the server approved with cashback, then voided: no cashback on the paid view,
  the receipt (F10 shows the same rows) or the customer display.
- The day close on show while an offline payment is approved: it says so at once.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from counter_harness import synced_counter
from pos_harness import MILK, Pos
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pos_app.services.demo import DEMO_MANAGER_PIN
from pos_app.ui.app import PosController
from pos_app.ui.dialogs.void_dialog import VoidDialog
from tests.ui.wedge_clock import type_keys


@pytest.fixture
def counter(qtbot, sqlite_till: Pos) -> Iterator[PosController]:
    with synced_counter(qtbot, sqlite_till) as controller:
        yield controller


def scan(controller: PosController, text: str) -> None:
    target = controller.scan_target()
    QTest.keyClicks(target, text)
    QTest.keyClick(target, Qt.Key.Key_Return)


def test_an_offline_refusal_goes_once_the_connection_is_back(
    counter, sqlite_till, sqlite_server, qtbot
):
    code = sqlite_till.code(offline_limit=1_000)  # the customer's app, minted while online
    worker = counter.sync.worker
    sqlite_server.stop()
    qtbot.waitUntil(lambda: not worker.is_online(), timeout=20_000)

    scan(counter, MILK)  # 2,682원 with the discount: over the code's 1,000원 offline limit
    scan(counter, code)
    message = counter.window.screen_checkout.message
    qtbot.waitUntil(lambda: "[E108]" in message.text())
    assert counter.service.last_payment() is None and len(counter.service.sale) == 1

    sqlite_server.start()
    qtbot.waitUntil(worker.is_online, timeout=30_000)
    qtbot.waitUntil(lambda: message.text() == "", timeout=5_000)
    assert not message.isVisible()
    assert len(counter.service.sale) == 1  # the sale is kept: scan the code again now


def test_a_voided_sale_shows_no_cashback_anywhere(counter, sqlite_till, qtbot):
    scan(counter, MILK)
    scan(counter, sqlite_till.code())
    screen = counter.window.screen_checkout
    display = counter.display.presenter
    qtbot.waitUntil(lambda: "승인 완료" in screen.totals.paid_banner.text(), timeout=10_000)
    qtbot.waitUntil(lambda: bool(display.state.paid and display.state.paid.cashback))
    assert screen.totals.cashback.isVisible() and "캐시백 적립" in screen.receipt.plain_text()

    def answer_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, VoidDialog)
        type_keys(counter, dialog.pin, DEMO_MANAGER_PIN)
        QTest.keyClick(dialog.pin, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer_dialog)
    QTest.keyClick(counter.window, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: counter.service.last_payment().voided)

    def no_cashback_shown() -> bool:
        paid = display.state.paid
        return (
            not screen.totals.cashback.isVisible()
            and "캐시백" not in screen.receipt.plain_text()
            and paid is not None
            and paid.failed
            and paid.cashback is None
        )

    qtbot.waitUntil(no_cashback_shown)
    # F10 (last receipt) draws the same sale again: still none.
    QTest.keyClick(counter.window, Qt.Key.Key_F10)
    assert no_cashback_shown()
    assert "취소된 결제" in screen.receipt.plain_text()


def test_the_day_close_on_show_follows_the_servers_answer(qtbot, sqlite_till, sqlite_server):
    with synced_counter(qtbot, sqlite_till, with_shop=True) as counter:
        worker = counter.sync.worker
        pages = counter.shop_pages
        code = sqlite_till.code()  # the customer's app, minted while online
        sqlite_server.stop()
        qtbot.waitUntil(lambda: not worker.is_online(), timeout=20_000)
        scan(counter, MILK)
        scan(counter, code)  # accepted offline: awaiting the server's approval
        qtbot.waitUntil(lambda: counter.service.last_payment() is not None)
        window = counter.window
        window.show_page(window.pages.index(pages.day_close_screen))
        note = pages.day_close_screen.settlement.pending_note
        qtbot.waitUntil(lambda: note.isVisible() and "1" in note.text())

        sqlite_server.start()
        # No tab change: the answer alone brings the screen up to date.
        qtbot.waitUntil(lambda: not note.isVisible(), timeout=30_000)
        assert window.current_page() is pages.day_close_screen
