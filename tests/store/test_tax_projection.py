"""Schema v15: products are 과세/면세, payments and refunds keep their VAT split; an older
file is filled in SQL as all taxable, the same rows a replay of its journal makes."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from day_sales import record_sale
from helpers import (
    FIXED_NOW,
    drop_discount_columns,
    drop_payment_parts,
    drop_tax_columns,
    fixed_clock,
    owner_approval,
    projection_before_tax,
    raw_connection,
)

from pos_app.domain.payment_body import counter_payment_body
from pos_app.domain.pricing import CartLine, DiscountPolicy, quote
from pos_app.domain.refunds import RefundReason
from pos_app.domain.tax import TaxCategory, VatSplit
from pos_app.domain.tenders import Tender
from pos_app.services.refunds import RefundService
from pos_app.store import queries
from pos_app.store.database import connect, write_transaction
from pos_app.store.migrations import LATEST_VERSION, migrate, schema_version
from pos_app.store.projection import PAYMENT, PRODUCT_UPSERT, rebuild_projections, record

TAX_TABLES = {
    "products": "product_id, name, price, tax_category",
    "payments": "payment_id, total, taxable_total, vat, exempt_total",
    "payment_items": "payment_id, line_no, amount, tax",
    "refunds": "refund_id, amount, taxable_total, vat, exempt_total",
}


def dump(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    return {
        table: [tuple(r) for r in conn.execute(f"SELECT {cols} FROM {table} ORDER BY 1, 2")]
        for table, cols in TAX_TABLES.items()
    }


def assert_same_as_a_replay(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    before = dump(conn)
    with write_transaction(conn):
        rebuild_projections(conn)
    assert dump(conn) == before
    return before


def mixed_sale(conn: sqlite3.Connection) -> str:
    """과세 22,000 + 면세 8,000 (both eligible) + 과세 5,000 excluded, 5 % off by Cheongju Pay."""
    lines = [
        CartLine("생수 묶음", 11_000, 2, product_id="P1"),
        CartLine("배추", 4_000, 2, product_id="P2", tax=TaxCategory.EXEMPT),
        CartLine("담배", 5_000, 1, excluded_from_discount=True),
    ]
    priced = quote(
        lines,
        tender=Tender.CHEONGJU_PAY,
        today=date(2026, 11, 25),
        discount_policy=DiscountPolicy.percent(5),
        cashback_policy=None,
        merchant_restricted=False,
    )
    body = counter_payment_body(
        lines,
        priced,
        receipt_no="20261125-0001",
        business_date="2026-11-25",
        code=None,
        scanned_at=0,
        offline=True,
    )
    with write_transaction(conn) as tx:
        return record(tx, PAYMENT, body, occurred_at=FIXED_NOW).event_id


def test_a_mixed_sale_keeps_each_lines_category_and_its_split(db: sqlite3.Connection) -> None:
    payment_id = mixed_sale(db)
    payment = queries.payment_by_id(db, payment_id)
    assert payment is not None
    # 1,500 discount over 22,000 / 8,000 eligible: 1,100 and 400.
    assert payment.total == 33_500
    assert payment.tax_split == VatSplit(taxable=25_900, vat=2_354, exempt=7_600)
    assert [item.tax for item in payment.items] == [
        TaxCategory.TAXABLE,
        TaxCategory.EXEMPT,
        TaxCategory.TAXABLE,
    ]
    body = db.execute("SELECT body FROM journal WHERE event_id = ?", (payment_id,)).fetchone()[0]
    assert '"tax_split":{"exempt":7600,"taxable":25900,"vat":2354}' in body
    assert_same_as_a_replay(db)


def test_a_refund_of_the_exempt_line_gives_back_exempt_money(db: sqlite3.Connection) -> None:
    payment_id = mixed_sale(db)
    service = RefundService(db, fixed_clock(FIXED_NOW))
    refund = service.refund(
        payment_id,
        reason=RefundReason.DEFECTIVE,
        approve=owner_approval(db),
        quantities={2: 1},
    )
    # One 4,000 cabbage less its 200 share of the discount: 3,800, all exempt.
    assert refund.amount == 3_800
    assert refund.tax_split == VatSplit(taxable=0, vat=0, exempt=3_800)
    body = db.execute("SELECT body FROM journal WHERE event_id = ?", (refund.refund_id,))
    assert '"tax_split":{"exempt":3800,"taxable":0,"vat":0}' in body.fetchone()[0]
    rest = service.refund(
        payment_id,
        reason=RefundReason.DEFECTIVE,
        approve=owner_approval(db),
        quantities={1: 2, 2: 1, 3: 1},
    )
    # Everything back: the two refunds give back exactly the payment's split.
    assert rest.tax_split == VatSplit(taxable=25_900, vat=2_354, exempt=3_800)
    assert_same_as_a_replay(db)


def test_a_product_is_taxable_unless_it_says_exempt(db: sqlite3.Connection) -> None:
    with write_transaction(db) as tx:
        record(
            tx,
            PRODUCT_UPSERT,
            {"product_id": "P1", "name": "막걸리", "price": 1_800},
            occurred_at=FIXED_NOW,
        )
        record(
            tx,
            PRODUCT_UPSERT,
            {"product_id": "P2", "name": "배추", "price": 4_000, "tax_category": "exempt"},
            occurred_at=FIXED_NOW,
        )
        # A writer that does not know the field leaves the category as it was.
        record(
            tx,
            PRODUCT_UPSERT,
            {"product_id": "P2", "name": "배추 1포기", "price": 4_200},
            occurred_at=FIXED_NOW,
        )
    p1, p2 = queries.product_by_id(db, "P1"), queries.product_by_id(db, "P2")
    assert p1 is not None and p1.tax_category is TaxCategory.TAXABLE
    assert p2 is not None and p2.tax_category is TaxCategory.EXEMPT
    assert p2.as_cart_line().tax is TaxCategory.EXEMPT
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE products SET tax_category = '영세' WHERE product_id = 'P1'")
    assert_same_as_a_replay(db)


def test_a_v14_file_upgrades_its_sales_and_refunds_as_taxable_in_sql(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = connect(db_path)
    with monkeypatch.context() as v14:
        projection_before_tax(v14)
        made = RefundService._body

        def body_before_tax(*args: object) -> dict:
            body = made(*args)  # type: ignore[arg-type]
            del body["tax_split"]
            return body

        v14.setattr(RefundService, "_body", staticmethod(body_before_tax))
        with write_transaction(conn) as tx:
            record(
                tx,
                PRODUCT_UPSERT,
                {"product_id": "P1", "name": "막걸리", "price": 1_800},
                occurred_at=FIXED_NOW,
            )
        cash = record_sale(conn, FIXED_NOW, "cash", [("P1", "막걸리", 1_800, 3)])
        record_sale(conn, FIXED_NOW, "card_terminal", [(None, "떡", 10_999, 1)])
        RefundService(conn, fixed_clock(FIXED_NOW)).refund(
            cash, reason=RefundReason.DEFECTIVE, approve=owner_approval(conn), quantities={1: 1}
        )
    conn.close()
    raw = raw_connection(db_path)
    raw.execute("DROP TABLE cash_receipts")  # v16's
    drop_discount_columns(raw)  # v20's
    drop_payment_parts(raw, upgraded=True)  # v18's
    drop_tax_columns(raw)
    raw.execute("PRAGMA user_version = 14")
    # The events are as the code before wrote them: no category, no split.
    assert all("tax" not in body for (body,) in raw.execute("SELECT body FROM journal"))
    raw.close()

    conn = connect(db_path)
    assert schema_version(conn) == LATEST_VERSION
    upgraded = assert_same_as_a_replay(conn)
    assert sorted(row[1:] for row in upgraded["payments"]) == [
        (5_400, 5_400, 490, 0),
        (10_999, 10_999, 999, 0),
    ]
    assert [row[1:] for row in upgraded["refunds"]] == [(1_800, 1_800, 163, 0)]
    assert {row[3] for row in upgraded["payment_items"]} == {"taxable"}
    assert [row[3] for row in upgraded["products"]] == ["taxable"]
    conn.close()


def test_migrating_a_v14_file_with_no_sales(db_path: Path) -> None:
    raw = raw_connection(db_path)
    assert migrate(raw, target=14) == 14
    assert migrate(raw) == LATEST_VERSION
    cols = {row[1] for row in raw.execute("PRAGMA table_info(payments)")}
    assert {"taxable_total", "vat", "exempt_total"} <= cols
    raw.close()
