"""The catalogue screen: find as you type, add, edit, (de)activate, import and export.

Keys: type to search (the box has the focus), ↓ to the list, Enter edits, Ins adds,
Del takes a product off sale (or back on), Ctrl+I imports a product list (Excel or CSV),
Ctrl+E exports one (both also from the search box).
A barcode scanned here finds its product, or offers to create one with that code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.errors import UserFacingError
from pos_app.domain.records import Product
from pos_app.domain.scale_label import format_weight_kg
from pos_app.services.catalog import CatalogService
from pos_app.services.stock import StockService
from pos_app.ui.catalog.product_dialog import PhotoStore, ProductDialog
from pos_app.ui.catalog.product_table import ProductTableModel
from pos_app.ui.catalog.stock_dialog import StockAction, StockDialog
from pos_app.ui.message_bar import MessageBar

#: product ids -> (level, state text, alarming?): supplied by the stock service when present
StockLookup = Callable[[list[str]], Mapping[str, tuple[int, str, bool]]]


#: The screen's Ctrl shortcuts, kept from the search field (see ``eventFilter``).
_SCREEN_CTRL_KEYS = frozenset(
    {Qt.Key.Key_I, Qt.Key.Key_E, Qt.Key.Key_D, Qt.Key.Key_R, Qt.Key.Key_K, Qt.Key.Key_J}
)


class CatalogScreen(QWidget):
    catalogue_changed = Signal()
    import_requested = Signal()
    export_requested = Signal()

    def __init__(
        self,
        catalog: CatalogService,
        language: str,
        *,
        stock: StockLookup | None = None,
        stock_service: StockService | None = None,
        photos: PhotoStore | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._language = language
        self._stock = stock
        self._stock_service = stock_service
        self._photos = photos
        self.message = MessageBar()
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            self.tr("Search by name, category or barcode (Korean too: 사과)")
        )
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.reload)
        self.search.installEventFilter(self)
        self.search.returnPressed.connect(self._focus_list)
        self.show_inactive = QCheckBox(self.tr("Show products not on sale"))
        self.show_inactive.toggled.connect(self.reload)
        self.count = QLabel()
        self.warnings = QLabel()
        self.warnings.setObjectName("stockWarning")
        self.only_warnings = QCheckBox(self.tr("Stock warnings only"))
        self.only_warnings.toggled.connect(self.reload)
        self.only_warnings.setVisible(stock_service is not None)

        self.model = ProductTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(36)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ProductTableModel.NAME, QHeaderView.ResizeMode.Stretch)
        for column in range(1, self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.show_inactive)
        top.addWidget(self.only_warnings)
        top.addWidget(self.count)
        # Two rows of buttons: the window must still fit a 1366-pixel-wide laptop screen.
        buttons = QGridLayout()
        for index, (key, label, handler) in enumerate(
            (
                ("Ins", self.tr("New product"), self.add_product),
                ("Enter", self.tr("Edit"), self.edit_selected),
                ("Del", self.tr("On sale / not on sale"), self.toggle_active),
                ("Ctrl+D", self.tr("Favourite"), self.toggle_favourite),
                (
                    "Ctrl+I",
                    self.tr("Import (Excel, CSV)"),
                    self.import_requested.emit,
                ),
                ("Ctrl+E", self.tr("Export"), self.export_requested.emit),
            )
            + (
                (
                    (
                        "Ctrl+R",
                        self.tr("Receive goods"),
                        lambda: self.stock_action(StockAction.RECEIVE),
                    ),
                    (
                        "Ctrl+K",
                        self.tr("Stock count"),
                        lambda: self.stock_action(StockAction.COUNT),
                    ),
                    (
                        "Ctrl+J",
                        self.tr("Adjust stock"),
                        lambda: self.stock_action(StockAction.ADJUST),
                    ),
                )
                if stock_service is not None
                else ()
            )
        ):
            self._add_action(key, handler)
            button = QPushButton(f"{label} ({key})")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(handler)
            buttons.addWidget(button, index // 5, index % 5)

        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.warnings)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A line edit claims Ctrl+E (end of line), Ctrl+K and Ctrl+D for editing; in the
        # search field the screen's Ctrl shortcuts (export, stock count ...) win instead.
        if (
            watched is self.search
            and event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.modifiers() == Qt.KeyboardModifier.ControlModifier
            and event.key() in _SCREEN_CTRL_KEYS
        ):
            return True  # not accepted by the field: the shortcut runs
        return super().eventFilter(watched, event)

    def _add_action(self, key: str, handler: Callable[[], None]) -> None:
        action = QAction(self)
        if key == "Enter":
            action.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        else:
            action.setShortcut(QKeySequence(key))
        # Only while this screen (and not a text field eating Enter) has the focus.
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(handler)
        (self.table if key in ("Enter", "Del") else self).addAction(action)

    # ----- list -------------------------------------------------------------------------

    def show_exported(self, path: Path) -> None:
        """Say where the product list went: the save dialog closing shows nothing else."""
        self.message.show_message("ok", self.tr("Products saved to %1").replace("%1", str(path)))

    def reload(self, *_args: object) -> None:
        products = self._catalog.search(self.search.text())
        if self.show_inactive.isChecked():
            products = products + [
                p for p in self._catalog.inactive() if self._matches(p, self.search.text())
            ]
        if self._stock_service is not None and self.only_warnings.isChecked():
            flagged = {
                level.product_id
                for level in self._stock_service.oversold() + self._stock_service.low_stock()
            }
            products = [p for p in products if p.product_id in flagged]
        ids = [p.product_id for p in products]
        self.model.show(products, self._stock(ids) if self._stock else None)
        self._show_warnings()
        active, inactive = self._catalog.counts()
        self.count.setText(
            self.tr("%1 on sale · %2 not on sale")
            .replace("%1", f"{active:,}")
            .replace("%2", f"{inactive:,}")
        )
        if products:
            self.table.selectRow(0)

    def _show_warnings(self) -> None:
        """Oversold and low products, always in view: an oversell is never hidden."""
        if self._stock_service is None:
            self.warnings.setVisible(False)
            return
        oversold = self._stock_service.oversold()
        low = self._stock_service.low_stock()
        parts = []
        if oversold:
            names = ", ".join(level.name for level in oversold[:3])
            parts.append(
                self.tr("Oversold: %1 (%2) - sold more than was in stock, check the shelf")
                .replace("%1", str(len(oversold)))
                .replace("%2", names)
            )
        if low:
            parts.append(self.tr("Low stock: %1").replace("%1", str(len(low))))
        self.warnings.setText(" · ".join(parts))
        self.warnings.setVisible(bool(parts))

    def stock_action(self, action: StockAction) -> None:
        product = self.selected()
        if product is None or self._stock_service is None:
            return
        dialog = StockDialog(self._stock_service, product, action, self._language, self)
        if dialog.exec() and dialog.result_level is not None:
            level = dialog.result_level.level
            shown = format_weight_kg(level) if product.sold_by_weight else f"{level:,}"
            self._saved(product, self.tr("%1: %2 in stock").replace("%2", shown))

    @staticmethod
    def _matches(product: Product, text: str) -> bool:
        needle = text.strip().lower()
        return not needle or needle in product.name.lower() or needle in product.category.lower()

    def _focus_list(self) -> None:
        self.table.setFocus()
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def selected(self) -> Product | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.products[rows[0].row()] if rows else None

    def select_product(self, product_id: str) -> None:
        for row, product in enumerate(self.model.products):
            if product.product_id == product_id:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
                return

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # ----- actions ----------------------------------------------------------------------

    def add_product(self, first_code: str = "") -> None:
        dialog = ProductDialog(
            self._catalog, self._language, first_code=first_code, photos=self._photos, parent=self
        )
        if dialog.exec() and dialog.saved is not None:
            self._saved(dialog.saved, self.tr("Added: %1"))

    def edit_selected(self) -> None:
        product = self.selected()
        if product is None:
            return
        dialog = ProductDialog(
            self._catalog, self._language, product, photos=self._photos, parent=self
        )
        if dialog.exec() and dialog.saved is not None:
            self._saved(dialog.saved, self.tr("Saved: %1"))

    def toggle_active(self) -> None:
        product = self.selected()
        if product is None:
            return
        try:
            saved = self._catalog.set_active(product.product_id, not product.active)
        except UserFacingError as error:
            self.message.show_error(error, self._language)
            return
        template = self.tr("On sale again: %1") if saved.active else self.tr("Not on sale: %1")
        if not saved.active:
            self.show_inactive.setChecked(True)  # keep it in view, greyed
        self._saved(saved, template)

    def toggle_favourite(self) -> None:
        product = self.selected()
        if product is None:
            return
        is_favourite = any(p.product_id == product.product_id for p in self._catalog.favourites())
        saved = self._catalog.set_favourite(product.product_id, not is_favourite)
        template = (
            self.tr("Removed from favourites: %1")
            if is_favourite
            else self.tr("Added to favourites (one tap at the counter): %1")
        )
        self._saved(saved, template)

    def _saved(self, product: Product, template: str) -> None:
        self.reload()
        self.select_product(product.product_id)
        self.message.show_message("ok", template.replace("%1", product.name))
        self.catalogue_changed.emit()
        self.table.setFocus()

    def handle_scan(self, text: str) -> None:
        """A scan on this screen finds the product, or offers a new one with that code."""
        product = self._catalog.product_for_code(text)
        if product is not None:
            self.search.setText("")
            if not product.active:
                self.show_inactive.setChecked(True)
            self.reload()
            self.select_product(product.product_id)
            self.table.setFocus()
            self.message.show_message("info", self.tr("Found: %1").replace("%1", product.name))
            return
        self.add_product(first_code=text)
