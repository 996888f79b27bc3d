"""Settings (F12): which camera scans, which decoder reads, whether the preview shows;
whether the shop is in a mandatory cash-receipt trade; and the way to the receipt printer's
and the customer display's settings."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.manual_discounts import ApprovalThreshold
from pos_app.domain.tax import TaxCategory
from pos_app.services.preferences import CAMERA_DEFAULT, CAMERA_OFF

if TYPE_CHECKING:
    from pos_app.scanning.camera import CameraInfo

DECODER_LABELS = {"zxing": "zxing-cpp", "pyzbar": "pyzbar (ZBar)"}


class CameraSettingsDialog(QDialog):
    def __init__(
        self,
        cameras: Sequence[CameraInfo],
        decoders: Mapping[str, str | None],
        *,
        camera_id: str,
        decoder: str,
        preview_visible: bool,
        printer_settings: Callable[[], None] | None = None,
        display_settings: Callable[[], None] | None = None,
        scale_settings: Callable[[], None] | None = None,
        open_amount_tax: TaxCategory = TaxCategory.TAXABLE,
        cash_receipt_mandatory: bool = False,
        discount_threshold: ApprovalThreshold | None = None,
        threshold_editable: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        """``decoders``: name -> None if it runs here, else why not (shown, not selectable)."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(520)

        self.camera = QComboBox()
        self.camera.addItem(self.tr("Off (USB scanner only)"), CAMERA_OFF)
        self.camera.addItem(self.tr("Default camera"), CAMERA_DEFAULT)
        for info in cameras:
            label = info.description + (self.tr(" (default)") if info.is_default else "")
            self.camera.addItem(label, info.camera_id)
        if self.camera.findData(camera_id) < 0:  # saved, but not plugged in now
            self.camera.addItem(self.tr("Saved camera (not connected)"), camera_id)
        self.camera.setCurrentIndex(self.camera.findData(camera_id))

        self.decoder = QComboBox()
        model = self.decoder.model()
        assert isinstance(model, QStandardItemModel)
        for name, reason in decoders.items():
            label = DECODER_LABELS.get(name, name)
            if name == "zxing":
                label += self.tr(" (recommended)")
            self.decoder.addItem(label, name)
            if reason is not None:
                item = model.item(self.decoder.count() - 1)
                item.setEnabled(False)
                item.setToolTip(reason)
                item.setText(label + self.tr(" - not available"))
        index = self.decoder.findData(decoder)
        self.decoder.setCurrentIndex(index if index >= 0 and decoders.get(decoder) is None else 0)
        unavailable = [reason for reason in decoders.values() if reason]
        self.decoder_note = QLabel("\n".join(unavailable))
        self.decoder_note.setWordWrap(True)
        self.decoder_note.setVisible(bool(unavailable))

        self.preview = QCheckBox(self.tr("Show the camera picture at the counter (F6)"))
        self.preview.setChecked(preview_visible)

        # What a typed amount (F2) is unless the cashier switches it for that line.
        self.open_amount_tax = QComboBox()
        self.open_amount_tax.setObjectName("openAmountTax")
        self.open_amount_tax.addItem(self.tr("Taxable"), TaxCategory.TAXABLE.value)
        self.open_amount_tax.addItem(self.tr("Tax-exempt"), TaxCategory.EXEMPT.value)
        self.open_amount_tax.setCurrentIndex(self.open_amount_tax.findData(open_amount_tax.value))
        # The shop's trade, not the device's: a mandatory-issuance shop (의무발행업종) issues a
        # cash receipt for every cash sale of 100,000원 or more, to 010-000-1234 if unasked.
        self.cash_receipt_mandatory = QCheckBox(
            self.tr("Mandatory cash-receipt trade: issue one for cash sales of 100,000 won or more")
        )
        self.cash_receipt_mandatory.setObjectName("cashReceiptMandatory")
        self.cash_receipt_mandatory.setChecked(cash_receipt_mandatory)

        # Above this a manager approves a manual price change or discount with their PIN:
        # the owner's choice (greyed out for anyone else).
        threshold = discount_threshold or ApprovalThreshold()
        self.price_change_approval = QCheckBox(self.tr("Price changes need a manager's PIN"))
        self.price_change_approval.setObjectName("priceChangeApproval")
        self.price_change_approval.setChecked(threshold.price_change_needs_approval)
        self.discount_limit = QSpinBox()
        self.discount_limit.setObjectName("discountLimit")
        self.discount_limit.setRange(0, 100)
        self.discount_limit.setSuffix(" %")
        self.discount_limit.setValue(threshold.max_percent)
        for widget in (self.price_change_approval, self.discount_limit):
            widget.setEnabled(threshold_editable)

        form = QFormLayout()
        form.addRow(self.tr("Camera"), self.camera)
        if not cameras:  # under the camera row, not after the ones below it
            self.no_camera = QLabel(self.tr("No camera is connected now."))
            form.addRow("", self.no_camera)
        form.addRow(self.tr("Decoder"), self.decoder)
        form.addRow("", self.decoder_note)
        form.addRow("", self.preview)
        form.addRow(self.tr("Typed amounts (F2) are"), self.open_amount_tax)
        form.addRow(self.tr("Cash receipts"), self.cash_receipt_mandatory)
        form.addRow(self.tr("Manual discounts"), self.price_change_approval)
        form.addRow(self.tr("Manager's PIN above"), self.discount_limit)
        if printer_settings is not None:
            printer = QPushButton(self.tr("Receipt printer..."))
            printer.clicked.connect(printer_settings)
            form.addRow(self.tr("Printer"), printer)
        if display_settings is not None:
            display = QPushButton(self.tr("Customer display..."))
            display.setObjectName("customerDisplaySettings")
            display.clicked.connect(display_settings)
            form.addRow(self.tr("Customer display"), display)
        if scale_settings is not None:
            scale = QPushButton(self.tr("Label scale..."))
            scale.setObjectName("scaleSettings")
            scale.clicked.connect(scale_settings)
            form.addRow(self.tr("Scale barcodes"), scale)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.camera.setFocus(Qt.FocusReason.OtherFocusReason)

    def chosen_camera(self) -> str:
        return str(self.camera.currentData())

    def chosen_decoder(self) -> str:
        return str(self.decoder.currentData())

    def chosen_cash_receipt_mandatory(self) -> bool:
        return self.cash_receipt_mandatory.isChecked()

    def preview_visible(self) -> bool:
        return self.preview.isChecked()

    def chosen_discount_threshold(self) -> ApprovalThreshold:
        return ApprovalThreshold(
            self.price_change_approval.isChecked(), int(self.discount_limit.value())
        )

    def chosen_open_amount_tax(self) -> TaxCategory:
        return TaxCategory(self.open_amount_tax.currentData())
