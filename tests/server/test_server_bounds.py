"""Quantities and amounts in a push are bounded (``422 invalid_event`` above the ceiling),
and the stock sums the shop reads cannot overflow: one merchant's absurd sale must not take
``GET /v1/shop/listings`` down for everyone, and an overflow is never a retryable 503."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from fastapi import FastAPI
from server_support import (
    DEMO_MERCHANT,
    Harness,
    PosDevice,
    assert_problem,
    make_test_client,
    open_shop,
    product_body,
)
from sqlalchemy import insert
from sqlalchemy.exc import OperationalError

from central_server.event_bounds import MAX_EVENT_AMOUNT, MAX_LINE_QUANTITY
from central_server.problems import install_problem_handlers
from central_server.schema import stock_movements

HUGE = 2**53 - 1  # the largest integer the journal's canonical JSON carries
TOTALS = ("subtotal", "eligible", "total")


@pytest.fixture
def device(harness: Harness) -> PosDevice:
    device = harness.enrol()
    open_shop(harness, device)
    return device


def cash_sale(lines: list[tuple[int, int]]) -> dict[str, Any]:
    """A cash sale of ``(unit_price, quantity)`` lines of P001, arithmetic consistent."""
    body_lines = [
        {
            "line_no": number,
            "product_id": "P001",
            "name": "사과",
            "unit_price": price,
            "quantity": quantity,
            "amount": price * quantity,
            "excluded_from_discount": False,
        }
        for number, (price, quantity) in enumerate(lines, start=1)
    ]
    subtotal = sum(line["amount"] for line in body_lines)
    return {
        "receipt_no": "20261125-0001",
        "business_date": "2026-11-25",
        "tender": "cash",
        "lines": body_lines,
        "subtotal": subtotal,
        "eligible": subtotal,
        "discount": 0,
        "total": subtotal,
        "offline": False,
    }


def shop_answers(harness: Harness) -> dict[str, Any]:
    response = harness.client.get("/v1/shop/listings")
    assert response.status_code == 200, response.text
    return {item["listing_id"]: item for item in response.json()["listings"]}


def test_the_attackers_huge_quantities_are_refused_and_the_shop_stays_up(
    harness: Harness, device: PosDevice
):
    before = shop_answers(harness)
    wire = device.journal.append("payment", cash_sale([(0, HUGE)] * 1_100))
    problem = assert_problem(device.push([wire]), 422, "invalid_event")
    assert "quantity" in problem["detail"]
    assert shop_answers(harness) == before
    assert harness.level() == 10


def test_the_largest_allowed_quantity_is_a_sale(harness: Harness, device: PosDevice):
    result = device.record("payment", cash_sale([(0, MAX_LINE_QUANTITY)]))
    assert result["outcome"] == "recorded", result
    assert harness.level() == 10 - MAX_LINE_QUANTITY
    shop_answers(harness)


def test_stock_rows_stored_before_the_bound_cannot_overflow_the_shop(
    harness: Harness, device: PosDevice
):
    # Rows an unbounded server accepted: their 64-bit sum overflows.
    rows = [
        {
            "merchant_id": DEMO_MERCHANT,
            "movement_id": f"old-sale/{number}",
            "product_id": "P001",
            "delta": -HUGE,
            "reason": "counter_sale",
            "occurred_at": harness.clock(),
            "recorded_at": harness.clock(),
        }
        for number in range(1_100)
    ]
    with harness.engine.begin() as conn:
        conn.execute(insert(stock_movements), rows)
    listing = shop_answers(harness)["L-0001"]
    assert listing["available"] == 0
    assert harness.level() < 0


@pytest.mark.parametrize(
    ("where", "body"),
    [
        ("unit_price", cash_sale([(100_000_001, 1)])),
        # 2조 원 on one line (the totals, checked first, left within bounds)
        ("amount", {**cash_sale([(100_000_000, 20_000)]), **dict.fromkeys(TOTALS, 0)}),
        ("quantity", cash_sale([(1_000, 0)])),
        ("quantity", cash_sale([(1_000, MAX_LINE_QUANTITY + 1)])),
        ("subtotal", {**cash_sale([(1_000, 1)]), "subtotal": MAX_EVENT_AMOUNT + 1}),
        ("total", {**cash_sale([(1_000, 1)]), "total": -MAX_EVENT_AMOUNT - 1}),
        ("quantity", cash_sale([(1_000, -5)])),  # would put goods back on the shelf
    ],
)
def test_a_payment_out_of_bounds_is_an_invalid_event(
    harness: Harness, device: PosDevice, where: str, body: dict[str, Any]
):
    wire = device.journal.append("payment", body)
    problem = assert_problem(device.push([wire]), 422, "invalid_event")
    assert where in problem["detail"]


@pytest.mark.parametrize(
    ("where", "changes"),
    [
        ("gross", {"gross": MAX_EVENT_AMOUNT + 1, "amount": MAX_EVENT_AMOUNT + 1}),
        ("quantity", {"lines": [{"line_no": 1, "product_id": "P001", "quantity": HUGE}]}),
    ],
)
def test_a_refund_out_of_bounds_is_an_invalid_event(
    harness: Harness, device: PosDevice, where: str, changes: dict[str, Any]
):
    paid = device.record("payment", cash_sale([(1_000, 1)]))
    body = {
        "payment_id": paid["event_id"],
        "receipt_no": "20261125-0001",
        "refund_no": "R-20261125-0001",
        "business_date": "2026-11-25",
        "tender": "cash",
        "reason": "defective",
        "lines": [],
        "gross": 1_000,
        "discount_share": 0,
        "amount": 1_000,
        **changes,
    }
    wire = device.journal.append("payment_refund", body)
    problem = assert_problem(device.push([wire]), 422, "invalid_event")
    assert where in problem["detail"]


def test_a_product_price_out_of_bounds_is_an_invalid_event(harness: Harness, device: PosDevice):
    wire = device.journal.append("product_upsert", product_body("P002", price=HUGE))
    problem = assert_problem(device.push([wire]), 422, "invalid_event")
    assert "price" in problem["detail"]


def test_an_integer_overflow_is_not_a_retryable_503():
    """SQLite raises an overflowing SUM as ``OperationalError``, the class a busy database
    raises: it must not be answered "unavailable, retry" for ever."""
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/overflow")
    def overflow() -> None:
        overflowed = sqlite3.OperationalError("integer overflow")
        raise OperationalError("SELECT sum(delta)", {}, overflowed)

    @app.get("/busy")
    def busy() -> None:
        raise OperationalError("SELECT 1", {}, sqlite3.OperationalError("database is locked"))

    with make_test_client(app) as client:
        answer = client.get("/overflow")
        assert_problem(answer, 500, "internal_error")
        assert "Retry-After" not in answer.headers
        assert_problem(client.get("/busy"), 503, "unavailable")
