"""Read-only queries the services need, returning domain read models."""

from __future__ import annotations

import sqlite3
from datetime import date

from pos_app.domain.payment_status import PaymentStatus
from pos_app.domain.records import PaymentItem, PaymentRecord, Product
from pos_app.domain.tax import TaxCategory, VatSplit
from pos_app.domain.tenders import Tender
from pos_app.store import payment_parts
from pos_app.store.catalog_search import search_products

_PRODUCT_COLUMNS = (
    "product_id, name, price, category, excluded_from_discount, active, tax_category,"
    " sold_by_weight, price_per_kg, market_price"
)


def _codes_for(conn: sqlite3.Connection, product_id: str) -> tuple[str, ...]:
    rows = conn.execute(
        "SELECT code FROM product_codes WHERE product_id = ? ORDER BY code", (product_id,)
    )
    return tuple(row[0] for row in rows)


def _product(conn: sqlite3.Connection, row: sqlite3.Row, with_codes: bool = True) -> Product:
    return Product(
        product_id=row["product_id"],
        name=row["name"],
        price=row["price"],
        category=row["category"],
        excluded_from_discount=bool(row["excluded_from_discount"]),
        active=bool(row["active"]),
        codes=_codes_for(conn, row["product_id"]) if with_codes else (),
        tax_category=TaxCategory(row["tax_category"]),
        sold_by_weight=bool(row["sold_by_weight"]),
        price_per_kg=row["price_per_kg"],
        market_price=bool(row["market_price"]),
    )


def product_by_code(conn: sqlite3.Connection, code: str) -> Product | None:
    row = conn.execute(
        f"SELECT {_PRODUCT_COLUMNS} FROM products JOIN product_codes USING (product_id)"
        " WHERE code = ? AND active = 1",
        (code,),
    ).fetchone()
    return _product(conn, row) if row else None


def product_by_id(conn: sqlite3.Connection, product_id: str) -> Product | None:
    row = conn.execute(
        f"SELECT {_PRODUCT_COLUMNS} FROM products WHERE product_id = ?", (product_id,)
    ).fetchone()
    return _product(conn, row) if row else None


def active_products(conn: sqlite3.Connection, name_filter: str = "") -> list[Product]:
    """Active products. No filter: all of them, by category and name. A filter: every
    match of :func:`~pos_app.store.catalog_search.search_products` (a substring of the
    name or category, Korean too, or a code prefix), best match first.
    """
    if name_filter.strip():
        return search_products(conn, name_filter, limit=None)
    rows = conn.execute(
        f"SELECT {_PRODUCT_COLUMNS} FROM products WHERE active = 1 ORDER BY category, name"
    ).fetchall()
    return [_product(conn, row) for row in rows]


def is_code_used(conn: sqlite3.Connection, token_id_hex: str) -> bool:
    row = conn.execute("SELECT 1 FROM used_payment_codes WHERE token_id = ?", (token_id_hex,))
    return row.fetchone() is not None


def unsynced_payments(conn: sqlite3.Connection) -> tuple[int, int]:
    """(count, total won) of Cheongju Pay payments still waiting for the server's approval:
    the exposure the unsynced cap bounds (cash and card are never in it)."""
    row = conn.execute("SELECT count, total FROM unsynced_totals WHERE id = 1").fetchone()
    return int(row[0]), int(row[1])


def oldest_unsynced_payment_at(conn: sqlite3.Connection) -> str | None:
    """When the oldest Cheongju Pay payment still waiting for the server's answer was taken
    (the age rule's exposure; the WHERE is the partial index's, schema v18)."""
    row = conn.execute(
        "SELECT paid_at FROM payments WHERE status = 'pending' AND voided_seq IS NULL"
        " AND exposure > 0 ORDER BY seq LIMIT 1"
    ).fetchone()
    return row[0] if row else None


