"""First-run form: the shop's details for receipts, and the manager PIN."""

from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.business_number import is_valid_business_number
from pos_app.domain.merchant import MerchantProfile
from pos_app.services.setup import complete_setup
from pos_app.ui.message_bar import MessageBar


class SetupDialog(QDialog):
    def __init__(self, conn: sqlite3.Connection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._conn = conn
        self.setWindowTitle(self.tr("Set up this POS"))
        self.merchant_id = QLineEdit()
        self.name = QLineEdit()
        self.business_number = QLineEdit()
        self.business_number.setInputMask("999-99-99999;_")
        self.representative = QLineEdit()
        self.address = QLineEdit()
        self.phone = QLineEdit()
        self.device_label = QLineEdit("POS-01")
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_again = QLineEdit()
        self.pin_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = MessageBar()
        form = QFormLayout()
        form.addRow(self.tr("Merchant ID"), self.merchant_id)
        form.addRow(self.tr("Shop name"), self.name)
        form.addRow(self.tr("Business registration no."), self.business_number)
        form.addRow(self.tr("Representative"), self.representative)
        form.addRow(self.tr("Address"), self.address)
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow(self.tr("Device name"), self.device_label)
        form.addRow(self.tr("Manager PIN (4+ digits)"), self.pin)
        form.addRow(self.tr("Manager PIN again"), self.pin_again)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("These details are printed on every receipt.")))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _fail(self, text: str) -> None:
        self.error.show_message("error", text)

    def _save(self) -> None:
        if not self.name.text().strip():
            self._fail(self.tr("Enter the shop name."))
            return
        if not is_valid_business_number(self.business_number.text()):
            self._fail(self.tr("The business registration number is not valid (check digit)."))
            return
        pin = self.pin.text()
        if len(pin) < 4 or not pin.isdigit():
            self._fail(self.tr("The manager PIN must be at least 4 digits."))
            return
        if pin != self.pin_again.text():
            self._fail(self.tr("The two PINs differ."))
            return
        complete_setup(
            self._conn,
            MerchantProfile(
                merchant_id=self.merchant_id.text().strip(),
                name=self.name.text(),
                business_number=self.business_number.text(),
                representative=self.representative.text(),
                address=self.address.text(),
                phone=self.phone.text(),
            ),
            pin,
            self.device_label.text(),
        )
        self.accept()
