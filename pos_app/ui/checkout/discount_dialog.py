"""A manual price change or discount, from the keyboard: Ctrl+D on the selected line (a new
price, won off or % off), Ctrl+K on the whole sale (won off or % off).

Type the figure, pick or type the reason, and, when the shop's threshold asks for it, a
manager's or the owner's PIN (the field opens as soon as the figure needs it). The sale
service decides and checks everything; the dialog only asks.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QIntValidator
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
from pos_app.domain.manual_discounts import MAX_REASON_LENGTH, REASONS_KO, DiscountKind
from pos_app.domain.money import format_won
from pos_app.domain.pricing import MAX_UNIT_PRICE
from pos_app.services.sale import Sale
from pos_app.ui.message_bar import MessageBar


class DiscountDialog(QDialog):
    """``line``: the cart line's index (Ctrl+D), or None for the whole sale (Ctrl+K)."""

    def __init__(
        self, sale: Sale, line: int | None, language: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setMinimumWidth(440)
        self._sale = sale
        self._line = line
        self._language = language
        if line is None:
            self.setWindowTitle(self.tr("Discount on the sale (Ctrl+K)"))
            whole = sale.goods_before_sale_discount()
            what = self.tr("Whole sale · %1").replace("%1", format_won(whole))
        else:
            self.setWindowTitle(self.tr("Price or discount on the line (Ctrl+D)"))
            base = sale.catalogue_line(line)
            what = (
                self.tr("%1 · %2 x %3")
                .replace("%1", base.name)
                .replace("%2", format_won(base.unit_price))
                .replace("%3", str(base.quantity))
            )
        summary = QLabel(what)
        summary.setObjectName("merchantName")
        summary.setWordWrap(True)
        self.kind = QComboBox()
        if line is not None:
            self.kind.addItem(self.tr("New price (won)"), DiscountKind.PRICE.value)
        self.kind.addItem(self.tr("Won off"), DiscountKind.WON.value)
        self.kind.addItem(self.tr("% off"), DiscountKind.PERCENT.value)
        self.value = QLineEdit()
        self.value.setValidator(QIntValidator(0, MAX_UNIT_PRICE, self))
        # Digits only: keep the IME out of this field so Hangul mode cannot get in the way.
        self.value.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.value.setPlaceholderText(self.tr("Type the figure"))
        self.reason = QComboBox()
        self.reason.setEditable(True)  # the list, or free text
        self.reason.addItems(list(REASONS_KO))
        self.reason.lineEdit().setMaxLength(MAX_REASON_LENGTH)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(12)
        self.pin.setPlaceholderText(self.tr("Manager PIN"))
        self.approval = QLabel()
        self.approval.setWordWrap(True)
        self.error = MessageBar()
        form = QFormLayout()
        form.addRow(self.tr("Change"), self.kind)
        form.addRow(self.tr("Figure"), self.value)
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.tr("Manager PIN"), self.pin)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Apply"))
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addLayout(form)
        layout.addWidget(self.approval)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.kind.currentIndexChanged.connect(self._update_approval)
        self.value.textChanged.connect(self._update_approval)
        # Enter anywhere is the dialog's Apply: it asks for the PIN first when one is needed.
        self._update_approval()
        self.value.setFocus()

    def chosen_kind(self) -> DiscountKind:
        return DiscountKind(self.kind.currentData())

    def _figure(self) -> int | None:
        text = self.value.text().strip()
        return int(text) if text.isdigit() else None

    def needs_approval(self) -> bool:
        figure = self._figure()
        if figure is None:
            return False
        try:
            if self._line is None:
                return self._sale.sale_needs_approval(self.chosen_kind(), figure)
            return self._sale.line_needs_approval(self._line, self.chosen_kind(), figure)
        except UserFacingError:
            return False  # the service says what is wrong when it is applied

    def _update_approval(self) -> None:
        needed = self.needs_approval()
        self.pin.setEnabled(needed)
        if not needed:
            self.pin.clear()
        self.approval.setText(
            self.tr("Above the shop's limit: a manager approves with their PIN.") if needed else ""
        )

    def apply(self) -> None:
        figure = self._figure()
        if figure is None:
            self.value.setFocus()
            return
        pin = self.pin.text() or None
        if pin is None and self.needs_approval():
            self.pin.setFocus()  # Enter after the figure: the PIN comes next
            return
        try:
            if self._line is None:
                self._sale.discount_sale(
                    self.chosen_kind(), figure, self.reason.currentText(), pin=pin
                )
            else:
                self._sale.change_line(
                    self._line, self.chosen_kind(), figure, self.reason.currentText(), pin=pin
                )
        except UserFacingError as error:
            self.error.show_error(error, self._language)
            self.pin.clear()
            (self.pin if self.pin.isEnabled() else self.value).setFocus()
            return
        self.accept()
