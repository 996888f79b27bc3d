"""복합결제 (Ctrl+S from the F5 dialog): the customer chooses how much to pay with Cheongju
Pay (the app's QR scanned into the dialog, or the 청주페이 카드 on the terminal with its
approval number), the rest in cash and/or on the card terminal. The dialog shows the cash
price and the all-Cheongju-Pay price, and the total and the rest as the amount changes; the
service prices and records it (one rule, ``domain/split.py``). Keyboard only: Enter in the
amount goes on to the QR/approval field, Enter there (a scanner's too) records."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.money import format_won, parse_won
from pos_app.domain.records import PaymentRecord
from pos_app.services.sale import Sale
from pos_app.ui.message_bar import MessageBar
from pos_app.ui.theme import DANGER

_BIG = "font-size: 20pt; font-weight: bold;"


class SplitTenders(Protocol):
    """What the dialog records through (``CheckoutService`` is one)."""

    def pay_split(
        self,
        cheongju_pay: int,
        *,
        code_text: str | None = None,
        card_approval_no: str | None = None,
        cash: int = 0,
        tendered: int | None = None,
        card_terminal: int = 0,
    ) -> PaymentRecord: ...


def _won(field: QLineEdit) -> int:
    """A field's won; empty is 0; anything else the validator let through is E352."""
    text = field.text().strip()
    if not text:
        return 0
    try:
        return parse_won(text)
    except ValueError:
        raise UserFacingError(ErrorKey.SPLIT_BAD_AMOUNT) from None


def _is_approval_number(text: str) -> bool:
    """The 청주페이 카드's approval number is digits; a payment QR never is."""
    digits = text.replace(" ", "").replace("-", "")
    return bool(digits) and digits.isascii() and digits.isdigit()


