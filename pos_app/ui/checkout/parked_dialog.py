"""Ctrl+Shift+B 보류 목록: the parked sales (time, lines, total); arrows choose, Enter recalls
the chosen one into the empty cart, Esc goes back. The rules (an empty cart only, once) are
the parked-sale service's; this only shows them and says its refusals."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.errors import UserFacingError
from pos_app.domain.money import format_won
from pos_app.services.parked_sales import ParkedSale, ParkedSaleService
from pos_app.ui.day_close.opening_float import kst_time
from pos_app.ui.message_bar import MessageBar


class ParkedSalesDialog(QDialog):
    """``recalled`` holds the parked sale brought back once the dialog is accepted."""

    def __init__(
        self, parked: ParkedSaleService, language: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._parked = parked
        self._language = language
        self.recalled: ParkedSale | None = None
        self.setWindowTitle(self.tr("Parked sales"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._rows = parked.parked()
        hint = QLabel(
            self.tr("Arrows choose, Enter recalls the sale into the cart, Esc goes back.")
            if self._rows
            else self.tr("No sales are parked. Ctrl+B parks the sale in progress.")
        )
        hint.setWordWrap(True)
        self.table = QTableWidget(len(self._rows), 3)
        self.table.setObjectName("parkedSales")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Parked"), self.tr("Items"), self.tr("Total")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        for row, sale in enumerate(self._rows):
            total = QTableWidgetItem(format_won(sale.subtotal))
            total.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 0, QTableWidgetItem(kst_time(sale.parked_at)))
            self.table.setItem(row, 1, QTableWidgetItem(self._items_text(sale)))
            self.table.setItem(row, 2, total)
        # Enter on a row (the item view's activation) recalls it.
        self.table.activated.connect(lambda _index: self.recall_selected())
        self.error = MessageBar()
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        self.resize(560, 360)  # fits a 1024x768 screen beside nothing else
        if self._rows:
            self.table.selectRow(0)
        self.table.setFocus()

    def _items_text(self, sale: ParkedSale) -> str:
        first = sale.lines[0]
        text = f"{first.name} x{first.quantity}"
        if len(sale.lines) > 1:
            text += " " + self.tr("and %1 more").replace("%1", str(len(sale.lines) - 1))
        return text

    def recall_selected(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self._rows):
            return
        try:
            self.recalled = self._parked.recall(self._rows[row].park_id)
        except UserFacingError as error:
            self.error.show_error(error, self._language)
            return
        self.accept()
