"""The four table models share one base: rows and columns, headers and the index guard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from pytestqt.qtbot import QtBot

from pos_app.domain.cart import Cart
from pos_app.ui.catalog.product_table import ProductTableModel
from pos_app.ui.checkout.cart_model import CartTableModel
from pos_app.ui.online.listing_model import ListingTableModel
from pos_app.ui.online.order_model import OrderTableModel
from pos_app.ui.table_model import RecordTableModel

DISPLAY = Qt.ItemDataRole.DisplayRole


def _models() -> list[QAbstractTableModel]:
    cart = Cart()
    cart.add_open_amount(1_000, "open")
    cart.add_open_amount(2_500, "open 2")
    return [ProductTableModel(), OrderTableModel(), ListingTableModel(), CartTableModel(cart)]


@pytest.mark.usefixtures("qapp")
def test_every_table_model_is_a_record_table_model() -> None:
    assert all(isinstance(model, RecordTableModel) for model in _models())


def test_counts_headers_and_the_index_guard_are_the_bases(qtbot: QtBot) -> None:
    product, order, listing, cart = _models()
    assert [m.columnCount() for m in (product, order, listing, cart)] == [6, 7, 6, 4]
    assert [m.rowCount() for m in (product, order, listing, cart)] == [0, 0, 0, 2]
    parent = cart.index(0, 0)
    assert cart.rowCount(parent) == 0 and cart.columnCount(parent) == 0
    assert cart.data(QModelIndex()) is None
    assert cart.data(cart.index(1, CartTableModel.AMOUNT)) == "2,500원"
    assert cart.headerData(1, Qt.Orientation.Vertical, DISPLAY) == "2"  # numbered lines
    assert product.headerData(0, Qt.Orientation.Vertical, DISPLAY) is None
    assert order.headerData(OrderTableModel.TOTAL, Qt.Orientation.Horizontal, DISPLAY)
    assert listing.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) is None


def test_a_row_gone_before_the_model_was_reset_shows_nothing(qtbot: QtBot) -> None:
    # A merchant-QR payment paid from the phone empties the sale while its dialog is open;
    # the view behind it may repaint before the screen resets the model: no exception.
    *_, cart_model = _models()
    last_line = cart_model.index(1, CartTableModel.AMOUNT)
    cart_model._sale.clear()
    assert cart_model.data(last_line) is None
    cart_model.refresh()
    assert cart_model.rowCount() == 0
