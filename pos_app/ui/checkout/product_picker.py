"""Pick a product by name: a filter box over the active catalogue."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.money import format_won
from pos_app.domain.records import Product


class ProductPicker(QWidget):
    picked = Signal(object)  # Product

    def __init__(
        self, search: Callable[[str], list[Product]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._search = search
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Find a product by name (F3)"))
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget()
        # It may shrink away (typing a name and Enter still picks the first match): the
        # totals and the camera picture matter more at the counter, and the window must
        # fit a 1024x768 screen with a banner shown, or 1920x1080 at 150 %.
        self.list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        self.filter.textChanged.connect(self.reload)
        self.filter.returnPressed.connect(self._pick_first)
        self.list.itemActivated.connect(self._pick_item)
        self.filter.installEventFilter(self)
        self.reload()

    def reload(self, _text: str = "") -> None:
        self.list.clear()
        for product in self._search(self.filter.text()):
            tag = self.tr(" [no special discount]") if product.excluded_from_discount else ""
            item = QListWidgetItem(f"{product.name}{tag}   {format_won(product.price)}")
            item.setData(Qt.ItemDataRole.UserRole, product)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def focus_search(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    def _pick_first(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._pick_item(item)

    def _pick_item(self, item: QListWidgetItem) -> None:
        self.picked.emit(item.data(Qt.ItemDataRole.UserRole))

    def eventFilter(self, watched: object, event: object) -> bool:
        # Up/Down in the filter box move through the list, so the mouse is never needed.
        if (
            watched is self.filter
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up)
        ):
            row = self.list.currentRow() + (1 if event.key() == Qt.Key.Key_Down else -1)
            if 0 <= row < self.list.count():
                self.list.setCurrentRow(row)
            return True
        return False
