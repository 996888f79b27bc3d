"""Table model over the service's cart (the cart itself lives in the service)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt

from pos_app.domain.cart import Cart
from pos_app.domain.money import format_won
from pos_app.domain.pricing import CartLine
from pos_app.ui.table_model import RIGHT, RecordTableModel


class CartTableModel(RecordTableModel[CartLine]):
    NAME, UNIT_PRICE, QUANTITY, AMOUNT = range(4)
    numbered_rows = True

    def __init__(self, cart: Cart, parent: Any = None) -> None:
        super().__init__(parent)
        self._cart = cart
        self._headers = (self.tr("Item"), self.tr("Unit price"), self.tr("Qty"), self.tr("Amount"))

    def refresh(self) -> None:
        """The cart changed outside the model (the service edits it)."""
        self.beginResetModel()
        self.endResetModel()

    def records(self) -> Sequence[CartLine]:
        return self._cart.lines

    def cell(self, line: CartLine, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.NAME:
                tag = self.tr(" [no special discount]") if line.excluded_from_discount else ""
                return line.name + tag
            if column == self.UNIT_PRICE:
                return format_won(line.unit_price)
            if column == self.QUANTITY:
                return str(line.quantity)
            return format_won(line.amount)
        if role == Qt.ItemDataRole.TextAlignmentRole and column != self.NAME:
            return RIGHT
        return None
