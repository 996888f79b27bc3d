"""A day of counter sales recorded as journal events (payments of any tender, voids,
the server's answers), for the day-close and sales-view tests and screenshots.

Payments are recorded as the checkout records them (``record(PAYMENT, body)``), with
the tender given: cash and card-terminal sales are another part's service, and these
tests need only what the journal holds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime

from pos_app.domain.clock import business_date
from pos_app.store import queries
from pos_app.store.database import write_transaction
from pos_app.store.projection import PAYMENT, PAYMENT_VOID, project_result, record

Line = tuple[str | None, str, int, int]  # product_id, name, unit price, quantity


def record_sale(
    conn: sqlite3.Connection,
    at: datetime,
    tender: str,
    lines: Sequence[Line],
    *,
    discount: int = 0,
) -> str:
    """Record one payment at ``at``; returns its payment id."""
    subtotal = sum(price * qty for _, _, price, qty in lines)
    day = business_date(at)
    with write_transaction(conn) as tx:
        body = {
            "receipt_no": queries.next_receipt_no(tx, day),
            "business_date": day.isoformat(),
            "tender": tender,
            "lines": [
                {
                    "line_no": n,
                    "product_id": pid,
                    "name": name,
                    "unit_price": price,
                    "quantity": qty,
                    "amount": price * qty,
                    "excluded_from_discount": False,
                }
                for n, (pid, name, price, qty) in enumerate(lines, start=1)
            ],
            "subtotal": subtotal,
            "eligible": subtotal if tender == "cheongju_pay" else 0,
            "discount": discount,
            "discount_rate_bp": 1000 if discount else 0,
            "total": subtotal - discount,
            "cashback_preview": 0,
            "payment_code": None,
            "offline": True,
        }
        return record(tx, PAYMENT, body, occurred_at=at).event_id


def answer(conn: sqlite3.Connection, payment_id: str, outcome: str, **detail: object) -> None:
    """Apply the server's answer to a payment (approved with cashback, or declined)."""
    with write_transaction(conn) as tx:
        seq = tx.execute("SELECT seq FROM payments WHERE payment_id = ?", (payment_id,)).fetchone()[
            0
        ]
        project_result(tx, seq, outcome, detail)


def void(conn: sqlite3.Connection, at: datetime, payment_id: str) -> None:
    with write_transaction(conn) as tx:
        receipt = tx.execute(
            "SELECT receipt_no FROM payments WHERE payment_id = ?", (payment_id,)
        ).fetchone()[0]
        record(
            tx,
            PAYMENT_VOID,
            {"payment_id": payment_id, "receipt_no": receipt, "reason": "잘못 찍음"},
            occurred_at=at,
        )
