"""The shop (stock, listings, online orders) end to end: the POS, the real central server
process, a customer and a reviewer.

- a listing from draft to published, its photos uploaded by hash before the event;
- an online order accepted, shipped with a tracking number and completed;
- counter sales made while the server is down, online orders placed and accepted around
  them, then synced: stock equal on both sides and to the arithmetic sum;
- a customer's cancellation releasing the reserved stock on both sides, once.

Against SQLite and a private PostgreSQL (the ``server`` fixture, conftest.py).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from online_harness import (
    APPLE,
    APPLE_ID,
    Shop,
    Vendor,
    server_levels,
    server_movement_ids,
    server_order,
)
from pictures import picture
from pos_harness import Pos
from servers import ServerProcess

from pos_app.domain.change_kinds import ChangeMeaning
from pos_app.domain.listings import ListingState
from pos_app.domain.orders import OrderStatus
from pos_app.store import media, sync_state
from pos_app.sync.errors import NetworkError


@pytest.fixture
def vendor(pos: Pos) -> Vendor:
    return Vendor(pos)


@pytest.fixture
def shop(server: ServerProcess) -> Iterator[Shop]:
    customer = Shop(server.url, server.admin_token)
    yield customer
    customer.close()


def publish(vendor: Vendor, shop: Shop, stock_offered: int = 10) -> str:
    """A published apple listing (one photo) with its stock on the server; its id."""
    listing = vendor.listings.submit(
        vendor.apple_listing(picture(1600, 1200, (190, 30, 40)), stock_offered=stock_offered)
    )
    vendor.pos.drain()
    shop.review(listing.listing_id, "publish")
    vendor.pull_until(
        lambda: vendor.listings.listing(listing.listing_id).status is ListingState.PUBLISHED
    )
    return listing.listing_id


def assert_stock_agrees(server: ServerProcess, vendor: Vendor, expected: dict[str, int]) -> None:
    assert sync_state.pending_stats(vendor.pos.conn).count == 0, "everything pushed"
    on_server = server_levels(server.database_url, server.seed["merchant_id"])
    assert vendor.levels() == on_server == expected


def test_a_listing_goes_from_draft_to_published_with_its_photos(server, vendor, shop):
    red, green = picture(4032, 3024, (200, 40, 40)), picture(1000, 1000, (40, 160, 60))
    vendor.stock.receive(APPLE_ID, 30)
    draft = vendor.listings.save_draft(vendor.apple_listing(red, green, stock_offered=12))
    photos = draft.photos
    assert len(photos) == 2 and draft.status is ListingState.DRAFT
    assert all(shop.photo(sha).status_code == 404 for sha in photos)  # nothing sent yet

    submitted = vendor.listings.submit(vendor.listings.as_input(draft))
    vendor.pos.drain()
    for sha in photos:  # uploaded by hash, byte for byte what the POS made
        served = shop.photo(sha)
        assert served.status_code == 200
        assert served.content == media.get_media(vendor.pos.conn, sha).data
        assert media.sha256_hex(served.content) == sha
    # Photos first, then the events: nothing was declined (media_missing) or left over.
    answers = vendor.pos.conn.execute("SELECT outcome, detail FROM sync_results").fetchall()
    assert {row[0] for row in answers} == {"recorded"}, [tuple(r) for r in answers]
    assert sync_state.pending_stats(vendor.pos.conn).count == 0
    assert submitted.listing_id not in shop.listings()  # in review: not on sale

    shop.review(submitted.listing_id, "reject", reason="사진이 어둡습니다")
    vendor.pull_until(
        lambda: vendor.listings.listing(submitted.listing_id).status is ListingState.REJECTED
    )
    assert vendor.listings.listing(submitted.listing_id).review_reason == "사진이 어둡습니다"

    resubmitted = vendor.listings.submit(vendor.listings.as_input(submitted))
    assert resubmitted.status is ListingState.SUBMITTED
    vendor.pos.drain()
    shop.review(submitted.listing_id, "publish")
    vendor.pull_until(
        lambda: vendor.listings.listing(submitted.listing_id).status is ListingState.PUBLISHED
    )
    on_sale = shop.listings()[submitted.listing_id]
    assert on_sale["photos"] == list(photos)
    assert (on_sale["price"], on_sale["available"]) == (32_000, 12)  # min(offered, level 30)
    shown = vendor.listings.listing(submitted.listing_id)
    assert (shown.split.fee, shown.split.payout) == (320, 31_680)  # the mall's 1 %

    vendor.listings.withdraw(submitted.listing_id)
    vendor.pos.drain()
    assert submitted.listing_id not in shop.listings()  # off sale at once


def test_an_online_order_is_accepted_shipped_and_completed(server, vendor, shop):
    vendor.stock.receive(APPLE_ID, 10)
    listing_id = publish(vendor, shop)
    placed = shop.order(listing_id, 2)
    order_id = placed["order_id"]

    kinds = vendor.pull_until(lambda: vendor.orders.order(order_id) is not None)
    assert {"order", ChangeMeaning.ORDERS_NEW} <= kinds
    assert vendor.orders.unseen_count() == 1
    order = vendor.orders.order(order_id)
    assert (order.status, order.quantity, order.total) == (OrderStatus.PLACED, 2, 67_000)
    assert (order.fee, order.payout) == (640, 66_360)  # 1 % of the goods, not the delivery

    assert vendor.orders.accept(order_id).status is OrderStatus.ACCEPTED
    assert vendor.orders.unseen_count() == 0
    vendor.pos.drain()
    assert server_order(server.database_url, order_id) == ("accepted", "")
    assert_stock_agrees(server, vendor, {APPLE_ID: 8})

    vendor.orders.preparing(order_id)
    vendor.orders.shipped(order_id, tracking_no="6091-2345-6789")
    vendor.pos.drain()
    assert server_order(server.database_url, order_id) == ("shipped", "6091-2345-6789")
    assert shop.cancel(order_id).status_code == 409  # on its way: no longer cancellable

    vendor.orders.completed(order_id)
    vendor.pos.drain()
    assert server_order(server.database_url, order_id)[0] == "completed"
    vendor.pull_until(lambda: not vendor.orders.order(order_id).pending_sync)
    assert vendor.orders.order(order_id).status is OrderStatus.COMPLETED
    assert vendor.orders.open_orders() == []
    assert_stock_agrees(server, vendor, {APPLE_ID: 8})  # completing moved nothing more


def test_offline_counter_sales_and_online_orders_converge(server, vendor, shop):
    vendor.stock.receive(APPLE_ID, 40)
    listing_id = publish(vendor, shop, stock_offered=20)
    first, second = shop.order(listing_id, 3)["order_id"], shop.order(listing_id, 2)["order_id"]
    vendor.pull_until(lambda: vendor.orders.needs_action_count() == 2)
    codes = [vendor.pos.code() for _ in range(5)]  # the customers' phones, minted online

    server.stop()  # the server is down: the counter goes on
    vendor.orders.accept(first)
    for code in codes:
        vendor.pos.pay(APPLE, code=code)
    vendor.stock.adjust(APPLE_ID, -1, "damaged")
    with pytest.raises(NetworkError):
        vendor.pos.drain()
    assert vendor.level() == 40 - 3 - 5 - 1

    server.start()  # back for the customers, before the POS has synced
    third = shop.order(listing_id, 4)["order_id"]
    assert shop.cancel(second, "다른 곳에서 샀어요").status_code == 200
    vendor.orders.accept(second)  # the POS does not know yet: it reserves
    assert vendor.level() == 40 - 3 - 5 - 1 - 2

    vendor.pos.drain()  # the second acceptance is declined: the customer cancelled first
    vendor.pull_until(
        lambda: (
            vendor.orders.order(second).status is OrderStatus.CANCELLED
            and vendor.orders.order(third) is not None
        )
    )
    vendor.orders.accept(third)
    vendor.pos.drain()
    vendor.pull_until(lambda: not vendor.orders.order(third).pending_sync)

    expected = 40 - 3 - 5 - 1 - 4  # receipt, first order, five sales, damaged, third order
    assert_stock_agrees(server, vendor, {APPLE_ID: expected})
    assert server_order(server.database_url, second)[0] == "cancelled"
    assert server_order(server.database_url, first)[0] == "accepted"
    assert f"order/{second}/reserve" not in server_movement_ids(
        server.database_url, server.seed["merchant_id"]
    )


def test_a_customer_cancellation_releases_the_stock_on_both_sides(server, vendor, shop):
    vendor.stock.receive(APPLE_ID, 10)
    listing_id = publish(vendor, shop)
    order_id = shop.order(listing_id, 3, "pickup")["order_id"]
    vendor.pull_until(lambda: vendor.orders.order(order_id) is not None)
    vendor.orders.accept(order_id)
    vendor.pos.drain()
    assert_stock_agrees(server, vendor, {APPLE_ID: 7})
    assert shop.listings()[listing_id]["available"] == 7  # min(10 offered, level 7)

    cancelled = shop.cancel(order_id, "일정이 바뀌었어요")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    kinds = vendor.pull_until(lambda: vendor.orders.order(order_id).status is OrderStatus.CANCELLED)
    assert {ChangeMeaning.ORDERS_CANCELLED, ChangeMeaning.STOCK_CHANGED} <= kinds
    vendor.pos.engine.pull_once(wait_s=0)  # the server's own copy of the release: a no-op

    assert_stock_agrees(server, vendor, {APPLE_ID: 10})
    release = f"order/{order_id}/release"
    assert release in server_movement_ids(server.database_url, server.seed["merchant_id"])
    local = [m.movement_id for m in vendor.stock.movements(APPLE_ID)]
    assert local.count(release) == 1
    assert vendor.orders.order(order_id).status_reason == "일정이 바뀌었어요"
