"""The payments still waiting for the server's answer to decide them.

An online Cheongju Pay payment over the offline limits is recorded with ``offline`` false
and stands only if the server approves it in time. One that is still pending here was
never settled: a POS stopped inside the wait, or a wait that was lost. Cash and card
(``offline`` true) and merchant-QR payments (no payment code, approved when recorded) are
never among them.
"""

from __future__ import annotations

import sqlite3


def unsettled_online_payments(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(payment_id, paid_at) of each pending, unvoided payment that needs an answer."""
    return [
        (str(payment_id), str(paid_at))
        for payment_id, paid_at in conn.execute(
            "SELECT payment_id, paid_at FROM payments"
            " WHERE status = 'pending' AND voided_seq IS NULL AND offline = 0"
            " AND token_id IS NOT NULL ORDER BY seq"
        )
    ]
