"""Receive goods, count the shelf, or correct stock with a reason: one small form each."""

from __future__ import annotations

import enum

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.errors import UserFacingError
from pos_app.domain.online_records import StockLevel
from pos_app.domain.records import Product
from pos_app.domain.stock import MAX_DELTA, AdjustReason
from pos_app.services.stock import StockService
from pos_app.ui.message_bar import MessageBar


class StockAction(enum.Enum):
    RECEIVE = "receive"  # 입고
    COUNT = "count"  # 재고 실사: the counted quantity
    ADJUST = "adjust"  # 증감 with a reason


class StockDialog(QDialog):
    def __init__(
        self,
        stock: StockService,
        product: Product,
        action: StockAction,
        language: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._stock = stock
        self._product = product
        self._action = action
        self._language = language
        self.result_level: StockLevel | None = None
        titles = {
            StockAction.RECEIVE: self.tr("Receive goods"),
            StockAction.COUNT: self.tr("Stock count"),
            StockAction.ADJUST: self.tr("Adjust stock"),
        }
        self.setWindowTitle(titles[action])
        current = stock.level(product.product_id).level
        self.error = MessageBar()
        self.quantity = QSpinBox()
        self.quantity.setGroupSeparatorShown(True)
        if product.sold_by_weight:
            self.quantity.setSuffix(self.tr(" g"))  # stocked in grams (shown in kg)
        if action is StockAction.RECEIVE:
            self.quantity.setRange(1, MAX_DELTA)
        elif action is StockAction.COUNT:
            self.quantity.setRange(0, MAX_DELTA)
            self.quantity.setValue(max(current, 0))
        else:
            self.quantity.setRange(-MAX_DELTA, MAX_DELTA)
        self.reason = QComboBox()
        for reason, label in (
            (AdjustReason.DAMAGED, self.tr("Damaged")),
            (AdjustReason.EXPIRED, self.tr("Past its date")),
            (AdjustReason.LOST, self.tr("Lost")),
            (AdjustReason.OTHER, self.tr("Other (write a note)")),
        ):
            self.reason.addItem(label, reason.value)
        self.note = QLineEdit()
        self.note.setMaxLength(200)
        form = QFormLayout()
        form.addRow(self.tr("Product"), QLabel(f"<b>{product.name}</b>"))
        form.addRow(self.tr("In stock now"), QLabel(f"{current:,}"))
        quantity_labels = {
            StockAction.RECEIVE: self.tr("Quantity received"),
            StockAction.COUNT: self.tr("Counted on the shelf"),
            StockAction.ADJUST: self.tr("Change (+ or -)"),
        }
        form.addRow(quantity_labels[action], self.quantity)
        if action is StockAction.ADJUST:
            form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.tr("Note"), self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.quantity.setFocus()
        self.quantity.selectAll()

    def save(self) -> None:
        product_id = self._product.product_id
        quantity, note = self.quantity.value(), self.note.text()
        try:
            if self._action is StockAction.RECEIVE:
                self.result_level = self._stock.receive(product_id, quantity, note)
            elif self._action is StockAction.COUNT:
                self.result_level = self._stock.count(product_id, quantity, note)
            else:
                self.result_level = self._stock.adjust(
                    product_id, quantity, str(self.reason.currentData()), note
                )
        except UserFacingError as error:
            self.error.show_error(error, self._language)
            return
        self.accept()
