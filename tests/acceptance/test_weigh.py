"""Scale labels and a 시가 item in a shop's day, through the real window and the real server.

The demo shop's label scale prints 21 + a 5-digit item code + grams (``DEMO_SCALE``): a
label of 0.532 kg of 삼겹살 (18,900원/kg) rings up at 10,054원, a label with a bad check
digit is refused with its code and nothing is added, and the 꽃게 (시가) asks for today's
price, which the next one offers again. Paid in cash, the server records the weighed line's
grams and moves the stock by them; every screen and the server agree (``check``).
"""

from __future__ import annotations

from day_checks import check
from PySide6.QtCore import Qt
from shop_day import ShopDay, expect_dialogs, focused

from pos_app.domain.scale_label import make_scale_label
from pos_app.services.demo import DEMO_SCALE
from pos_app.ui.checkout.market_price_dialog import MarketPriceDialog

FLOAT = 100_000
PORK = "P0042"  # 삼겹살 (국내산), 18,900원/kg, item code 00101
PORK_0532 = make_scale_label(DEMO_SCALE, "00101", 532)  # 10,054원 (10,054.8 rounded down)
CRAB = "8808123000400"  # 꽃게 (시가), list price 20,000원


def test_a_weighed_label_and_a_market_price_item_paid_in_cash(shop_day: ShopDay) -> None:
    day = shop_day
    day.sign_in()
    day.open_day(FLOAT)
    check(day, "open the day")
    screen = day.window.screen_checkout
    grams_before = day.shop.stock.level(PORK).level

    day.ring_up(PORK_0532)
    (line,) = day.service.sale.lines
    assert (line.weight_g, line.price_per_kg, line.unit_price) == (532, 18_900, 10_054)
    assert "0.532 kg × 18,900원/kg" in screen.cart_model.index(0, 0).data()

    bad = PORK_0532[:12] + str((int(PORK_0532[12]) + 1) % 10)
    day.scan(bad)
    day.qtbot.waitUntil(lambda: "E651" in screen.message.text())
    assert len(day.service.sale) == 1  # refused: never sold at a wrong price

    asked: list[str] = []

    def todays_price(dialog: MarketPriceDialog) -> None:
        asked.append(dialog.price.text())
        assert focused() is dialog.price and dialog.price.text() == "20,000"
        dialog.price.selectAll()
        day.type("23000")  # Enter adds the line

    with expect_dialogs((MarketPriceDialog, todays_price)):
        day.scan(CRAB)
        day.qtbot.waitUntil(lambda: len(asked) == 1 and screen.market_price_dialog is None)
    assert [ln.unit_price for ln in day.service.sale.lines] == [10_054, 23_000]

    sale = day.pay_cash(40_000, 33_054)
    check(day, "cash sale of a weighed line and a 시가 line")
    assert day.shop.stock.level(PORK).level == grams_before - 532
    receipt = screen.receipt.plain_text()
    assert "0.532 kg x 18,900원/kg" in receipt and "23,000원" in receipt
    assert day.service.payment(sale.payment_id).items[0].weight_g == 532

    # The next crab offers today's price; Esc adds nothing.
    def cancel(dialog: MarketPriceDialog) -> None:
        asked.append(dialog.price.text())
        assert dialog.price.text() == "23,000"
        day.press(Qt.Key.Key_Escape, widget=dialog.price)

    with expect_dialogs((MarketPriceDialog, cancel)):
        day.scan(CRAB)
        day.qtbot.waitUntil(lambda: len(asked) == 2 and screen.market_price_dialog is None)
    assert asked == ["20,000", "23,000"] and day.service.sale.is_empty()
    check(day, "a 시가 item cancelled with Esc")
