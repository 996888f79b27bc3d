"""Add or edit one product. A barcode scanned while the form is open becomes one of its codes."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.errors import UserFacingError
from pos_app.domain.pricing import MAX_UNIT_PRICE
from pos_app.domain.records import Product
from pos_app.services.catalog import CatalogService, ProductDraft, code_key
from pos_app.ui.message_bar import MessageBar


class ProductDialog(QDialog):
    def __init__(
        self,
        catalog: CatalogService,
        language: str,
        product: Product | None = None,
        *,
        first_code: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._language = language
        self._product = product
        self.saved: Product | None = None
        self.setWindowTitle(self.tr("Edit product") if product else self.tr("New product"))
        self.setMinimumWidth(560)

        self.name = QLineEdit(product.name if product else "")
        self.name.setMaxLength(100)
        self.price = QSpinBox()
        self.price.setRange(0, MAX_UNIT_PRICE)
        self.price.setGroupSeparatorShown(True)
        self.price.setSuffix(self.tr(" won"))
        self.price.setValue(product.price if product else 0)
        self.category = QLineEdit(product.category if product else "")
        self.category.setMaxLength(50)
        self.codes = QListWidget()
        self.codes.setMaximumHeight(110)
        self.codes.addItems(list(product.codes) if product else [])
        self.new_code = QLineEdit()
        self.new_code.setPlaceholderText(self.tr("Scan a barcode or type a code, then Enter"))
        self.new_code.returnPressed.connect(self._add_typed_code)
        remove_code = QPushButton(self.tr("Remove code"))
        remove_code.clicked.connect(self._remove_code)
        self.excluded = QCheckBox(self.tr("Excluded from the special discount"))
        self.excluded.setChecked(bool(product and product.excluded_from_discount))
        self.active = QCheckBox(self.tr("On sale"))
        self.active.setChecked(product.active if product else True)
        self.error = MessageBar()

        code_row = QHBoxLayout()
        code_row.addWidget(self.new_code, 1)
        code_row.addWidget(remove_code)
        form = QFormLayout()
        form.addRow(self.tr("Product name"), self.name)
        form.addRow(self.tr("Price"), self.price)
        form.addRow(self.tr("Category"), self.category)
        form.addRow(self.tr("Barcodes"), self.codes)
        form.addRow("", code_row)
        form.addRow("", self.excluded)
        form.addRow("", self.active)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error)
        layout.addLayout(form)
        layout.addWidget(buttons)
        if first_code:
            self.accept_scan(first_code)
        self.name.setFocus()

    # ----- codes ------------------------------------------------------------------------

    def accept_scan(self, text: str) -> bool:
        """A scanner read while this form is open: it is a code for this product."""
        return self._add_code(text)

    def _add_typed_code(self) -> None:
        if self._add_code(self.new_code.text()):
            self.new_code.clear()

    def _add_code(self, text: str) -> bool:
        try:
            key = code_key(text)
        except UserFacingError as error:
            self.error.show_error(error, self._language)
            return False
        owner = self._catalog.product_for_code(key)
        if owner is not None and (
            self._product is None or owner.product_id != self._product.product_id
        ):
            self.error.show_error(
                UserFacingError("product.code_taken", code=key, other=owner.name), self._language
            )
            return False
        if key not in self.current_codes():
            self.codes.addItem(key)
        self.error.show_message("ok", self.tr("Code %1 added.").replace("%1", key))
        return True

    def _remove_code(self) -> None:
        row = self.codes.currentRow()
        if row >= 0:
            self.codes.takeItem(row)

    def current_codes(self) -> tuple[str, ...]:
        return tuple(self.codes.item(i).text() for i in range(self.codes.count()))

    # ----- saving -----------------------------------------------------------------------

    def save(self) -> None:
        draft = ProductDraft(
            name=self.name.text(),
            price=self.price.value(),
            category=self.category.text(),
            codes=self.current_codes(),
            excluded_from_discount=self.excluded.isChecked(),
            active=self.active.isChecked(),
            product_id=self._product.product_id if self._product else None,
        )
        try:
            self.saved = self._catalog.save(draft)
        except UserFacingError as error:
            self.error.show_error(error, self._language)
            return
        self.accept()
