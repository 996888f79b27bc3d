"""The changes feed's shop types on a real file: orders, listing reviews, server movements.

What is checked: the kinds reported (the screen's alert depends on them), the badge
counts, that a snapshot never undoes a move still in the outbox, that a cancellation
always wins and releases a reservation exactly once whichever side's release comes first,
and that a malformed change does not block the ones after it.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from helpers import FIXED_NOW
from online_support import acknowledge, feed, level, listing_body, movement_ids, order_data

from pos_app.domain.change_kinds import ChangeMeaning
from pos_app.store import orders, sync_state
from pos_app.store.database import write_transaction
from pos_app.store.listings import listing_by_id
from pos_app.store.projection import LISTING_STOCK, LISTING_UPSERT, ORDER_STATUS, record

NEW, CANCELLED, STOCK = (
    ChangeMeaning.ORDERS_NEW,
    ChangeMeaning.ORDERS_CANCELLED,
    ChangeMeaning.STOCK_CHANGED,
)


@pytest.fixture
def db(demo_db: sqlite3.Connection) -> sqlite3.Connection:
    return demo_db


def move(conn: sqlite3.Connection, order_id: str, status: str, **extra) -> int:
    with write_transaction(conn):
        event = record(
            conn,
            ORDER_STATUS,
            {"order_id": order_id, "status": status, **extra},
            occurred_at=FIXED_NOW + timedelta(minutes=1),
        )
    return event.seq


def shown(conn: sqlite3.Connection, order_id: str) -> str:
    found = orders.order_by_id(conn, order_id)
    assert found is not None
    return found.status.value


def release(order_id: str, quantity: int = 2) -> dict:
    return {
        "movement_id": f"order/{order_id}/release",
        "product_id": "P0002",
        "delta": quantity,
        "reason": "online_release",
        "order_id": order_id,
        "occurred_at": "2026-11-24T16:00:00.000Z",
    }


def test_a_new_order_is_reported_counted_and_seen_once(db):
    kinds = feed(db, ("order", order_data(order_id="O-1")))
    assert kinds == {"order", NEW}
    assert (orders.count_unseen(db), orders.count_needing_action(db)) == (1, 1)

    again = feed(db, ("order", order_data(order_id="O-1", updated_at="2026-11-24T15:01:00.000Z")))
    assert again == {"order"}  # an update of a known order is not a new one
    with write_transaction(db):
        assert orders.mark_seen(db) == 1
    assert (orders.count_unseen(db), orders.count_needing_action(db)) == (0, 1)
    feed(db, ("order", order_data(order_id="O-1")))
    assert orders.count_unseen(db) == 0  # an update does not make it unseen again


def test_a_snapshot_of_older_orders_is_not_news(db):
    kinds = feed(
        db,
        ("order", order_data(order_id="O-1", status="completed")),
        ("order", order_data(order_id="O-2", status="accepted")),
    )
    assert NEW not in kinds
    assert orders.count_unseen(db) == 0
    assert movement_ids(db) == set()  # another device's (or an older) acceptance: not ours


def test_a_snapshot_does_not_undo_a_move_still_in_the_outbox(db):
    feed(db, ("order", order_data(order_id="O-1", quantity=2)))
    move(db, "O-1", "accepted")
    move(db, "O-1", "shipped", tracking_no="1234-5678")
    feed(db, ("order", order_data(order_id="O-1", quantity=2)), cursor="0")  # still 'placed'
    assert shown(db, "O-1") == "shipped"
    found = orders.order_by_id(db, "O-1")
    assert found.tracking_no == "1234-5678" and found.pending_sync
    assert level(db, "P0002") == -2

    acknowledge(db)
    feed(db, ("order", order_data(order_id="O-1", quantity=2, status="accepted")))
    assert shown(db, "O-1") == "shipped"  # a stale change behind our acknowledged move
    assert not orders.order_by_id(db, "O-1").pending_sync
    feed(db, ("order", order_data(order_id="O-1", quantity=2, status="completed")))
    assert shown(db, "O-1") == "completed"  # the server ahead of us: its word
    assert level(db, "P0002") == -2


@pytest.mark.parametrize("server_release_first", [False, True])
def test_a_cancellation_releases_our_reservation_once(db, server_release_first):
    feed(db, ("order", order_data(order_id="O-1", quantity=2)))
    move(db, "O-1", "accepted")
    acknowledge(db)
    assert level(db, "P0002") == -2
    cancelled = order_data(order_id="O-1", quantity=2, status="cancelled", status_reason="변심")
    pages = [("stock_movement", release("O-1")), ("order", cancelled)]
    if not server_release_first:
        pages.reverse()
    first = feed(db, pages[0])
    second = feed(db, pages[1])
    assert STOCK in first and STOCK not in second  # the second copy is a no-op
    assert CANCELLED in first | second
    assert level(db, "P0002") == 0
    assert shown(db, "O-1") == "cancelled"
    assert orders.order_by_id(db, "O-1").status_reason == "변심"


def test_a_cancellation_wins_over_our_unacknowledged_acceptance(db):
    feed(db, ("order", order_data(order_id="O-1", quantity=2)))
    seq = move(db, "O-1", "accepted")  # offline: the server never reserved
    kinds = feed(db, ("order", order_data(order_id="O-1", quantity=2, status="cancelled")))
    assert {CANCELLED, STOCK} <= kinds
    assert level(db, "P0002") == 0
    # The server then declines the late acceptance: nothing moves twice.
    acknowledge(db, {seq: ("declined", {"code": "order_cancelled", "message": "취소됨"})})
    assert level(db, "P0002") == 0
    assert movement_ids(db, "P0002") == {"order/O-1/reserve", "order/O-1/release"}


def test_a_declined_acceptance_shows_the_servers_status_and_gives_the_stock_back(db):
    feed(db, ("order", order_data(order_id="O-1", quantity=2)))
    seq = move(db, "O-1", "accepted")
    feed(db, ("order", order_data(order_id="O-1", quantity=2, status="rejected")))
    assert shown(db, "O-1") == "rejected"  # not on our path: the server's word
    assert level(db, "P0002") == 0
    acknowledge(db, {seq: ("declined", {"code": "order_transition_invalid", "message": "x"})})
    assert shown(db, "O-1") == "rejected"
    assert level(db, "P0002") == 0


def test_a_server_release_without_our_reservation_is_not_ours_to_apply(db):
    feed(db, ("order", order_data(order_id="O-9", quantity=2, status="cancelled")))
    assert feed(db, ("stock_movement", release("O-9"))) == {"stock_movement"}
    assert level(db, "P0002") == 0


def test_each_server_movement_counts_once(db):
    movement = {
        "movement_id": "srv-7",
        "product_id": "P0013",
        "delta": -4,
        "reason": "adjustment",
        "order_id": None,
        "occurred_at": "2026-11-24T16:00:00.000Z",
    }
    assert STOCK in feed(db, ("stock_movement", movement))
    assert STOCK not in feed(db, ("stock_movement", movement))
    assert level(db, "P0013") == -4


def test_a_review_shows_only_for_the_submission_it_reviewed(db):
    body = listing_body(title="부사 사과", photos=["c" * 64], stock_offered=3, state="submitted")
    with write_transaction(db):
        record(db, LISTING_UPSERT, body, occurred_at=FIXED_NOW)
    acknowledge(db)
    feed(db, ("listing_status", {"listing_id": "L-1", "status": "rejected", "reason": "사진 흐림"}))
    rejected = listing_by_id(db, "L-1")
    assert (rejected.status.value, rejected.review_reason) == ("rejected", "사진 흐림")

    with write_transaction(db):
        record(db, LISTING_UPSERT, {**body, "photos": ["d" * 64]}, occurred_at=FIXED_NOW)
    # The old rejection arrives again (a fresh snapshot) before the server has the resubmission.
    feed(db, ("listing_status", {"listing_id": "L-1", "status": "rejected", "reason": "사진 흐림"}))
    resubmitted = listing_by_id(db, "L-1")
    assert (resubmitted.status.value, resubmitted.review_reason) == ("submitted", None)

    acknowledge(db)
    feed(db, ("listing_status", {"listing_id": "L-1", "status": "published", "reason": None}))
    assert listing_by_id(db, "L-1").status.value == "published"


def test_a_malformed_change_is_skipped_and_the_rest_applied(db):
    broken = order_data(order_id="O-1")
    del broken["quantity"]
    kinds = feed(
        db,
        ("order", broken),
        ("stock_movement", {"movement_id": "m", "product_id": "P0002", "delta": 1}),
        ("order", order_data(order_id="O-2")),
    )
    assert NEW in kinds
    assert orders.order_by_id(db, "O-1") is None
    assert orders.order_by_id(db, "O-2") is not None
    assert movement_ids(db) == set()
    assert sync_state.load_cursor(db) == "c"


def test_a_review_naming_our_upsert_counts_before_its_answer_is_stored(db):
    """The long poll can bring the review before the pusher has stored the server's answer
    to our upsert (a listing showed "심사 중" after it was published): the change names the event
    it stands on, so the acknowledged seq does not have to win that race."""
    body = listing_body(title="부사 사과", photos=["c" * 64], stock_offered=3, state="submitted")
    with write_transaction(db):
        upsert = record(db, LISTING_UPSERT, body, occurred_at=FIXED_NOW)
    published = {"listing_id": "L-1", "status": "published", "reason": None}
    feed(db, ("listing_status", {**published, "event_id": upsert.event_id}))  # not acked yet
    assert listing_by_id(db, "L-1").status.value == "published"

    # A change made before the server had our edit shows our state, even once acknowledged.
    with write_transaction(db):
        edit = record(db, LISTING_UPSERT, {**body, "title": "사과"}, occurred_at=FIXED_NOW)
    acknowledge(db)
    feed(db, ("listing_status", {**published, "event_id": upsert.event_id}))
    assert listing_by_id(db, "L-1").status.value == "submitted"
    feed(db, ("listing_status", {**published, "event_id": edit.event_id}))
    assert listing_by_id(db, "L-1").status.value == "published"


def test_the_offer_shown_is_what_the_server_has_left_of_it(db):
    """Orders placed online take from the offer on the server; the listing shows that figure
    once the server had our latest change of it, ours until then."""
    body = listing_body(title="부사 사과", photos=["c" * 64], stock_offered=10, state="submitted")
    with write_transaction(db):
        upsert = record(db, LISTING_UPSERT, body, occurred_at=FIXED_NOW)
    acknowledge(db)
    status = {"listing_id": "L-1", "status": "published", "reason": None}
    feed(db, ("listing_status", {**status, "stock_offered": 8, "event_id": upsert.event_id}))
    assert listing_by_id(db, "L-1").stock_offered == 8  # an order of 2 was placed

    with write_transaction(db):
        change = record(
            db, LISTING_STOCK, {"listing_id": "L-1", "stock_offered": 20}, occurred_at=FIXED_NOW
        )
    assert listing_by_id(db, "L-1").stock_offered == 20  # ours, the server has not had it
    feed(db, ("listing_status", {**status, "stock_offered": 7, "event_id": upsert.event_id}))
    assert listing_by_id(db, "L-1").stock_offered == 20  # counted before our change
    feed(db, ("listing_status", {**status, "stock_offered": 19, "event_id": change.event_id}))
    assert listing_by_id(db, "L-1").stock_offered == 19
