"""Manual price changes and discounts at the counter, through the real window and the real
server: Ctrl+D on a line, Ctrl+K on the sale with a manager's PIN, paid in cash and by
Cheongju Pay (its special discount reckoned after them), the receipt and the close."""

from __future__ import annotations

from day_checks import check
from PySide6.QtCore import Qt
from shop_day import BULGOGI, MILK, ShopDay, expect_dialogs, focused

from pos_app.domain.journal import JournalEvent
from pos_app.services.demo import DEMO_CASHIER_PIN, DEMO_MANAGER_PIN
from pos_app.store.journal import iter_events
from pos_app.store.projection import PAYMENT
from pos_app.ui.checkout.discount_dialog import DiscountDialog

FLOAT = 50_000


def _last_payment_event(day: ShopDay) -> JournalEvent:
    return [e for e in iter_events(day.counter._conn) if e.type == PAYMENT][-1]


def _discount(day: ShopDay, key: Qt.Key, downs: int, figure: int, pin: str | None) -> None:
    """The dialog by keyboard: the change chosen with Down, the figure typed, Enter; the
    PIN typed and Enter when the shop's threshold asks for it."""

    def answer(dialog: DiscountDialog) -> None:
        assert focused() is dialog.value
        for _ in range(downs):
            day.press(Qt.Key.Key_Down, widget=dialog.kind)
        day.type(str(figure), widget=dialog.value)
        if pin is not None:
            assert dialog.isVisible() and focused() is dialog.pin
            day.type(pin, widget=dialog.pin)

    with expect_dialogs((DiscountDialog, answer)):
        day.press(key, Qt.KeyboardModifier.ControlModifier)
    day.back_to_the_window()


def test_line_and_sale_discounts_paid_in_cash_and_by_cheongju_pay(shop_day: ShopDay) -> None:
    day = shop_day
    day.sign_in(DEMO_MANAGER_PIN)
    day.open_day(FLOAT)
    day.sign_in(DEMO_CASHIER_PIN)  # the cashier rings up; the owner approves by PIN

    # 우유 2,980 + 불고기 18,900; 1,000 off the 불고기 (the selected, last line): 5.3 %, no PIN.
    day.ring_up(MILK, BULGOGI)
    _discount(day, Qt.Key.Key_D, 1, 1_000, None)
    # 20 % off the sale (over 10 %): the owner's PIN. 20 % of 20,880 is 4,176.
    _discount(day, Qt.Key.Key_K, 1, 20, DEMO_MANAGER_PIN)
    assert day.service.sale.quote().subtotal == 20_880 - 4_176
    sale = day.pay_cash(20_000, 16_704)
    check(day, "cash after a line and a sale discount")
    body = _last_payment_event(day).body
    assert sum(line.get("line_discount", 0) for line in body["lines"]) == 5_176
    kinds = [(m["scope"], m["kind"], m["won"]) for m in body["manual_discounts"]]
    assert kinds == [("line", "won", 1_000), ("sale", "percent", 4_176)]
    cashier = day.shop.staff.current()
    assert body["manual_discounts"][1]["requested_by"] == cashier.staff_id
    assert body["manual_discounts"][1]["approved_by"] not in (None, cashier.staff_id)
    payment = day.service.payment(sale.payment_id)
    # Under each line, what the manual discounts took off it (its own and its share).
    taken = [
        int(r.right.removesuffix("원").replace(",", ""))
        for r in day.service.receipt(payment)
        if r.left.strip() == "할인"
    ]
    assert len(taken) == 2 and sum(taken) == -5_176

    # A new price on the 우유 (2,980 -> 2,500, the owner's PIN), then Cheongju Pay: its
    # special 10 % is reckoned on 2,500, so the customer pays 2,250.
    day.ring_up(MILK)
    _discount(day, Qt.Key.Key_D, 0, 2_500, DEMO_MANAGER_PIN)
    paid = day.pay_cheongju(2_250)
    check(day, "Cheongju Pay after a price change")
    payment = day.service.payment(paid.payment_id)
    assert payment.approval_no is not None  # the real server took the net amounts
    texts = [r.left for r in day.service.receipt(payment)]
    assert any("정상가 2,980" in text for text in texts)

    settlement = day.shop.day_close.settlement()
    assert settlement is not None and settlement.manual_discounts == 5_176 + 480
