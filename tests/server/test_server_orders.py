"""Online orders: placement paid from the wallet, the vendor's transitions, cancellations."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from server_support import (
    DEMO_WALLET,
    SMALL_WALLET,
    Harness,
    PosDevice,
    assert_problem,
    open_shop,
)

from central_server import admin


@pytest.fixture
def device(harness: Harness) -> PosDevice:
    device = harness.enrol()
    open_shop(harness, device, stock=10)
    return device


def feed(device: PosDevice, cursor: str | None = None, wait: int = 0) -> dict[str, Any]:
    response = device.changes(cursor, wait)
    assert response.status_code == 200, response.text
    return response.json()


def orders_in(changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [change["data"] for change in changes if change["type"] == "order"]


def test_an_order_is_paid_at_once_and_reaches_the_vendor(harness: Harness, device: PosDevice):
    cursor = feed(device)["cursor"]
    before = harness.balance()
    order = harness.order_ok(quantity=2, delivery_method="parcel", request_note="문 앞에")
    assert order["status"] == "placed"
    assert order["order_id"].startswith("O-")
    # 온시장: no platform fee; the parcel fee is the merchant's.
    assert {k: order[k] for k in ("quantity", "unit_price", "goods", "delivery_fee")} == {
        "quantity": 2,
        "unit_price": 30_000,
        "goods": 60_000,
        "delivery_fee": 3_000,
    }
    assert (order["fee"], order["payout"], order["total"]) == (0, 63_000, 63_000)
    assert (order["status_reason"], order["tracking_no"]) == (None, None)
    assert order["placed_at"] == order["updated_at"] == "2026-11-24T15:30:00.000Z"
    assert harness.balance() == before - 63_000
    assert harness.level() == 10  # a placed order holds no stock until the vendor accepts
    (seen,) = orders_in(feed(device, cursor)["changes"])
    assert seen == order
    assert orders_in(feed(device)["changes"]) == [order]  # and in the snapshot


def test_the_mall_takes_one_percent_of_the_goods(harness: Harness):
    device = harness.enrol(name="POS-MALL")
    open_shop(
        harness,
        device,
        listing_id="L-MALL",
        product_id="P-MALL",
        channel="mall",
        price=12_990,
        delivery={"parcel_fee": 3_000, "pickup": False, "same_day_fee": None},
    )
    order = harness.order_ok("L-MALL", 3, delivery_method="parcel")
    assert (order["goods"], order["fee"], order["payout"], order["total"]) == (
        38_970,
        389,  # floor(1 %), in the merchant's favour
        38_970 + 3_000 - 389,
        38_970 + 3_000,
    )


def test_a_new_order_wakes_the_vendors_long_poll(harness: Harness, device: PosDevice):
    cursor = feed(device)["cursor"]
    answers: list[dict[str, Any]] = []
    poll = threading.Thread(target=lambda: answers.append(feed(device, cursor, wait=20)))
    started = time.monotonic()
    poll.start()
    order = harness.order_ok()
    poll.join(timeout=25)
    assert not poll.is_alive()
    assert time.monotonic() - started < 10  # woken by the commit, not by the timeout
    assert [o["order_id"] for o in orders_in(answers[0]["changes"])] == [order["order_id"]]


def test_ordering_more_than_is_available_is_refused(harness: Harness, device: PosDevice):
    device.record("listing_stock", {"listing_id": "L-0001", "stock_offered": 10})
    device.record(
        "stock_movement",
        {"product_id": "P001", "delta": -7, "reason": "adjustment", "adjust_reason": "damaged"},
    )  # level 3
    body = assert_problem(harness.order(quantity=4), 409, "out_of_stock")
    assert body["available"] == 3
    harness.order_ok(quantity=2)
    # The placed order holds the stock from others, though the vendor has not accepted it.
    assert assert_problem(harness.order(quantity=2), 409, "out_of_stock")["available"] == 1
    harness.order_ok(quantity=1)
    assert_problem(harness.order(quantity=1), 409, "out_of_stock")


def test_orders_take_from_the_listings_offer(harness: Harness, device: PosDevice):
    """Level 10, offered 5: the offer sells 5 online in all, not 5 at a time."""

    def available() -> int:
        return int(harness.client.get("/v1/shop/listings").json()["listings"][0]["available"])

    first = harness.order_ok(quantity=3)
    assert available() == 2
    assert_problem(harness.order(quantity=3), 409, "out_of_stock")
    second = harness.order_ok(quantity=2)
    assert_problem(harness.order(quantity=1), 409, "out_of_stock")
    device.order_status(first["order_id"], "accepted")  # level 7: the 3 are sold, not back
    assert available() == 0
    device.order_status(first["order_id"], "preparing")
    device.order_status(first["order_id"], "ready_for_pickup")
    device.order_status(first["order_id"], "completed")
    assert available() == 0
    # Not sold after all: a rejected order gives its quantity back to the offer.
    device.order_status(second["order_id"], "rejected", reason="품절")
    assert available() == 2


def test_a_short_balance_is_402_and_changes_nothing(harness: Harness, device: PosDevice):
    before = harness.balance(SMALL_WALLET)  # 30,000 won
    body = assert_problem(
        harness.order(quantity=1, delivery_method="parcel", wallet_id=SMALL_WALLET),
        402,
        "insufficient_balance",
    )
    assert (body["total"], body["balance"]) == (33_000, 30_000)
    assert harness.balance(SMALL_WALLET) == before
    assert orders_in(feed(device)["changes"]) == []
    harness.order_ok(quantity=1, delivery_method="pickup", wallet_id=SMALL_WALLET)  # 30,000


@pytest.mark.parametrize(
    ("fields", "status", "code"),
    [
        ({"listing_id": "L-NOPE"}, 404, "listing_unknown"),
        ({"wallet_id": "999"}, 404, "wallet_unknown"),
        ({"wallet_id": "007"}, 404, "wallet_unknown"),
        ({"delivery_method": "drone"}, 422, "invalid_request"),
        ({"quantity": 0}, 422, "invalid_request"),
        ({"customer_name": ""}, 422, "invalid_request"),
        ({"delivery_method": "parcel", "address": "  "}, 422, "address_required"),
    ],
)
def test_bad_orders_are_refused(
    harness: Harness, device: PosDevice, fields: dict[str, Any], status: int, code: str
):
    before = harness.balance()
    assert_problem(harness.order(**fields), status, code)
    assert harness.balance() == before


def test_a_method_the_listing_does_not_offer_is_422(harness: Harness):
    device = harness.enrol(name="POS-2")
    open_shop(
        harness,
        device,
        listing_id="L-PICKUP",
        product_id="P-PICKUP",
        delivery={"parcel_fee": None, "pickup": True, "same_day_fee": None},
    )
    body = assert_problem(
        harness.order("L-PICKUP", delivery_method="parcel"), 422, "delivery_unavailable"
    )
    assert body["offered"] == ["pickup"]


def test_a_rejection_refunds_the_customer_in_full(harness: Harness, device: PosDevice):
    before = harness.balance()
    order = harness.order_ok(quantity=2, delivery_method="same_day")
    assert harness.balance() == before - 65_000
    cursor = feed(device)["cursor"]
    no_reason = device.order_status(order["order_id"], "rejected")
    assert (no_reason["outcome"], no_reason["code"]) == ("declined", "reason_required")
    result = device.order_status(order["order_id"], "rejected", reason="오늘 배송 마감")
    assert result == {
        "seq": result["seq"],
        "event_id": result["event_id"],
        "status": "applied",
        "outcome": "accepted",
    }
    assert harness.balance() == before
    assert harness.level() == 10
    (rejected,) = orders_in(feed(device, cursor)["changes"])
    assert (rejected["status"], rejected["status_reason"]) == ("rejected", "오늘 배송 마감")


def test_a_parcel_order_from_accept_to_completed(harness: Harness, device: PosDevice):
    order = harness.order_ok(quantity=1, delivery_method="parcel")
    cursor = feed(device)["cursor"]
    harness.clock.advance(60)
    steps = [
        ("accepted", {}),
        ("preparing", {}),
        ("shipped", {"tracking_no": "6012-3456-7890"}),
        ("completed", {}),
    ]
    for status, fields in steps:
        result = device.order_status(order["order_id"], status, **fields)
        assert result["outcome"] == "accepted", (status, result)
    changes = orders_in(feed(device, cursor)["changes"])
    assert [c["status"] for c in changes] == ["accepted", "preparing", "shipped", "completed"]
    assert changes[-1]["tracking_no"] == "6012-3456-7890"
    assert changes[-1]["updated_at"] == "2026-11-24T15:31:00.000Z"
    assert harness.level() == 9  # the reservation was the sale; completing moved nothing
    assert_problem(harness.cancel(order["order_id"]), 409, "order_not_cancellable")


@pytest.mark.parametrize(
    ("path", "fields", "code"),
    [
        ([], {"status": "shipped", "tracking_no": "1"}, "order_transition_invalid"),
        ([], {"status": "completed"}, "order_transition_invalid"),
        ([], {"status": "cancelled"}, "order_transition_invalid"),  # the customer's move
        ([], {"status": "teleported"}, "order_transition_invalid"),
        (["accepted"], {"status": "accepted"}, "order_transition_invalid"),
        (["accepted"], {"status": "shipped"}, "tracking_required"),
        (["accepted"], {"status": "ready_for_pickup"}, "order_transition_invalid"),  # parcel
        (["accepted"], {"status": "rejected", "reason": "x"}, "order_transition_invalid"),
    ],
)
def test_transitions_the_rules_refuse_are_declined(
    harness: Harness, device: PosDevice, path: list[str], fields: dict[str, str], code: str
):
    order = harness.order_ok(delivery_method="parcel")
    for status in path:
        assert device.order_status(order["order_id"], status)["outcome"] == "accepted"
    level = harness.level()
    cursor = feed(device)["cursor"]
    result = device.record("order_status", {"order_id": order["order_id"], **fields})
    assert (result["outcome"], result["code"]) == ("declined", code)
    assert result["message"] and result["message_en"]
    assert feed(device, cursor)["changes"] == []  # nothing changed, nothing to tell
    assert harness.level() == level


def test_another_merchants_order_is_unknown_to_this_device(harness: Harness, device: PosDevice):
    order = harness.order_ok()
    other = admin.create_merchant(
        harness.engine, name="옆 가게", business_number="1048212347", clock=harness.clock
    )
    stranger = harness.enrol(other["merchant_id"])
    result = stranger.order_status(order["order_id"], "accepted")
    assert (result["outcome"], result["code"]) == ("declined", "order_unknown")
    assert device.order_status("O-000000000000", "accepted")["code"] == "order_unknown"
    assert harness.level() == 10
    assert orders_in(feed(stranger)["changes"]) == []


def test_cancel_refunds_and_is_refused_once_on_its_way(harness: Harness, device: PosDevice):
    before = harness.balance()
    order = harness.order_ok(quantity=1)  # pickup
    cancelled = harness.cancel(order["order_id"], "주문 실수")
    assert cancelled.status_code == 200, cancelled.text
    assert (cancelled.json()["status"], cancelled.json()["status_reason"]) == (
        "cancelled",
        "주문 실수",
    )
    assert harness.balance() == before
    assert_problem(harness.cancel(order["order_id"]), 409, "order_not_cancellable")
    ready = harness.order_ok(quantity=1)
    device.order_status(ready["order_id"], "accepted")
    device.order_status(ready["order_id"], "ready_for_pickup")
    body = assert_problem(harness.cancel(ready["order_id"]), 409, "order_not_cancellable")
    assert body["order_status"] == "ready_for_pickup"
    assert_problem(harness.cancel("O-UNKNOWN"), 404, "order_unknown")
    # With no body at all, too.
    third = harness.order_ok(quantity=1)
    assert harness.client.post(f"/v1/shop/orders/{third['order_id']}/cancel").status_code == 200


def test_a_resent_order_status_is_a_duplicate_and_reserves_once(
    harness: Harness, device: PosDevice
):
    order = harness.order_ok(quantity=3)
    wire = device.journal.append(
        "order_status", {"order_id": order["order_id"], "status": "accepted"}
    )
    (first,) = device.push_ok([wire])
    cursor = feed(device)["cursor"]
    (again,) = device.push_ok([wire])
    assert again == {**first, "status": "duplicate"}
    assert harness.level() == 7
    assert feed(device, cursor)["changes"] == []


def test_the_snapshot_has_open_orders_and_those_final_for_under_7_days(
    harness: Harness, device: PosDevice
):
    old = harness.order_ok()
    harness.cancel(old["order_id"])
    harness.clock.advance(8 * 24 * 3600)
    recent = harness.order_ok()
    device.order_status(recent["order_id"], "rejected", reason="품절")
    harness.clock.advance(1)  # oldest first: the snapshot orders them by placed_at
    waiting = harness.order_ok()
    snapshot = orders_in(feed(device)["changes"])
    assert [(o["order_id"], o["status"]) for o in snapshot] == [
        (recent["order_id"], "rejected"),
        (waiting["order_id"], "placed"),
    ]


def test_cli_place_and_cancel_an_order_and_review(
    harness: Harness, device: PosDevice, database_url: str, capsys: pytest.CaptureFixture[str]
):
    import json

    from central_server.cli import main

    url = ["--database-url", database_url]
    assert main([*url, "place-order", "L-0001", "--quantity", "2"]) == 0
    order = json.loads(capsys.readouterr().out)
    assert (order["status"], order["quantity"], order["delivery_method"]) == (
        "placed",
        2,
        "pickup",
    )
    assert harness.balance(DEMO_WALLET) == 1_000_000 - 60_000
    assert main([*url, "cancel-order", order["order_id"], "--reason", "테스트"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "cancelled"
    assert main([*url, "place-order", "L-0001", "--quantity", "99"]) == 2
    assert "out_of_stock" in capsys.readouterr().err
    assert main([*url, "place-order", "L-0001", "--delivery", "parcel"]) == 2
    assert "address_required" in capsys.readouterr().err
    assert main([*url, "listings", "--state", "published"]) == 0
    assert [item["listing_id"] for item in json.loads(capsys.readouterr().out)] == ["L-0001"]
    assert main([*url, "review-listing", "L-0001", "reject", "--reason", "x"]) == 2
    assert "listing_not_submitted" in capsys.readouterr().err


def test_concurrent_customers_cannot_take_more_than_is_offered(harness: Harness, device: PosDevice):
    """Eight customers race for five: on PostgreSQL really at once (SQLite has one writer)."""
    from concurrent.futures import ThreadPoolExecutor

    from central_server.orders import OrderRequest, place_order
    from central_server.problems import ProblemError

    def attempt(number: int) -> str:
        request = OrderRequest("L-0001", 1, "pickup", DEMO_WALLET, f"고객{number}", "010")
        try:
            return place_order(harness.engine, request, harness.clock())["order_id"]
        except ProblemError as exc:
            return exc.code

    before = harness.balance()
    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(attempt, range(8)))
    placed = [outcome for outcome in outcomes if outcome.startswith("O-")]
    assert len(placed) == 5  # the listing offers 5
    assert sorted(set(outcomes) - set(placed)) == ["out_of_stock"]
    assert harness.balance() == before - 5 * 30_000


def test_a_cancel_racing_an_accept_leaves_the_stock_where_it_was(
    harness: Harness, device: PosDevice
):
    """Whichever commits first, the other sees it: accept-then-cancel releases what was
    reserved, cancel-then-accept declines the accept; the level ends where it started."""
    from concurrent.futures import ThreadPoolExecutor

    from central_server.orders import cancel_order

    for _ in range(5):
        order = harness.order_ok(quantity=2)
        accept = device.journal.append(
            "order_status", {"order_id": order["order_id"], "status": "accepted"}
        )
        with ThreadPoolExecutor(max_workers=2) as pool:
            pushed = pool.submit(device.push_ok, [accept])
            cancelled = pool.submit(
                cancel_order, harness.engine, order["order_id"], "", harness.clock()
            )
            (result,) = pushed.result()
            assert cancelled.result()["status"] == "cancelled"
        assert result["outcome"] in ("accepted", "declined")
        if result["outcome"] == "declined":
            assert result["code"] == "order_cancelled"
        assert harness.level() == 10