class SplitPaymentDialog(QDialog):
    """``payment`` holds the recorded payment once accepted. ``cheongju_pay``, ``cash``,
    ``tendered``, ``card_terminal``: what a reopened declined sale had (pre-filled)."""

    def __init__(
        self,
        sale: Sale,
        tenders: SplitTenders,
        language: str,
        parent: QWidget | None = None,
        *,
        cheongju_pay: int | None = None,
        tendered: int | None = None,
        card_terminal: int = 0,
    ) -> None:
        super().__init__(parent)
        self._sale = sale
        self._tenders = tenders
        self._language = language
        self.payment: PaymentRecord | None = None
        self.setObjectName("splitPaymentDialog")
        self.setWindowTitle(self.tr("Split payment (Ctrl+S)"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        # Wide enough for the fields' hints in both languages (within a 1024-pixel screen).
        self.setMinimumWidth(600)
        full = sale.quote_split(0)
        self.cash_price = full.cash_price
        self.all_cheongju_pay_price = full.all_cheongju_pay_price
        prices = QLabel(
            self.tr("Cash price %1 · all Cheongju Pay %2")
            .replace("%1", format_won(self.cash_price))
            .replace("%2", format_won(self.all_cheongju_pay_price))
        )
        prices.setObjectName("splitPrices")
        prices.setWordWrap(True)

        self.amount = self._won_field("splitCheongjuPay", self.tr("Won by Cheongju Pay"))
        self.amount.returnPressed.connect(self._amount_entered)
        self.means = QLineEdit()
        self.means.setObjectName("splitMeans")
        self.means.setMaxLength(600)
        self.means.setPlaceholderText(
            self.tr("Scan the customer's QR, or type the Cheongju Pay card approval no.")
        )
        self.means.returnPressed.connect(self._part_entered)
        self.card = self._won_field("splitCardTerminal", self.tr("Won on the card terminal"))
        self.card.returnPressed.connect(self._part_entered)
        self.tendered = self._won_field("splitTendered", self.tr("Cash handed over"))
        self.tendered.returnPressed.connect(self.record)

        self.discount = QLabel()
        self.discount.setObjectName("splitDiscount")
        self.total = QLabel()
        self.total.setObjectName("splitTotal")
        self.total.setStyleSheet(_BIG)
        self.rest = QLabel()
        self.rest.setObjectName("splitRest")
        self.rest.setWordWrap(True)  # a coded error (E351) is long: wrapped, not cut
        self.change = QLabel()
        self.change.setObjectName("splitChange")

        form = QFormLayout()
        form.addRow(self.tr("Cheongju Pay amount"), self.amount)
        form.addRow(self.tr("QR or card approval no."), self.means)
        form.addRow(self.tr("Card terminal"), self.card)
        form.addRow(self.tr("Cash handed over"), self.tendered)
        record = QPushButton(self.tr("Record split payment (Enter)"))
        record.setObjectName("recordSplit")
        record.setAutoDefault(False)
        record.clicked.connect(self.record)
        self.error = MessageBar()
        layout = QVBoxLayout(self)
        layout.addWidget(prices)
        layout.addLayout(form)
        layout.addWidget(self.discount)
        layout.addWidget(self.total)
        layout.addWidget(self.rest)
        layout.addWidget(self.change)
        layout.addWidget(record)
        layout.addWidget(self.error)

        for field in (self.amount, self.card, self.tendered):
            field.textChanged.connect(self._update)
        start = self.all_cheongju_pay_price if cheongju_pay is None else cheongju_pay
        self.amount.setText(str(start))
        if card_terminal:
            self.card.setText(str(card_terminal))
        if tendered:
            self.tendered.setText(str(tendered))
        self._update()
        self.amount.setFocus()
        self.amount.selectAll()

    def _won_field(self, name: str, placeholder: str) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        field.setValidator(QIntValidator(0, 100_000_000, self))
        field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        field.setPlaceholderText(placeholder)
        return field

    def _amount_entered(self) -> None:
        self.means.setFocus()

    def _cash_due(self) -> int:
        """The cash part as the fields stand (0 while they do not make a sale)."""
        try:
            return self._sale.quote_split(_won(self.amount)).rest - _won(self.card)
        except UserFacingError:
            return 0

    def _part_entered(self) -> None:
        """Enter after the QR (or the slip's number) or the card amount: with cash still to
        count, the cash handed over comes first, so the change is worked out and printed;
        otherwise the sale is recorded."""
        if self._cash_due() > 0 and not self.tendered.text().strip():
            self.tendered.setFocus()
            self.error.show_message(
                "info",
                self.tr("Type the cash handed over (%1 due), then Enter.").replace(
                    "%1", format_won(self._cash_due())
                ),
            )
            return
        self.record()

    def _update(self) -> None:
        """The live figures: the discount the amount earns, the total, the rest, change."""
        try:
            quoted = self._sale.quote_split(_won(self.amount))
        except UserFacingError as error:
            self.discount.setText("")
            self.total.setText("")
            self.rest.setText(error.display(self._language))
            self.rest.setStyleSheet(f"color: {DANGER};")
            self.change.setText("")
            return
        self.rest.setStyleSheet("")
        self.discount.setText(
            self.tr("Special discount (Cheongju Pay share) %1").replace(
                "%1", format_won(-quoted.discount)
            )
        )
        self.total.setText(self.tr("Total %1").replace("%1", format_won(quoted.total)))
        try:
            card = _won(self.card)
            tendered = _won(self.tendered)
        except UserFacingError:
            card = tendered = 0
        cash = quoted.rest - card
        self.rest.setText(
            self.tr("Rest %1: cash %2, card terminal %3")
            .replace("%1", format_won(quoted.rest))
            .replace("%2", format_won(max(cash, 0)))
            .replace("%3", format_won(card))
        )
        if cash > 0 and tendered:
            if tendered >= cash:
                self.change.setText(self.tr("Change %1").replace("%1", format_won(tendered - cash)))
                self.change.setStyleSheet("")
            else:
                self.change.setText(
                    self.tr("Short by %1").replace("%1", format_won(cash - tendered))
                )
                self.change.setStyleSheet(f"color: {DANGER};")
        else:
            self.change.setText("")

    def record(self) -> None:
        """Enter: record it through the service (its coded errors keep the sale)."""
        try:
            cheongju_pay = _won(self.amount)
            rest = self._sale.quote_split(cheongju_pay).rest
            card = _won(self.card)
            tendered = _won(self.tendered)
            cash = rest - card
            means = self.means.text().strip()
            by_card = _is_approval_number(means)
            self.payment = self._tenders.pay_split(
                cheongju_pay,
                code_text=None if by_card or not means else means,
                card_approval_no=means if by_card else None,
                cash=cash,
                tendered=(tendered or None) if cash > 0 else None,
                card_terminal=card,
            )
        except UserFacingError as error:
            self.error.show_error(error, self._language)
            if error.key is ErrorKey.SPLIT_OVER_ALL_PAY:
                self.amount.setFocus()
                self.amount.selectAll()
            elif error.key in (ErrorKey.SPLIT_SHORT_CASH,):
                self.tendered.setFocus()
            else:
                self.means.setFocus()
                self.means.selectAll()
            return
        self.accept()
