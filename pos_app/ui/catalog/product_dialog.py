"""Add or edit one product. A barcode scanned while the form is open becomes one of its codes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.pricing import MAX_UNIT_PRICE
from pos_app.domain.records import Product
from pos_app.domain.tax import TaxCategory
from pos_app.services.catalog import CatalogService, ProductDraft, code_key
from pos_app.ui.background import run_task
from pos_app.ui.message_bar import MessageBar
from pos_app.ui.photo_files import picture_filter

THUMBNAIL_PX = 96


class PhotoStore(Protocol):
    """Where pictures go (the listing service: resized, compressed, kept by hash)."""

    def prepare_photo(self, image_bytes: bytes) -> bytes:
        """Decode, resize, compress; safe off the UI thread (no database)."""
        ...

    def keep_photo(self, jpeg: bytes) -> str: ...

    def photo_bytes(self, sha: str) -> bytes | None: ...


class ProductDialog(QDialog):
    def __init__(
        self,
        catalog: CatalogService,
        language: str,
        product: Product | None = None,
        *,
        first_code: str = "",
        photos: PhotoStore | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._language = language
        self._product = product
        self._photos = photos
        self.saved: Product | None = None
        extras = catalog.extras(product.product_id) if product else {}
        self.photo: str | None = extras.get("photo")  # type: ignore[assignment]
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
        # Enter here is about the code, never the form: the line edit would pass it on to
        # the dialog's default button (Save), which closed the form over a bad code's error.
        self.new_code.installEventFilter(self)
        remove_code = QPushButton(self.tr("Remove code"))
        remove_code.clicked.connect(self._remove_code)
        self.excluded = QCheckBox(self.tr("Excluded from the special discount"))
        self.excluded.setChecked(bool(product and product.excluded_from_discount))
        # 과세 / 면세: decides the product's part of the receipt's VAT lines. A combo box:
        # Tab reaches it and the arrow keys (or the first letter) change it.
        self.tax_category = QComboBox()
        self.tax_category.addItem(self.tr("Taxable"), TaxCategory.TAXABLE.value)
        self.tax_category.addItem(self.tr("Tax-exempt"), TaxCategory.EXEMPT.value)
        self.tax_category.setCurrentIndex(
            self.tax_category.findData(
                (product.tax_category if product else TaxCategory.TAXABLE).value
            )
        )
        # Scale goods: sold by weight at a price per kg (a weight label prices the line, the
        # stock is kept in grams); 시가: today's price is asked at the counter.
        self.sold_by_weight = QCheckBox(self.tr("Sold by weight"))
        self.sold_by_weight.setObjectName("soldByWeight")
        self.sold_by_weight.setChecked(bool(product and product.sold_by_weight))
        self.price_per_kg = QSpinBox()
        self.price_per_kg.setObjectName("pricePerKg")
        self.price_per_kg.setRange(0, MAX_UNIT_PRICE)
        self.price_per_kg.setGroupSeparatorShown(True)
        self.price_per_kg.setSuffix(self.tr(" won/kg"))
        self.price_per_kg.setValue((product.price_per_kg or 0) if product else 0)
        self.price_per_kg.setEnabled(self.sold_by_weight.isChecked())
        self.sold_by_weight.toggled.connect(self.price_per_kg.setEnabled)
        self.market_price = QCheckBox(self.tr("Market price (asked at the counter)"))
        self.market_price.setObjectName("marketPrice")
        self.market_price.setChecked(bool(product and product.market_price))
        self.active = QCheckBox(self.tr("On sale"))
        self.active.setChecked(product.active if product else True)
        self.low_stock_at = QSpinBox()
        self.low_stock_at.setRange(0, 100_000)
        self.low_stock_at.setSpecialValueText(self.tr("No warning"))  # 0: not tracked low
        low = extras.get("low_stock_at")
        self.low_stock_at.setValue(int(low) if isinstance(low, int) else 0)
        self.thumbnail = QLabel()
        self.thumbnail.setFixedSize(THUMBNAIL_PX, THUMBNAIL_PX)
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setStyleSheet("border: 1px solid #ccc; background: white;")
        choose_photo = QPushButton(self.tr("Choose a photo..."))
        choose_photo.clicked.connect(self._choose_photo)
        remove_photo = QPushButton(self.tr("Remove photo"))
        remove_photo.clicked.connect(lambda: self._set_photo(None))
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
        form.addRow(self.tr("Tax category"), self.tax_category)
        form.addRow("", self.excluded)
        weight_row = QHBoxLayout()
        weight_row.addWidget(self.sold_by_weight)
        weight_row.addWidget(self.price_per_kg, 1)
        weight_row.addWidget(self.market_price)
        form.addRow(self.tr("Weighed / market price"), weight_row)
        form.addRow("", self.active)
        form.addRow(self.tr("Low-stock warning at"), self.low_stock_at)
        if photos is not None:
            photo_row = QHBoxLayout()
            photo_row.addWidget(self.thumbnail)
            photo_buttons = QVBoxLayout()
            photo_buttons.addWidget(choose_photo)
            photo_buttons.addWidget(remove_photo)
            photo_buttons.addStretch(1)
            photo_row.addLayout(photo_buttons)
            photo_row.addStretch(1)
            form.addRow(self.tr("Photo"), photo_row)
            self._show_thumbnail()
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
        """A scanner read while this form is open: it is a code for this product.

        Into the code field it is what typing is: the field's text (over a rejected code
        left selected, after what was typed before), then the field's Enter. The wedge also
        reads a person's keys as a burst when the window was too busy to take them one by
        one; added behind the field's back, they left the rest of the code (or the rejected
        one) in the field, to be added or saved wrongly with the next Enter."""
        if self.new_code.hasFocus():
            self.new_code.insert(text)
            return self._enter_in_code_field()
        return self._add_code(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.new_code
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._enter_in_code_field()
            return True  # taken: the dialog's Save never sees it
        return super().eventFilter(watched, event)

    def _enter_in_code_field(self) -> bool:
        """A code: checked and added (the field clears for the next one), or its error
        shown with the code left selected to correct or type over, the focus staying
        here. Nothing typed: on to the next field. True if a code was added."""
        if not self.new_code.text().strip():
            self.focusNextChild()
            return False
        if self._add_code(self.new_code.text()):
            self.new_code.clear()
            return True
        self.new_code.selectAll()
        return False

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
                UserFacingError(ErrorKey.PRODUCT_CODE_TAKEN, code=key, other=owner.name),
                self._language,
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

    # ----- photo ------------------------------------------------------------------------

    def _choose_photo(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a photo"), "", picture_filter())
        if name:
            self._import_photo(lambda: _read_or_empty(Path(name)))

    def add_photo_bytes(self, data: bytes) -> None:
        """Make the picture small enough to send off the UI thread (decoding can take
        seconds), then keep and show it, or show why it was refused."""
        self._import_photo(lambda: data)

    def _import_photo(self, read: Callable[[], bytes]) -> None:
        photos = self._photos
        if photos is None:
            return
        run_task(
            self,
            lambda: photos.prepare_photo(read()),
            self._keep_photo,
            lambda error: self.error.show_error(error, self._language),
            name="photo import",
        )

    def _keep_photo(self, jpeg: bytes) -> None:
        if self._photos is None:
            return
        try:
            self._set_photo(self._photos.keep_photo(jpeg))
        except UserFacingError as error:
            self.error.show_error(error, self._language)

    def _set_photo(self, sha: str | None) -> None:
        self.photo = sha
        self._show_thumbnail()

    def _show_thumbnail(self) -> None:
        data = self._photos.photo_bytes(self.photo) if self._photos and self.photo else None
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            self.thumbnail.setPixmap(
                pixmap.scaled(
                    THUMBNAIL_PX,
                    THUMBNAIL_PX,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.thumbnail.setPixmap(QPixmap())
            self.thumbnail.setText(self.tr("No photo"))

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
            tax_category=TaxCategory(self.tax_category.currentData()),
            sold_by_weight=self.sold_by_weight.isChecked(),
            price_per_kg=(
                (self.price_per_kg.value() or None) if self.sold_by_weight.isChecked() else None
            ),
            market_price=self.market_price.isChecked(),
            extra={
                "photo": self.photo,
                "low_stock_at": self.low_stock_at.value() or None,
            },
        )
        try:
            self.saved = self._catalog.save(draft)
        except UserFacingError as error:
            self.error.show_error(error, self._language)
            return
        self.accept()


def _read_or_empty(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""  # reported as an unreadable picture, the same as a broken file
