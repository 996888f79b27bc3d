"""Void the last payment: shows what will be voided, asks a reason and a manager PIN."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.errors import UserFacingError
from pos_app.domain.money import format_won
from pos_app.domain.records import PaymentRecord
from pos_app.ui.message_bar import MessageBar


class PaymentVoids(Protocol):
    """What the dialog needs of the checkout (``CheckoutService`` is one)."""

    def void_last_payment(
        self,
        pin: str,
        reason: str,
        expected_payment_id: str | None = None,
        *,
        approver: str | None = None,
    ) -> PaymentRecord: ...


class VoidDialog(QDialog):
    def __init__(
        self,
        service: PaymentVoids,
        payment: PaymentRecord,
        language: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._payment = payment
        self._language = language
        self.voided: PaymentRecord | None = None
        self.setWindowTitle(self.tr("Void last payment"))
        summary = QLabel(
            self.tr("Receipt %1 · %2")
            .replace("%1", payment.receipt_no)
            .replace("%2", format_won(payment.total))
        )
        summary.setObjectName("merchantName")
        self.reason = QComboBox()
        self.reason.addItems(
            [
                self.tr("Customer request"),
                self.tr("Wrong amount"),
                self.tr("Charged twice"),
                self.tr("Other"),
            ]
        )
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(12)
        self.pin.setPlaceholderText(self.tr("Manager PIN"))
        self.error = MessageBar()
        form = QFormLayout()
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.tr("Manager PIN"), self.pin)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Void payment"))
        buttons.accepted.connect(self._void)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.pin.setFocus()

    def _void(self) -> None:
        try:
            # Any manager's or the owner's PIN: the service has the staff service check it,
            # with its lockout and role rules.
            self.voided = self._service.void_last_payment(
                self.pin.text(), self.reason.currentText(), self._payment.payment_id
            )
        except UserFacingError as error:
            self.error.show_error(error, self._language)
            self.pin.clear()
            self.pin.setFocus()
            return
        self.accept()
