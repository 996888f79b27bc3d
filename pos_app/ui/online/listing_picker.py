"""Pick the catalogue product a new listing offers: type to search, ↑/↓ to choose, Enter."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.money import format_won
from pos_app.domain.records import Product
from pos_app.services.catalog import CatalogService

_ROWS = 50  # a page of matches; typing more narrows it
_MOVE_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


class ProductPickerDialog(QDialog):
    def __init__(self, catalog: CatalogService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self.chosen: Product | None = None
        self.setWindowTitle(self.tr("New listing: which product?"))
        self.setMinimumSize(520, 460)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Type a product name or barcode"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refresh)
        self.search.returnPressed.connect(self.choose)
        # ↑/↓ while typing move through the matches: no need to leave the search box.
        self.search.installEventFilter(self)
        self.matches = QListWidget()
        self.matches.itemActivated.connect(lambda _item: self.choose())
        hint = QLabel(self.tr("↑/↓ choose · Enter continues to the listing form · Esc cancels"))
        hint.setStyleSheet("color: #555;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.choose)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.matches, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.refresh()
        self.search.setFocus()

    def refresh(self, *_args: object) -> None:
        self.matches.clear()
        for product in self._catalog.search(self.search.text(), limit=_ROWS):
            item = QListWidgetItem(f"{product.name}    {format_won(product.price)}")
            item.setData(Qt.ItemDataRole.UserRole, product)
            self.matches.addItem(item)
        if self.matches.count():
            self.matches.setCurrentRow(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _MOVE_KEYS
        ):
            self.matches.keyPressEvent(event)
            return True
        return super().eventFilter(watched, event)

    def choose(self) -> None:
        item = self.matches.currentItem()
        if item is None:
            return
        self.chosen = item.data(Qt.ItemDataRole.UserRole)
        self.accept()
