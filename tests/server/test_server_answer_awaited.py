"""A payment taken online that would pass the offline rules (``offline: true``) carries
``answer_awaited``: while the counter still waits for its answer, the balance answers it
as for an online payment; reaching the server later (the counter's wait was over and the
payment stood by the offline rules) the issuer stands behind it as before."""

from __future__ import annotations

from typing import Any

import pytest
from server_support import EMPTY_WALLET, SMALL_WALLET, Harness, PosDevice, payment_body
from test_server_split import split_body

from central_server.offline_rules import ANSWER_AWAITED_SECONDS
from pos_app.domain.clock import unix_seconds


@pytest.fixture
def device(harness: Harness) -> PosDevice:
    return harness.enrol()


def awaited_payment(harness: Harness, code: str, amount: int, *, late: int) -> dict[str, Any]:
    """A payment of ``amount`` scanned now, marked awaited; the server's clock then moves
    ``late`` seconds before the push."""
    body = payment_body(code, scanned_at=unix_seconds(harness.clock()), lines=((amount, 1, False),))
    body["answer_awaited"] = True
    harness.clock.advance(late)
    return body


def test_a_prompt_awaited_payment_the_balance_does_not_cover_is_declined(
    harness: Harness, device: PosDevice
) -> None:
    # 36,000 on a 30,000 wallet: within the code's 50,000 offline limit, short online.
    code = harness.mint(SMALL_WALLET)
    body = awaited_payment(harness, code, 36_000, late=ANSWER_AWAITED_SECONDS)
    assert body["offline"] is True
    result = device.record("payment", body)
    assert result["outcome"] == "declined", result
    assert result["code"] == "insufficient_balance"
    assert harness.balance(SMALL_WALLET) == 30_000
    # Covered, the same kind of payment is accepted as an online one.
    covered = awaited_payment(harness, harness.mint(SMALL_WALLET), 20_000, late=0)
    assert device.record("payment", covered)["outcome"] == "accepted"
    assert harness.balance(SMALL_WALLET) == 30_000 - 20_000 + 2_000


def test_an_awaited_payment_arriving_after_the_wait_stands_by_the_offline_rules(
    harness: Harness, device: PosDevice
) -> None:
    code = harness.mint(SMALL_WALLET)
    body = awaited_payment(harness, code, 36_000, late=ANSWER_AWAITED_SECONDS + 1)
    result = device.record("payment", body)
    assert result["outcome"] == "accepted", result
    assert harness.balance(SMALL_WALLET) == 30_000 - 36_000 + 3_600


def test_an_offline_payment_without_the_key_is_judged_as_before(
    harness: Harness, device: PosDevice
) -> None:
    # Pushed at once, but not awaited (taken offline, or by an older POS): the issuer
    # stands behind it down to the code's limit.
    result = device.pay(harness.mint(SMALL_WALLET), amount=36_000, offline=True)
    assert result["outcome"] == "accepted", result
    assert harness.balance(SMALL_WALLET) == 30_000 - 36_000 + 3_600


@pytest.mark.parametrize(("late", "outcome"), [(0, "declined"), (60, "accepted")])
def test_a_split_sales_awaited_qr_part_is_judged_on_the_balance_when_prompt(
    harness: Harness, device: PosDevice, late: int, outcome: str
) -> None:
    body = split_body(
        harness, cheongju_pay=9_000, discount=1_000, wallet_id=EMPTY_WALLET, offline=True
    )
    body["answer_awaited"] = True
    harness.clock.advance(late)
    result = device.record("payment", body)
    assert result["outcome"] == outcome, result
    if outcome == "declined":
        assert result["code"] == "insufficient_balance"
        assert harness.balance(EMPTY_WALLET) == 0
    else:
        assert harness.balance(EMPTY_WALLET) == -9_000 + 900


def test_answer_awaited_must_be_a_boolean(harness: Harness, device: PosDevice) -> None:
    body = payment_body(harness.mint(), scanned_at=unix_seconds(harness.clock()))
    body["answer_awaited"] = "yes"
    wire = device.journal.append("payment", body, occurred_at=harness.clock())
    response = device.push([wire])
    assert response.status_code == 422, response.text
