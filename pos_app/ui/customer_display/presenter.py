"""Feeds the customer display from the checkout's signals (never by polling).

The controller owns one presenter for the session: the main window is rebuilt on a
language change, so :meth:`attach` connects each new checkout screen. The state is kept
here, so a display switched on mid-sale shows the sale at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QTimer, Signal

from pos_app.domain.records import PaymentRecord
from pos_app.domain.tenders import Tender
from pos_app.services.sale import Sale
from pos_app.ui.checkout.screen import CheckoutScreen
from pos_app.ui.customer_display.model import (
    DisplayState,
    Mode,
    QrView,
    Slide,
    cart_view,
    paid_view,
)

PAID_SHOWN_MS = 15_000  # the payment stays on show this long, or until the next scan

NoticeSource = Callable[[], list[tuple[str, str]]]  # (title, body), in display order


class CustomerDisplayPresenter(QObject):
    changed = Signal(object)  # DisplayState
    slides_changed = Signal()

    def __init__(
        self,
        sale: Sale,
        payment: Callable[[str], PaymentRecord | None],
        notices: NoticeSource,
        parent: QObject | None = None,
    ) -> None:
        """``payment(id)`` reads a payment as it stands (the checkout's ``payment``)."""
        super().__init__(parent)
        self._sale = sale
        self._payment = payment
        self._notices = notices
        self.state = DisplayState(Mode.IDLE)
        self._paid_timer = QTimer(self)
        self._paid_timer.setSingleShot(True)
        self._paid_timer.setInterval(PAID_SHOWN_MS)
        self._paid_timer.timeout.connect(self._back_to_idle)

    def attach(self, screen: CheckoutScreen) -> None:
        screen.cart_changed.connect(self.cart_changed)
        screen.payment_recorded.connect(self.payment_recorded)
        screen.payment_shown.connect(self.payment_shown)

    @property
    def restricted(self) -> bool:
        return self._sale.settings.restricted

    @property
    def shop_name(self) -> str:
        merchant = self._sale.settings.merchant
        return merchant.name if merchant else ""

    def slides(self) -> list[Slide]:
        """The city's notices for the idle show (the window puts the greeting first)."""
        return [Slide(title, body) for title, body in self._notices()]

    def _set(self, state: DisplayState) -> None:
        self.state = state
        self.changed.emit(state)

    # ----- what the checkout reports ---------------------------------------------------

    def cart_changed(self) -> None:
        if not self._sale.is_empty():
            self._paid_timer.stop()  # the next sale has begun
            quote = self._sale.quote(Tender.CHEONGJU_PAY)
            self._set(
                DisplayState(Mode.CART, cart=cart_view(self._sale.lines, quote, self.restricted))
            )
        elif self.state.mode in (Mode.CART, Mode.IDLE):
            # Cleared or emptied line by line: nothing to show but the shop again.
            self._set(DisplayState(Mode.IDLE))
        # PAID stays until its time is up; QR until the dialog closes.

    def payment_recorded(self, payment: PaymentRecord) -> None:
        self._set(DisplayState(Mode.PAID, paid=paid_view(payment)))
        self._paid_timer.start()

    def payments_answered(self, payment_ids: Iterable[str]) -> None:
        """The server answered: the approval number and cashback arrive on show."""
        paid = self.state.paid
        if self.state.mode is not Mode.PAID or paid is None or paid.payment_id not in payment_ids:
            return
        payment = self._payment(paid.payment_id)
        if payment is not None:
            self._set(DisplayState(Mode.PAID, paid=paid_view(payment)))

    def payment_shown(self, payment: PaymentRecord) -> None:
        """The checkout drew a payment again (voided, refunded): so does the display."""
        paid = self.state.paid
        if self.state.mode is not Mode.PAID or paid is None:
            return
        if paid.payment_id == payment.payment_id:
            self._set(DisplayState(Mode.PAID, paid=paid_view(payment)))

    def merchant_changed(self) -> None:
        """New merchant status: a cart on show is priced again (cashback may be gone)."""
        if self.state.mode is Mode.CART:
            self.cart_changed()
        self.slides_changed.emit()

    # ----- the merchant QR -------------------------------------------------------------

    def show_qr(self, view: QrView) -> None:
        self._paid_timer.stop()
        self._set(DisplayState(Mode.QR, qr=view))

    def qr_closed(self) -> None:
        if self.state.mode is Mode.QR:
            self._set(DisplayState(Mode.IDLE))
            self.cart_changed()

    def _back_to_idle(self) -> None:
        if self.state.mode is Mode.PAID:
            self._set(DisplayState(Mode.IDLE))
