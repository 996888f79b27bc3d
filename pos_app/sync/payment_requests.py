"""The server's word on a merchant-presented payment request, and the payment it ends in.

The word comes as a ``payment_request`` change (:mod:`pos_app.sync.changes_feed`) or as the
answer to a GET (``services/merchant_qr.py``). When the customer paid, :func:`apply_server_state`
appends the ``payment`` event *in the same transaction* as it marks the request paid: a crash
can neither lose the payment nor record it twice, and the same news applied again records
nothing more.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

from pos_app.domain.approval_no import is_approval_no
from pos_app.domain.clock import business_date
from pos_app.store import payment_requests as request_store
from pos_app.store import queries
from pos_app.store.projection import PAYMENT, record

log = logging.getLogger(__name__)

_FINAL_OR_OPEN: Final = frozenset(
    {request_store.OPEN, request_store.PAID, request_store.CANCELLED, request_store.EXPIRED}
)


def apply_server_state(conn: sqlite3.Connection, data: Mapping[str, Any], now: datetime) -> bool:
    """Apply the server's word on a request (inside the caller's write transaction).

    Paid: the payment event is appended (approved at once, with the server's approval
    number and cashback) and the request marked paid with its payment id; nothing happens
    if it was paid already. Cancelled/expired: an open request takes that state. A request
    of another device of the merchant is not ours: ignored. Returns whether anything moved.
    """
    request_id = str(data["request_id"])
    status = str(data["status"])
    if status not in _FINAL_OR_OPEN:
        raise ValueError(f"unknown payment request status {status!r}")
    known = request_store.request_cart(conn, request_id)
    if known is None or known[0] == request_store.PAID or status == request_store.OPEN:
        return False
    if status != request_store.PAID:
        return request_store.close_open(conn, request_id, status, now)
    _, amount, body = known
    if not is_approval_no(data.get("approval_no")):
        raise ValueError(f"payment request {request_id} paid with a malformed approval_no")
    if int(data["amount"]) != amount:
        # The server checks the amount against the QR; a different one is a server fault,
        # and recording our cart at another price would be wrong either way.
        log.error("payment request %s paid for %s, not %s won", request_id, data["amount"], amount)
        return False
    day = business_date(now)
    body.update(
        receipt_no=queries.next_receipt_no(conn, day),
        business_date=day.isoformat(),
        approval_no=data["approval_no"],
        cashback=int(data.get("cashback") or 0),
        wallet_id=data.get("wallet_id"),
    )
    event = record(conn, PAYMENT, body, occurred_at=now)
    # A previous paid state (a crash between the two) cannot exist: both are in this
    # transaction; the status condition keeps a repeated change from recording twice.
    request_store.mark_paid(
        conn,
        request_id,
        approval_no=body["approval_no"],
        cashback=body["cashback"],
        payment_id=event.event_id,
        now=now,
    )
    return True
