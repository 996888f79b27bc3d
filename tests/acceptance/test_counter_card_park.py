"""A counter's habits through the real server: a sale parked (Ctrl+B) while the next customer
pays, recalled (Ctrl+Shift+B) and paid with the Cheongju Pay card on the terminal (F5, Ctrl+J,
the slip's approval number), the close warned about a sale still parked, and the city's
day-close report counting the card as Cheongju Pay.

Keys as the cashier presses them on the real window (all shop screens, the real sync worker),
one fresh till enrolled with the suite's server process.
"""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from shop_day import CHECKOUT, DAY_CLOSE, MILK, ShopDay, expect_dialogs, focused

from pos_app.domain.payment_status import PaymentStatus
from pos_app.domain.tenders import Tender
from pos_app.ui.checkout.parked_dialog import ParkedSalesDialog
from pos_app.ui.checkout.tender_dialog import TenderDialog

MILK_CJPAY = 2_682


def park(day: ShopDay) -> None:
    day.press(Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    day.qtbot.waitUntil(day.service.sale.is_empty)


def recall_first(day: ShopDay) -> None:
    def choose(dialog: ParkedSalesDialog) -> None:
        dialog.activateWindow()
        day.qtbot.waitUntil(dialog.table.hasFocus)
        day.press(Qt.Key.Key_Return, widget=dialog.table)

    with expect_dialogs((ParkedSalesDialog, choose)):
        day.press(
            Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        )
    day.back_to_the_window()


def pay_cheongju_card(day: ShopDay, approval: str) -> None:
    """F5, Ctrl+J, the approval number typed (a slip scanner types the same), Tab to the
    confirmation, Space, Enter."""

    def card(dialog: TenderDialog) -> None:
        day.press(Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier, widget=focused())
        day.qtbot.waitUntil(dialog.card_approval.hasFocus)
        day.type(approval, enter=False, widget=dialog.card_approval)
        day.press(Qt.Key.Key_Tab, widget=dialog.card_approval)
        day.qtbot.waitUntil(dialog.cheongju_approved.hasFocus)
        day.press(Qt.Key.Key_Space, widget=dialog.cheongju_approved)
        day.qtbot.waitUntil(dialog.cheongju_approved.isChecked)
        day.press(Qt.Key.Key_Return, widget=dialog.cheongju_approved)

    with expect_dialogs((TenderDialog, card)):
        day.press(Qt.Key.Key_F5)
    day.back_to_the_window()


def test_park_serve_recall_and_pay_by_cheongju_pay_card(shop_day: ShopDay) -> None:
    day = shop_day
    day.open_day(10_000)
    day.ring_up(MILK, MILK)
    park(day)
    assert "(1)" in day.window.parked_button.text()

    # The next customer pays cash meanwhile.
    day.ring_up(MILK)
    day.pay_cash(5_000, 2_980)

    recall_first(day)
    assert [(line.name, line.quantity) for line in day.service.sale.lines] == [("우유 1L", 2)]
    pay_cheongju_card(day, "30571122")
    paid = day.service.last_payment()
    assert paid is not None and paid.tender is Tender.CHEONGJU_CARD
    assert paid.total == 2 * MILK_CJPAY and paid.card_approval_no == "30571122"
    receipt = {row.left: row.right for row in day.service.receipt(paid)}
    assert receipt["결제수단"] == "청주페이 카드" and receipt["승인번호"] == "30571122"

    # One more sale is parked and left: the close says so before it closes.
    day.ring_up(MILK)
    park(day)
    day.settle()
    assert day.service.payment(paid.payment_id).status is PaymentStatus.RECORDED  # type: ignore[union-attr]
    outcome = day.counter.session.conn.execute(
        "SELECT r.outcome FROM sync_results r JOIN payments p USING (seq) WHERE p.payment_id = ?",
        (paid.payment_id,),
    ).fetchone()[0]
    assert outcome == "recorded"

    day.show_page(DAY_CLOSE)
    screen = day.pages.day_close_screen
    screen.counted_total.setFocus()
    day.type("12980")  # the float and the cash sale; Enter asks
    warning = screen.message.text()
    assert "보류된 판매 1건(2,980원)" in warning, warning
    day.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    day.qtbot.waitUntil(lambda: day.shop.day_close.current_day() is None)
    day.show_page(CHECKOUT)
    day.settle()

    reports = json.loads(day.server.cli("day-closes", day.merchant_id()))
    (report,) = [r for r in reports if r["device_id"] == day.device_id]
    assert report["tenders"]["cheongju_card"] == 2 * MILK_CJPAY
    assert report["cheongju_pay_net"] == 2 * MILK_CJPAY
    assert report["discounts"] == 2 * (2_980 - MILK_CJPAY)
