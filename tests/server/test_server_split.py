"""A split sale (복합결제) on the server: only its QR part moves wallet money, its parts are
stored, its discount is recomputed by the one rule from the merchant's policy (10 % for the
demo merchant), and a refund credits the wallet only its wallet part."""

from __future__ import annotations

from typing import Any

import pytest
from server_support import EMPTY_WALLET, Harness, PosDevice, payment_body
from sqlalchemy import select

from central_server.schema import payment_parts, payments
from pos_app.domain.clock import unix_seconds


@pytest.fixture
def device(harness: Harness) -> PosDevice:
    return harness.enrol()


def split_body(
    harness: Harness,
    *,
    cheongju_pay: int,
    discount: int,
    wallet_id: str | None = None,
    by_card: bool = False,
    price: int = 20_000,
    offline: bool = False,
) -> dict[str, Any]:
    """20,000 won of goods: ``cheongju_pay`` by QR (or 청주페이 카드), the rest in cash."""
    code = harness.mint(wallet_id) if wallet_id else harness.mint()
    body = payment_body(code, scanned_at=unix_seconds(harness.clock()), lines=((price, 1, False),))
    total = price - discount
    cash = total - cheongju_pay
    cheongju = {"tender": "cheongju_pay", "amount": cheongju_pay}
    if by_card:
        cheongju = {"tender": "cheongju_card", "amount": cheongju_pay, "card_approval_no": "123456"}
        body["payment_code"] = None
    body.update(
        tender="split",
        discount=discount,
        discount_rate_bp=1_000,
        total=total,
        offline=offline,
        parts=[cheongju, {"tender": "cash", "amount": cash, "tendered": cash, "change": 0}],
    )
    return body


def test_the_wallet_pays_only_the_qr_part_and_the_parts_are_kept(
    harness: Harness, device: PosDevice
) -> None:
    before = harness.balance()
    # 9,000 of Cheongju Pay pays for 10,000 of goods at 10 %: discount 1,000, cash 10,000.
    result = device.record("payment", split_body(harness, cheongju_pay=9_000, discount=1_000))
    assert result["outcome"] == "accepted", result
    assert result["cashback"] == 900  # on the 9,000 paid by Cheongju Pay
    assert harness.balance() == before - 9_000 + 900
    with harness.engine.connect() as conn:
        row = conn.execute(
            select(payments.c.total).where(payments.c.payment_id == result["event_id"])
        ).one()
        parts = conn.execute(
            select(payment_parts.c.tender, payment_parts.c.amount)
            .where(payment_parts.c.payment_id == result["event_id"])
            .order_by(payment_parts.c.part_no)
        ).all()
    assert row.total == 9_000
    assert [tuple(p) for p in parts] == [("cheongju_pay", 9_000), ("cash", 10_000)]

    # A refund of 12,000 goes back cash first: 10,000 from the drawer, 2,000 to the wallet.
    refund = {
        "payment_id": result["event_id"],
        "tender": "split",
        "reason": "defective",
        "lines": [],
        "gross": 12_000,
        "discount_share": 0,
        "amount": 12_000,
        "parts": [
            {"tender": "cash", "amount": 10_000},
            {"tender": "cheongju_pay", "amount": 2_000},
        ],
    }
    refunded = device.record("payment_refund", refund)
    assert refunded["outcome"] == "accepted", refunded
    assert refunded["refunded"] == 2_000
    assert harness.balance() == before - 9_000 + 900 + 2_000 - refunded["cashback_reversed"]


def test_a_declined_qr_part_declines_the_whole_payment(harness: Harness, device: PosDevice) -> None:
    body = split_body(harness, cheongju_pay=9_000, discount=1_000, wallet_id=EMPTY_WALLET)
    result = device.record("payment", body)
    assert result["outcome"] == "declined"
    assert result["code"] == "insufficient_balance"
    assert harness.balance(EMPTY_WALLET) == 0


def test_a_cheongju_pay_card_part_is_recorded_without_moving_money(
    harness: Harness, device: PosDevice
) -> None:
    before = harness.balance()
    body = split_body(harness, cheongju_pay=9_000, discount=1_000, by_card=True)
    result = device.record("payment", body)
    assert result["outcome"] == "recorded", result
    assert harness.balance() == before


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"discount": 1_001, "total": 18_999}, "exceeds 1,000"),
        ({"total": 18_000, "discount": 2_000}, "exceeds 1,000"),
    ],
)
def test_a_larger_discount_than_the_rule_gives_is_refused_whole(
    harness: Harness, device: PosDevice, change: dict[str, int], problem: str
) -> None:
    body = split_body(harness, cheongju_pay=9_000, discount=1_000)
    body.update(change)
    body["parts"][1]["amount"] = body["total"] - 9_000
    body["parts"][1]["tendered"] = body["parts"][1]["amount"]
    response = device.push([device.journal.append("payment", body)])
    assert response.status_code == 422, response.text
    assert problem in response.text


def test_parts_that_do_not_add_up_are_refused_whole(harness: Harness, device: PosDevice) -> None:
    body = split_body(harness, cheongju_pay=9_000, discount=1_000)
    body["parts"][1]["amount"] = 9_000
    body["parts"][1]["tendered"] = 9_000
    response = device.push([device.journal.append("payment", body)])
    assert response.status_code == 422, response.text
    assert "add up" in response.text


def test_a_void_gives_the_wallet_back_its_part_only(harness: Harness, device: PosDevice) -> None:
    before = harness.balance()
    paid = device.record("payment", split_body(harness, cheongju_pay=9_000, discount=1_000))
    voided = device.void(paid["event_id"])
    assert voided["outcome"] == "accepted", voided
    assert voided["refunded"] == 9_000 and voided["cashback_reversed"] == 900
    assert harness.balance() == before


def test_a_refund_part_of_0_won_moves_a_tenders_vat_share_and_no_money(
    harness: Harness, device: PosDevice
) -> None:
    """The POS keeps each tender's 과세/면세 share pro rata: a tender that gives nothing back
    may carry a 0-won part whose split moves; the wallet is credited its won only."""
    paid = device.record("payment", split_body(harness, cheongju_pay=9_000, discount=1_000))
    before = harness.balance()
    refund = {
        "payment_id": paid["event_id"],
        "tender": "split",
        "reason": "defective",
        "lines": [],
        "gross": 5_000,
        "discount_share": 0,
        "amount": 5_000,
        "parts": [
            {"tender": "cash", "amount": 5_000},
            {"tender": "cheongju_pay", "amount": 0},
        ],
    }
    refunded = device.record("payment_refund", refund)
    # Nothing goes to the wallet: the refund is recorded, as a cash refund is.
    assert refunded["outcome"] == "recorded", refunded
    assert harness.balance() == before  # no cashback share taken back for 0 won either
