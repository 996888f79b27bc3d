"""The big numbers: subtotal, the special-discount line, the amount to pay, cashback."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QWidget

from pos_app.domain.money import format_rate, format_won
from pos_app.domain.payment_status import PaymentStatus
from pos_app.domain.pricing import Quote
from pos_app.domain.records import PaymentRecord
from pos_app.domain.tenders import Tender
from pos_app.ui.wrap_aware import WrapAwareFrame


def _label(name: str, text: str = "", right: bool = False) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    if right:
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return label


class TotalsPanel(WrapAwareFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("totalsPanel")
        grid = QGridLayout(self)
        # Compact rows: the whole panel fits a 1280x720 (1920x1080 at 150 %) window.
        grid.setContentsMargins(14, 6, 14, 6)
        grid.setVerticalSpacing(2)
        self.paid_banner = _label("paidBanner")
        self.paid_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtotal_caption = _label("totalsCaption", self.tr("Subtotal"))
        self.subtotal = _label("subtotalAmount", right=True)
        self.discount_caption = _label("totalsCaption")
        self.discount = _label("discountAmount", right=True)
        self.total_caption = _label("totalsCaption", self.tr("Amount to pay (Cheongju Pay)"))
        self.total = _label("totalAmount", right=True)
        # Never squeezed: on a short window the other rows give way, not the amount.
        self.total.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.cashback_caption = _label("totalsCaption", self.tr("Cashback (up to)"))
        self.cashback = _label("cashbackAmount", right=True)
        # Cash: the change to hand back, as large as the cashier needs it across the counter.
        self.change = _label("changeAmount", right=True)
        self.change.setWordWrap(True)  # the look is the theme's; a long English line wraps
        self.change.hide()
        self.prompt = _label("payPrompt")
        self.prompt.setWordWrap(True)
        grid.addWidget(self.paid_banner, 0, 0, 1, 2)
        grid.addWidget(self.subtotal_caption, 1, 0)
        grid.addWidget(self.subtotal, 1, 1)
        grid.addWidget(self.discount_caption, 2, 0)
        grid.addWidget(self.discount, 2, 1)
        grid.addWidget(self.total_caption, 3, 0, 1, 2)
        grid.addWidget(self.total, 4, 0, 1, 2)
        grid.addWidget(self.change, 5, 0, 1, 2)
        grid.addWidget(self.cashback_caption, 6, 0)
        grid.addWidget(self.cashback, 6, 1)
        grid.addWidget(self.prompt, 7, 0, 1, 2)
        self.restricted = False
        self.revoked = False  # no Cheongju Pay until enrolled again: the quote is for cash/card
        self._shown: Callable[[], None] | None = None  # draws the last quote or payment again

    def _discount_line(self, amount: int, rate_bp: int, discount_available: bool) -> None:
        visible = amount > 0 or discount_available
        self.discount_caption.setVisible(visible)
        self.discount.setVisible(visible)
        if rate_bp:
            self.discount_caption.setText(
                self.tr("Cheongju Pay special discount %1").replace("%1", format_rate(rate_bp))
            )
        self.discount.setText(format_won(-amount) if amount else format_won(0))

    def set_restricted(self, restricted: bool) -> None:
        """The merchant's status changed (from the server): redraw what is shown with it."""
        if restricted == self.restricted:
            return
        self.restricted = restricted
        if self._shown is not None:
            self._shown()

    def _cashback_line(self, amount: int, *, restricted: bool | None = None) -> None:
        """The cashback row; ``restricted`` is a shown sale's own status (else today's)."""
        if self.restricted if restricted is None else restricted:
            # 0, not blank: the cashier answers "how much cashback?" with what is on screen.
            self.cashback_caption.setText(self.tr("No cashback at this shop"))
            self.cashback.setText(format_won(0))
        else:
            self.cashback_caption.setText(self.tr("Cashback (up to)"))
            self.cashback.setText(format_won(amount))

    def show_quote(self, quote: Quote, discount_rate_bp: int, has_lines: bool) -> None:
        """``discount_rate_bp`` is the policy in force today (shown even before it applies)."""
        self._shown = lambda: self.show_quote(quote, discount_rate_bp, has_lines)
        self.paid_banner.hide()
        self.change.hide()
        self.subtotal.setText(format_won(quote.subtotal))
        self.total.setText(format_won(quote.total))
        self._set_kind(self.total, "")
        if self.revoked:
            # Nothing here may invite a Cheongju Pay payment the checkout would refuse.
            self._show_cashback_row(False)
            self.discount_caption.hide()
            self.discount.hide()
            self.total_caption.setText(self.tr("Amount to pay (cash or card)"))
            self.prompt.setText(
                self.tr(
                    "Cheongju Pay is unavailable until this till is enrolled again (F7)."
                    " Take cash or card (F5)."
                )
            )
            return
        self._show_cashback_row(True)  # hidden while a voided or card sale was on show
        self.total_caption.setText(self.tr("Amount to pay (Cheongju Pay)"))
        self._discount_line(
            quote.discount, quote.discount_rate_bp or discount_rate_bp, bool(discount_rate_bp)
        )
        self._cashback_line(quote.cashback_preview)
        self.prompt.setText(
            self.tr("Scan the customer's Cheongju Pay QR to pay")
            if has_lines
            else self.tr("Scan a product or type an amount (F2)")
        )

    def tender_name(self, payment: PaymentRecord) -> str:
        """What the customer paid with, in the UI language."""
        if payment.tender == Tender.CASH:
            return self.tr("Cash")
        if payment.tender == Tender.CARD_TERMINAL:
            return self.tr("Card")
        if payment.tender == Tender.SPLIT:
            return self.tr("Split payment")
        if payment.tender == Tender.CHEONGJU_CARD:
            return self.tr("Cheongju Pay card")
        if payment.merchant_qr:
            return self.tr("Cheongju Pay QR")
        return self.tr("Cheongju Pay")

    def _banner_text(self, payment: PaymentRecord, checking: bool) -> str:
        if payment.voided:
            return self.tr("Payment voided")
        if payment.fully_refunded:
            return self.tr("Refunded in full")
        if payment.refunded:
            return self.tr("Partly refunded: %1 back").replace("%1", format_won(payment.refunded))
        if payment.tender != Tender.CHEONGJU_PAY and not _waits_for_the_server(payment):
            # Cash and card are final when recorded: there is no approval to wait for.
            return self.tr("Paid - %1").replace("%1", self.tender_name(payment))
        if payment.status == PaymentStatus.DECLINED:
            return self.tr("Payment declined")
        if payment.status == PaymentStatus.APPROVED:
            return self.tr("Approved - %1").replace("%1", payment.approval_no or "")
        if checking:
            return self.tr("Asking the server for approval...")
        return self.tr("Paid - %1").replace("%1", self.tr("awaiting approval"))

    @staticmethod
    def _set_kind(label: QLabel, kind: str) -> None:
        if label.property("kind") == kind:
            return
        label.setProperty("kind", kind)
        label.style().unpolish(label)
        label.style().polish(label)

    def _show_cashback_row(self, visible: bool) -> None:
        self.cashback_caption.setVisible(visible)
        self.cashback.setVisible(visible)

    def show_paid(self, payment: PaymentRecord, checking: bool = False) -> None:
        """``checking``: the server has been asked and the answer is awaited."""
        self._shown = lambda: self.show_paid(payment, checking)
        self.paid_banner.show()
        self.paid_banner.setText(self._banner_text(payment, checking))
        declined = (
            payment.voided or payment.status == PaymentStatus.DECLINED or payment.fully_refunded
        )
        self.paid_banner.setProperty("kind", "bad" if declined else "good")
        self.paid_banner.style().unpolish(self.paid_banner)
        self.paid_banner.style().polish(self.paid_banner)
        self.total_caption.setText(
            self.tr("Amount paid (%1)").replace("%1", self.tender_name(payment))
        )
        self.subtotal.setText(format_won(payment.subtotal))
        self._discount_line(payment.discount, payment.discount_rate_bp, payment.discount > 0)
        if payment.tender == Tender.SPLIT and payment.discount:
            # As the receipt says it: earned by the share paid with Cheongju Pay only.
            self.discount_caption.setText(self.tr("Special discount (Cheongju Pay share)"))
        self.total.setText(format_won(payment.total))
        # A voided sale took no money: its total is struck through and grey (the theme's
        # 'bad' look), not the large green of a paid one.
        self._set_kind(self.total, "bad" if payment.voided else "")
        cash = payment.tender == Tender.CASH
        # A split sale's cash part has its change too: as large, across the counter.
        change = payment.change
        if payment.tender == Tender.SPLIT:
            change = next((p.change for p in payment.parts if p.tender is Tender.CASH), None)
        # A declined sale took no money: no change is due (a split's cash part goes back).
        took_money = not payment.voided and payment.status != PaymentStatus.DECLINED
        self.change.setVisible(change is not None and took_money)
        if change is not None:
            self.change.setText(self.tr("Change %1").replace("%1", format_won(change)))
        # Cashback is Cheongju Pay's, and a voided sale earns none (no line at all, not its
        # old figure); a cash sale shows what was handed over instead.
        self._show_cashback_row(
            cash or (payment.tender in (Tender.CHEONGJU_PAY, Tender.SPLIT) and took_money)
        )
        if cash:
            self.cashback_caption.setText(self.tr("Cash received"))
            self.cashback.setText(format_won(payment.tendered or payment.total))
        # The sale's own status and the server's figure once it is known, even if the
        # merchant's status changed since the sale.
        elif payment.cashback is not None and not payment.cashback_restricted:
            self.cashback_caption.setText(self.tr("Cashback credited"))
            self.cashback.setText(format_won(payment.cashback))
        else:
            self._cashback_line(payment.cashback_preview, restricted=payment.cashback_restricted)
        self.prompt.setText(
            self.tr("Receipt %1. Scan the next item to start a new sale.").replace(
                "%1", payment.receipt_no
            )
        )


def _waits_for_the_server(payment: PaymentRecord) -> bool:
    """A split sale with a Cheongju Pay QR part: approved or declined as a QR payment is."""
    return payment.tender == Tender.SPLIT and any(
        part.tender == Tender.CHEONGJU_PAY for part in payment.parts
    )
