"""Stock as a sum of movements on the server: counter sales and voids, receipts, adjustments,
online reservations and releases, each applied once; the catalogue kept from product_upsert."""

from __future__ import annotations

import json
from typing import Any

import pytest
from server_support import (
    DEMO_MERCHANT,
    EMPTY_WALLET,
    Harness,
    PosDevice,
    assert_problem,
    open_shop,
    product_body,
)
from sqlalchemy import select

from central_server.db import write_transaction
from central_server.schema import products, stock_movements
from central_server.stock import record_movements, stock_levels
from pos_app.domain.clock import unix_seconds
from pos_app.domain.stock import Movement, MovementReason, reserve_movement


@pytest.fixture
def device(harness: Harness) -> PosDevice:
    device = harness.enrol()
    open_shop(harness, device, stock=20)  # P001: +20 received, listed, published
    return device


def movements(harness: Harness, product_id: str = "P001") -> dict[str, tuple[int, str]]:
    """movement_id -> (delta, reason), as the server holds them."""
    with harness.engine.connect() as conn:
        rows = conn.execute(
            select(
                stock_movements.c.movement_id, stock_movements.c.delta, stock_movements.c.reason
            ).where(
                stock_movements.c.merchant_id == DEMO_MERCHANT,
                stock_movements.c.product_id == product_id,
            )
        )
        return {row.movement_id: (row.delta, row.reason) for row in rows}


def feed(device: PosDevice, cursor: str | None = None) -> tuple[str, list[dict[str, Any]]]:
    body = device.changes(cursor).json()
    return body["cursor"], body["changes"]


def of_type(changes: list[dict[str, Any]], change_type: str) -> list[dict[str, Any]]:
    return [change["data"] for change in changes if change["type"] == change_type]


def sale(harness: Harness, device: PosDevice, quantity: int, **options: Any) -> dict[str, Any]:
    """A counter sale of ``quantity`` x P001 (line 1 of ``payment_body`` is P001)."""
    return device.pay(lines=((1_000, quantity, False),), **options)


def cash_sale(device: PosDevice, quantity: int) -> dict[str, Any]:
    line = {
        "line_no": 1,
        "product_id": "P001",
        "name": "부사 사과 5kg",
        "unit_price": 1_000,
        "quantity": quantity,
        "amount": 1_000 * quantity,
        "excluded_from_discount": False,
    }
    return device.record(
        "payment",
        {
            "receipt_no": "20261125-0100",
            "business_date": "2026-11-25",
            "tender": "cash",
            "lines": [line, {**line, "line_no": 2, "product_id": None, "name": "봉투"}],
            "subtotal": 2_000 * quantity,
            "eligible": 2_000 * quantity,
            "discount": 0,
            "discount_rate_bp": 0,
            "total": 2_000 * quantity,
            "cashback_preview": 0,
            "offline": True,
        },
    )


def test_the_level_is_the_sum_of_interleaved_movements(harness: Harness, device: PosDevice):
    expected = 20
    paid = sale(harness, device, 3)
    expected -= 3
    assert paid["outcome"] == "accepted"
    order = harness.order_ok(quantity=2)
    assert harness.level() == expected  # placed: not yet a reservation
    cash = cash_sale(device, 1)
    expected -= 1
    device.order_status(order["order_id"], "accepted")
    expected -= 2
    # A declined payment still moved its goods: they left the counter.
    declined = device.pay(harness.mint(EMPTY_WALLET), offline=False, lines=((1_000, 4, False),))
    assert (declined["outcome"], declined["code"]) == ("declined", "insufficient_balance")
    expected -= 4
    device.record(
        "stock_movement",
        {"product_id": "P001", "delta": -2, "reason": "adjustment", "adjust_reason": "damaged"},
    )
    expected -= 2
    second = harness.order_ok(quantity=1)
    device.order_status(second["order_id"], "accepted")
    expected -= 1
    assert harness.cancel(second["order_id"]).status_code == 200
    expected += 1
    void = device.void(paid["event_id"])
    expected += 3
    assert void["outcome"] == "accepted"
    cash_void = device.void(cash["event_id"])  # recorded: no wallet money moves...
    assert cash_void["outcome"] == "recorded"
    expected += 1  # ...and its goods come back
    device.record("stock_movement", {"product_id": "P001", "delta": 6, "reason": "receipt"})
    expected += 6

    assert expected == 20 - 3 - 1 - 2 - 4 - 2 - 1 + 1 + 3 + 1 + 6 == 18
    assert harness.level() == expected
    held = movements(harness)
    assert sum(delta for delta, _ in held.values()) == expected
    assert held[f"{paid['event_id']}/0"] == (-3, "counter_sale")
    assert held[f"{void['event_id']}/0"] == (3, "counter_void")
    assert held[f"{cash_void['event_id']}/0"] == (1, "counter_void")
    assert f"{cash['event_id']}/1" not in held  # the bag line names no product
    assert held[f"order/{order['order_id']}/reserve"] == (-2, "online_reserve")
    assert held[f"order/{second['order_id']}/release"] == (1, "online_release")
    assert f"order/{order['order_id']}/release" not in held
    with harness.engine.connect() as conn:
        assert stock_levels(conn, DEMO_MERCHANT) == {"P001": 18}


