"""결제 내역: the payments list the refunds start from.

Today's payments by default; search by receipt number, approval number, date range and
amount (Enter in any field searches). A scanned receipt QR (``CJR1:<payment_id>``) opens
that payment's refund at once (``handle_scan``). Keyboard: Ctrl+F focuses the search,
Up/Down choose a payment, Enter opens the refund dialog.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.clock import KST, parse_utc
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.money import format_won, parse_won
from pos_app.domain.payment_status import PaymentStatus
from pos_app.domain.records import PaymentRecord
from pos_app.domain.refunds import RefundRecord
from pos_app.domain.tenders import Tender
from pos_app.services.refunds import PaymentRow, RefundService
from pos_app.ui.message_bar import MessageBar
from pos_app.ui.refunds.refund_dialog import RefundDialog


def _parse_date(text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserFacingError(ErrorKey.REFUND_BAD_SEARCH) from None


def _parse_amount(text: str) -> int | None:
    if not text.strip():
        return None
    try:
        return parse_won(text)
    except ValueError:
        raise UserFacingError(ErrorKey.REFUND_BAD_SEARCH) from None


class PaymentsScreen(QWidget):
    #: emitted after a refund was recorded (the lead may refresh the day close, print...)
    refunded = Signal(object)
    #: Ctrl+P: the selected payment's receipt, shown as it prints (reprint from there).
    receipt_requested = Signal(str)
    #: Ctrl+Shift+P: the refund receipt of the selected payment's latest refund.
    refund_receipt_requested = Signal(str)

    COLUMNS = 7

    def __init__(
        self,
        service: RefundService,
        language: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._language = language
        self._rows: list[PaymentRow] = []
        self.receipt_no = self._field(self.tr("Receipt no."))
        self.approval_no = self._field(self.tr("Approval no."))
        self.date_from = self._field(self.tr("From (YYYY-MM-DD)"))
        self.date_to = self._field(self.tr("To (YYYY-MM-DD)"))
        self.amount = self._field(self.tr("Amount (won)"))
        search = QPushButton(self.tr("Search"))
        search.clicked.connect(self.search)
        today = QPushButton(self.tr("Today"))
        today.clicked.connect(self.show_today)
        bar = QHBoxLayout()
        for widget in (self.receipt_no, self.approval_no, self.date_from, self.date_to):
            bar.addWidget(widget)
        bar.addWidget(self.amount)
        bar.addWidget(search)
        bar.addWidget(today)
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Receipt"),
                self.tr("Time"),
                self.tr("Tender"),
                self.tr("Total"),
                self.tr("Refunded"),
                self.tr("Status"),
                self.tr("Approval"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.activated.connect(lambda _index: self.refund_selected())
        self.message = MessageBar()
        refund = QPushButton(self.tr("Refund selected (Enter)"))
        refund.setObjectName("primaryAction")
        refund.clicked.connect(self.refund_selected)
        receipt = QPushButton(self.tr("Receipt (Ctrl+P)"))
        receipt.clicked.connect(self.show_receipt)
        refund_receipt = QPushButton(self.tr("Refund receipt (Ctrl+Shift+P)"))
        refund_receipt.clicked.connect(self.show_refund_receipt)
        buttons = QHBoxLayout()
        buttons.addWidget(receipt)
        buttons.addWidget(refund_receipt)
        buttons.addStretch(1)
        buttons.addWidget(refund)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        for key, handler in (
            ("Ctrl+F", self.focus_search),
            ("Ctrl+P", self.show_receipt),
            ("Ctrl+Shift+P", self.show_refund_receipt),
        ):
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(handler)
            self.addAction(action)
        self.show_today()

    def _field(self, placeholder: str) -> QLineEdit:
        field = QLineEdit()
        field.setPlaceholderText(placeholder)
        field.returnPressed.connect(self.search)
        return field

    # ----- what the lead wires -------------------------------------------------------

    def focus_search(self) -> None:
        self.receipt_no.setFocus()
        self.receipt_no.selectAll()

    def handle_scan(self, text: str) -> bool:
        """A scan while this page is shown: a receipt QR opens that payment's refund.

        Returns False for anything that is not a receipt QR (the caller may route it on).
        """
        try:
            payment = self._service.payment_for_scan(text)
        except UserFacingError as error:
            if not text.strip().upper().startswith("CJR1:"):
                return False
            self.message.show_error(error, self._language)
            return True
        self._show([PaymentRow(payment, self._refunded(payment))])
        self.open_refund(payment)
        return True

    # ----- listing ------------------------------------------------------------------

    def show_today(self) -> None:
        for field in (self.receipt_no, self.approval_no, self.amount, self.date_from):
            field.clear()
        self.date_to.clear()
        self._show(self._service.today())

    def search(self) -> None:
        try:
            rows = self._service.search(
                receipt_no=self.receipt_no.text(),
                approval_no=self.approval_no.text(),
                date_from=_parse_date(self.date_from.text()),
                date_to=_parse_date(self.date_to.text()),
                amount=_parse_amount(self.amount.text()),
            )
        except UserFacingError as error:
            self.message.show_error(error, self._language)
            return
        self._show(rows)
        if rows:
            self.table.setFocus()

    def _refunded(self, payment: PaymentRecord) -> int:
        state = self._service.refundable(payment.payment_id)
        return payment.total - state.amount_left

    def payments_answered(self, payment_ids: Iterable[str]) -> None:
        """The sync applied the server's answers to these payments (approved, declined).

        The rows of them on show are read again in place: the search, its fields, the
        chosen row and the message stay (the status bar beside the list had said 미승인 0원
        while a row still read 승인 대기 until someone pressed 오늘).
        """
        answered = set(payment_ids)
        if any(row.payment.payment_id in answered for row in self._rows):
            self._refresh_rows(announce=False)

    def _show(self, rows: list[PaymentRow], *, announce: bool = True) -> None:
        self._rows = rows
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            payment = row.payment
            status = (payment.approval_no and self.tr("Approved")) or {
                PaymentStatus.PENDING: self.tr("Pending"),
                PaymentStatus.DECLINED: self.tr("Declined"),
                PaymentStatus.APPROVED: self.tr("Approved"),
                PaymentStatus.RECORDED: self.tr("Completed"),  # cash, card: final when recorded
            }.get(payment.status, payment.status)
            if payment.voided:
                status = self.tr("Voided")
            cells = [
                payment.receipt_no,
                _local_time(payment.paid_at),
                self._tender_name(payment.tender),
                format_won(payment.total),
                format_won(row.refunded) if row.refunded else "",
                status,
                payment.approval_no or "",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (3, 4):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(index, column, item)
        # Every column as wide as its text (the receipt number was elided at 1024 px while
        # the approval column, the last, stretched over the room left).
        self.table.resizeColumnsToContents()
        if rows:
            self.table.selectRow(0)
        if announce:
            self.message.show_message("info", self.tr("%1 payments").replace("%1", str(len(rows))))

    def _tender_name(self, tender: str) -> str:
        """The tender in the UI's language (the Korean names leaked into the English UI)."""
        names = {
            Tender.CHEONGJU_PAY: self.tr("Cheongju Pay"),
            Tender.CASH: self.tr("Cash"),
            Tender.CARD_TERMINAL: self.tr("Card (terminal)"),
            Tender.CHEONGJU_CARD: self.tr("Cheongju Pay card"),
            Tender.SPLIT: self.tr("Split payment"),
        }
        return names.get(tender, tender)

    def selected_payment(self) -> PaymentRecord | None:
        index = self.table.currentRow()
        return self._rows[index].payment if 0 <= index < len(self._rows) else None

    # ----- receipts -----------------------------------------------------------------

    def show_receipt(self) -> None:
        payment = self.selected_payment()
        if payment is not None:
            self.receipt_requested.emit(payment.payment_id)

    def show_refund_receipt(self) -> None:
        payment = self.selected_payment()
        if payment is None:
            return
        refunds = self._service.refundable(payment.payment_id).refunds
        if not refunds:
            self.message.show_message("info", self.tr("This payment has no refund."))
            return
        self.refund_receipt_requested.emit(refunds[-1].refund_id)

    # ----- refunding ----------------------------------------------------------------

    def refund_selected(self) -> None:
        payment = self.selected_payment()
        if payment is not None:
            self.open_refund(payment)

    def open_refund(self, payment: PaymentRecord) -> RefundRecord | None:
        try:
            self._service.refundable(payment.payment_id)
        except UserFacingError as error:
            self.message.show_error(error, self._language)
            return None
        dialog = RefundDialog(self._service, payment.payment_id, self._language, self)
        # Emitted when the refund is recorded, while the dialog still shows its receipt:
        # the refund receipt prints and a cash drawer opens then, not on 닫기.
        dialog.recorded.connect(self.refunded)
        dialog.exec()
        if dialog.refund is not None:
            self.message.show_message(
                "ok",
                self.tr("Refunded %1 (refund %2).")
                .replace("%1", format_won(dialog.refund.amount))
                .replace("%2", dialog.refund.refund_no),
            )
            self._refresh_rows()
        return dialog.refund

    def _refresh_rows(self, *, announce: bool = True) -> None:
        current = self.table.currentRow()
        rows = []
        for row in self._rows:
            payment = self._service.refundable(row.payment.payment_id).payment
            rows.append(PaymentRow(payment, self._refunded(payment)))
        self._show(rows, announce=announce)
        if 0 <= current < len(rows):
            self.table.selectRow(current)


def _local_time(paid_at: str) -> str:
    moment = parse_utc(paid_at).astimezone(KST)
    return f"{moment:%m-%d %H:%M}"