def next_receipt_no(conn: sqlite3.Connection, business_date: date) -> str:
    """``YYYYMMDD-NNNN``: the day's payments so far + 1.

    Usually the newest payment is from today and its number + 1 is the answer (one
    rowid lookup). Otherwise - the day's first sale, or a clock set back into a
    day that already has receipts - count that day's receipts on the receipt_no
    index. Either way a day's numbers stay 1, 2, 3, ... without gaps or repeats.
    """
    prefix = f"{business_date:%Y%m%d}-"
    last = conn.execute(
        "SELECT receipt_no, business_date FROM payments ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    if last is not None and last["business_date"] == business_date.isoformat():
        return f"{prefix}{int(last['receipt_no'][len(prefix) :]) + 1:04d}"
    row = conn.execute(
        "SELECT COUNT(*) FROM payments WHERE receipt_no >= ? AND receipt_no < ?",
        (prefix, prefix[:-1] + "."),  # '.' is the character after '-'
    ).fetchone()
    return f"{prefix}{int(row[0]) + 1:04d}"


_PAYMENT_COLUMNS = (
    "payment_id, seq, receipt_no, business_date, paid_at, tender, subtotal, eligible, discount,"
    " discount_rate_bp, total, cashback_preview, status, approval_no, voided_seq, offline,"
    " wallet_id, cashback, decline_code, decline_message, void_reason, tendered, change_due,"
    " taxable_total, vat, exempt_total, reopens,"
    # Read where it is recorded, not copied into a column: the server's answer when it
    # says (its status when it booked the sale), else the payment event's own. Sales from
    # before either said read as unrestricted.
    " (SELECT COALESCE(json_extract(r.detail, '$.cashback_restricted'),"
    "  json_extract(j.body, '$.cashback_restricted'), 0)"
    "  FROM journal AS j LEFT JOIN sync_results AS r ON r.seq = j.seq"
    "  WHERE j.seq = payments.seq) AS cashback_restricted,"
    # Refunds are rows of their own (the sale's row is never edited); a declined one gave
    # nothing back.
    " (SELECT COALESCE(SUM(f.amount), 0) FROM refunds AS f"
    "  WHERE f.payment_id = payments.payment_id AND f.status <> 'declined') AS refunded,"
    # Cheongju Pay with no customer code scanned: paid by the shop's merchant QR.
    " (tender = 'cheongju_pay' AND token_id IS NULL) AS merchant_qr,"
    # The card terminal's approval number of a Cheongju Pay card sale: read where it is
    # recorded (the payment event), as no other row needs it.
    " (SELECT json_extract(j.body, '$.card_approval_no') FROM journal AS j"
    "  WHERE j.seq = payments.seq) AS card_approval_no"
)


def _payment(conn: sqlite3.Connection, row: sqlite3.Row) -> PaymentRecord:
    items = tuple(
        PaymentItem(
            line_no=item["line_no"],
            name=item["name"],
            unit_price=item["unit_price"],
            quantity=item["quantity"],
            amount=item["amount"],
            excluded_from_discount=bool(item["excluded_from_discount"]),
            product_id=item["product_id"],
            tax=TaxCategory(item["tax"]),
            weight_g=item["weight_g"],
            price_per_kg=item["price_per_kg"],
            list_price=item["list_price"],
            line_discount=item["line_discount"],
        )
        for item in conn.execute(
            "SELECT line_no, product_id, name, unit_price, quantity, amount,"
            " excluded_from_discount, tax, weight_g, price_per_kg, list_price, line_discount"
            " FROM payment_items WHERE payment_id = ?"
            " ORDER BY line_no",
            (row["payment_id"],),
        )
    )
    return PaymentRecord(
        payment_id=row["payment_id"],
        seq=row["seq"],
        receipt_no=row["receipt_no"],
        business_date=row["business_date"],
        paid_at=row["paid_at"],
        tender=Tender(row["tender"]),
        subtotal=row["subtotal"],
        eligible=row["eligible"],
        discount=row["discount"],
        discount_rate_bp=row["discount_rate_bp"],
        total=row["total"],
        cashback_preview=row["cashback_preview"],
        status=PaymentStatus(row["status"]),
        approval_no=row["approval_no"],
        voided=row["voided_seq"] is not None,
        offline=bool(row["offline"]),
        wallet_id=row["wallet_id"],
        items=items,
        cashback=row["cashback"],
        decline_code=row["decline_code"],
        decline_message=row["decline_message"],
        void_reason=row["void_reason"],
        tendered=row["tendered"],
        change=row["change_due"],
        cashback_restricted=bool(row["cashback_restricted"]),
        refunded=int(row["refunded"]),
        card_approval_no=row["card_approval_no"],
        merchant_qr=bool(row["merchant_qr"]),
        tax_split=VatSplit(row["taxable_total"], row["vat"], row["exempt_total"]),
        parts=payment_parts.parts_of(conn, row["payment_id"]),
        reopens=row["reopens"],
    )


def payment_by_id(conn: sqlite3.Connection, payment_id: str) -> PaymentRecord | None:
    row = conn.execute(
        f"SELECT {_PAYMENT_COLUMNS} FROM payments WHERE payment_id = ?", (payment_id,)
    ).fetchone()
    return _payment(conn, row) if row else None


def last_payment(conn: sqlite3.Connection) -> PaymentRecord | None:
    row = conn.execute(
        f"SELECT {_PAYMENT_COLUMNS} FROM payments ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    return _payment(conn, row) if row else None
