"""면세 goods are marked where the cashier and the owner look at them: the product list,
the counter's cart and the refund dialog's lines (the receipt marks them "#")."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt

from pos_app.domain.tax import TaxCategory
from pos_app.services.catalog import ProductDraft
from pos_app.services.refunds import RefundService
from pos_app.ui.app import PosController
from pos_app.ui.catalog.product_table import ProductTableModel
from pos_app.ui.checkout.cart_model import CartTableModel
from pos_app.ui.refunds.refund_dialog import RefundDialog
from tests.ui.counter import open_counter

NOW = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)
CABBAGE = "8801234567909"
OIL = "8801234567916"


def clock() -> datetime:
    return NOW


@pytest.fixture
def pos(qtbot, tmp_path) -> Iterator[PosController]:
    with open_counter(qtbot, tmp_path / "pos.sqlite3", clock) as controller:
        yield controller


def _name(model, row: int) -> str:
    return model.data(model.index(row, 0), Qt.ItemDataRole.DisplayRole)


def test_exempt_goods_are_tagged_in_the_list_the_cart_and_the_refund(pos, qtbot) -> None:
    catalog = pos.shop_pages.shop.catalog
    cabbage = catalog.save(
        ProductDraft("배추 1포기 시험", 4500, "채소", (CABBAGE,), tax_category=TaxCategory.EXEMPT)
    )
    oil = catalog.save(ProductDraft("참기름 시험", 9000, "양념", (OIL,)))
    products = ProductTableModel()
    products.show([cabbage, oil])
    assert _name(products, 0) == "배추 1포기 시험 [면세]"
    assert _name(products, 1) == "참기름 시험"

    screen = pos.window.screen_checkout
    assert screen.handle_scan(CABBAGE) and screen.handle_scan(OIL)
    cart = screen.findChild(CartTableModel)
    assert cart is not None
    qtbot.waitUntil(lambda: cart.rowCount() == 2)
    assert [_name(cart, 0), _name(cart, 1)] == ["배추 1포기 시험 [면세]", "참기름 시험"]

    service = pos.session.service
    paid = service.pay_cash(13_500)
    dialog = RefundDialog(RefundService(pos.session.conn, clock), paid.payment_id, "ko")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    names = [dialog.lines.item(row, 0).text() for row in range(dialog.lines.rowCount())]
    assert names == ["배추 1포기 시험 [면세]", "참기름 시험"]
