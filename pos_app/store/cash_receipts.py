"""Cash receipts (현금영수증) as this device keeps them: one row per asking event.

The cash payment's ``"cash_receipt"`` object is projected as an ``issue`` row, a refund's
or void's ``"cash_receipt_cancel"`` as a ``cancel`` row (it copies the purpose and masked
number from the issue), both ``pending``; the server's answer in the push result
(``"cash_receipt": {"status", "approval_no", "reason"}``) settles them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any

from pos_app.domain.cash_receipt import (
    CashReceiptAction,
    CashReceiptPurpose,
    CashReceiptRecord,
    CashReceiptStatus,
    CashReceiptTotals,
    IdentifierKind,
    mask_identifier,
    request_from_body,
)
from pos_app.domain.journal import JournalEvent

_COLUMNS = (
    "event_id, payment_id, action, purpose, identifier_kind, identifier_masked, self_issued,"
    " amount, business_date, status, approval_no, reason"
)


def project_issue(conn: sqlite3.Connection, event: JournalEvent) -> None:
    """A cash payment's request, if it carries one (inside the recording transaction)."""
    body = event.body
    request, _ = request_from_body(body.get("cash_receipt"))
    if request is None:
        return  # none asked (a malformed one the server refuses; nothing to print here)
    conn.execute(
        "INSERT INTO cash_receipts (event_id, seq, payment_id, action, purpose,"
        " identifier_kind, identifier_masked, self_issued, amount, business_date,"
        " requested_at) VALUES (?, ?, ?, 'issue', ?, ?, ?, ?, ?, ?, ?)",
        (
            event.event_id,
            event.seq,
            event.event_id,
            request.purpose.value,
            request.kind.value,
            mask_identifier(request.kind, request.identifier, self_issued=request.self_issued),
            int(request.self_issued),
            # A split sale's receipt is for its cash part only.
            next(
                (p["amount"] for p in body.get("parts") or () if p["tender"] == "cash"),
                body["total"],
            ),
            body["business_date"],
            event.occurred_at,
        ),
    )


def project_cancel(conn: sqlite3.Connection, event: JournalEvent) -> None:
    """A refund's or void's cancel of the sale's cash receipt, if it carries one."""
    cancel = event.body.get("cash_receipt_cancel")
    if not isinstance(cancel, Mapping):
        return
    issued = issue_of(conn, str(cancel.get("payment_id")))
    if issued is None:
        return
    conn.execute(
        "INSERT INTO cash_receipts (event_id, seq, payment_id, action, purpose,"
        " identifier_kind, identifier_masked, self_issued, amount, business_date,"
        " requested_at) VALUES (?, ?, ?, 'cancel', ?, ?, ?, ?, ?, ?, ?)",
        (
            event.event_id,
            event.seq,
            issued.payment_id,
            issued.purpose.value,
            issued.kind.value,
            issued.masked,
            int(issued.self_issued),
            int(cancel["amount"]),
            # A void carries no business date: it is counted on the sale's day.
            event.body.get("business_date") or issued.business_date,
            event.occurred_at,
        ),
    )


def project_answer(conn: sqlite3.Connection, seq: int, detail: Mapping[str, Any]) -> None:
    """The relay's word for the event at ``seq`` (a no-op when the result has none)."""
    answer = detail.get("cash_receipt")
    if not isinstance(answer, Mapping):
        return
    try:
        status = CashReceiptStatus(answer.get("status"))
    except ValueError:
        return
    conn.execute(
        "UPDATE cash_receipts SET status = ?, approval_no = ?, reason = ? WHERE seq = ?",
        (status.value, answer.get("approval_no"), answer.get("reason"), seq),
    )


def _record(row: sqlite3.Row | tuple[Any, ...]) -> CashReceiptRecord:
    return CashReceiptRecord(
        event_id=row[0],
        payment_id=row[1],
        action=CashReceiptAction(row[2]),
        purpose=CashReceiptPurpose(row[3]),
        kind=IdentifierKind(row[4]),
        masked=row[5],
        self_issued=bool(row[6]),
        amount=row[7],
        business_date=row[8],
        status=CashReceiptStatus(row[9]),
        approval_no=row[10],
        reason=row[11],
    )


def issue_of(conn: sqlite3.Connection, payment_id: str) -> CashReceiptRecord | None:
    """The cash receipt the sale asked for, if any."""
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM cash_receipts WHERE payment_id = ? AND action = 'issue'",
        (payment_id,),
    ).fetchone()
    return _record(row) if row else None


def by_event(conn: sqlite3.Connection, event_id: str) -> CashReceiptRecord | None:
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM cash_receipts WHERE event_id = ?", (event_id,)
    ).fetchone()
    return _record(row) if row else None


def cancelled_amount(conn: sqlite3.Connection, payment_id: str) -> int:
    """Won of the sale's cash receipt cancelled so far (refused cancels do not count)."""
    row = conn.execute(
        "SELECT COALESCE(SUM(amount), 0) FROM cash_receipts"
        " WHERE payment_id = ? AND action = 'cancel' AND status != 'refused'",
        (payment_id,),
    ).fetchone()
    return int(row[0])


def day_totals(conn: sqlite3.Connection, after: int, up_to: int) -> CashReceiptTotals:
    """The cash receipts asked for by the events in the seq range (after, up_to]: a day's
    range, as the close counts its sales (``store.business_day.seq_range``)."""
    rows = conn.execute(
        "SELECT action, status, COUNT(*), COALESCE(SUM(amount), 0) FROM cash_receipts"
        " WHERE seq > ? AND seq <= ? GROUP BY action, status",
        (after, up_to),
    ).fetchall()
    counts = {"issued": [0, 0], "cancelled": [0, 0]}
    pending = 0
    for action, status, count, amount in rows:
        if status == CashReceiptStatus.PENDING:
            pending += count
        elif status == CashReceiptStatus.ISSUED:
            key = "issued" if action == CashReceiptAction.ISSUE else "cancelled"
            counts[key][0] += count
            counts[key][1] += amount
    return CashReceiptTotals(*counts["issued"], *counts["cancelled"], pending)
