"""The server as the cash-receipt relay: issue or refuse (the number checked again), exactly
once per event, cancels of the whole or a part, none on a non-cash tender (422)."""

from __future__ import annotations

from typing import Any

import pytest
from server_support import Harness, PosDevice
from sqlalchemy import select

from central_server.schema import cash_receipts
from pos_app.domain.cash_receipt import SELF_ISSUED_NUMBER

PHONE = {
    "purpose": "income_deduction",
    "identifier_kind": "phone",
    "identifier": "01012345678",
    "self_issued": False,
}
SELF = {**PHONE, "identifier": SELF_ISSUED_NUMBER, "self_issued": True}


@pytest.fixture
def device(harness: Harness) -> PosDevice:
    return harness.enrol()


def cash_body(total: int, cash_receipt: Any = None, *, tender: str = "cash") -> dict[str, Any]:
    body: dict[str, Any] = {
        "receipt_no": "20261125-0001",
        "business_date": "2026-11-25",
        "tender": tender,
        "lines": [
            {
                "line_no": 1,
                "product_id": None,
                "name": "선물세트",
                "unit_price": total,
                "quantity": 1,
                "amount": total,
                "excluded_from_discount": False,
            }
        ],
        "subtotal": total,
        "eligible": total,
        "discount": 0,
        "discount_rate_bp": 0,
        "total": total,
        "cashback_preview": 0,
        "cashback_restricted": False,
        "payment_code": None,
        "offline": True,
        "tendered": total,
        "change": 0,
    }
    if cash_receipt is not None:
        body["cash_receipt"] = cash_receipt
    return body


def refund(payment_id: str, amount: int, cancel: dict[str, Any] | None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "payment_id": payment_id,
        "receipt_no": "20261125-0001",
        "refund_no": "R-20261125-0001",
        "business_date": "2026-11-25",
        "tender": "cash",
        "reason": "defective",
        "note": "",
        "lines": [],
        "gross": amount,
        "discount_share": 0,
        "amount": amount,
        "approved_by": "manager",
    }
    if cancel is not None:
        body["cash_receipt_cancel"] = cancel
    return body


def test_a_cash_sale_gets_one_approval_exactly_once(harness: Harness, device: PosDevice) -> None:
    paid = device.record("payment", cash_body(18_900, PHONE))
    answer = paid["cash_receipt"]
    assert paid["outcome"] == "recorded"
    assert answer["status"] == "issued" and answer["reason"] is None
    assert len(answer["approval_no"]) == 9 and answer["approval_no"].isdigit()
    again = device.push_ok(device.journal.wire([paid["seq"]]))
    assert again[0]["status"] == "duplicate"
    assert again[0]["cash_receipt"] == answer
    second = device.record("payment", cash_body(120_000, SELF))["cash_receipt"]
    assert second["status"] == "issued" and second["approval_no"] != answer["approval_no"]
    with harness.engine.connect() as conn:
        rows = conn.execute(select(cash_receipts)).all()
    assert len(rows) == 2
    assert {row.identifier_masked for row in rows} == {"010-****-5678", "010-000-1234"}


@pytest.mark.parametrize(
    ("cash_receipt", "why"),
    [
        ({**PHONE, "identifier": "0101234567"}, "phone"),  # 010 + 7 digits
        ({**PHONE, "identifier_kind": "card", "identifier": "1544123456789010"}, "card"),
        (
            {
                **PHONE,
                "purpose": "expense_proof",
                "identifier_kind": "business_number",
                "identifier": "1234567890",
            },
            "business_number",
        ),
        ({**SELF, "identifier": "01012345678"}, "010-000-1234"),
        ({**PHONE, "purpose": "gift"}, "unknown purpose"),
    ],
)
def test_a_number_that_fails_its_check_is_refused_with_a_reason(
    device: PosDevice, cash_receipt: dict[str, Any], why: str
) -> None:
    paid = device.record("payment", cash_body(10_000, cash_receipt))
    assert paid["outcome"] == "recorded"  # the sale stands; only the receipt is refused
    answer = paid["cash_receipt"]
    assert answer["status"] == "refused" and answer["approval_no"] is None
    assert why in answer["reason"]


def test_refunds_cancel_their_share_and_no_more(harness: Harness, device: PosDevice) -> None:
    paid = device.record("payment", cash_body(120_000, SELF))
    original = paid["cash_receipt"]["approval_no"]
    cancel = {"payment_id": paid["event_id"], "amount": 20_000, "approval_no": original}
    part = device.record("payment_refund", refund(paid["event_id"], 20_000, cancel))
    assert part["outcome"] == "recorded"
    assert part["cash_receipt"]["status"] == "issued"
    assert part["cash_receipt"]["original_approval_no"] == original
    over = {**cancel, "amount": 100_001}
    refused = device.record("payment_refund", refund(paid["event_id"], 100_001, over))
    assert refused["cash_receipt"]["status"] == "refused"
    assert "left" in refused["cash_receipt"]["reason"]
    rest = {**cancel, "amount": 100_000}
    assert (
        device.record("payment_refund", refund(paid["event_id"], 100_000, rest))["cash_receipt"][
            "status"
        ]
        == "issued"
    )


def test_a_void_cancels_the_whole_receipt(device: PosDevice) -> None:
    paid = device.record("payment", cash_body(30_000, PHONE))
    cancel = {"payment_id": paid["event_id"], "amount": 30_000, "approval_no": None}
    body = {"payment_id": paid["event_id"], "receipt_no": "x", "reason": "r"}
    voided = device.record("payment_void", {**body, "cash_receipt_cancel": cancel})
    assert voided["cash_receipt"]["status"] == "issued"


def test_a_cancel_without_an_issued_receipt_is_refused(device: PosDevice) -> None:
    paid = device.record("payment", cash_body(10_000))
    cancel = {"payment_id": paid["event_id"], "amount": 10_000, "approval_no": None}
    answer = device.record("payment_refund", refund(paid["event_id"], 10_000, cancel))
    assert answer["cash_receipt"]["status"] == "refused"


@pytest.mark.parametrize("tender", ["card_terminal", "cheongju_pay"])
def test_a_cash_receipt_on_another_tender_is_invalid(device: PosDevice, tender: str) -> None:
    wire = device.journal.append("payment", cash_body(10_000, PHONE, tender=tender))
    response = device.push([wire])
    assert response.status_code == 422
    assert "cash_receipt" in response.json()["detail"]
