"""The shop's projections: stock moved by payments, voids and stock events; listings; order
moves; and a rebuild that remakes what the device made while keeping what the server said."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from helpers import FIXED_NOW
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from online_support import (
    acknowledge,
    dump_online,
    feed,
    level,
    listing_body,
    movement_ids,
    order_data,
)

from pos_app.domain.clock import unix_seconds
from pos_app.domain.errors import UserFacingError
from pos_app.domain.stock import StockRuleError
from pos_app.services.checkout import CheckoutService, open_checkout
from pos_app.services.demo import mint_demo_code
from pos_app.store import stock_movements
from pos_app.store.database import write_transaction
from pos_app.store.projection import (
    LISTING_STOCK,
    LISTING_UPSERT,
    ORDER_STATUS,
    PRODUCT_UPSERT,
    STOCK_MOVEMENT,
    rebuild_projections,
    record,
)

APPLE = "8808123000028"  # P0002 부사 사과 5kg
MILK = "8808123000134"  # P0013 우유 1L


@pytest.fixture
def db(demo_db: sqlite3.Connection) -> sqlite3.Connection:
    return demo_db


def pay(service: CheckoutService, *barcodes: str, open_amount: int = 0):
    for barcode in barcodes:
        service.handle_scan(barcode)
    if open_amount:
        service.sale.add_amount(open_amount, "기타")
    return service.handle_scan(mint_demo_code(unix_seconds(FIXED_NOW))).payment


def write(conn: sqlite3.Connection, event_type: str, body: dict, seconds: int = 0):
    with write_transaction(conn):
        return record(conn, event_type, body, occurred_at=FIXED_NOW + timedelta(seconds=seconds))


def test_a_payment_moves_each_product_line_and_a_void_brings_them_back(db, clock):
    service = open_checkout(db, clock)
    payment = pay(service, MILK, MILK, APPLE, open_amount=5_000)
    # Lines: milk x2 (index 0), apple (1), the open amount (2) moves nothing.
    assert movement_ids(db) == {f"{payment.payment_id}/0", f"{payment.payment_id}/1"}
    assert (level(db, "P0013"), level(db, "P0002")) == (-2, -1)

    service.void_last_payment("1234", "고객 변심")
    void_seq = db.execute("SELECT MAX(seq) FROM journal").fetchone()[0]
    void_id = db.execute("SELECT event_id FROM journal WHERE seq = ?", (void_seq,)).fetchone()[0]
    assert {f"{void_id}/0", f"{void_id}/1"} <= movement_ids(db)
    assert (level(db, "P0002"), level(db, "P0013")) == (0, 0)


def test_stock_events_move_stock_and_a_bad_one_is_not_recorded(db):
    write(db, STOCK_MOVEMENT, {"product_id": "P0002", "delta": 10, "reason": "receipt"})
    write(
        db,
        STOCK_MOVEMENT,
        {"product_id": "P0002", "delta": -3, "reason": "adjustment", "adjust_reason": "damaged"},
    )
    assert level(db, "P0002") == 7
    head = db.execute("SELECT MAX(seq) FROM journal").fetchone()[0]
    with pytest.raises(StockRuleError):
        write(db, STOCK_MOVEMENT, {"product_id": "P0002", "delta": -1, "reason": "receipt"})
    assert db.execute("SELECT MAX(seq) FROM journal").fetchone()[0] == head  # rolled back
    assert level(db, "P0002") == 7


def test_product_upsert_keeps_optional_fields_an_older_writer_leaves_out(db):
    base = {"product_id": "P0002", "name": "부사 사과 5kg", "price": 32_000, "codes": [APPLE]}
    write(db, PRODUCT_UPSERT, {**base, "photo": "a" * 64, "low_stock_at": 5, "favourite": True})
    write(db, PRODUCT_UPSERT, {**base, "price": 31_000})  # an event without the new fields
    row = db.execute(
        "SELECT price, photo, low_stock_at, favourite FROM products WHERE product_id = 'P0002'"
    ).fetchone()
    assert tuple(row) == (31_000, "a" * 64, 5, 1)
    write(db, PRODUCT_UPSERT, {**base, "photo": None, "low_stock_at": None, "favourite": False})
    row = db.execute(
        "SELECT photo, low_stock_at, favourite FROM products WHERE product_id = 'P0002'"
    ).fetchone()
    assert tuple(row) == (None, None, 0)


def test_listing_events_project_and_stock_changes_only_the_quantity(db):
    write(db, LISTING_UPSERT, listing_body())
    write(db, LISTING_STOCK, {"listing_id": "L-1", "stock_offered": 2})
    row = db.execute("SELECT * FROM listings").fetchone()
    assert (row["state"], row["stock_offered"], row["title"]) == (
        "draft",
        2,
        "부사 사과 5kg 산지직송",
    )
    assert row["state_seq"] < row["updated_seq"]


def test_accepting_an_order_reserves_its_quantity_at_once(db):
    feed(db, ("order", order_data(order_id="O-1", quantity=3)))
    write(db, ORDER_STATUS, {"order_id": "O-1", "status": "accepted"})
    assert movement_ids(db, "P0002") == {"order/O-1/reserve"}
    assert level(db, "P0002") == -3
    status = db.execute("SELECT status, local_status FROM orders").fetchone()
    assert tuple(status) == ("accepted", "accepted")


def test_rebuild_remakes_device_rows_and_keeps_the_servers(db, clock):
    service = open_checkout(db, clock)
    pay(service, APPLE)
    write(db, STOCK_MOVEMENT, {"product_id": "P0002", "delta": 20, "reason": "receipt"})
    write(db, LISTING_UPSERT, listing_body(state="submitted"))
    feed(
        db,
        ("order", order_data(order_id="O-1", quantity=2)),
        ("order", order_data(order_id="O-2", quantity=1)),
    )
    write(db, ORDER_STATUS, {"order_id": "O-1", "status": "accepted"})
    write(db, ORDER_STATUS, {"order_id": "O-2", "status": "accepted"})
    acknowledge(db)
    feed(
        db,
        ("listing_status", {"listing_id": "L-1", "status": "published", "reason": None}),
        ("order", order_data(order_id="O-2", quantity=1, status="cancelled")),
        (
            "stock_movement",
            {
                "movement_id": "srv-1",
                "product_id": "P0013",
                "delta": 4,
                "reason": "adjustment",
                "order_id": None,
                "occurred_at": "2026-11-24T16:00:00.000Z",
            },
        ),
    )
    assert level(db, "P0002") == -1 + 20 - 2 - 1 + 1  # sale, receipt, O-1, O-2 and its release
    assert level(db, "P0013") == 4
    before = dump_online(db)

    with write_transaction(db):
        rebuild_projections(db)

    assert dump_online(db) == before


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(st.sampled_from(["P0001", "P0002", "P0003"]), st.integers(-9, 9).filter(bool)),
        max_size=25,
    )
)
def test_the_level_cache_is_always_the_sum_even_across_rebuilds(db, deltas):
    for number, (product_id, delta) in enumerate(deltas):
        reason = "receipt" if delta > 0 else "adjustment"
        body = {"product_id": product_id, "delta": delta, "reason": reason}
        if reason == "adjustment":
            body["adjust_reason"] = "lost"
        write(db, STOCK_MOVEMENT, body, seconds=number)
        if number % 7 == 3:
            with write_transaction(db):
                rebuild_projections(db)
    cached = {r[0]: r[1] for r in db.execute("SELECT * FROM stock_levels")}
    summed = stock_movements.summed_levels(db)
    assert {k: v for k, v in cached.items() if k in summed} == summed
    assert all(v == 0 for k, v in cached.items() if k not in summed)


def test_movements_are_never_changed_in_place(db):
    write(db, STOCK_MOVEMENT, {"product_id": "P0002", "delta": 1, "reason": "receipt"})
    with pytest.raises(UserFacingError) as refused, write_transaction(db):
        db.execute("UPDATE stock_movements SET delta = 100")
    assert isinstance(refused.value.__cause__, sqlite3.IntegrityError)
    assert level(db, "P0002") == 1
