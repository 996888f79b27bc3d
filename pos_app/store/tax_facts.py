"""The VAT split of payments and refunds in SQLite (schema v15), from their events.

Written by statements of their own after the row is inserted, so the projection of the
other columns stays what older schemas had (tests build older files with today's
projection, leaving this out). A body from before splits were kept is all taxable.
"""

from __future__ import annotations

import sqlite3

from pos_app.domain.journal import JournalEvent
from pos_app.domain.tax import TaxCategory, split_of_body


def project_payment(conn: sqlite3.Connection, event: JournalEvent) -> None:
    body = event.body
    split = split_of_body(body, body["total"])
    conn.execute(
        "UPDATE payments SET taxable_total = ?, vat = ?, exempt_total = ? WHERE seq = ?",
        (split.taxable, split.vat, split.exempt, event.seq),
    )
    # Lines are taxable by the column's default: only exempt ones need a write.
    exempt = [
        (event.event_id, line["line_no"])
        for line in body["lines"]
        if line.get("tax", TaxCategory.TAXABLE.value) == TaxCategory.EXEMPT.value
    ]
    if exempt:
        conn.executemany(
            "UPDATE payment_items SET tax = 'exempt' WHERE payment_id = ? AND line_no = ?",
            exempt,
        )


def project_refund(conn: sqlite3.Connection, event: JournalEvent) -> None:
    body = event.body
    split = split_of_body(body, body["amount"])
    conn.execute(
        "UPDATE refunds SET taxable_total = ?, vat = ?, exempt_total = ? WHERE seq = ?",
        (split.taxable, split.vat, split.exempt, event.seq),
    )
