"""payment_refund on the server: the wallet credited, the cashback share reversed, declines
(over_refund, payment_unknown, already_voided), goods back in stock, duplicates idempotent."""

from __future__ import annotations

from typing import Any

import pytest
from server_support import Harness, PosDevice

from central_server.declines import DECLINES


@pytest.fixture
def device(harness: Harness) -> PosDevice:
    return harness.enrol()


def refund_body(
    payment_id: str,
    amount: int,
    *,
    lines: list[dict[str, Any]] | None = None,
    tender: str = "cheongju_pay",
) -> dict[str, Any]:
    return {
        "payment_id": payment_id,
        "receipt_no": "20261125-0001",
        "refund_no": "R-20261125-0001",
        "business_date": "2026-11-25",
        "tender": tender,
        "reason": "defective",
        "note": "",
        "lines": lines or [],
        "gross": amount,
        "discount_share": 0,
        "amount": amount,
        "approved_by": "manager",
    }


def test_partial_refunds_credit_the_wallet_and_reverse_cashback_exactly(
    harness: Harness, device: PosDevice
) -> None:
    paid = device.pay(amount=10_000)  # cashback 1,000
    start = harness.balance()
    first = device.record("payment_refund", refund_body(paid["event_id"], 3_333))
    assert (first["outcome"], first["refunded"], first["cashback_reversed"]) == (
        "accepted",
        3_333,
        333,
    )
    assert harness.balance() == start + 3_333 - 333 == first["balance_after"]
    rest = device.record("payment_refund", refund_body(paid["event_id"], 6_667))
    assert (rest["refunded"], rest["cashback_reversed"]) == (6_667, 667)
    assert harness.balance() == start + 10_000 - 1_000
    over = device.record("payment_refund", refund_body(paid["event_id"], 1))
    assert (over["outcome"], over["code"]) == ("declined", "over_refund")
    assert over["message_en"] == DECLINES["over_refund"].message_en
    assert harness.balance() == start + 10_000 - 1_000


def test_a_resent_refund_is_a_duplicate_and_pays_once(harness: Harness, device: PosDevice) -> None:
    paid = device.pay(amount=5_000)
    start = harness.balance()
    result = device.record("payment_refund", refund_body(paid["event_id"], 5_000))
    again = device.push_ok(device.journal.wire([result["seq"]]))
    assert again[0]["status"] == "duplicate"
    assert again[0]["refunded"] == 5_000
    assert harness.balance() == start + 5_000 - 500


def test_unknown_declined_and_voided_payments_are_declined(
    harness: Harness, device: PosDevice
) -> None:
    unknown = device.record(
        "payment_refund", refund_body("00000000-0000-0000-0000-000000000000", 100)
    )
    assert unknown["code"] == "payment_unknown"
    declined = device.pay(amount=10_000_000, offline=False)  # more than the balance
    assert declined["outcome"] == "declined"
    assert device.record("payment_refund", refund_body(declined["event_id"], 100))["code"] == (
        "payment_unknown"
    )
    paid = device.pay(amount=1_000)
    device.void(paid["event_id"])
    voided = device.record("payment_refund", refund_body(paid["event_id"], 100))
    assert voided["code"] == "already_voided"


def test_refunded_goods_come_back_whatever_the_tender(harness: Harness, device: PosDevice) -> None:
    paid = device.pay(lines=((2_000, 3, False),))  # P001 x 3 left the counter
    assert harness.level("P001") == -3
    line = {"line_no": 1, "product_id": "P001", "name": "상품 1", "quantity": 2, "amount": 4_000}
    device.record("payment_refund", refund_body(paid["event_id"], 4_000, lines=[line]))
    assert harness.level("P001") == -1
    cash = device.record("payment_refund", refund_body("cash-sale", 2_000, lines=[
        {**line, "quantity": 1}], tender="cash"))  # fmt: skip
    assert cash["outcome"] == "recorded"
    assert harness.level("P001") == 0


def test_a_malformed_refund_is_invalid(device: PosDevice) -> None:
    body = refund_body("x", 100)
    body["amount"] = -1
    wire = device.journal.append("payment_refund", body)
    response = device.push([wire])
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_event"


def test_a_void_after_a_partial_refund_gives_back_only_the_rest(
    harness: Harness, device: PosDevice
) -> None:
    # The POS refuses this; another implementation might not: the wallet must still be right.
    paid = device.pay(amount=10_000)  # cashback 1,000
    start = harness.balance()
    device.record("payment_refund", refund_body(paid["event_id"], 4_000))  # reverses 400
    voided = device.void(paid["event_id"])
    assert (voided["refunded"], voided["cashback_reversed"]) == (6_000, 600)
    assert harness.balance() == start + 10_000 - 1_000
