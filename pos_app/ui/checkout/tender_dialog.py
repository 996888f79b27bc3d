"""F5 현금/카드: take the sale in cash (amount handed over -> change), on the separate
card terminal (the cashier confirms the terminal approved), or by the shop's Cheongju Pay
merchant QR on the customer display. Keyboard first: the amount field has the focus, Enter
records; Ctrl+Tab switches pages; Ctrl+M starts the merchant QR from any page, Ctrl+S the
split payment (복합결제, ``split_dialog.py``); on the cash
page F4 asks for a cash receipt (현금영수증): purpose, then the number typed or scanned."""

from __future__ import annotations

from typing import Protocol, cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QIntValidator, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.cash_receipt import (
    MANDATORY_FROM,
    CashReceiptPurpose,
    CashReceiptRecord,
    CashReceiptRequest,
    parse_identifier,
)
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.money import format_won, parse_won
from pos_app.domain.records import PaymentRecord
from pos_app.domain.tenders import Tender, quick_amounts
from pos_app.services.merchant_qr import PaymentRequest
from pos_app.services.sale import Sale
from pos_app.ui.checkout.merchant_qr_dialog import MerchantQrDialog, MerchantQrHooks
from pos_app.ui.checkout.split_dialog import SplitPaymentDialog, SplitTenders
from pos_app.ui.message_bar import MessageBar
from pos_app.ui.theme import DANGER

_BIG = "font-size: 32pt; font-weight: bold;"
_CHANGE_GREEN = "#0a7d32"


