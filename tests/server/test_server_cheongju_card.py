"""The server and the Cheongju Pay card on the terminal: recorded (no wallet money moves),
its amounts checked like a Cheongju Pay sale's, refused whole without the terminal's
approval number, and counted as Cheongju Pay in the close's report."""

from __future__ import annotations

from typing import Any

import pytest
from server_support import DEMO_MERCHANT, Harness, PosDevice

from central_server.day_report import day_closes
from pos_app.domain.day_close import SaleFact, close_body, settle


@pytest.fixture
def device(harness: Harness) -> PosDevice:
    return harness.enrol()


def card_body(**changes: Any) -> dict[str, Any]:
    line = {
        "line_no": 1,
        "product_id": None,
        "name": "사과",
        "unit_price": 10_000,
        "quantity": 1,
        "amount": 10_000,
        "excluded_from_discount": False,
    }
    body = {
        "receipt_no": "20261125-0003",
        "business_date": "2026-11-25",
        "tender": "cheongju_card",
        "lines": [line],
        "subtotal": 10_000,
        "eligible": 10_000,
        "discount": 1_000,
        "discount_rate_bp": 1_000,
        "total": 9_000,
        "cashback_preview": 0,
        "payment_code": None,
        "offline": True,
        "card_approval_no": "12345678",
    }
    return {**body, **changes}


def test_a_card_sale_is_recorded_and_moves_no_wallet_money(
    harness: Harness, device: PosDevice
) -> None:
    before = harness.balance()
    result = device.record("payment", card_body())
    assert result["status"] == "applied" and result["outcome"] == "recorded", result
    assert harness.balance() == before
    voided = device.void(result["event_id"])
    assert voided["outcome"] == "recorded", voided


def test_a_card_sale_whose_discount_does_not_add_up_is_declined(
    harness: Harness, device: PosDevice
) -> None:
    result = device.record("payment", card_body(discount=2_000))  # total says 1,000 off
    assert result["outcome"] == "declined" and result["code"] == "amount_mismatch", result


@pytest.mark.parametrize("approval", [None, "", "1234", "12a45678", 12345678, "A1234567890"])
def test_a_card_body_without_a_good_approval_number_is_refused_whole(
    device: PosDevice, approval: Any
) -> None:
    body = card_body()
    if approval is None:
        del body["card_approval_no"]
    else:
        body["card_approval_no"] = approval
    wire = device.journal.append("payment", body)
    response = device.push([wire])
    assert response.status_code == 422, response.text
    assert "card_approval_no" in response.text


def test_an_approval_number_on_another_tender_is_refused(device: PosDevice) -> None:
    wire = device.journal.append("payment", card_body(tender="cash"))
    assert device.push([wire]).status_code == 422


def test_the_report_counts_the_card_as_cheongju_pay(harness: Harness, device: PosDevice) -> None:
    settlement = settle(
        float_amount=0,
        sales=[
            SaleFact("cheongju_pay", 9_000, 1_000, "approved"),
            SaleFact("cheongju_card", 18_000, 2_000, "recorded"),
            SaleFact("cash", 5_000, 0, "recorded"),
        ],
        counted_cash=5_000,
    )
    body = close_body("d1", settlement, None)
    assert device.record("day_close", body)["outcome"] == "recorded"
    (report,) = day_closes(harness.engine, DEMO_MERCHANT)
    assert report["discounts"] == 3_000
    assert report["cheongju_pay_net"] == 27_000
    assert report["tenders"]["cheongju_card"] == 18_000


def test_a_close_from_before_the_card_reports_the_qr_as_cheongju_pay(
    harness: Harness, device: PosDevice
) -> None:
    body = {
        "day_id": "d",
        "counted_cash": 0,
        "net_sales": 11_000,
        "tenders": {"cheongju_pay": 11_000},
    }
    device.record("day_close", body)
    (report,) = day_closes(harness.engine, DEMO_MERCHANT)
    assert report["cheongju_pay_net"] == 11_000
