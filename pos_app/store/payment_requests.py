"""Merchant-presented payment requests on this device: the rows.

A request is kept with the payment body of its cart from the moment it is registered. What
the server's word on it means (the payment recorded once, with the request marked paid in
the same transaction) is decided by :mod:`pos_app.sync.payment_requests`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from pos_app.domain.clock import parse_utc
from pos_app.domain.journal import format_timestamp

OPEN: Final = "open"
PAID: Final = "paid"
CANCELLED: Final = "cancelled"
EXPIRED: Final = "expired"
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


def _request(row: tuple[Any, ...]) -> LocalRequest:
    return LocalRequest(
        request_id=row[0],
        amount=row[1],
        payload=row[2],
        status=row[3],
        expires_at=parse_utc(row[4]),
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
    return close_open(conn, request_id, EXPIRED, now)


def request_cart(
    conn: sqlite3.Connection, request_id: str
) -> tuple[str, int, dict[str, Any]] | None:
    """A request's status, amount and the payment body its cart records (None: not ours)."""
    row = conn.execute(
        "SELECT status, amount, cart FROM payment_requests WHERE request_id = ?", (request_id,)
    ).fetchone()
    return (row[0], row[1], json.loads(row[2])) if row else None


def close_open(conn: sqlite3.Connection, request_id: str, status: str, now: datetime) -> bool:
    """An open request takes ``status`` (cancelled or expired); False if it was not open."""
    updated = conn.execute(
        "UPDATE payment_requests SET status = ?, updated_at = ?"
        " WHERE request_id = ? AND status = 'open'",
        (status, format_timestamp(now), request_id),
    )
    return updated.rowcount == 1


def mark_paid(
    conn: sqlite3.Connection,
    request_id: str,
    *,
    approval_no: str,
    cashback: int,
    payment_id: str,
    now: datetime,
) -> None:
    """The request ended in the payment ``payment_id``; a request paid already keeps its own."""
    conn.execute(
        "UPDATE payment_requests SET status = 'paid', approval_no = ?, cashback = ?,"
        " payment_id = ?, updated_at = ? WHERE request_id = ? AND status != 'paid'",
        (approval_no, cashback, payment_id, format_timestamp(now), request_id),
    )
