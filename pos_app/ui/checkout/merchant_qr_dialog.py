"""Pay by merchant QR: the customer display shows a dynamic EMVCo MPM QR, the customer's
app pays it, and this dialog closes by itself when the server says so.

The server's word arrives through the sync worker's long poll (``changes_applied`` with
``ChangeKind.PAYMENT_REQUEST``); a timer asks the server directly every few seconds as a
fallback, so a slow long poll never keeps the customer waiting. The cart stays until the payment is
recorded: a cancel or an expiry loses nothing.

Every call to the service goes through :class:`MerchantQrRemote`, off the UI thread: a server
that is slow or gone keeps the countdown running and Esc working; a cancel on its way says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.change_kinds import ChangeKind
from pos_app.domain.clock import Clock
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.money import format_won
from pos_app.domain.records import PaymentRecord
from pos_app.services.merchant_qr import MerchantQrService, PaymentRequest, RequestState
from pos_app.ui.checkout.merchant_qr_remote import MerchantQrRemote
from pos_app.ui.customer_display.model import QrView, countdown_text, seconds_left
from pos_app.ui.customer_display.presenter import CustomerDisplayPresenter
from pos_app.ui.message_bar import MessageBar
from pos_app.ui.qr_widget import QrWidget
from pos_app.ui.sync_bridge import SyncBridge

REFRESH_EVERY_S = 4  # the fallback asks the server this often


@dataclass
class MerchantQrHooks:
    """What the dialog needs from the session: the customer display, the sync's news and
    the service's lane."""

    display: CustomerDisplayPresenter | None = None
    # The bridge, not its bound signal: a kept SignalInstance can outlive its object.
    sync: SyncBridge | None = None  # changes_applied(set of kinds) says what the sync applied
    remote: MerchantQrRemote | None = None  # None: no server, no merchant QR


