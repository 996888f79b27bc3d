"""Schema v7 (refunds and tenders): a v5 file with a sale upgrades, and its sale can be
refunded afterwards; the old payment keeps its values, with no cash columns filled."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from helpers import FIXED_NOW, fixed_clock, owner_approval, projection_before_tax, raw_connection

from pos_app.domain.refunds import RefundReason
from pos_app.store.database import connect
from pos_app.store.journal import append_event
from pos_app.store.migrations import LATEST_VERSION, migrate, schema_version
from pos_app.store.projection import PAYMENT, PRODUCT_UPSERT, project

SALE = {
    "receipt_no": "20261125-0001",
    "business_date": "2026-11-25",
    "tender": "cash",
    "lines": [
        {
            "line_no": 1,
            "product_id": "P1",
            "name": "막걸리",
            "unit_price": 1_500,
            "quantity": 2,
            "amount": 3_000,
            "excluded_from_discount": False,
        }
    ],
    "subtotal": 3_000,
    "eligible": 3_000,
    "discount": 0,
    "discount_rate_bp": 0,
    "total": 3_000,
    "cashback_preview": 0,
    "offline": True,
}


def test_v5_file_with_a_sale_upgrades_and_the_sale_can_be_refunded(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    projection_before_tax(monkeypatch)
    conn = raw_connection(db_path)
    conn.row_factory = sqlite3.Row
    assert migrate(conn, target=5) == 5
    conn.execute("BEGIN IMMEDIATE")
    product = {"product_id": "P1", "name": "막걸리", "price": 1_500}
    project(conn, append_event(conn, PRODUCT_UPSERT, product, occurred_at=FIXED_NOW))
    sale = append_event(conn, PAYMENT, SALE, occurred_at=FIXED_NOW)
    project(conn, sale)
    conn.execute("COMMIT")
    conn.close()

    monkeypatch.undo()
    conn = connect(db_path)
    assert schema_version(conn) == LATEST_VERSION
    row = conn.execute(
        "SELECT total, tendered, change_due FROM payments WHERE payment_id = ?", (sale.event_id,)
    ).fetchone()
    assert tuple(row) == (3_000, None, None)

    from pos_app.services.refunds import RefundService  # after the upgrade, as the app does

    refunds = RefundService(conn, fixed_clock())
    done = refunds.refund(
        sale.event_id,
        reason=RefundReason.CHANGE_OF_MIND,
        approve=owner_approval(conn),
        quantities={1: 1},
    )
    assert (done.amount, done.tender) == (1_500, "cash")
    level = conn.execute("SELECT SUM(delta) FROM stock_movements WHERE product_id = 'P1'")
    assert level.fetchone()[0] == -1  # sold 2, one came back
    conn.close()
