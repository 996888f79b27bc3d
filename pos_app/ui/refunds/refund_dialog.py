"""The refund dialog (결제취소): choose lines and quantities or an amount, a reason and a
manager's approval; shows what will go back, then the refund receipt.

Keyboard: the first quantity has the focus (type a number, Tab to the next); Ctrl+A
takes everything still refundable; Ctrl+M switches to an amount; the PIN field's Enter
(or Ctrl+Enter anywhere) records the refund.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.money import format_won, parse_won
from pos_app.domain.refunds import RefundReason, RefundRecord
from pos_app.domain.tax import TaxCategory
from pos_app.domain.tenders import Tender
from pos_app.services.refunds import Refundable, RefundService
from pos_app.ui.checkout.receipt_view import ReceiptView
from pos_app.ui.message_bar import MessageBar

_BIG = "font-size: 24pt; font-weight: bold;"
#: The most the lines table asks for: a dialog that still fits a 1024-pixel screen.
_WIDEST_TABLE = 860


class RefundDialog(QDialog):
    """``refund`` holds the recorded refund once one was made; ``recorded`` says so the
    moment it is recorded (the receipt and a cash drawer must not wait for 닫기)."""

    recorded = Signal(object)  # RefundRecord

    def __init__(
        self,
        service: RefundService,
        payment_id: str,
        language: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._payment_id = payment_id
        self._language = language
        self.refund: RefundRecord | None = None
        self._preview_by_tender = ""  # a split sale's refund by tender, as last shown
        state = service.refundable(payment_id)
        payment = state.payment
        self.setWindowTitle(self.tr("Refund"))
        self.summary = QLabel()
        self.summary.setObjectName("merchantName")
        self._show_summary(state)
        self.lines = QTableWidget(len(payment.items), 4)
        self.lines.setHorizontalHeaderLabels(
            [self.tr("Item"), self.tr("Amount"), self.tr("Left"), self.tr("Refund qty")]
        )
        self.spins: dict[int, QSpinBox] = {}
        for row, item in enumerate(payment.items):
            left = state.quantities_left.get(item.line_no, 0)
            # 면세 lines marked as on the cart and the receipt's "#": the refund's split
            # depends on them.
            exempt = self.tr(" [tax-exempt]") if item.tax is TaxCategory.EXEMPT else ""
            name = QTableWidgetItem(item.name + exempt)
            name.setToolTip(item.name + exempt)
            self.lines.setItem(row, 0, name)
            self.lines.setItem(row, 1, QTableWidgetItem(format_won(item.amount)))
            self.lines.setItem(row, 2, QTableWidgetItem(str(left)))
            spin = QSpinBox()
            spin.setRange(0, left)
            spin.valueChanged.connect(self._update_preview)
            self.lines.setCellWidget(row, 3, spin)
            self.spins[item.line_no] = spin
        self._give_the_names_room()
        self.by_amount = QCheckBox(self.tr("Refund an amount instead (Ctrl+M)"))
        self.by_amount.toggled.connect(self._mode_changed)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(self.tr("Amount to refund (won)"))
        self.amount.textChanged.connect(self._update_preview)
        self.choice = QStackedWidget()
        self.choice.addWidget(self.lines)
        self.choice.addWidget(self.amount)
        self.reason = QComboBox()
        for reason, label in (
            (RefundReason.CHANGE_OF_MIND, self.tr("Change of mind")),
            (RefundReason.DEFECTIVE, self.tr("Defective item")),
            (RefundReason.MISCHARGE, self.tr("Charged wrongly")),
            (RefundReason.OTHER, self.tr("Other")),
        ):
            self.reason.addItem(label, reason.value)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Details (required for Other)"))
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(12)
        self.pin.setPlaceholderText(self.tr("Manager PIN"))
        self.pin.returnPressed.connect(self.submit)
        self.preview = QLabel()
        self.preview.setObjectName("refundPreview")
        self.preview.setStyleSheet(_BIG)
        self.error = MessageBar()
        self.submit_button = QPushButton(self.tr("Refund (Ctrl+Enter)"))
        self.submit_button.clicked.connect(self.submit)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.accept)
        self.close_button.hide()
        self.receipt = ReceiptView()
        self.receipt.hide()
        form = QFormLayout()
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.tr("Details"), self.note)
        form.addRow(self.tr("Manager PIN"), self.pin)
        self.entry = QWidget()
        entry = QVBoxLayout(self.entry)
        entry.setContentsMargins(0, 0, 0, 0)
        entry.addWidget(self.choice)
        entry.addWidget(self.by_amount)
        entry.addLayout(form)
        entry.addWidget(self.preview)
        entry.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.entry)
        layout.addWidget(self.receipt, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.close_button)
        self._shortcut("Ctrl+A", self.take_everything)
        self._shortcut("Ctrl+M", self.by_amount.toggle)
        self._shortcut("Ctrl+Return", self.submit)
        self._shortcut("Ctrl+Enter", self.submit)
        self._update_preview()
        first = next(iter(self.spins.values()), None)
        (first or self.amount).setFocus()

    def _give_the_names_room(self) -> None:
        """The product name takes the room the figures leave, and the table asks for the
        widest name on one line (up to what a 1024-pixel screen can give): the last column
        stretched and the name was cut to "막걸리 …". A name longer still wraps."""
        table = self.lines
        table.ensurePolished()  # the theme's font, which the widths are measured in
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        table.setTextElideMode(Qt.TextElideMode.ElideNone)
        table.setWordWrap(True)
        metrics = table.fontMetrics()
        names = [table.item(row, 0).text() for row in range(table.rowCount())]
        cell_padding = 2 * table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 8
        widest = max((metrics.horizontalAdvance(name) for name in names), default=0)
        name_width = max(widest, header.sectionSizeFromContents(0).width()) + cell_padding
        others = sum(
            max(header.sectionSizeFromContents(column).width(), table.sizeHintForColumn(column))
            for column in (1, 2, 3)
        )
        frame = 2 * table.frameWidth() + table.verticalHeader().sizeHint().width() + 24
        table.setMinimumWidth(min(name_width + others + frame, _WIDEST_TABLE))
        table.resizeRowsToContents()
        # A name wider than the most the table gets wraps: its row grows with the column.
        header.sectionResized.connect(lambda *_: table.resizeRowsToContents())

    def _show_summary(self, state: Refundable | None = None) -> None:
        """What is still refundable, read from the store each time (on opening and after a
        refund), never the figure the dialog was built with."""
        state = state or self._service.refundable(self._payment_id)
        self.summary.setText(
            self.tr("Receipt %1 · paid %2 · refundable %3")
            .replace("%1", state.payment.receipt_no)
            .replace("%2", format_won(state.payment.total))
            .replace("%3", format_won(state.amount_left))
        )

    def showEvent(self, event: QShowEvent) -> None:
        try:
            self._show_summary()
        except UserFacingError as error:
            self.error.show_error(error, self._language)
        super().showEvent(event)

    def _shortcut(self, keys: str, handler: Callable[[], object]) -> None:
        action = QAction(self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(handler)
        self.addAction(action)

    # ----- choosing -----------------------------------------------------------------

    def take_everything(self) -> None:
        self.by_amount.setChecked(False)
        for spin in self.spins.values():
            spin.setValue(spin.maximum())

    def _mode_changed(self, by_amount: bool) -> None:
        self.choice.setCurrentWidget(self.amount if by_amount else self.lines)
        (self.amount if by_amount else self.lines).setFocus()
        self._update_preview()

    def _choice(self) -> tuple[dict[int, int] | None, int | None]:
        if self.by_amount.isChecked():
            try:
                return None, parse_won(self.amount.text())
            except ValueError:
                raise UserFacingError(ErrorKey.REFUND_NOTHING_CHOSEN) from None
        return {no: spin.value() for no, spin in self.spins.items() if spin.value()}, None

    def _update_preview(self) -> None:
        try:
            quantities, amount = self._choice()
            plan = self._service.plan(self._payment_id, quantities=quantities, amount=amount)
        except UserFacingError:
            self._preview_by_tender = ""
            self.preview.setText(self.tr("Refund: choose items or an amount"))
            return
        text = self.tr("Refund %1").replace("%1", format_won(plan.amount))
        if plan.discount_share:
            text += self.tr(" (discount kept %1)").replace("%1", format_won(plan.discount_share))
        self._preview_by_tender = self._by_tender(plan.amount)
        if self._preview_by_tender:
            text += "\n" + self._preview_by_tender
        self.preview.setText(text)

    def _by_tender(self, amount: int) -> str:
        """A split sale's refund by tender, as the money goes back: "현금 11,289원 ·
        청주페이 6,674원" (empty for a sale of one tender)."""
        names = {
            Tender.CASH: self.tr("Cash"),
            Tender.CARD_TERMINAL: self.tr("Card (terminal)"),
            Tender.CHEONGJU_CARD: self.tr("Cheongju Pay card"),
            Tender.CHEONGJU_PAY: self.tr("Cheongju Pay"),
        }
        return " · ".join(
            f"{names.get(tender, tender.value)} {format_won(won)}"
            for tender, won in self._service.back_by_tender(self._payment_id, amount)
        )

    # ----- recording ----------------------------------------------------------------

    def submit(self) -> None:
        if self.refund is not None:
            self.accept()
            return
        # Any manager's or the owner's PIN, checked by the staff service with its lockout.
        approve = self._service.pin_approver(self.pin.text())
        try:
            quantities, amount = self._choice()
            self.refund = self._service.refund(
                self._payment_id,
                reason=RefundReason(self.reason.currentData()),
                approve=approve,
                quantities=quantities,
                amount=amount,
                note=self.note.text(),
            )
        except UserFacingError as error:
            self.error.show_error(error, self._language)
            self.pin.clear()
            self.pin.setFocus()
            return
        self.recorded.emit(self.refund)
        self.entry.hide()
        self._show_summary()
        self.receipt.show_rows(self._service.receipt(self.refund))
        self.receipt.show()
        done = self.tr("Refunded %1.").replace("%1", format_won(self.refund.amount))
        if self._preview_by_tender:
            done += " " + self._preview_by_tender  # the money to hand back, by tender
        if self._service.cancels_cash_receipt(self.refund):
            done += " " + self.tr("The cash receipt is cancelled for this amount too.")
        if self.refund.tender == Tender.CHEONGJU_CARD:
            # The POS holds no card money: the terminal gives it back on the card.
            done += " " + self.tr("Cancel this amount on the card terminal (Cheongju Pay card).")
        self.error.show_message("ok", done)
        self.close_button.show()
        self.close_button.setFocus()