class MerchantQrDialog(QDialog):
    """Accepted with ``payment`` set once paid; rejected with ``problem`` (expired, cancelled
    at the server) or by the cashier's cancel (``problem`` None)."""

    def __init__(
        self,
        remote: MerchantQrRemote,
        request: PaymentRequest,
        clock: Clock,
        language: str,
        hooks: MerchantQrHooks | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._remote = remote
        self.request = request
        self._clock = clock
        self._language = language
        self._hooks = hooks or MerchantQrHooks()
        self.payment: PaymentRecord | None = None
        self.problem: UserFacingError | None = None
        self._since_refresh = 0
        self._done = False
        self._calls_out = 0  # service calls on their way; the timer asks only when none is
        self._cancelling = False
        self.setWindowTitle(self.tr("Cheongju Pay merchant QR"))
        # Modal to the POS window only: the demo's customer phone, a window of its own, must
        # stay usable beside it (it pays the merchant QR this dialog shows).
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.qr = QrWidget()
        self.qr.set_text(request.payload)
        amount = QLabel(format_won(request.amount))
        amount.setObjectName("totalAmount")
        prompt = QLabel(
            self.tr("The customer scans this QR (also on the customer display) and pays.")
        )
        prompt.setObjectName("payPrompt")
        prompt.setWordWrap(True)
        self.countdown = QLabel()
        self.countdown.setObjectName("totalsCaption")
        self.message = MessageBar()
        self.cancel_button = QPushButton(self.tr("Cancel (Esc)"))
        self.cancel_button.clicked.connect(self.reject)
        side = QVBoxLayout()
        side.addWidget(prompt)
        side.addWidget(amount)
        side.addWidget(self.countdown)
        side.addStretch(1)
        side.addWidget(self.message)
        side.addWidget(self.cancel_button)
        row = QHBoxLayout(self)
        row.addWidget(self.qr, 1)
        row.addLayout(side, 1)
        self.resize(760, 380)

        self._timer = QTimer(self)
        self._timer.setInterval(1_000)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        if self._hooks.sync is not None:
            self._hooks.sync.changes_applied.connect(self._on_changes)
        if self._hooks.display is not None:
            self._hooks.display.show_qr(QrView(request.payload, request.amount, request.expires_at))
        self._update_countdown()

    # ----- news from the server ------------------------------------------------------------

    def _ask(
        self,
        work: Callable[[MerchantQrService], Any],
        then: Callable[[Any], None],
        refused: Callable[[UserFacingError], None] | None = None,
    ) -> None:
        """``work(service)`` off the UI thread; ``then(result)`` (or ``refused(error)``, by
        default shown) here, unless the dialog is done by then."""
        self._calls_out += 1

        def done(result: object) -> None:
            self._calls_out -= 1
            if not self._done:
                then(result)

        def failed(error: UserFacingError) -> None:
            self._calls_out -= 1
            if not self._done:
                (refused or self._show_error)(error)

        self._remote.call(self, work, done, failed)

    def _on_changes(self, kinds: set[str]) -> None:
        if ChangeKind.PAYMENT_REQUEST in kinds and not self._done:
            request_id = self.request.request_id
            self._ask(lambda service: service.state(request_id), self._settle)

    def _tick(self) -> None:
        if self._done:
            return
        left = self._update_countdown()
        self._since_refresh += 1
        if self._calls_out:
            return  # the server is still answering the last question
        if left == 0:
            self._ask(self._end_at_expiry, self._settle)
        elif self._since_refresh >= REFRESH_EVERY_S:
            self._since_refresh = 0
            request_id = self.request.request_id
            self._ask(lambda service: service.refresh(request_id), self._settle)

    def _update_countdown(self) -> int:
        left = seconds_left(self.request.expires_at, self._clock())
        self.countdown.setText(self.tr("Time left %1").replace("%1", countdown_text(left)))
        return left

    def _end_at_expiry(self, service: MerchantQrService) -> RequestState:
        """On the lane: the customer may have paid in the last second, so the server has the
        last word; an open request is cancelled there."""
        request_id = self.request.request_id
        state = service.refresh(request_id)
        if state is RequestState.OPEN:
            try:
                state = service.cancel(request_id)
            except UserFacingError:
                state = RequestState.EXPIRED  # unreachable: the server expires it itself
        return RequestState.EXPIRED if state is RequestState.CANCELLED else state

    def _settle(self, state: RequestState) -> None:
        if state is RequestState.PAID:
            request_id = self.request.request_id
            self._ask(lambda service: service.finish(request_id), self._paid)
        elif state is RequestState.EXPIRED:
            self.problem = UserFacingError(ErrorKey.DISPLAY_QR_EXPIRED)
            self._close(accepted=False)
        elif state is RequestState.CANCELLED:
            self.problem = UserFacingError(ErrorKey.DISPLAY_QR_CANCELLED)
            self._close(accepted=False)

    def _paid(self, payment: PaymentRecord | None) -> None:
        self.payment = payment
        if payment is not None:
            self._close(accepted=True)

    # ----- the cashier ---------------------------------------------------------------------

    def reject(self) -> None:
        """Esc / Cancel: cancel at the server; if the customer paid first, finish instead."""
        if self._done:
            super().reject()
            return
        if self._cancelling:
            return  # asked already; the server's answer is on its way
        self._cancelling = True
        self.cancel_button.setEnabled(False)
        self.message.show_message("info", self.tr("Cancelling at the server..."))
        request_id = self.request.request_id
        self._ask(lambda service: service.cancel(request_id), self._cancelled, self._not_cancelled)

    def _not_cancelled(self, error: UserFacingError) -> None:
        # Not cancelled: the customer could still pay, so keep waiting and say why.
        self._cancelling = False
        self.cancel_button.setEnabled(True)
        self._show_error(error)

    def _show_error(self, error: UserFacingError) -> None:
        self.message.show_error(error, self._language)

    def _cancelled(self, state: RequestState) -> None:
        self._cancelling = False
        self.cancel_button.setEnabled(True)
        if state is RequestState.PAID:
            self._settle(state)
        else:
            self._close(accepted=False)

    def _close(self, *, accepted: bool) -> None:
        self._done = True
        self._timer.stop()
        if self._hooks.sync is not None:
            self._hooks.sync.changes_applied.disconnect(self._on_changes)
        if self._hooks.display is not None:
            self._hooks.display.qr_closed()
        if accepted:
            self.accept()
        else:
            super().reject()
