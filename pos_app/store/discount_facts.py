"""Manual price changes and discounts on payment lines in SQLite (schema v20).

Written by a statement of its own after the lines are inserted, and only for a line that
has one: a sale without manual changes writes exactly what older schemas had.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from pos_app.domain.journal import JournalEvent


def project_payment(conn: sqlite3.Connection, event: JournalEvent) -> None:
    changed = [
        (line.get("list_price"), int(line.get("line_discount", 0)), event.event_id, line["line_no"])
        for line in event.body["lines"]
        if line.get("list_price") is not None or line.get("line_discount")
    ]
    if changed:
        conn.executemany(
            "UPDATE payment_items SET list_price = ?, line_discount = ?"
            " WHERE payment_id = ? AND line_no = ?",
            changed,
        )


_TAKEN_OFF = (
    "SELECT COALESCE(SUM(i.line_discount"
    " + COALESCE(i.list_price - i.unit_price, 0) * i.quantity), 0)"
    " FROM payment_items AS i JOIN payments AS p ON p.payment_id = i.payment_id"
    " WHERE p.voided_seq IS NULL AND p.status <> 'declined'"
)


def manual_discount_between(conn: sqlite3.Connection, first: str, last: str) -> int:
    """The same for the sales of business days ``first``..``last`` (ISO dates)."""
    row = conn.execute(
        _TAKEN_OFF + " AND p.business_date BETWEEN ? AND ?", (first, last)
    ).fetchone()
    return int(row[0])


def manual_discount_total(conn: sqlite3.Connection, after: int, up_to: int) -> int:
    """Won manual changes took off the sales journalled in (after, up_to] (price cuts and
    discounts; a raised price counts against it), voided and declined sales left out."""
    row = conn.execute(_TAKEN_OFF + " AND p.seq > ? AND p.seq <= ?", (after, up_to)).fetchone()
    return int(row[0])


@dataclass(frozen=True)
class ManualDiscountEntry:
    """One manual change of a kept sale, for the owner's look at who gave what and why."""

    receipt_no: str
    scope: str
    kind: str
    value: int
    won: int
    reason: str
    requested_by: str | None
    approved_by: str | None


def manual_discount_entries(
    conn: sqlite3.Connection, first: str, last: str
) -> list[ManualDiscountEntry]:
    """The manual changes of business days ``first``..``last``, as their payments' journal
    bodies record them (voided and declined sales left out), in sale order."""
    entries: list[ManualDiscountEntry] = []
    for receipt_no, raw in conn.execute(
        "SELECT p.receipt_no, json_extract(j.body, '$.manual_discounts')"
        " FROM payments AS p JOIN journal AS j ON j.seq = p.seq"
        " WHERE p.business_date BETWEEN ? AND ? AND p.voided_seq IS NULL"
        " AND p.status <> 'declined'"
        " AND json_extract(j.body, '$.manual_discounts') IS NOT NULL ORDER BY p.seq",
        (first, last),
    ):
        for item in json.loads(raw):
            entries.append(
                ManualDiscountEntry(
                    receipt_no,
                    item["scope"],
                    item["kind"],
                    int(item["value"]),
                    int(item["won"]),
                    item["reason"],
                    item.get("requested_by"),
                    item.get("approved_by"),
                )
            )
    return entries