def test_resending_everything_changes_nothing(harness: Harness, device: PosDevice):
    order = harness.order_ok(quantity=2)
    sale(harness, device, 3)
    device.order_status(order["order_id"], "accepted")
    paid = sale(harness, device, 1)
    device.void(paid["event_id"])
    level = harness.level()
    held = movements(harness)
    cursor, _ = feed(device)
    balance = harness.balance()
    again = device.push_ok(device.journal.wire())
    assert {result["status"] for result in again} == {"duplicate"}
    assert harness.level() == level == 20 - 3 - 2
    assert movements(harness) == held
    assert harness.balance() == balance
    assert feed(device, cursor)[1] == []


def test_a_second_void_of_a_sale_puts_nothing_back(harness: Harness, device: PosDevice):
    paid = sale(harness, device, 5)
    device.void(paid["event_id"])
    second = device.void(paid["event_id"])
    assert second["code"] == "already_voided"
    assert harness.level() == 20
    unknown = device.void("no-such-payment")
    assert unknown["code"] == "payment_unknown"
    assert harness.level() == 20


def test_a_movement_id_counts_once_whoever_records_it(harness: Harness, device: PosDevice):
    reserve = reserve_movement("O-TEST", "P001", 4)
    receipt = Movement("manual-1", "P001", 7, MovementReason.RECEIPT)
    for _ in range(2):
        with write_transaction(harness.engine) as conn:
            record_movements(
                conn,
                DEMO_MERCHANT,
                [reserve, receipt, receipt],
                occurred_at=harness.clock(),
                recorded_at=harness.clock(),
            )
    assert harness.level() == 20 - 4 + 7


def test_customer_cancels_before_the_vendors_offline_accept_arrives(
    harness: Harness, device: PosDevice
):
    """The device accepted offline (and reserved locally); the customer cancelled first."""
    before = harness.balance()
    order = harness.order_ok(quantity=3)
    cursor, _ = feed(device)
    accept = device.journal.append(
        "order_status", {"order_id": order["order_id"], "status": "accepted"}
    )
    assert harness.cancel(order["order_id"]).status_code == 200
    (result,) = device.push_ok([accept])  # the accept arrives late
    assert (result["outcome"], result["code"]) == ("declined", "order_cancelled")
    assert harness.level() == 20
    assert not any(movement.startswith("order/") for movement in movements(harness))
    _, changes = feed(device, cursor)
    assert [o["status"] for o in of_type(changes, "order")] == ["cancelled"]
    # No server-made movement: the device releases its own reservation on seeing this.
    assert of_type(changes, "stock_movement") == []
    assert harness.balance() == before


