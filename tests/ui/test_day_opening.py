"""No selling outside a business day without a word.

The checkout warns while no day is open; the first sale asks for the opening float in a
small dialog (Enter: the float typed, Esc: not counted) and then goes on. Real window,
real services, a real file; keys as the cashier presses them.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from pos_app.services.day_close import DayState
from pos_app.services.demo import DEMO_MANAGER_PIN
from pos_app.ui.checkout.tender_dialog import TenderDialog
from pos_app.ui.day_close.opening_float import OpeningFloatDialog
from tests.ui.counter import open_counter
from tests.ui.test_catalog_screen import scan, when_dialog_opens
from tests.ui.wedge_clock import type_keys

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # 12:00 KST
MILK = "8808123000134"


def clock() -> datetime:
    return NOW


def test_with_no_day_open_the_checkout_warns_and_the_first_sale_asks_the_float(
    qtbot, tmp_path
) -> None:
    with open_counter(
        qtbot, tmp_path / "pos.sqlite3", clock, signed_in_pin=DEMO_MANAGER_PIN, day_float=None
    ) as pos:
        screen = pos.window.screen_checkout
        assert screen.day_warning.isVisible()
        assert "열린 영업일이 없습니다" in screen.day_warning.text()

        def type_float(dialog: OpeningFloatDialog) -> None:
            assert dialog.amount.hasFocus()
            scan(pos, MILK)  # the next item scanned before the question is answered
            qtbot.waitUntil(lambda: "[E214]" in dialog.error.text())
            assert dialog.amount.text() == ""  # refused, not typed into the float
            type_keys(pos, dialog.amount, "30,000")  # typed, not scanned
            QTest.keyClick(dialog.amount, Qt.Key.Key_Return)

        asked = when_dialog_opens(OpeningFloatDialog, type_float)
        scan(pos, MILK)
        qtbot.waitUntil(lambda: len(pos.service.sale) == 1)  # the first scan went on after it
        assert pos.service.sale.lines[0].quantity == 1  # the refused one added nothing
        asked.stop()
        day = pos.shop_pages.shop.day_close.current_day()
        assert day is not None and day.float_amount == 30_000 and day.float_counted
        assert not screen.day_warning.isVisible()

        scan(pos, MILK)  # the day is open: no question any more
        qtbot.waitUntil(lambda: pos.service.sale.lines[0].quantity == 2)


def test_after_the_close_the_next_sale_opens_a_new_day_and_esc_means_not_counted(
    qtbot, tmp_path
) -> None:
    with open_counter(
        qtbot, tmp_path / "pos.sqlite3", clock, signed_in_pin=DEMO_MANAGER_PIN, day_float=10_000
    ) as pos:
        checkout = pos.window.screen_checkout
        assert not checkout.day_warning.isVisible()
        days = pos.shop_pages.shop.day_close
        close_screen = pos.shop_pages.day_close_screen
        pos.window.show_page(pos.window.pages.index(close_screen))
        close_screen.counted_total.setText("10000")
        close_screen.request_close()
        close_screen.request_close()  # asked, then confirmed
        assert days.status().state is DayState.CLOSED

        pos.window.show_page(0)
        assert checkout.day_warning.isVisible()
        assert "마감했습니다" in checkout.day_warning.text()
        assert "다음 판매 때 새 영업일을 시작합니다" in checkout.day_warning.text()

        asked = when_dialog_opens(
            OpeningFloatDialog, lambda dialog: QTest.keyClick(dialog.amount, Qt.Key.Key_Escape)
        )
        scan(pos, MILK)
        qtbot.waitUntil(lambda: len(pos.service.sale) == 1)
        asked.stop()
        day = days.current_day()
        assert day is not None and day.float_amount == 0 and not day.float_counted
        assert not checkout.day_warning.isVisible()
        assert "시재금 세지 않음" in close_screen.state.text()


def test_a_day_closed_mid_sale_is_opened_again_before_cash_is_taken(qtbot, tmp_path) -> None:
    with open_counter(
        qtbot, tmp_path / "pos.sqlite3", clock, signed_in_pin=DEMO_MANAGER_PIN, day_float=0
    ) as pos:
        scan(pos, MILK)
        qtbot.waitUntil(lambda: len(pos.service.sale) == 1)
        pos.shop_pages.shop.day_close.close_day(counted=0)  # closed on another screen

        seen: list[str] = []
        then: list[object] = []  # keeps the second watcher alive

        def not_counted(dialog: OpeningFloatDialog) -> None:
            seen.append("float")
            QTest.keyClick(dialog.amount, Qt.Key.Key_Escape)
            then.append(
                when_dialog_opens(
                    TenderDialog, lambda tender: (seen.append("tender"), tender.reject())
                )
            )

        asked = when_dialog_opens(OpeningFloatDialog, not_counted)
        QTest.keyClick(pos.window, Qt.Key.Key_F5)  # returns once both dialogs closed
        asked.stop()
        assert seen == ["float", "tender"]
        assert pos.shop_pages.shop.day_close.status().state is DayState.OPEN
        assert len(pos.service.sale) == 1  # nothing lost
