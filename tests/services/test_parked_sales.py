"""Parked sales (보류) on a real file: park, list, recall, across a restart; never journalled."""

from __future__ import annotations

import sqlite3
from dataclasses import fields
from datetime import timedelta
from pathlib import Path

import pytest
from helpers import FIXED_NOW

from pos_app.domain.clock import Clock
from pos_app.domain.errors import UserFacingError
from pos_app.domain.pricing import CartLine
from pos_app.domain.tax import TaxCategory
from pos_app.services.checkout import CheckoutService, open_checkout
from pos_app.services.parked_sales import MAX_PARKED, ParkedSaleService
from pos_app.services.sale import cart_lines_body
from pos_app.store.database import connect

MILK = "8808123000134"  # 우유 1L, 2,980


def journal_count(db: sqlite3.Connection) -> int:
    return db.execute("SELECT COUNT(*) FROM journal").fetchone()[0]


@pytest.fixture
def parking(db: sqlite3.Connection, service: CheckoutService, clock: Clock) -> ParkedSaleService:
    return ParkedSaleService(db, service.sale, clock)


def test_park_clears_the_counter_and_recall_brings_every_field_back(
    db: sqlite3.Connection, service: CheckoutService, parking: ParkedSaleService
) -> None:
    service.handle_scan(MILK)
    service.sale.set_quantity(0, 3)
    service.sale.add_amount(5_000, "두부", TaxCategory.EXEMPT)
    # Every CartLine field, as other counter features fill them (weighed goods, a discount).
    weighed = CartLine(
        name="삼겹살",
        unit_price=15_600,
        excluded_from_discount=True,
        product_id="p-pork",
        barcode="2123450015609",
        tax=TaxCategory.EXEMPT,
        weight_g=600,
        price_per_kg=26_000,
        list_price=16_000,
        line_discount=600,
    )
    service.sale.restore_snapshot(cart_lines_body((weighed,)), None)
    before_lines = service.sale.lines
    before_journal = journal_count(db)

    parked = parking.park()

    assert service.sale.is_empty()
    assert parked.subtotal == 2_980 * 3 + 5_000 + 15_000
    assert journal_count(db) == before_journal  # no money, no stock: no journal event
    assert parking.summary() == (1, parked.subtotal)
    (listed,) = parking.parked()
    assert listed.lines == before_lines and listed.quantity == 5

    recalled = parking.recall(parked.park_id)
    assert service.sale.lines == before_lines == recalled.lines
    for name in (f.name for f in fields(CartLine)):
        assert getattr(service.sale.lines[2], name) == getattr(weighed, name)
    assert parking.parked() == [] and parking.summary() == (0, 0)


def test_parked_sales_survive_a_restart_and_pay(
    db_path: Path, db: sqlite3.Connection, service: CheckoutService, parking: ParkedSaleService
) -> None:
    service.handle_scan(MILK)
    parked = parking.park()
    db.close()

    again = connect(db_path)
    try:
        checkout = open_checkout(again, lambda: FIXED_NOW)
        restarted = ParkedSaleService(again, checkout.sale, lambda: FIXED_NOW)
        assert [p.park_id for p in restarted.parked()] == [parked.park_id]
        restarted.recall(parked.park_id)
        paid = checkout.pay_cash(3_000)
        assert paid.total == 2_980 and restarted.parked() == []
    finally:
        again.close()


def test_the_list_is_oldest_first(service: CheckoutService, db: sqlite3.Connection) -> None:
    moments = iter([FIXED_NOW + timedelta(minutes=m) for m in (5, 1)])
    parking = ParkedSaleService(db, service.sale, lambda: next(moments))
    service.sale.add_amount(1_000, "a")
    late = parking.park()
    service.sale.add_amount(2_000, "b")
    early = parking.park()
    assert [p.park_id for p in parking.parked()] == [early.park_id, late.park_id]


def test_refusals(service: CheckoutService, parking: ParkedSaleService) -> None:
    with pytest.raises(UserFacingError) as empty:
        parking.park()
    assert empty.value.code == "E363"
    service.sale.add_amount(1_000, "a")
    parked = parking.park()
    service.sale.add_amount(2_000, "b")
    with pytest.raises(UserFacingError) as busy:
        parking.recall(parked.park_id)
    assert busy.value.code == "E364"
    service.sale.clear()
    parking.recall(parked.park_id)
    service.sale.clear()
    with pytest.raises(UserFacingError) as gone:
        parking.recall(parked.park_id)  # recalled already: rung up once only
    assert gone.value.code == "E365"


def test_the_list_has_a_limit(service: CheckoutService, parking: ParkedSaleService) -> None:
    for number in range(MAX_PARKED):
        service.sale.add_amount(1_000 + number, "a")
        parking.park()
    service.sale.add_amount(1_000, "a")
    with pytest.raises(UserFacingError) as full:
        parking.park()
    assert full.value.code == "E366" and len(service.sale) == 1