def test_cancel_after_accept_releases_stock_in_the_feed(harness: Harness, device: PosDevice):
    before = harness.balance()
    order = harness.order_ok(quantity=3)
    device.order_status(order["order_id"], "accepted")
    device.order_status(order["order_id"], "preparing")
    assert harness.level() == 17
    cursor, _ = feed(device)
    harness.clock.advance(30)
    assert harness.cancel(order["order_id"], "마음이 바뀜").status_code == 200
    assert harness.level() == 20
    assert harness.balance() == before
    _, changes = feed(device, cursor)
    # The order, the offer given back (orders take from it), the release.
    assert [change["type"] for change in changes] == ["order", "listing_status", "stock_movement"]
    assert of_type(changes, "stock_movement") == [
        {
            "movement_id": f"order/{order['order_id']}/release",
            "product_id": "P001",
            "delta": 3,
            "reason": "online_release",
            "order_id": order["order_id"],
            "occurred_at": "2026-11-24T15:30:30.000Z",
        }
    ]
    (cancelled,) = of_type(changes, "order")
    assert (cancelled["status"], cancelled["status_reason"]) == ("cancelled", "마음이 바뀜")


@pytest.mark.parametrize(
    "body",
    [
        {"product_id": "P001", "delta": 0, "reason": "receipt"},
        {"product_id": "P001", "delta": -1, "reason": "receipt"},
        {"product_id": "P001", "delta": 1, "reason": "online_release"},
        {"product_id": "P001", "delta": -1, "reason": "adjustment"},
        {"product_id": "P001", "delta": -1, "reason": "adjustment", "adjust_reason": "other"},
        {"product_id": "P001", "delta": "5", "reason": "receipt"},
        {"product_id": "", "delta": 5, "reason": "receipt"},
        {"product_id": "P" * 65, "delta": 5, "reason": "receipt"},
        {"delta": 5, "reason": "receipt"},
    ],
)
def test_a_bad_stock_movement_refuses_the_push(
    harness: Harness, device: PosDevice, body: dict[str, Any]
):
    good = device.journal.append(
        "stock_movement", {"product_id": "P001", "delta": 1, "reason": "receipt"}
    )
    bad = device.journal.append("stock_movement", body)
    assert_problem(device.push([good, bad]), 422, "invalid_event")
    assert harness.level() == 20  # not even the good one


def test_a_stock_movement_id_cannot_look_derived(harness: Harness, device: PosDevice):
    from pos_app.domain.journal import format_timestamp, make_event

    event = make_event(
        seq=len(device.journal.events) + 1,
        event_id="order/O-1/release",
        type="stock_movement",
        occurred_at=format_timestamp(harness.clock()),
        body={"product_id": "P001", "delta": 5, "reason": "receipt"},
        prev_hash=device.journal.head_hash,
    )
    body = assert_problem(device.push([event.to_wire()]), 422, "invalid_event")
    assert "'/'" in body["detail"]


def test_product_upserts_keep_the_merchants_catalogue(harness: Harness, device: PosDevice):
    device.record("product_upsert", product_body("P002", name="배 3kg", price=25_000))
    device.record(
        "product_upsert",
        product_body(
            "P002",
            name="신고배 3kg",
            price=27_000,
            photo="a" * 64,
            low_stock_at=3,
            favourite=True,
        ),
    )
    with harness.engine.connect() as conn:
        row = conn.execute(
            select(products).where(
                products.c.merchant_id == DEMO_MERCHANT, products.c.product_id == "P002"
            )
        ).one()
    assert (row.name, row.price, row.photo, row.low_stock_at, row.favourite) == (
        "신고배 3kg",
        27_000,
        "a" * 64,
        3,
        True,
    )
    assert json.loads(row.codes) == ["8801234567893"]
    older = {k: v for k, v in product_body("P003").items() if k not in ("category", "codes")}
    assert device.record("product_upsert", older)["outcome"] == "recorded"


@pytest.mark.parametrize(
    "changes",
    [{"price": "32000"}, {"photo": "not-a-hash"}, {"codes": [1]}, {"name": "사\x00과"}],
)
def test_a_malformed_product_refuses_the_push(
    harness: Harness, device: PosDevice, changes: dict[str, Any]
):
    event = device.journal.append("product_upsert", product_body("P009", **changes))
    assert_problem(device.push([event]), 422, "invalid_event")


def test_scanned_payment_lines_too_long_to_be_products_are_refused(
    harness: Harness, device: PosDevice
):
    from server_support import payment_body

    body = payment_body(harness.mint(), scanned_at=unix_seconds(harness.clock()))
    body["lines"][0]["product_id"] = "P" * 65
    event = device.journal.append("payment", body)
    assert_problem(device.push([event]), 422, "invalid_event")
