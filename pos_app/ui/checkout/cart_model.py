"""Table model over the sale's lines (the sale itself lives in the services)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt

from pos_app.domain.money import format_won
from pos_app.domain.pricing import CartLine
from pos_app.domain.scale_label import format_weight_kg
from pos_app.domain.tax import TaxCategory
from pos_app.services.sale import Sale
from pos_app.ui.table_model import RIGHT, RecordTableModel


class CartTableModel(RecordTableModel[CartLine]):
    NAME, UNIT_PRICE, QUANTITY, AMOUNT = range(4)
    numbered_rows = True

    def __init__(self, sale: Sale, parent: Any = None) -> None:
        super().__init__(parent)
        self._sale = sale
        self._headers = (self.tr("Item"), self.tr("Unit price"), self.tr("Qty"), self.tr("Amount"))

    def refresh(self) -> None:
        """The sale changed outside the model (the screen edits it through the sale)."""
        self.beginResetModel()
        self.endResetModel()

    def records(self) -> Sequence[CartLine]:
        return self._sale.lines

    def cell(self, line: CartLine, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column == self.NAME:
            return self._name_text(line)  # the whole of it, where the column cuts it short
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.NAME:
                return self._name_text(line)
            if column == self.UNIT_PRICE:
                return format_won(line.unit_price)
            if column == self.QUANTITY:
                return str(line.quantity)
            return format_won(line.amount)
        if role == Qt.ItemDataRole.TextAlignmentRole and column != self.NAME:
            return RIGHT
        return None

    def _name_text(self, line: CartLine) -> str:
        """The name, then what changed its price (a manual change first: the cashier must
        see it), the scale label's weight, and the marks the receipt prints too."""
        tag = ""
        if line.list_price is not None:
            tag += self.tr(" [was %1]").replace("%1", format_won(line.list_price))
        if line.line_discount:
            tag += self.tr(" [discount %1]").replace("%1", format_won(-line.line_discount))
        tag += weighed_text(line)
        if line.excluded_from_discount:
            tag += self.tr(" [no special discount]")
        if line.tax is TaxCategory.EXEMPT:  # 면세, as the receipt's "#"
            tag += self.tr(" [tax-exempt]")
        return line.name + tag


def weighed_text(line: CartLine) -> str:
    """A scale line's weight and price per kg after its name: `` 0.532 kg × 18,900원/kg``."""
    if line.weight_g is None:
        return ""
    if line.price_per_kg is None:
        return f" {format_weight_kg(line.weight_g)}"
    return f" {format_weight_kg(line.weight_g)} × {format_won(line.price_per_kg)}/kg"
