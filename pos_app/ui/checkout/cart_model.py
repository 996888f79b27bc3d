"""Table model over the sale's lines (the sale itself lives in the services)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from pos_app.domain.money import format_won
from pos_app.services.sale import Sale

_Index = QModelIndex | QPersistentModelIndex


class CartTableModel(QAbstractTableModel):
    NAME, UNIT_PRICE, QUANTITY, AMOUNT = range(4)

    def __init__(self, sale: Sale, parent: Any = None) -> None:
        super().__init__(parent)
        self._sale = sale
        self._headers = (self.tr("Item"), self.tr("Unit price"), self.tr("Qty"), self.tr("Amount"))

    def refresh(self) -> None:
        """The sale changed outside the model (the screen edits it through the sale)."""
        self.beginResetModel()
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._sale)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self._sale.lines[index.row()]
        column = index.column()
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
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
