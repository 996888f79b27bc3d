"""F5 현금/카드: take the sale in cash (amount handed over -> change), on the separate
card terminal (the cashier confirms the terminal approved), or by the shop's Cheongju Pay
merchant QR on the customer display. Keyboard first: the amount field has the focus, Enter
records; Ctrl+Tab switches pages; Ctrl+M starts the merchant QR from any page."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QIntValidator, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.errors import UserFacingError
from pos_app.domain.money import format_won
from pos_app.domain.records import PaymentRecord
from pos_app.domain.tenders import Tender, quick_amounts
from pos_app.services.merchant_qr import MerchantQrService
from pos_app.services.sale import Sale
from pos_app.ui.checkout.merchant_qr_dialog import MerchantQrDialog, MerchantQrHooks
from pos_app.ui.message_bar import MessageBar
from pos_app.ui.theme import DANGER

_BIG = "font-size: 32pt; font-weight: bold;"
_CHANGE_GREEN = "#0a7d32"


class OtherTenders(Protocol):
    """What the dialog records through the checkout (``CheckoutService`` is one)."""

    def pay_cash(self, tendered: int) -> PaymentRecord: ...
    def pay_card_terminal(self, approved_on_terminal: bool) -> PaymentRecord: ...


class TenderDialog(QDialog):
    """``payment`` holds the recorded payment once the dialog is accepted; ``problem`` why
    a merchant QR payment ended without one (expired), for the checkout to show."""

    def __init__(
        self,
        sale: Sale,
        tenders: OtherTenders,
        language: str,
        parent: QWidget | None = None,
        *,
        merchant_qr_service: MerchantQrService | None = None,
        merchant_qr: MerchantQrHooks | None = None,
    ) -> None:
        """``merchant_qr_service``: None on a till that cannot reach the server (the QR
        page then says it is not enrolled)."""
        super().__init__(parent)
        self._sale = sale
        self._tenders = tenders
        self._qr_service = merchant_qr_service
        self._language = language
        self._merchant_qr = merchant_qr
        self.payment: PaymentRecord | None = None
        self.problem: UserFacingError | None = None
        self.setWindowTitle(self.tr("Cash or card terminal"))
        # Modal to the POS window only: the demo's customer phone, a window of its own, must
        # stay usable beside it (it pays the merchant QR this dialog shows).
        self.setWindowModality(Qt.WindowModality.WindowModal)
        # Cash and card pay the list price: the special discount is Cheongju Pay's only.
        self.total = sale.quote(Tender.CASH).total
        total = QLabel(self.tr("Total %1").replace("%1", format_won(self.total)))
        total.setStyleSheet(_BIG)
        self.error = MessageBar()
        self.pages = QTabWidget()
        self.pages.addTab(self._cash_page(), self.tr("Cash"))
        self.pages.addTab(self._card_page(), self.tr("Card terminal"))
        self.pages.addTab(self._merchant_qr_page(), self.tr("Cheongju Pay merchant QR (Ctrl+M)"))
        start_qr = QShortcut(QKeySequence("Ctrl+M"), self)
        start_qr.activated.connect(self.pay_merchant_qr)
        layout = QVBoxLayout(self)
        layout.addWidget(total)
        layout.addWidget(self.pages)
        layout.addWidget(self.error)
        self.tendered.setFocus()

    # ----- cash ---------------------------------------------------------------------

    def _cash_page(self) -> QWidget:
        page = QWidget()
        self.tendered = QLineEdit()
        self.tendered.setObjectName("tendered")
        self.tendered.setValidator(QIntValidator(0, 100_000_000, self))
        self.tendered.setPlaceholderText(self.tr("Cash received (won)"))
        self.tendered.setStyleSheet(_BIG)
        self.tendered.textChanged.connect(self._update_change)
        self.tendered.returnPressed.connect(self.pay_cash)
        self.change = QLabel()
        self.change.setObjectName("change")
        quick = QHBoxLayout()
        for amount in quick_amounts(self.total):
            button = QPushButton(format_won(amount))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, a=amount: self.tendered.setText(str(a)))
            quick.addWidget(button)
        pay = QPushButton(self.tr("Record cash sale (Enter)"))
        pay.clicked.connect(self.pay_cash)
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(self.tr("Cash received")))
        layout.addWidget(self.tendered)
        layout.addLayout(quick)
        layout.addWidget(self.change)
        layout.addWidget(pay)
        self._update_change()
        return page

    def _update_change(self) -> None:
        text = self.tendered.text()
        tendered = int(text) if text.isdigit() else 0
        if tendered >= self.total:
            self.change.setText(
                self.tr("Change %1").replace("%1", format_won(tendered - self.total))
            )
            self.change.setStyleSheet(_BIG + f" color: {_CHANGE_GREEN};")
        else:
            short = format_won(self.total - tendered)
            self.change.setText(self.tr("Short by %1").replace("%1", short))
            # Red, as short is everywhere else (the day close): it was the change's green.
            self.change.setStyleSheet(_BIG + f" color: {DANGER};")

    def pay_cash(self) -> None:
        text = self.tendered.text()
        try:
            if not text.isdigit():
                raise UserFacingError("tender.bad_amount")
            self.payment = self._tenders.pay_cash(int(text))
        except UserFacingError as error:
            self.error.show_error(error, self._language)
            self.tendered.setFocus()
            return
        self.accept()

    # ----- card terminal -------------------------------------------------------------

    def _card_page(self) -> QWidget:
        page = QWidget()
        hint = QLabel(
            self.tr("Charge %1 on the card terminal, then confirm it was approved.").replace(
                "%1", format_won(self.total)
            )
        )
        hint.setWordWrap(True)
        self.approved = QCheckBox(self.tr("The terminal approved the payment"))
        record = QPushButton(self.tr("Record card sale"))
        record.setObjectName("recordCard")
        record.setDefault(True)
        record.clicked.connect(self.pay_card)
        layout = QVBoxLayout(page)
        layout.addWidget(hint)
        layout.addWidget(self.approved)
        layout.addWidget(record)
        return page

    def pay_card(self) -> None:
        try:
            self.payment = self._tenders.pay_card_terminal(self.approved.isChecked())
        except UserFacingError as error:
            self.error.show_error(error, self._language)
            return
        self.accept()

    # ----- Cheongju Pay merchant QR ----------------------------------------------------------

    def _merchant_qr_page(self) -> QWidget:
        page = QWidget()
        # The QR carries the Cheongju Pay price: the special discount applies.
        amount = self._sale.quote().total
        hint = QLabel(
            self.tr(
                "The customer display shows a QR for %1; the customer pays it with the"
                " Cheongju Pay app and the sale is recorded when the server confirms."
            ).replace("%1", format_won(amount))
        )
        hint.setWordWrap(True)
        start = QPushButton(self.tr("Show the merchant QR (Ctrl+M)"))
        start.setObjectName("startMerchantQr")
        start.clicked.connect(self.pay_merchant_qr)
        layout = QVBoxLayout(page)
        layout.addWidget(hint)
        layout.addWidget(start)
        return page

    def pay_merchant_qr(self) -> None:
        qr = self._qr_service
        try:
            if qr is None:
                raise UserFacingError("mpm_pay.not_enrolled")
            # Refused (offline, not enrolled, amount) before any QR is shown.
            request = qr.start()
        except UserFacingError as error:
            self.error.show_error(error, self._language)
            return
        dialog = MerchantQrDialog(
            qr, request, self._sale.clock, self._language, self._merchant_qr, self
        )
        paid = dialog.exec()
        self.payment = dialog.payment if paid else None
        self.problem = dialog.problem
        dialog.deleteLater()
        if self.payment is not None:
            self.accept()
        elif self.problem is not None:
            self.reject()  # back to the cart, which is kept; the checkout shows why
        else:
            # Cancelled: the cashier chooses again here. Take the keyboard back (not every
            # window system gives it to the dialog underneath), so Esc and Ctrl+M still work.
            self.activateWindow()
