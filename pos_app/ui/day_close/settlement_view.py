"""The settlement (정산) shown large: per tender, discounts, refunds, voids, cashback,
cash in/out, expected and counted cash, and over/short in colour; pending sync flagged."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from pos_app.domain.day_close import Settlement
from pos_app.domain.money import format_won
from pos_app.domain.tenders import Tender

OVER_SHORT_COLOURS = {"even": "#0b6e4f", "over": "#b86e00", "short": "#b3261e"}


class SettlementView(QFrame):
    """Read-only; :meth:`show_settlement` redraws it from a :class:`Settlement`.

    The over/short (``result``) is the figure a cashier closes on. With ``pin_result`` the
    owner lays it out itself: the day-close screen keeps it under the scrolling settlement,
    where it is in view at 1024x768 whatever the scroll (it lay below the fold there).
    """

    def __init__(self, parent: QWidget | None = None, *, pin_result: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("settlementPanel")
        self.setStyleSheet(
            "QFrame#settlementPanel { background: #f7faf8; border: 1px solid #d5e3dc;"
            " border-radius: 10px; }"
            " QLabel { font-size: 19px; }"
            " QLabel[role='title'] { font-size: 24px; font-weight: bold; }"
            " QLabel[role='strong'] { font-size: 22px; font-weight: bold; }"
            " QLabel[role='big'] { font-size: 30px; font-weight: bold; }"
            " QLabel[role='section'] { font-size: 15px; color: #555; padding-top: 8px; }"
            " QLabel#pendingNote { background: #fff4d6; border: 1px solid #f59e0b;"
            " border-radius: 6px; padding: 8px; font-size: 17px; font-weight: bold; }"
        )
        self.title = QLabel()
        self.title.setProperty("role", "title")
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(24)
        self.grid.setVerticalSpacing(4)
        self.pending_note = QLabel()
        self.pending_note.setObjectName("pendingNote")
        self.pending_note.setWordWrap(True)
        self.over_short = QLabel()
        self.over_short.setObjectName("overShort")
        self.over_short.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.over_short_caption = QLabel()
        self.over_short_caption.setStyleSheet("font-size: 30px; font-weight: bold;")
        self.result = QFrame()
        self.result.setObjectName("settlementResult")
        self.result.setStyleSheet(
            "QFrame#settlementResult { background: #f7faf8; border: 1px solid #d5e3dc;"
            " border-radius: 10px; }"
        )
        result_row = QHBoxLayout(self.result)
        result_row.setContentsMargins(10, 4, 10, 4)
        result_row.addWidget(self.over_short_caption)
        result_row.addStretch(1)
        result_row.addWidget(self.over_short)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(self.grid)
        layout.addStretch(1)
        layout.addWidget(self.pending_note)
        if not pin_result:
            layout.addWidget(self.result)
        self.show_settlement(None, "")

    def _clear(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget()
            if widget is not None:
                # deleteLater alone would leave it painted until the event loop runs.
                widget.hide()
                widget.deleteLater()

    def _row(self, label: str, amount: str, role: str = "", detail: str = "") -> None:
        row = self.grid.rowCount()
        name = QLabel(label)
        # Long in English ("Declined by the server (not received)"): it wraps, so the
        # settlement fits beside the count at 1024 px and the amounts stay whole.
        name.setWordWrap(True)
        count = QLabel(detail)
        count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        value = QLabel(amount)
        value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for widget in (name, count, value):
            if role:
                widget.setProperty("role", role)
        self.grid.addWidget(name, row, 0)
        self.grid.addWidget(count, row, 1)
        self.grid.addWidget(value, row, 2)

    def _section(self, text: str) -> None:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setProperty("role", "section")
        self.grid.addWidget(label, self.grid.rowCount(), 0, 1, 3)

    def show_settlement(self, settlement: Settlement | None, title: str) -> None:
        self._clear()
        self.title.setText(title)
        if settlement is None:
            self.pending_note.setVisible(False)
            self._show_over_short(None)
            return
        names = {
            Tender.CHEONGJU_PAY: self.tr("Cheongju Pay"),
            Tender.CASH: self.tr("Cash"),
            Tender.CARD_TERMINAL: self.tr("Card (terminal)"),
            Tender.CHEONGJU_CARD: self.tr("Cheongju Pay card"),
        }

        def count_text(n: int) -> str:
            # Qt's plural form: "1 sale" / "2 sales" in English, "%n건" in Korean.
            return self.tr("%n sale(s)", "", n)

        def receipt_count(n: int) -> str:
            return self.tr("%n cash receipt(s)", "", n)

        self._section(self.tr("Sales by tender (after voids and refunds)"))
        for tender in settlement.tenders:
            self._row(
                names.get(tender.tender, tender.tender),
                format_won(tender.net),
                detail=count_text(tender.count),
            )
        self._row(self.tr("Net sales"), format_won(settlement.net_sales), "strong")
        self._show_vat(settlement, names)
        self._section(self.tr("Adjustments"))
        self._row(self.tr("Special discount given"), format_won(settlement.discounts))
        if settlement.manual_discounts:
            self._row(
                self.tr("Manual discounts and price changes"),
                format_won(settlement.manual_discounts),
            )
        self._row(
            self.tr("Refunds"),
            format_won(settlement.refund_total),
            detail=count_text(settlement.refund_count),
        )
        self._row(
            self.tr("Voids"),
            format_won(settlement.void_total),
            detail=count_text(settlement.void_count),
        )
        if settlement.declined_count:
            self._row(
                self.tr("Declined by the server (not received)"),
                format_won(settlement.declined_total),
                detail=count_text(settlement.declined_count),
            )
        receipts = settlement.cash_receipts
        if receipts.any:
            self._row(
                self.tr("Cash receipts issued"),
                format_won(receipts.issued_amount),
                detail=receipt_count(receipts.issued_count),
            )
            self._row(
                self.tr("Cash receipts cancelled"),
                format_won(-receipts.cancelled_amount),
                detail=receipt_count(receipts.cancelled_count),
            )
            if receipts.pending_count:
                self._row(
                    self.tr("Cash receipts awaiting the relay"),
                    "",
                    detail=receipt_count(receipts.pending_count),
                )
        self._row(
            self.tr("Cashback confirmed by the server"), format_won(settlement.cashback_confirmed)
        )
        self._section(self.tr("Cash drawer"))
        self._row(self.tr("Opening float"), format_won(settlement.float_amount))
        self._row(self.tr("Cash in"), format_won(settlement.cash_in))
        self._row(self.tr("Cash out"), format_won(-settlement.cash_out))
        self._row(self.tr("Expected cash"), format_won(settlement.expected_cash), "big")
        if settlement.counted_cash is not None:
            self._row(self.tr("Counted cash"), format_won(settlement.counted_cash), "big")
        self._show_over_short(settlement.over_short)
        if settlement.has_pending:
            self.pending_note.setText(
                self.tr(
                    "Cheongju Pay awaiting the server's approval: %1 items, %2. Closing is"
                    " allowed; they are sent when the connection is back."
                )
                .replace("%1", str(settlement.pending_count))
                .replace("%2", format_won(settlement.pending_total))
            )
            self.pending_note.setVisible(True)
        else:
            self.pending_note.setVisible(False)

    def _show_vat(self, settlement: Settlement, names: dict[Tender, str]) -> None:
        """과세 매출 (공급가액, 부가세) and 면세 매출 of net sales, then each tender's split
        (taxable and exempt, its VAT beside): the slip's figures, from the same Settlement."""
        self._section(self.tr("Taxable and tax-exempt sales (after voids and refunds)"))
        self._row(self.tr("Taxable sales"), format_won(settlement.taxable))
        self._row(self.tr("  Supply value"), format_won(settlement.supply))
        self._row(self.tr("  VAT"), format_won(settlement.vat))
        self._row(self.tr("Tax-exempt sales"), format_won(settlement.exempt))
        for tender in settlement.tenders:
            if not (tender.count or tender.net or tender.taxable or tender.exempt):
                continue
            name = names.get(tender.tender, tender.tender)  # type: ignore[call-overload]
            vat = self.tr("VAT %1").replace("%1", format_won(tender.vat))
            self._row(
                self.tr("  %1 taxable").replace("%1", name), format_won(tender.taxable), detail=vat
            )
            self._row(self.tr("  %1 tax-exempt").replace("%1", name), format_won(tender.exempt))

    def _show_over_short(self, over_short: int | None) -> None:
        if over_short is None:
            self.result.setVisible(False)
            return
        if over_short == 0:
            kind, text = "even", self.tr("Even")
        elif over_short > 0:
            kind, text = "over", self.tr("Over %1").replace("%1", format_won(over_short))
        else:
            kind, text = "short", self.tr("Short %1").replace("%1", format_won(-over_short))
        self.over_short.setProperty("kind", kind)
        self.over_short.setText(text)
        self.over_short.setStyleSheet(
            f"font-size: 34px; font-weight: bold; color: white; border-radius: 8px;"
            f" padding: 6px 14px; background: {OVER_SHORT_COLOURS[kind]};"
        )
        self.over_short_caption.setText(self.tr("Over / short"))
        self.result.setVisible(True)
