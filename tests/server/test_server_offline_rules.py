"""The server enforces the offline rules itself: ``offline: true`` and ``scanned_at`` are claims.

A refused offline payment is a declined outcome like any business decline: the event is
stored and chained, no money moves, the token stays unused.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from server_support import (
    DEMO_WALLET,
    EMPTY_WALLET,
    SMALL_WALLET,
    Harness,
    PosDevice,
    payment_body,
)
from sqlalchemy import select

from central_server import admin
from central_server.declines import DECLINES, OFFLINE_EXPOSURE, OFFLINE_TOO_LATE, PRESENTED_ONLINE
from central_server.offline_rules import OFFLINE_SKEW_SECONDS, OFFLINE_WINDOW_SECONDS
from central_server.schema import journal_events, payments
from pos_app.domain.clock import unix_seconds

HANGUL = re.compile(r"[가-힣]")


@pytest.fixture
def device(harness: Harness) -> PosDevice:
    return harness.enrol()


def other_merchants_device(harness: Harness) -> PosDevice:
    other = admin.create_merchant(
        harness.engine, name="다른 가게", business_number="1048212347", clock=harness.clock
    )
    return harness.enrol(other["merchant_id"])


def assert_declined(harness: Harness, result: dict[str, Any], code: str) -> None:
    """Declined with ``code``, and still stored: the journal row and a declined payment."""
    assert result["status"] == "applied"
    assert result["outcome"] == "declined", result
    assert result["code"] == code
    assert HANGUL.search(result["message"])
    assert result["message_en"] == DECLINES[code].message_en
    assert "approval_no" not in result
    with harness.engine.connect() as conn:
        stored = conn.execute(
            select(journal_events.c.event_id).where(journal_events.c.event_id == result["event_id"])
        ).first()
        payment = conn.execute(
            select(payments.c.outcome, payments.c.decline_code).where(
                payments.c.payment_id == result["event_id"]
            )
        ).one()
    assert stored is not None
    assert (payment.outcome, payment.decline_code) == ("declined", code)


def test_a_code_declined_online_cannot_be_pushed_again_as_offline(
    harness: Harness, device: PosDevice
):
    code = harness.mint(SMALL_WALLET)  # 30,000 won; the code stands behind 50,000 offline
    online = device.pay(code, amount=40_000, offline=False)
    assert online["code"] == "insufficient_balance"
    replay = device.pay(code, amount=40_000, offline=True)
    assert_declined(harness, replay, PRESENTED_ONLINE)
    assert harness.balance(SMALL_WALLET) == 30_000
    # The chain goes on after the decline, and the code still pays online once covered.
    assert device.pay(code, amount=20_000, offline=False)["outcome"] == "accepted"


def test_an_online_decline_and_its_offline_replay_in_one_push_are_both_declined(
    harness: Harness, device: PosDevice
):
    """The push applies its payments as one batch: the replay must see the online attempt
    made earlier in the same push, not only ones already stored."""
    code = harness.mint(SMALL_WALLET)
    scanned_at = unix_seconds(harness.clock())
    online, replay = (
        device.journal.append(
            "payment",
            payment_body(code, scanned_at=scanned_at, lines=((40_000, 1, False),), offline=offline),
            occurred_at=harness.clock(),
        )
        for offline in (False, True)
    )
    first, second = device.push_ok([online, replay])
    assert first["code"] == "insufficient_balance"
    assert_declined(harness, second, PRESENTED_ONLINE)
    assert harness.balance(SMALL_WALLET) == 30_000


def test_a_code_presented_online_at_one_merchant_cannot_go_offline_at_another(
    harness: Harness, device: PosDevice
):
    code = harness.mint(EMPTY_WALLET)
    assert device.pay(code, amount=10_000, offline=False)["code"] == "insufficient_balance"
    elsewhere = other_merchants_device(harness)
    assert_declined(harness, elsewhere.pay(code, amount=10_000, offline=True), PRESENTED_ONLINE)
    assert harness.balance(EMPTY_WALLET) == 0


def test_a_back_dated_expired_code_from_another_merchants_device_is_declined(
    harness: Harness, device: PosDevice
):
    issued = unix_seconds(harness.clock())
    code = harness.mint_raw(issued_at=issued, ttl=180)
    # Days later another merchant's device pushes it, claiming a scan inside its window.
    harness.clock.advance(4 * 24 * 3600)
    thief = other_merchants_device(harness)
    result = thief.pay(code, amount=30_000, scanned_at=issued + 60, offline=True)
    assert_declined(harness, result, OFFLINE_TOO_LATE)
    assert harness.balance() == 1_000_000
    # The honest device's later payments are not affected.
    assert device.pay(amount=1_000)["outcome"] == "accepted"


@pytest.mark.parametrize(
    ("late", "outcome"),
    [
        (OFFLINE_WINDOW_SECONDS + OFFLINE_SKEW_SECONDS, "accepted"),
        (
            OFFLINE_WINDOW_SECONDS + OFFLINE_SKEW_SECONDS + 1,
            "declined",
        ),
    ],
)
def test_an_offline_payment_must_arrive_within_72_h_and_the_skew_allowance(
    harness: Harness, device: PosDevice, late: int, outcome: str
):
    assert OFFLINE_WINDOW_SECONDS == 72 * 3600
    code = harness.mint()
    scanned = unix_seconds(harness.clock())
    harness.clock.advance(late)
    result = device.pay(code, amount=5_000, scanned_at=scanned, offline=True)
    assert result["outcome"] == outcome
    if outcome == "declined":
        assert_declined(harness, result, OFFLINE_TOO_LATE)
        assert harness.balance() == 1_000_000


def test_an_online_payment_has_no_offline_window(harness: Harness, device: PosDevice):
    # Online, the balance is checked at the server: nothing for the issuer to stand behind.
    code = harness.mint()
    scanned = unix_seconds(harness.clock())
    harness.clock.advance(OFFLINE_WINDOW_SECONDS * 2)
    result = device.pay(code, amount=5_000, scanned_at=scanned, offline=False)
    assert result["outcome"] == "accepted"


def test_a_wallets_offline_debt_is_bounded_by_the_codes_limit(harness: Harness, device: PosDevice):
    def offline(amount: int) -> dict[str, Any]:
        return device.pay(harness.mint(EMPTY_WALLET), amount=amount, offline=True)

    first = offline(30_000)  # each payment is within its code's 50,000 won limit
    assert first["outcome"] == "accepted"
    assert first["balance_after"] == -30_000 + 3_000
    assert_declined(harness, offline(30_000), OFFLINE_EXPOSURE)  # the debt would be 57,000
    assert harness.balance(EMPTY_WALLET) == -27_000
    last = offline(23_000)  # exactly up to the limit: a debt of 50,000 before cashback
    assert last["outcome"] == "accepted"
    assert harness.balance(EMPTY_WALLET) == -50_000 + 2_300
    # A smaller code's limit bounds the whole debt, not only its own payment.
    assert_declined(
        harness,
        device.pay(harness.mint(EMPTY_WALLET, offline_limit=10_000), amount=1_000),
        OFFLINE_EXPOSURE,
    )


def test_offline_payments_the_balance_covers_are_no_exposure(harness: Harness, device: PosDevice):
    # 40,000 three times: more than one code's limit in all, all covered by the balance.
    for _ in range(3):
        assert device.pay(harness.mint(DEMO_WALLET), amount=40_000)["outcome"] == "accepted"
    # A large cash sale on the same till moves no Cheongju Pay money: never exposure.
    cash = device.record("payment", cash_sale(900_000))
    assert cash["outcome"] == "recorded"
    debt = device.pay(harness.mint(EMPTY_WALLET), amount=50_000, offline=True)
    assert debt["outcome"] == "accepted"  # a debt of 50,000: exactly the code's limit


def cash_sale(total: int) -> dict[str, Any]:
    line = {
        "line_no": 1,
        "product_id": None,
        "name": "금액",
        "unit_price": total,
        "quantity": 1,
        "amount": total,
        "excluded_from_discount": False,
    }
    return {
        "receipt_no": "20261125-0009",
        "business_date": "2026-11-25",
        "tender": "cash",
        "lines": [line],
        "subtotal": total,
        "eligible": total,
        "discount": 0,
        "discount_rate_bp": 0,
        "total": total,
        "cashback_preview": 0,
        "tendered": total,
        "change": 0,
        "offline": True,
    }
