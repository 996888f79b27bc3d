"""What checkout returns, what it stored, and what the journal says all agree."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from helpers import FIXED_NOW, fixed_clock

from pos_app.domain.clock import unix_seconds
from pos_app.domain.errors import UserFacingError
from pos_app.services.checkout import CheckoutService, open_checkout
from pos_app.services.demo import mint_demo_code
from pos_app.store import queries
from pos_app.store.database import write_transaction
from pos_app.store.projection import PRODUCT_UPSERT, rebuild_projections, record

MILK, BULGOGI = "8808123000134", "8808123000103"


def pay(service: CheckoutService, *barcodes: str, at=FIXED_NOW):
    for barcode in barcodes:
        service.handle_scan(barcode)
    return service.handle_scan(mint_demo_code(unix_seconds(at))).payment


def test_returned_payment_equals_the_stored_one(service: CheckoutService, db: sqlite3.Connection):
    shown = pay(service, MILK, MILK, BULGOGI)
    assert shown == queries.payment_by_id(db, shown.payment_id)


def test_unsynced_totals_follow_payments_voids_and_rebuilds(
    service: CheckoutService, db: sqlite3.Connection
):
    def summed() -> tuple[int, int]:
        row = db.execute(
            "SELECT COUNT(*), COALESCE(SUM(total), 0) FROM payments"
            " WHERE status = 'pending' AND voided_seq IS NULL"
        ).fetchone()
        return row[0], row[1]

    first = pay(service, MILK)
    pay(service, BULGOGI)
    assert service.unsynced() == summed() == (2, first.total + 17_010)
    service.void_last_payment("1234", "test")
    assert service.unsynced() == summed() == (1, first.total)
    with write_transaction(db):
        db.execute(
            "UPDATE payments SET status = 'approved' WHERE payment_id = ?", (first.payment_id,)
        )
    assert service.unsynced() == summed() == (0, 0)
    with write_transaction(db):
        rebuild_projections(db)  # back to what the journal alone says: all pending
    assert service.unsynced() == summed() == (1, first.total)


def test_receipt_numbers_restart_each_day_and_survive_a_clock_set_back(
    db: sqlite3.Connection,
):
    day1 = FIXED_NOW  # business date 2026-11-25 (KST)
    day2 = FIXED_NOW + timedelta(days=1)
    now = [day1]
    service = open_checkout(db, lambda: now[0])
    assert pay(service, MILK, at=day1).receipt_no == "20261125-0001"
    assert pay(service, MILK, at=day1).receipt_no == "20261125-0002"
    now[0] = day2
    assert pay(service, MILK, at=day2).receipt_no == "20261126-0001"
    now[0] = day1  # someone sets the PC clock back a day
    assert pay(service, MILK, at=day1).receipt_no == "20261125-0003"
    now[0] = day2
    assert pay(service, MILK, at=day2).receipt_no == "20261126-0002"


def test_a_upc_a_product_is_found_by_its_upc_and_ean_13_forms(
    db: sqlite3.Connection,
):
    with write_transaction(db):
        record(
            db,
            PRODUCT_UPSERT,
            {"product_id": "US1", "name": "수입 과자", "price": 3_000, "codes": ["036000291452"]},
            occurred_at=FIXED_NOW,
        )
    service = open_checkout(db, fixed_clock())
    assert service.handle_scan("036000291452").product.product_id == "US1"
    assert service.handle_scan("0036000291452").product.product_id == "US1"


def test_void_refuses_when_a_newer_payment_appeared(service: CheckoutService, db):
    shown_to_manager = pay(service, MILK)
    newer = pay(service, BULGOGI)
    with pytest.raises(UserFacingError) as refused:
        service.void_last_payment("1234", "test", shown_to_manager.payment_id)
    assert refused.value.key == "void.not_last"
    assert not queries.payment_by_id(db, newer.payment_id).voided
    assert service.void_last_payment("1234", "test", newer.payment_id).voided
