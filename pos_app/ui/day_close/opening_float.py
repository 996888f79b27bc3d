"""The first sale with no business day open asks for the opening float.

A small keyboard-first question: the cursor is in the amount, Enter opens the day with
the float typed, Esc opens it with the float "not counted" (the sale is never refused:
a customer is waiting). The rule of when to ask and what is recorded is
``DayCloseService.status`` / ``open_for_sale``; this only asks and tells.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.clock import KST, parse_utc
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.money import format_won
from pos_app.services.day_close import BusinessDay, DayCloseService, DayState, DayStatus
from pos_app.ui.day_close.screen import parse_cash
from pos_app.ui.message_bar import MessageBar


def kst_time(stamp: str | None) -> str:
    """RFC 3339 UTC -> 'MM-DD HH:MM' in Korea time (when the last day was closed)."""
    if not stamp:
        return ""
    moment = parse_utc(stamp)
    return moment.astimezone(KST).strftime("%m-%d %H:%M")


class OpeningFloatDialog(QDialog):
    """``opened`` holds the day once it is open (by Enter or by Esc)."""

    def __init__(
        self,
        service: DayCloseService,
        status: DayStatus,
        language: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._language = language
        self.opened: BusinessDay | None = None
        self.setWindowTitle(self.tr("Open the business day"))
        if status.state is DayState.CLOSED and status.day is not None:
            said = self.tr("The last day was closed at %1. This sale opens a new day.").replace(
                "%1", kst_time(status.day.closed_at)
            )
        else:
            said = self.tr("No business day is open. This sale opens one.")
        intro = QLabel(said)
        intro.setWordWrap(True)
        self.amount = QLineEdit()
        self.amount.setObjectName("openingFloat")
        self.amount.setPlaceholderText(self.tr("Cash float, e.g. 100,000"))
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.amount.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)  # no Hangul IME here
        self.amount.setStyleSheet("font-size: 24px; padding: 4px;")
        self.error = MessageBar()
        open_button = QPushButton(self.tr("Open with this float (Enter)"))
        open_button.setDefault(True)
        open_button.clicked.connect(self.open_counted)
        skip = QPushButton(self.tr("Not counted (Esc)"))
        skip.setAutoDefault(False)
        skip.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(skip)
        buttons.addWidget(open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel(self.tr("Cash in the drawer to start with:")))
        layout.addWidget(self.amount)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.amount.setFocus()

    def accept_scan(self, _text: str) -> bool:
        """A scan while the float is asked (the next item, say) is refused here, where the
        cashier is looking, and never typed into the float: answer first, then scan."""
        self.error.show_error(UserFacingError(ErrorKey.SCAN_DIALOG_OPEN), self._language)
        return False

    def open_counted(self) -> None:
        try:
            self.opened = self._service.open_for_sale(parse_cash(self.amount.text()))
        except UserFacingError as error:
            self.error.show_error(error, self._language)
            self.amount.setFocus()
            self.amount.selectAll()
            return
        self.accept()

    def reject(self) -> None:
        """Esc (or closing the window): the day opens with the float not counted."""
        try:
            self.opened = self._service.open_for_sale(None)
        except UserFacingError as error:
            self.error.show_error(error, self._language)
            return
        super().reject()

    def opened_text(self) -> str:
        """What the checkout says once the day is open."""
        if self.opened is None:
            return ""
        if not self.opened.float_counted:
            return self.tr("A new business day is open (float not counted).")
        return self.tr("A new business day is open with a float of %1.").replace(
            "%1", format_won(self.opened.float_amount)
        )
