"""The sales view's figures: by hour of a KST day, by day over a range, top products.

Counted sales are payments neither voided nor declined by the server (a declined
Cheongju Pay payment took no money). Refunds are not netted here: the view shows what
was sold; the day close shows what the drawer and the statements should hold.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

_KEPT = "voided_seq IS NULL AND status <> 'declined'"


@dataclass(frozen=True)
class Bucket:
    key: str  # an hour "00".."23" or a date "YYYY-MM-DD"
    count: int
    total: int


@dataclass(frozen=True)
class ProductSales:
    name: str
    quantity: int
    amount: int


@dataclass(frozen=True)
class PaymentRow:
    receipt_no: str
    business_date: str
    paid_at: str  # RFC 3339 UTC
    tender: str
    subtotal: int
    discount: int
    total: int
    status: str
    voided: bool
    approval_no: str | None


def by_hour(conn: sqlite3.Connection, day: str) -> list[Bucket]:
    """24 buckets, hour of the day in KST (UTC+9, no daylight saving)."""
    # paid_at is 'YYYY-MM-DDTHH:MM:SS.mmmZ' in UTC: the hour is characters 12-13.
    found = {
        hour: (count, total)
        for hour, count, total in conn.execute(
            "SELECT (CAST(substr(paid_at, 12, 2) AS INTEGER) + 9) % 24 AS hour,"
            f" COUNT(*), SUM(total) FROM payments WHERE business_date = ? AND {_KEPT}"
            " GROUP BY hour",
            (day,),
        )
    }
    return [Bucket(f"{h:02d}", *found.get(h, (0, 0))) for h in range(24)]


def by_day(conn: sqlite3.Connection, first: str, last: str) -> dict[str, Bucket]:
    """Days in [first, last] that had sales (the caller fills the quiet days)."""
    return {
        day: Bucket(day, count, total)
        for day, count, total in conn.execute(
            "SELECT business_date, COUNT(*), SUM(total) FROM payments"
            f" WHERE business_date BETWEEN ? AND ? AND {_KEPT} GROUP BY business_date",
            (first, last),
        )
    }


def top_products(conn: sqlite3.Connection, first: str, last: str, limit: int) -> list[ProductSales]:
    """Best sellers by amount (line amounts before the special discount), then quantity."""
    return [
        ProductSales(name, quantity, amount)
        for name, quantity, amount in conn.execute(
            "SELECT i.name, SUM(i.quantity), SUM(i.amount)"
            " FROM payments p JOIN payment_items i USING (payment_id)"
            " WHERE p.business_date BETWEEN ? AND ?"
            " AND p.voided_seq IS NULL AND p.status <> 'declined'"
            " GROUP BY COALESCE(i.product_id, i.name) ORDER BY SUM(i.amount) DESC,"
            " SUM(i.quantity) DESC, i.name LIMIT ?",
            (first, last, limit),
        )
    ]


def payments_between(conn: sqlite3.Connection, first: str, last: str) -> Iterator[PaymentRow]:
    """Every payment of the range, voided and declined ones too (the export hides none)."""
    for row in conn.execute(
        "SELECT receipt_no, business_date, paid_at, tender, subtotal, discount, total, status,"
        " voided_seq IS NOT NULL, approval_no FROM payments"
        " WHERE business_date BETWEEN ? AND ? ORDER BY seq",
        (first, last),
    ):
        yield PaymentRow(*row[:8], voided=bool(row[8]), approval_no=row[9])
