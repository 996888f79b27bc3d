"""Refunds in SQLite: the ``payment_refund`` projection and the queries refunds need.

The arithmetic is ``domain/refunds.py``'s; this module stores and reads. Refunded goods
come back on the shelf as stock movements ``<refund event_id>/<line index>`` (reason
``counter_void``: the same "goods back at the counter" the server's schema knows).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import date
from typing import Any

from pos_app.domain.journal import JournalEvent
from pos_app.domain.payment_status import refund_status_when_recorded
from pos_app.domain.refunds import RefundLine, RefundRecord
from pos_app.domain.stock import refund_movements
from pos_app.domain.tax import VatSplit
from pos_app.store import cash_receipts, stock_movements, tax_facts

PAYMENT_REFUND = "payment_refund"


def project_refund(conn: sqlite3.Connection, event: JournalEvent) -> None:
    body = event.body
    conn.execute(
        "INSERT INTO refunds (seq, refund_id, payment_id, refund_no, business_date, refunded_at,"
        " tender, reason, note, gross, discount_share, amount, approved_by, status)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            event.seq,
            event.event_id,
            body["payment_id"],
            body["refund_no"],
            body["business_date"],
            event.occurred_at,
            body["tender"],
            body["reason"],
            body.get("note", ""),
            body["gross"],
            body["discount_share"],
            body["amount"],
            body.get("approved_by"),
            # Cash and card refunds are given back at the counter: final when recorded.
            # A split sale's refund waits for the server only if it has a wallet part.
            refund_status_when_recorded(
                "cheongju_pay"
                if any(p["tender"] == "cheongju_pay" for p in body.get("parts") or ())
                else body["tender"]
            ).value,
        ),
    )
    lines = body.get("lines", [])
    conn.executemany(
        "INSERT INTO refund_items (refund_id, line_no, quantity, amount) VALUES (?, ?, ?, ?)",
        [(event.event_id, ln["line_no"], ln["quantity"], ln["amount"]) for ln in lines],
    )
    tax_facts.project_refund(conn, event)  # the split given back
    cash_receipts.project_cancel(conn, event)
    stock_movements.insert_movements(
        conn,
        refund_movements(event.event_id, lines),
        occurred_at=event.occurred_at,
        seq=event.seq,
    )


def project_refund_result(
    conn: sqlite3.Connection, seq: int, outcome: str, detail: Mapping[str, Any]
) -> None:
    """The server's answer to a refund (a no-op for any other event's seq)."""
    conn.execute(
        "UPDATE refunds SET status = ?, cashback_reversed = ?, decline_code = ?,"
        " decline_message = ? WHERE seq = ?",
        (
            outcome,
            detail.get("cashback_reversed"),
            detail.get("code"),
            detail.get("message"),
            seq,
        ),
    )


def next_refund_no(conn: sqlite3.Connection, business_date: date) -> str:
    """``R-YYYYMMDD-NNNN``: the day's refunds so far + 1."""
    prefix = f"R-{business_date:%Y%m%d}-"
    (count,) = conn.execute(
        "SELECT COUNT(*) FROM refunds WHERE refund_no >= ? AND refund_no < ?",
        (prefix, prefix[:-1] + "."),
    ).fetchone()
    return f"{prefix}{int(count) + 1:04d}"


_REFUND_COLUMNS = (
    "r.refund_id, r.seq, r.payment_id, r.refund_no, p.receipt_no, r.business_date,"
    " r.refunded_at, r.tender, r.reason, r.note, r.gross, r.discount_share, r.amount,"
    " r.approved_by, r.status, r.cashback_reversed, r.decline_message,"
    " r.taxable_total, r.vat, r.exempt_total"
)


def _refund(conn: sqlite3.Connection, row: sqlite3.Row) -> RefundRecord:
    lines = tuple(
        RefundLine(line_no=i[0], name=i[1], quantity=i[2], amount=i[3], product_id=i[4])
        for i in conn.execute(
            "SELECT ri.line_no, pi.name, ri.quantity, ri.amount, pi.product_id"
            " FROM refund_items ri JOIN payment_items pi"
            " ON pi.payment_id = ? AND pi.line_no = ri.line_no"
            " WHERE ri.refund_id = ? ORDER BY ri.line_no",
            (row[2], row[0]),
        )
    )
    return RefundRecord(
        *tuple(row)[:16],
        lines=lines,
        decline_message=row[16],
        tax_split=VatSplit(row[17], row[18], row[19]),
    )


def refunds_of(conn: sqlite3.Connection, payment_id: str) -> list[RefundRecord]:
    rows = conn.execute(
        f"SELECT {_REFUND_COLUMNS} FROM refunds r JOIN payments p USING (payment_id)"
        " WHERE r.payment_id = ? ORDER BY r.seq",
        (payment_id,),
    ).fetchall()
    return [_refund(conn, row) for row in rows]


def refund_by_id(conn: sqlite3.Connection, refund_id: str) -> RefundRecord | None:
    row = conn.execute(
        f"SELECT {_REFUND_COLUMNS} FROM refunds r JOIN payments p USING (payment_id)"
        " WHERE r.refund_id = ?",
        (refund_id,),
    ).fetchone()
    return _refund(conn, row) if row else None


def refunded_totals(conn: sqlite3.Connection, payment_ids: list[str]) -> dict[str, int]:
    if not payment_ids:
        return {}
    marks = ",".join("?" * len(payment_ids))
    rows = conn.execute(
        f"SELECT payment_id, SUM(amount) FROM refunds WHERE payment_id IN ({marks})"
        " GROUP BY payment_id",
        payment_ids,
    )
    return {row[0]: int(row[1]) for row in rows}


def find_payment_ids(
    conn: sqlite3.Connection,
    *,
    receipt_no: str | None = None,
    approval_no: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    amount: int | None = None,
    limit: int = 200,
) -> list[str]:
    """Payment ids matching every given criterion, newest first."""
    where, params = [], []
    if receipt_no:
        where.append("receipt_no LIKE ?")
        params.append(f"%{receipt_no}%")
    if approval_no:
        where.append("approval_no LIKE ?")
        params.append(f"%{approval_no.upper()}%")
    if date_from:
        where.append("business_date >= ?")
        params.append(date_from.isoformat())
    if date_to:
        where.append("business_date <= ?")
        params.append(date_to.isoformat())
    if amount is not None:
        where.append("total = ?")
        params.append(amount)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    rows = conn.execute(
        f"SELECT payment_id FROM payments{clause} ORDER BY seq DESC LIMIT ?", (*params, limit)
    )
    return [row[0] for row in rows]


def project_cash(conn: sqlite3.Connection, event: JournalEvent) -> None:
    """A cash payment's tendered amount and change (other tenders: nothing to keep)."""
    body = event.body
    if "tendered" in body:
        conn.execute(
            "UPDATE payments SET tendered = ?, change_due = ? WHERE seq = ?",
            (body["tendered"], body["change"], event.seq),
        )
