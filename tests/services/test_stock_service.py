"""Receiving goods, adjusting with a reason, counting; levels, low stock and oversells."""

from __future__ import annotations

import sqlite3

import pytest
from helpers import FIXED_NOW
from online_support import feed, level, order_data

from pos_app.domain.clock import Clock, unix_seconds
from pos_app.domain.errors import UserFacingError
from pos_app.domain.stock import AdjustReason, StockState
from pos_app.services.checkout import open_checkout
from pos_app.services.demo import mint_demo_code
from pos_app.services.orders import OrderService
from pos_app.services.stock import StockService
from pos_app.store.database import write_transaction
from pos_app.store.journal import iter_events
from pos_app.store.projection import PRODUCT_UPSERT, record

APPLE = "8808123000028"  # P0002


@pytest.fixture
def stock(db: sqlite3.Connection, clock: Clock) -> StockService:
    return StockService(db, clock)


def journal_types(conn: sqlite3.Connection) -> list[str]:
    return [event.type for event in iter_events(conn)]


def set_low_mark(conn: sqlite3.Connection, product_id: str, low_stock_at: int | None) -> None:
    row = conn.execute(
        "SELECT name, price FROM products WHERE product_id = ?", (product_id,)
    ).fetchone()
    body = {"product_id": product_id, "name": row[0], "price": row[1]}
    with write_transaction(conn):
        record(conn, PRODUCT_UPSERT, {**body, "low_stock_at": low_stock_at}, occurred_at=FIXED_NOW)


def test_receiving_goods_is_one_event_and_raises_the_level(stock, db):
    before = journal_types(db)
    recorded: list[int] = []
    stock._on_recorded = lambda: recorded.append(1)

    shown = stock.receive("P0002", 12, note="산지 입고")

    assert journal_types(db) == [*before, "stock_movement"]
    assert (shown.level, shown.state) == (12, StockState.OK)
    assert level(db, "P0002") == 12
    assert recorded == [1]
    (newest,) = stock.movements("P0002", limit=1)
    assert (newest.delta, newest.reason, newest.note, newest.source) == (
        12,
        "receipt",
        "산지 입고",
        "device",
    )


def test_adjustments_carry_their_reason_and_other_needs_a_note(stock, db):
    stock.receive("P0002", 10)
    assert stock.adjust("P0002", -2, AdjustReason.DAMAGED).level == 8
    assert stock.adjust("P0002", -1, "other", note="시식용").level == 7
    head = len(journal_types(db))
    for args, key in (
        (("P0002", -1, AdjustReason.OTHER), "stock.note_required"),
        (("P0002", 0, AdjustReason.LOST), "stock.bad_delta"),
        (("P0002", -1, "stolen"), "stock.bad_adjust_reason"),
        (("NOPE", -1, AdjustReason.LOST), "product.unknown"),
    ):
        with pytest.raises(UserFacingError) as refused:
            stock.adjust(*args)
        assert refused.value.key == key
    assert len(journal_types(db)) == head  # nothing recorded by a refusal
    reasons = [m.adjust_reason for m in stock.movements("P0002")]
    assert reasons == ["other", "damaged", None]  # newest first; a receipt has none


@pytest.mark.parametrize("quantity", [0, -3, 1_000_001, True, 2.5])
def test_a_receipt_needs_a_positive_whole_quantity(stock, quantity):
    with pytest.raises(UserFacingError) as refused:
        stock.receive("P0002", quantity)
    assert refused.value.code == "E701"


def test_a_count_adjusts_by_the_difference_as_it_stands_when_recorded(stock, db, clock):
    stock.receive("P0002", 10)
    checkout = open_checkout(db, clock)
    checkout.handle_scan(APPLE)
    checkout.handle_scan(mint_demo_code(unix_seconds(FIXED_NOW)))  # one sold meanwhile: 9
    head = len(journal_types(db))
    assert stock.count("P0002", 9).level == 9
    assert len(journal_types(db)) == head  # the count matched: nothing to record
    counted = stock.count("P0002", 6, note="월말 실사")
    assert counted.level == 6
    newest = stock.movements("P0002", limit=1)[0]
    assert (newest.delta, newest.adjust_reason) == (-3, "count_correction")


def test_states_low_stock_and_oversold_lists(stock, db):
    set_low_mark(db, "P0002", 5)
    set_low_mark(db, "P0003", 2)
    stock.receive("P0002", 4)  # at or below 5: low
    stock.receive("P0003", 10)  # ok
    stock.adjust("P0004", -2, AdjustReason.COUNT_CORRECTION)  # below zero: oversold
    states = {s.product_id: s.state for s in stock.levels()}
    assert states["P0002"] is StockState.LOW
    assert states["P0003"] is StockState.OK
    assert states["P0004"] is StockState.OVERSOLD
    assert states["P0005"] is StockState.OUT  # never moved: zero
    assert [s.product_id for s in stock.low_stock()] == ["P0002"]
    assert [(s.product_id, s.level) for s in stock.oversold()] == [("P0004", -2)]


def test_an_oversell_from_online_orders_is_listed_not_hidden(stock, db, clock):
    stock.receive("P0002", 1)
    feed(db, ("order", order_data(order_id="O-1", quantity=3)))
    OrderService(db, clock).accept("O-1")
    oversold = stock.oversold()
    assert [(s.product_id, s.level, s.state) for s in oversold] == [
        ("P0002", -2, StockState.OVERSOLD)
    ]
    assert "order/O-1/reserve" in {m.movement_id for m in stock.movements("P0002")}
