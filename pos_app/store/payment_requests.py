"""Merchant-presented payment requests on this device, and the payment each ends in.

A request is kept with the payment body of its cart from the moment it is registered. When
the server says the customer paid (a ``payment_request`` change, or the answer to a GET),
:func:`apply_server_state` appends the ``payment`` event *in the same transaction* as it
marks the request paid: a crash can neither lose the payment nor record it twice, and the
same news applied again records nothing more.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from pos_app.domain.clock import business_date, parse_utc
from pos_app.domain.journal import format_timestamp
from pos_app.store import queries
from pos_app.store.projection import PAYMENT, record

log = logging.getLogger(__name__)

OPEN: Final = "open"
PAID: Final = "paid"
_FINAL_OR_OPEN: Final = frozenset({OPEN, PAID, "cancelled", "expired"})
_COLUMNS: Final = (
    "request_id, amount, payload, status, expires_at, approval_no, cashback, payment_id"
)


@dataclass(frozen=True)
class LocalRequest:
    request_id: str
    amount: int
    payload: str
    status: str  # open | paid | cancelled | expired
    expires_at: datetime  # aware UTC
    approval_no: str | None
    cashback: int | None
    payment_id: str | None  # the recorded payment (paid only)


def _parse_time(text: str) -> datetime:
    return parse_utc(text)


def _request(row: tuple[Any, ...]) -> LocalRequest:
    return LocalRequest(
        request_id=row[0],
        amount=row[1],
        payload=row[2],
        status=row[3],
        expires_at=_parse_time(row[4]),
        approval_no=row[5],
        cashback=row[6],
        payment_id=row[7],
    )


def insert_request(
    conn: sqlite3.Connection,
    *,
    request_id: str,
    cart_body: Mapping[str, Any],
    payload: str,
    expires_at: datetime,
    now: datetime,
) -> None:
    """Keep a request the server registered, with the payment body its cart will record."""
    stamp = format_timestamp(now)
    conn.execute(
        "INSERT INTO payment_requests (request_id, amount, subtotal, discount, cart, payload,"
        " status, expires_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(request_id) DO NOTHING",
        (
            request_id,
            cart_body["total"],
            cart_body["subtotal"],
            cart_body["discount"],
            json.dumps(cart_body, ensure_ascii=False, sort_keys=True),
            payload,
            OPEN,
            format_timestamp(expires_at),
            stamp,
            stamp,
        ),
    )


def get_request(conn: sqlite3.Connection, request_id: str) -> LocalRequest | None:
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM payment_requests WHERE request_id = ?", (request_id,)
    ).fetchone()
    return _request(row) if row else None


def open_requests(conn: sqlite3.Connection) -> list[LocalRequest]:
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM payment_requests WHERE status = ? ORDER BY created_at",
        (OPEN,),
    ).fetchall()
    return [_request(row) for row in rows]


def mark_expired(conn: sqlite3.Connection, request_id: str, now: datetime) -> bool:
    """An open request past its time that the server could not be asked about."""
    updated = conn.execute(
        "UPDATE payment_requests SET status = 'expired', updated_at = ?"
        " WHERE request_id = ? AND status = 'open'",
        (format_timestamp(now), request_id),
    )
    return updated.rowcount == 1


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
    row = conn.execute(
        "SELECT status, amount, cart FROM payment_requests WHERE request_id = ?", (request_id,)
    ).fetchone()
    if row is None or row[0] == PAID or status == OPEN:
        return False
    stamp = format_timestamp(now)
    if status != PAID:
        updated = conn.execute(
            "UPDATE payment_requests SET status = ?, updated_at = ?"
            " WHERE request_id = ? AND status = 'open'",
            (status, stamp, request_id),
        )
        return updated.rowcount == 1
    if int(data["amount"]) != row[1]:
        # The server checks the amount against the QR; a different one is a server fault,
        # and recording our cart at another price would be wrong either way.
        log.error("payment request %s paid for %s, not %s won", request_id, data["amount"], row[1])
        return False
    body: dict[str, Any] = json.loads(row[2])
    day = business_date(now)
    body.update(
        receipt_no=queries.next_receipt_no(conn, day),
        business_date=day.isoformat(),
        approval_no=str(data["approval_no"]),
        cashback=int(data.get("cashback") or 0),
        wallet_id=data.get("wallet_id"),
    )
    event = record(conn, PAYMENT, body, occurred_at=now)
    # A previous paid state (a crash between the two) cannot exist: both are in this
    # transaction; the status condition keeps a repeated change from recording twice.
    conn.execute(
        "UPDATE payment_requests SET status = 'paid', approval_no = ?, cashback = ?,"
        " payment_id = ?, updated_at = ? WHERE request_id = ? AND status != 'paid'",
        (body["approval_no"], body["cashback"], event.event_id, stamp, request_id),
    )
    return True
