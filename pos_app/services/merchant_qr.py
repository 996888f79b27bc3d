"""Pay by merchant QR: the customer display shows a dynamic EMVCo MPM QR, the customer's app
pays it, the server confirms through the changes feed.

The request is registered with the server (which builds the QR and holds the 120 s TTL) and
kept here with the payment body of the cart. The payment is recorded when the server says
the request is paid - by the sync worker applying the ``payment_request`` change, or by
:meth:`MerchantQrService.refresh` asking - in the transaction that marks the request paid
(``store/payment_requests.py``), so it is recorded exactly once whoever hears of it first.
After a restart the feed is that path: a request paid while the POS was down is recorded
when its change arrives; one left open was for a sale that ended with the process, and
nothing resumes it.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Final

from pos_app.domain.clock import parse_utc
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.records import PaymentRecord
from pos_app.domain.tenders import Tender
from pos_app.services.sale import Sale
from pos_app.store import actor, queries, sync_state
from pos_app.store import payment_requests as request_store
from pos_app.store.database import write_transaction
from pos_app.sync.client import SyncClient
from pos_app.sync.credentials import CredentialStore, account_name
from pos_app.sync.errors import AuthRequired, BadReply, NetworkError, ServerBusy
from pos_app.sync.payment_requests import apply_server_state

ClientFactory = Callable[[str, str | None], SyncClient]  # (server_url, token) -> client

#: The server's limits for one request (central_server/payment_requests.py), checked here
#: first so the cashier hears at once, without a round trip.
MIN_AMOUNT: Final = 1
MAX_AMOUNT: Final = 10_000_000
#: An open request is taken as expired without the server's word only this long after its
#: expiry (the two clocks may differ); if the server later says paid, it is still recorded.
EXPIRY_GRACE: Final = timedelta(seconds=30)
_UNREACHABLE: Final = (NetworkError, ServerBusy, BadReply)


@dataclass(frozen=True)
class PaymentRequest:
    request_id: str
    payload: str  # the QR text the customer display shows, exactly as the server built it
    amount: int
    expires_at: datetime  # aware UTC


class RequestState(StrEnum):
    OPEN = "open"
    PAID = "paid"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


class MerchantQrService:
    def __init__(
        self,
        conn: sqlite3.Connection,
        sale: Sale,
        credentials: CredentialStore,
        client_factory: ClientFactory,
        *,
        on_recorded: Callable[[], None] = lambda: None,
    ) -> None:
        """``sale`` is the counter's sale (the checkout's too): a request is started for it,
        and cleared from it once paid. ``on_recorded`` wakes the pusher once a recorded
        payment is finished."""
        self._conn = conn
        self._sale = sale
        self._credentials = credentials
        self._client_factory = client_factory
        self._on_recorded = on_recorded
        self._client: SyncClient | None = None
        #: The request started for the sale now rung up: only its finish clears the sale.
        self._cart_request: str | None = None

    # ----- the cashier's flow -----------------------------------------------------------

    def start(self) -> PaymentRequest:
        """Register a request for the current cart at its Cheongju Pay price (the special
        discount applies) and keep it with the cart's payment body."""
        sale = self._sale
        if sale.is_empty():
            raise UserFacingError(ErrorKey.CHECKOUT_EMPTY_CART)
        client, device_id = self._remote()
        now = sale.clock()
        priced = sale.quote(Tender.CHEONGJU_PAY, at=now)
        if not MIN_AMOUNT <= priced.total <= MAX_AMOUNT:
            raise UserFacingError(ErrorKey.MPM_PAY_AMOUNT_OUT_OF_RANGE)
        request_id = str(uuid.uuid4())
        # Who takes the payment is known here, not on the sync thread that may record it.
        body = actor.stamp(self._conn, sale.merchant_qr_payment_body(priced, request_id))
        try:
            answer = client.register_payment_request(
                device_id,
                request_id,
                subtotal=priced.subtotal,
                discount=priced.discount,
                amount=priced.total,
            )
        except _UNREACHABLE:
            raise UserFacingError(ErrorKey.MPM_PAY_OFFLINE) from None
        expires_at = parse_utc(answer["expires_at"])
        with write_transaction(self._conn) as conn:
            request_store.insert_request(
                conn,
                request_id=request_id,
                cart_body=body,
                payload=answer["payload"],
                expires_at=expires_at,
                now=now,
            )
        self._cart_request = request_id
        return PaymentRequest(request_id, answer["payload"], priced.total, expires_at)

    def state(self, request_id: str) -> RequestState:
        """The local view (the changes feed updates it)."""
        return RequestState(self._local(request_id).status)

    def refresh(self, request_id: str) -> RequestState:
        """Ask the server and apply its answer as the change would be applied. Unreachable:
        the local view (past the expiry and its grace, the request is taken as expired)."""
        self._local(request_id)
        try:
            client, device_id = self._remote()
            answer = client.payment_request(device_id, request_id)
        except (*_UNREACHABLE, AuthRequired, UserFacingError):
            self._expire_if_long_past(request_id)
            return self.state(request_id)
        self._apply(answer)
        return self.state(request_id)

    def finish(self, request_id: str) -> PaymentRecord | None:
        """The recorded payment once the request is paid (None before): the sale is cleared
        if it is this request's, and the pusher is woken."""
        local = self._local(request_id)
        if local.status != RequestState.PAID or local.payment_id is None:
            return None
        payment = queries.payment_by_id(self._conn, local.payment_id)
        assert payment is not None  # recorded in the transaction that marked it paid
        if self._cart_request == request_id:
            self._sale.clear()
            self._cart_request = None
        self._on_recorded()
        return payment

    def cancel(self, request_id: str) -> RequestState:
        """Cancel at the server. PAID means the customer paid first: call :meth:`finish`."""
        self._local(request_id)
        client, device_id = self._remote()
        try:
            answer = client.cancel_payment_request(device_id, request_id)
        except _UNREACHABLE:
            raise UserFacingError(ErrorKey.MPM_PAY_OFFLINE) from None
        self._apply(answer)
        state = self.state(request_id)
        if state is not RequestState.PAID and self._cart_request == request_id:
            self._cart_request = None  # the cart stays for another tender
        return state

    # ----- plumbing ---------------------------------------------------------------------

    def _local(self, request_id: str) -> request_store.LocalRequest:
        local = request_store.get_request(self._conn, request_id)
        if local is None:
            raise UserFacingError(ErrorKey.MPM_PAY_UNKNOWN_REQUEST)
        return local

    def _apply(self, answer: dict[str, Any]) -> None:
        with write_transaction(self._conn) as conn:
            apply_server_state(conn, answer, self._sale.clock())

    def _expire_if_long_past(self, request_id: str) -> None:
        now = self._sale.clock()
        local = self._local(request_id)
        if local.status == RequestState.OPEN and now > local.expires_at + EXPIRY_GRACE:
            with write_transaction(self._conn) as conn:
                request_store.mark_expired(conn, request_id, now)

    def _remote(self) -> tuple[SyncClient, str]:
        """This device's client (its token from the credential store) and device id."""
        enrolment = sync_state.load_enrolment(self._conn)
        if enrolment is None:
            raise UserFacingError(ErrorKey.MPM_PAY_NOT_ENROLLED)
        token = self._credentials.get_token(account_name(enrolment.server_url, enrolment.device_id))
        if not token:
            raise AuthRequired()
        if self._client is None or self._client.base_url != enrolment.server_url.rstrip("/"):
            self._client = self._client_factory(enrolment.server_url, token)
        self._client.set_token(token)
        return self._client, enrolment.device_id
