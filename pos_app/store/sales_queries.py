"""The sales view's facts: payments, voids and refunds of a range of KST days (summed by
``domain/net_sales.py``, the day close's own definition), top products, the export's rows.

Each fact is dated when it happened: a payment by its business date, a void by its void
event's KST date, a refund by its own business date.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace

from pos_app.domain.net_sales import Part, RefundFact, SaleFact, VoidFact
from pos_app.domain.tax import VatSplit
from pos_app.domain.tenders import Tender
from pos_app.store.payment_parts import refund_fact_parts, sale_fact_parts
from pos_app.store.refund_facts import refund_fact


@dataclass(frozen=True)
class DatedSale:
    business_date: str
    at: str  # RFC 3339 UTC
    fact: SaleFact
    receipt_no: str = ""
    approval_no: str | None = None
    subtotal: int = 0


@dataclass(frozen=True)
class DatedVoid:
    business_date: str
    at: str
    fact: VoidFact
    receipt_no: str = ""
    approval_no: str | None = None


@dataclass(frozen=True)
class DatedRefund:
    business_date: str
    at: str
    fact: RefundFact
    refund_no: str = ""
    receipt_no: str = ""
    status: str = ""


def _split_parts(conn: sqlite3.Connection, tender: str, payment_id: str) -> tuple[Part, ...]:
    """A split sale's parts (each counts under its tender); none for a single tender."""
    return sale_fact_parts(conn, payment_id) if tender == Tender.SPLIT else ()


def _with_parts(conn: sqlite3.Connection, fact: RefundFact, seq: int) -> RefundFact:
    """A split sale's refund with its parts by tender."""
    if fact.tender != Tender.SPLIT:
        return fact
    return replace(fact, parts=refund_fact_parts(conn, seq))


def sales_between(conn: sqlite3.Connection, first: str, last: str) -> list[DatedSale]:
    """Every payment of the range, declined ones too (they count as nothing)."""
    return [
        DatedSale(
            row[0],
            row[1],
            SaleFact(
                row[2],
                row[3],
                row[4],
                row[5],
                row[6],
                bool(row[7]),
                VatSplit(*row[11:14]),
                _split_parts(conn, row[2], row[14]),
            ),
            row[8],
            row[9],
            row[10],
        )
        for row in conn.execute(
            "SELECT business_date, paid_at, tender, total, discount, status, cashback,"
            " voided_seq IS NOT NULL, receipt_no, COALESCE(approval_no, "
            + _CARD_APPROVAL.format(seq="payments.seq")
            + "), subtotal,"
            " taxable_total, vat, exempt_total, payment_id FROM payments"
            " WHERE business_date BETWEEN ? AND ? ORDER BY seq",
            (first, last),
        )
    ]


#: The Cheongju Pay card's approval number (the terminal's), where its payment event keeps it:
#: the export's approval column shows it as it shows the issuer's for the app's payments.
_CARD_APPROVAL = (
    "(SELECT json_extract(c.body, '$.card_approval_no') FROM journal AS c WHERE c.seq = {seq})"
)


def voids_between(conn: sqlite3.Connection, first: str, last: str) -> list[DatedVoid]:
    """Voids made on the range's KST days (of payments of any day)."""
    return [
        DatedVoid(
            row[0],
            row[1],
            VoidFact(
                row[2],
                row[3],
                row[4],
                row[5],
                row[8],
                VatSplit(*row[9:12]),
                _split_parts(conn, row[2], row[12]),
            ),
            row[6],
            row[7],
        )
        for row in conn.execute(
            "SELECT date(j.occurred_at, '+9 hours') AS day, j.occurred_at, p.tender, p.total,"
            " p.status, p.cashback, p.receipt_no, COALESCE(p.approval_no, "
            + _CARD_APPROVAL.format(seq="p.seq")
            + "), p.discount,"
            " p.taxable_total, p.vat, p.exempt_total, p.payment_id"
            " FROM payments p JOIN journal j ON j.seq = p.voided_seq"
            " WHERE p.voided_seq IS NOT NULL AND day BETWEEN ? AND ? ORDER BY p.voided_seq",
            (first, last),
        )
    ]


def refunds_between(conn: sqlite3.Connection, first: str, last: str) -> list[DatedRefund]:
    """Refunds made on the range's business days, declined ones too (they count as nothing)."""
    return [
        DatedRefund(
            row[0],
            row[1],
            _with_parts(conn, refund_fact(*row[2:6], row[8], *row[9:12]), row[12]),
            row[6],
            row[7],
            row[4],
        )
        for row in conn.execute(
            "SELECT r.business_date, r.refunded_at, r.tender, r.amount, r.status,"
            " r.cashback_reversed, r.refund_no, p.receipt_no, r.discount_share,"
            " r.taxable_total, r.vat, r.exempt_total, r.seq"
            " FROM refunds r JOIN payments p USING (payment_id)"
            " WHERE r.business_date BETWEEN ? AND ? ORDER BY r.seq",
            (first, last),
        )
    ]


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


def top_products(conn: sqlite3.Connection, first: str, last: str, limit: int) -> list[ProductSales]:
    """Best sellers by amount (line amounts before the special discount), then quantity:
    the range's payments that took money and stand, less the lines refunded in the range."""
    return [
        ProductSales(name, quantity, amount)
        for name, quantity, amount in conn.execute(
            "SELECT name, SUM(quantity), SUM(amount) FROM ("
            " SELECT COALESCE(i.product_id, i.name) AS product, i.name, i.quantity, i.amount"
            " FROM payments p JOIN payment_items i USING (payment_id)"
            " WHERE p.business_date BETWEEN ? AND ?"
            " AND p.voided_seq IS NULL AND p.status <> 'declined'"
            " UNION ALL"
            " SELECT COALESCE(i.product_id, i.name), i.name, -ri.quantity, -ri.amount"
            " FROM refunds r JOIN refund_items ri USING (refund_id)"
            " JOIN payment_items i ON i.payment_id = r.payment_id AND i.line_no = ri.line_no"
            " WHERE r.business_date BETWEEN ? AND ? AND r.status <> 'declined')"
            " GROUP BY product HAVING SUM(amount) > 0 OR SUM(quantity) > 0"
            " ORDER BY SUM(amount) DESC, SUM(quantity) DESC, name LIMIT ?",
            (first, last, first, last, limit),
        )
    ]
