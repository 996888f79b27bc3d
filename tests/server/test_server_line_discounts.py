"""Manual price changes and discounts on the server: a line's ``line_discount`` must be what
its own figures net (else 422, whatever the tender), a consistent one settles on the net
amount, and the journal keeps who asked, who approved and why."""

from __future__ import annotations

from typing import Any

import pytest
from server_support import Harness, PosDevice, assert_problem, payment_body

from central_server.payment_rules import amounts_add_up
from pos_app.domain.clock import unix_seconds


@pytest.fixture
def device(harness: Harness) -> PosDevice:
    return harness.enrol()


def discounted_payment(harness: Harness) -> dict[str, Any]:
    """2 x 3,000 with 600 off the line, and a price changed from 5,000 to 4,000."""
    body = payment_body(
        harness.mint(),
        scanned_at=unix_seconds(harness.clock()),
        lines=((3_000, 2, False), (4_000, 1, False)),
    )
    first, second = body["lines"]
    first["line_discount"] = 600
    first["amount"] = 5_400
    second["list_price"] = 5_000
    body["subtotal"] = body["eligible"] = body["total"] = 9_400
    body["manual_discounts"] = [
        {
            "scope": "line",
            "kind": "won",
            "value": 600,
            "won": 600,
            "reason": "단골 할인",
            "requested_by": "cashier-1",
            "approved_by": None,
            "line_no": 1,
        },
        {
            "scope": "line",
            "kind": "price",
            "value": 4_000,
            "won": 1_000,
            "reason": "가격 오류 정정",
            "requested_by": "cashier-1",
            "approved_by": "owner-1",
            "line_no": 2,
        },
    ]
    return body


def test_a_discounted_payment_settles_on_the_net_amount(harness: Harness, device: PosDevice):
    body = discounted_payment(harness)
    assert amounts_add_up(body)
    result = device.record("payment", body)
    assert result["outcome"] == "accepted", result
    # Charged the net 9,400; the cashback is reckoned on it too.
    assert result["cashback"] == 940
    assert harness.balance() == 1_000_000 - 9_400 + 940


@pytest.mark.parametrize(
    ("change", "detail"),
    [
        # The discount the amount does not net: the customer would be charged less than
        # the line says (or the shop's figures would not add up).
        (lambda b: b["lines"][0].update(line_discount=900), "line_discount"),
        (lambda b: b["lines"][0].update(line_discount=7_000, amount=-1_000), "line_discount"),
        (lambda b: b["lines"][0].update(line_discount=-100, amount=6_100), "line_discount"),
        (lambda b: b["lines"][0].update(line_discount="600"), "line_discount"),
        (lambda b: b["lines"][1].update(list_price=-1), "list_price"),
        (lambda b: b["manual_discounts"][0].update(kind="free"), "manual_discounts"),
        (lambda b: b.update(manual_discounts={"x": 1}), "manual_discounts"),
    ],
)
def test_a_forged_line_discount_is_422(
    harness: Harness, device: PosDevice, change: Any, detail: str
):
    body = discounted_payment(harness)
    change(body)
    wire = device.journal.append("payment", body, occurred_at=harness.clock())
    problem = assert_problem(device.push([wire]), 422, "invalid_event")
    assert detail in problem["detail"]


def test_a_forged_line_discount_on_cash_is_422_too(harness: Harness, device: PosDevice):
    body = discounted_payment(harness)
    body.update(tender="cash", payment_code=None)
    body["lines"][0]["line_discount"] = 1_200  # amount still 5,400
    wire = device.journal.append("payment", body, occurred_at=harness.clock())
    assert_problem(device.push([wire]), 422, "invalid_event")


def test_the_line_check_nets_the_discount():
    line = {"unit_price": 1_000, "quantity": 3, "excluded_from_discount": False}
    body = {"lines": [line], "discount": 0}
    for discount, amount, ok in [(0, 3_000, True), (500, 2_500, True), (500, 3_000, False)]:
        line.update(line_discount=discount, amount=amount)
        body.update(subtotal=amount, eligible=amount, total=amount)
        assert amounts_add_up(body) is ok