class OtherTenders(Protocol):
    """What the dialog records through the checkout (``CheckoutService`` is one)."""

    def pay_cash(
        self, tendered: int, cash_receipt: CashReceiptRequest | None = None
    ) -> PaymentRecord: ...
    def pay_card_terminal(self, approved_on_terminal: bool) -> PaymentRecord: ...
    def pay_cheongju_card(
        self, approval_text: str, approved_on_terminal: bool
    ) -> PaymentRecord: ...
    def cash_receipt(self, payment_id: str) -> CashReceiptRecord | None: ...
    def cash_receipt_mandatory(self) -> bool: ...


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
        merchant_qr: MerchantQrHooks | None = None,
    ) -> None:
        """``merchant_qr``: its ``remote`` is None on a till that cannot reach the server
        (the QR page then says it is not enrolled)."""
        super().__init__(parent)
        self._sale = sale
        self._tenders = tenders
        self._language = language
        self._merchant_qr = merchant_qr
        self._starting_qr = False  # the server is being asked for a merchant QR
        self._focus_before_qr: QWidget | None = None
        self.payment: PaymentRecord | None = None
        self.problem: UserFacingError | None = None
        #: The sale's cash receipt as recorded (asked for, or self-issued by the rule).
        self.cash_receipt: CashReceiptRecord | None = None
        self.setWindowTitle(self.tr("Cash or card terminal"))
        # Modal to the POS window only: the demo's customer phone, a window of its own, must
        # stay usable beside it (it pays the merchant QR this dialog shows).
        self.setWindowModality(Qt.WindowModality.WindowModal)
        # Cash and card pay the list price: the special discount is Cheongju Pay's only.
        self.total = sale.quote(Tender.CASH).total
        total = QLabel(self.tr("Total %1").replace("%1", format_won(self.total)))
        total.setObjectName("tenderTotal")
        total.setStyleSheet(_BIG)
        self._total_label = total
        self.error = MessageBar()
        self.pages = QTabWidget()
        # Every page's title shown whole (its shortcut in it): the dialog grows to fit them
        # rather than scrolling a page out of sight (it stays within 1024 pixels).
        self.pages.setUsesScrollButtons(False)
        self.pages.addTab(self._cash_page(), self.tr("Cash"))
        self.pages.addTab(self._card_page(), self.tr("Card terminal"))
        self.pages.addTab(self._merchant_qr_page(), self.tr("Cheongju Pay merchant QR (Ctrl+M)"))
        self.pages.addTab(self._split_page(), self.tr("Split payment (Ctrl+S)"))
        self.pages.addTab(self._cheongju_card_page(), self.tr("Cheongju Pay card (Ctrl+J)"))
        start_qr = QShortcut(QKeySequence("Ctrl+M"), self)
        start_qr.activated.connect(self.pay_merchant_qr)
        QShortcut(QKeySequence("Ctrl+S"), self).activated.connect(self.pay_split)
        QShortcut(QKeySequence("Ctrl+J"), self).activated.connect(self.show_cheongju_card)
        # Five titles: the dialog grows to show them all rather than hide one behind arrows.
        self.pages.tabBar().setUsesScrollButtons(False)
        # The dialog's Enter clicks only a visible default button: each card page's own.
        self.pages.currentChanged.connect(self._page_default)
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
        layout.addWidget(self._cash_receipt_box())
        layout.addWidget(pay)
        self._update_change()
        return page

    def _cash_receipt_box(self) -> QWidget:
        """현금영수증: hidden until asked for (F4); the number is checked as it is entered."""
        box = QWidget()
        self.ask_receipt = QPushButton(self.tr("Cash receipt (F4)"))
        self.ask_receipt.setObjectName("askCashReceipt")
        self.ask_receipt.setCheckable(True)
        # Never the dialog's Enter: an Enter in the number field would untick it.
        self.ask_receipt.setAutoDefault(False)
        self.ask_receipt.toggled.connect(self._show_cash_receipt)
        QShortcut(QKeySequence("F4"), self).activated.connect(self.ask_receipt.toggle)
        self.purpose = QComboBox()
        self.purpose.setObjectName("cashReceiptPurpose")
        self.purpose.addItem(self.tr("Income deduction (mobile or card)"), "income_deduction")
        self.purpose.addItem(self.tr("Expense proof (business number)"), "expense_proof")
        self.receipt_number = QLineEdit()
        self.receipt_number.setObjectName("cashReceiptNumber")
        self.receipt_number.setMaxLength(40)
        self.receipt_number.setPlaceholderText(self.tr("Mobile, card or business number"))
        self.receipt_number.setMinimumWidth(
            self.receipt_number.fontMetrics().horizontalAdvance("0000-0000-0000-0000-000") + 24
        )
        # Enter (a scanner's too) checks the number, then goes on to the cash or records.
        self.receipt_number.returnPressed.connect(self._receipt_number_entered)
        self.receipt_fields = QWidget()
        fields = QHBoxLayout(self.receipt_fields)
        fields.setContentsMargins(0, 0, 0, 0)
        fields.addWidget(self.purpose)
        fields.addWidget(self.receipt_number, 1)
        self.receipt_fields.setVisible(False)
        self.mandatory_note = QLabel(
            self.tr(
                "Mandatory-issuance shop: without a number this sale's cash receipt is"
                " issued to 010-000-1234 (self-issued)."
            )
        )
        self.mandatory_note.setObjectName("mandatoryNote")
        self.mandatory_note.setWordWrap(True)
        self.mandatory_note.setVisible(
            self.total >= MANDATORY_FROM and self._tenders.cash_receipt_mandatory()
        )
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        # The number gets a line of its own under the button: a 19-digit card number must
        # show whole at 1024x768 (beside the button it had 110 px).
        row = QHBoxLayout()
        row.addWidget(self.ask_receipt)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.receipt_fields)
        layout.addWidget(self.mandatory_note)
        return box

    def _show_cash_receipt(self, asked: bool) -> None:
        if self.pages.currentIndex() != 0:
            self.pages.setCurrentIndex(0)  # a cash receipt is for cash only
        self.receipt_fields.setVisible(asked)
        (self.receipt_number if asked else self.tendered).setFocus()

    def _receipt_request(self) -> CashReceiptRequest | None:
        """The asked-for receipt, checked (a coded error if the number is bad), or None."""
        if not self.ask_receipt.isChecked():
            return None
        purpose = CashReceiptPurpose(self.purpose.currentData())
        return parse_identifier(self.receipt_number.text(), purpose)

    def _receipt_number_entered(self) -> None:
        try:
            request = self._receipt_request()
        except UserFacingError as error:
            self.error.show_error(error, self._language)
            self.receipt_number.selectAll()
            return
        if request is not None:
            self.error.show_message(
                "info", self.tr("Cash receipt to %1").replace("%1", request.masked)
            )
        if self.tendered.text().strip():
            self.pay_cash()
        else:
            self.tendered.setFocus()

    def _update_change(self) -> None:
        try:
            tendered = parse_won(self.tendered.text())
        except ValueError:
            tendered = 0
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
        try:
            request = self._receipt_request()
        except UserFacingError as error:
            # A bad number keeps the sale: nothing is recorded, the cashier corrects it.
            self.error.show_error(error, self._language)
            self.receipt_number.setFocus()
            self.receipt_number.selectAll()
            return
        try:
            try:
                tendered = parse_won(self.tendered.text())
            except ValueError:
                raise UserFacingError(ErrorKey.TENDER_BAD_AMOUNT) from None
            self.payment = self._tenders.pay_cash(tendered, request)
        except UserFacingError as error:
            self.error.show_error(error, self._language)
            self.tendered.setFocus()
            return
        self.cash_receipt = self._tenders.cash_receipt(self.payment.payment_id)
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
        record.clicked.connect(self._record_default)
        self._record_card = record
        layout = QVBoxLayout(page)
        layout.addWidget(hint)
        layout.addWidget(self.approved)
        layout.addWidget(record)
        return page

    def _page_default(self, _index: int) -> None:
        on_cheongju = self.pages.currentWidget() is self._cheongju_page
        # The total on top is the price the page charges: Cheongju Pay's on the card's page.
        shown = self.cheongju_total if on_cheongju else self.total
        self._total_label.setText(self.tr("Total %1").replace("%1", format_won(shown)))
        on_split = self.pages.currentWidget() is self._split_page_widget
        self._record_cheongju.setDefault(on_cheongju)
        # Enter on the split page opens the split dialog, never a plain card sale.
        self._start_split.setDefault(on_split)
        self._record_card.setDefault(not (on_cheongju or on_split))

    def _record_default(self) -> None:
        """The dialog's Enter: on the Cheongju Pay card page it records that tender, never
        a plain card sale at the list price."""
        if self.pages.currentWidget() is self._cheongju_page:
            self.pay_cheongju_card()
        else:
            self.pay_card()

    def pay_card(self) -> None:
        try:
            self.payment = self._tenders.pay_card_terminal(self.approved.isChecked())
        except UserFacingError as error:
            self.error.show_error(error, self._language)
            return
        self.accept()

    # ----- split payment (복합결제) ------------------------------------------------------------

    def _split_page(self) -> QWidget:
        page = QWidget()
        hint = QLabel(
            self.tr(
                "Part by Cheongju Pay (QR or Cheongju Pay card), the rest in cash or on the"
                " card terminal: the special discount applies to the Cheongju Pay part only."
            )
        )
        hint.setWordWrap(True)
        start = QPushButton(self.tr("Split payment (Ctrl+S)"))
        start.setObjectName("startSplit")
        start.clicked.connect(self.pay_split)
        self._start_split = start
        self._split_page_widget = page
        layout = QVBoxLayout(page)
        layout.addWidget(hint)
        layout.addWidget(start)
        return page

    def pay_split(self) -> None:
        """Ctrl+S: the 복합결제 dialog; its payment is this dialog's."""
        dialog = SplitPaymentDialog(
            self._sale, cast(SplitTenders, self._tenders), self._language, self
        )
        paid = dialog.exec()
        self.payment = dialog.payment if paid else None
        dialog.deleteLater()
        if self.payment is not None:
            self.accept()
        else:
            self.activateWindow()

    # ----- Cheongju Pay card on the terminal -----------------------------------------------

    def _cheongju_card_page(self) -> QWidget:
        page = QWidget()
        # The card is Cheongju Pay: the terminal is charged the Cheongju Pay price.
        self.cheongju_total = self._sale.quote(Tender.CHEONGJU_CARD).total
        hint = QLabel(
            self.tr(
                "Charge %1 (Cheongju Pay price) to the Cheongju Pay card on the terminal, then"
                " type or scan the approval number from its slip."
            ).replace("%1", format_won(self.cheongju_total))
        )
        hint.setObjectName("cheongjuCardHint")
        hint.setWordWrap(True)
        self.card_approval = QLineEdit()
        self.card_approval.setObjectName("cardApprovalNo")
        self.card_approval.setMaxLength(20)  # a slip's barcode may carry separators
        self.card_approval.setPlaceholderText(self.tr("Approval number (8 digits)"))
        self.card_approval.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        # Enter (the slip scanner's too) records: the confirmation is still asked for.
        self.card_approval.returnPressed.connect(self.pay_cheongju_card)
        self.cheongju_approved = QCheckBox(self.tr("The terminal approved the payment"))
        self.cheongju_approved.setObjectName("cheongjuCardApproved")
        record = QPushButton(self.tr("Record Cheongju Pay card sale"))
        record.setObjectName("recordCheongjuCard")
        record.setAutoDefault(False)
        record.clicked.connect(self.pay_cheongju_card)
        self._record_cheongju = record
        layout = QVBoxLayout(page)
        layout.addWidget(hint)
        layout.addWidget(self.card_approval)
        layout.addWidget(self.cheongju_approved)
        layout.addWidget(record)
        self._cheongju_page = page
        return page

    def show_cheongju_card(self) -> None:
        """Ctrl+J: the Cheongju Pay card page, the approval number field ready for the slip."""
        self.pages.setCurrentIndex(self.pages.count() - 1)
        self.card_approval.setFocus()

    def pay_cheongju_card(self) -> None:
        try:
            self.payment = self._tenders.pay_cheongju_card(
                self.card_approval.text(), self.cheongju_approved.isChecked()
            )
        except UserFacingError as error:
            self.error.show_error(error, self._language)
            if error.key is ErrorKey.TENDER_NOT_CONFIRMED:
                self.cheongju_approved.setFocus()  # Space ticks it, Enter records
            else:
                self.card_approval.setFocus()
                self.card_approval.selectAll()
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
        remote = self._merchant_qr.remote if self._merchant_qr is not None else None
        if remote is None:
            self.error.show_error(UserFacingError(ErrorKey.MPM_PAY_NOT_ENROLLED), self._language)
            return
        if self._starting_qr:
            return
        # Registering the request waits on the server: off the UI thread, the tenders held
        # (a cash Enter meanwhile would pay the cart twice), Esc still leaves.
        self._starting_qr = True
        self._focus_before_qr = self.focusWidget()
        self.pages.setEnabled(False)
        self.error.show_message("info", self.tr("Asking the server for the QR..."))
        remote.call(self, lambda service: service.start(), self._show_qr, self._qr_refused)

    def _qr_refused(self, error: UserFacingError) -> None:
        # Refused (offline, not enrolled, amount) before any QR is shown.
        self._tenders_back()
        self.error.show_error(error, self._language)

    def _tenders_back(self) -> None:
        self._starting_qr = False
        self.pages.setEnabled(True)
        if self._focus_before_qr is not None:
            self._focus_before_qr.setFocus()

    def _show_qr(self, request: PaymentRequest) -> None:
        self._tenders_back()
        self.error.show_message("info", "")
        if not self.isVisible():
            return  # left with Esc meanwhile: the server expires the request by itself
        assert self._merchant_qr is not None and self._merchant_qr.remote is not None
        qr = self._merchant_qr.remote
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
