"""The vendor's side of an online order: accept (reserving stock) or reject, then prepare,
hand over or ship, complete; every move checked first and journalled once."""

from __future__ import annotations

import sqlite3

import pytest
from online_support import feed, level, order_data

from pos_app.domain.clock import Clock
from pos_app.domain.errors import UserFacingError
from pos_app.domain.orders import OrderStatus
from pos_app.services.orders import OrderService
from pos_app.store.journal import iter_events


@pytest.fixture
def orders(db: sqlite3.Connection, clock: Clock) -> OrderService:
    return OrderService(db, clock)


def moves(conn: sqlite3.Connection) -> list[dict]:
    return [event.body for event in iter_events(conn) if event.type == "order_status"]


def test_a_parcel_order_from_acceptance_to_completion(orders, db):
    feed(db, ("order", order_data(order_id="O-1", quantity=2)))
    woken: list[int] = []
    orders._on_recorded = lambda: woken.append(1)

    accepted = orders.accept("O-1")
    assert accepted.status is OrderStatus.ACCEPTED and accepted.pending_sync
    assert level(db, "P0002") == -2  # reserved at once
    assert orders.preparing("O-1").status is OrderStatus.PREPARING
    shipped = orders.shipped("O-1", tracking_no=" 6012-3456-7890 ")
    assert (shipped.status, shipped.tracking_no) == (OrderStatus.SHIPPED, "6012-3456-7890")
    assert orders.completed("O-1").status is OrderStatus.COMPLETED
    assert level(db, "P0002") == -2  # completing moves nothing: the reservation was the sale

    assert moves(db) == [
        {"order_id": "O-1", "status": "accepted"},
        {"order_id": "O-1", "status": "preparing"},
        {"order_id": "O-1", "status": "shipped", "tracking_no": "6012-3456-7890"},
        {"order_id": "O-1", "status": "completed"},
    ]
    assert woken == [1, 1, 1, 1]
    assert orders.open_orders() == []
    assert [o.order_id for o in orders.all_orders()] == ["O-1"]


def test_a_pickup_order_waits_for_pickup_and_is_never_shipped(orders, db):
    feed(db, ("order", order_data(order_id="O-1", delivery_method="pickup", delivery_fee=0)))
    orders.accept("O-1")
    with pytest.raises(UserFacingError) as refused:
        orders.shipped("O-1", tracking_no="1")
    assert refused.value.code == "E743"
    assert orders.ready_for_pickup("O-1").status is OrderStatus.READY_FOR_PICKUP
    assert orders.completed("O-1").status is OrderStatus.COMPLETED


def test_same_day_delivery_ships_without_a_tracking_number(orders, db):
    feed(db, ("order", order_data(order_id="O-1", delivery_method="same_day", channel="onsijang")))
    orders.accept("O-1")
    assert orders.shipped("O-1").tracking_no is None


def test_refusals_name_the_rule_and_record_nothing(orders, db):
    feed(
        db,
        ("order", order_data(order_id="O-1")),
        ("order", order_data(order_id="O-2", status="cancelled")),
    )
    for move, code in (
        (lambda: orders.reject("O-1", "  "), "E744"),  # the customer is owed a reason
        (lambda: orders.completed("O-1"), "E743"),  # not accepted yet
        (lambda: orders.accept("O-2"), "E742"),  # the customer cancelled
        (lambda: orders.accept("O-404"), "E741"),
    ):
        with pytest.raises(UserFacingError) as refused:
            move()
        assert refused.value.code == code
    orders.accept("O-1")
    with pytest.raises(UserFacingError) as refused:
        orders.shipped("O-1")  # a parcel without its tracking number
    assert refused.value.code == "E745"
    assert moves(db) == [{"order_id": "O-1", "status": "accepted"}]


def test_a_rejection_keeps_stock_and_tells_the_customer_why(orders, db):
    feed(db, ("order", order_data(order_id="O-1")))
    rejected = orders.reject("O-1", "재고가 없습니다")
    assert (rejected.status, rejected.status_reason) == (OrderStatus.REJECTED, "재고가 없습니다")
    assert level(db, "P0002") == 0
    assert moves(db) == [{"order_id": "O-1", "status": "rejected", "reason": "재고가 없습니다"}]


def test_unseen_and_needing_action_counts(orders, db):
    feed(db, ("order", order_data(order_id="O-1")), ("order", order_data(order_id="O-2")))
    assert (orders.unseen_count(), orders.needs_action_count()) == (2, 2)
    assert orders.mark_seen(["O-1"]) == 1
    assert (orders.unseen_count(), orders.needs_action_count()) == (1, 2)
    orders.accept("O-2")  # acting on an order is looking at it
    assert (orders.unseen_count(), orders.needs_action_count()) == (0, 1)
    assert [o.order_id for o in orders.open_orders()] == ["O-1", "O-2"]  # placed together
    assert not any(e.type == "order_seen" for e in iter_events(db))  # not journalled
