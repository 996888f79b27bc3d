"""The day's refunds as the settlement needs them (tender, amount, acknowledged or not).

Kept apart from ``business_day.py`` because the refund tables belong to the refunds
module (schema step v7, ``store/refunds.py``): this is the one place the day close
reads them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from pos_app.domain.net_sales import RefundFact
from pos_app.domain.payment_status import RefundStatus
from pos_app.domain.tax import VatSplit
from pos_app.store.payment_parts import refund_fact_parts


def refund_facts(conn: sqlite3.Connection, after: int, up_to: int) -> list[RefundFact]:
    """Refunds journalled in the seq range (after, up_to], in the tender they went back in.

    A refund the server declined gave nothing back (the customer's wallet was not
    credited), so it is left out; a Cheongju Pay one it has not answered yet counts and is
    pending (cash and card refunds are final when recorded).
    """
    facts = [
        (refund_fact(*row[:8]), row[8])
        for row in conn.execute(
            "SELECT tender, amount, status, cashback_reversed, discount_share,"
            " taxable_total, vat, exempt_total, seq FROM refunds"
            " WHERE seq > ? AND seq <= ? AND status <> 'declined' ORDER BY seq",
            (after, up_to),
        )
    ]
    # A split sale's refund counts under each tender it went back in.
    return [
        replace(fact, parts=refund_fact_parts(conn, seq)) if fact.tender == "split" else fact
        for fact, seq in facts
    ]


def refund_fact(
    tender: str,
    amount: int,
    status: str,
    cashback_reversed: int | None,
    discount_share: int = 0,
    taxable: int | None = None,
    vat: int = 0,
    exempt: int = 0,
) -> RefundFact:
    return RefundFact(
        tender,
        amount,
        pending=status == RefundStatus.PENDING,
        cashback_reversed=cashback_reversed,
        declined=status == RefundStatus.DECLINED,
        discount_share=discount_share,
        tax_split=None if taxable is None else VatSplit(taxable, vat, exempt),
    )
