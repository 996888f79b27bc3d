"""Sale lines priced from a scale label: the grams and won per kg each kept (schema v17).

Kept apart from the payment's own row writes, like the tax facts: a file from before v17
has no such columns, and tests that build one with today's code turn this off.
"""

from __future__ import annotations

import sqlite3

from pos_app.domain.journal import JournalEvent


def project_payment(conn: sqlite3.Connection, event: JournalEvent) -> None:
    """Each weighed line's weight and price per kg (lines without them stay NULL)."""
    conn.executemany(
        "UPDATE payment_items SET weight_g = ?, price_per_kg = ?"
        " WHERE payment_id = ? AND line_no = ?",
        [
            (line["weight_g"], line.get("price_per_kg"), event.event_id, line["line_no"])
            for line in event.body["lines"]
            if line.get("weight_g") is not None
        ],
    )


def weights_of(conn: sqlite3.Connection, payment_id: str) -> dict[int, int]:
    """line_no -> grams, for the payment's weighed lines."""
    rows = conn.execute(
        "SELECT line_no, weight_g FROM payment_items WHERE payment_id = ? AND weight_g IS NOT NULL",
        (payment_id,),
    )
    return {line_no: weight for line_no, weight in rows}
