"""Payment and void settlement: acceptance, every decline code, cashback and its cap."""

from __future__ import annotations

import json
import re
import secrets
import threading
from collections.abc import Callable
from datetime import UTC, datetime
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
from sqlalchemy import text

from central_server import admin, settlement
from central_server.declines import DECLINES
from pos_app.domain.clock import unix_seconds
from pos_app.domain.payment_code import parse_payment_code

HANGUL = re.compile(r"[가-힣]")


@pytest.fixture
def device(harness: Harness) -> PosDevice:
    return harness.enrol()


def assert_declined(result: dict[str, Any], code: str) -> None:
    assert result["status"] == "applied"
    assert result["outcome"] == "declined", result
    assert result["code"] == code
    assert HANGUL.search(result["message"])
    assert result["message_en"] == DECLINES[code].message_en
    assert "approval_no" not in result


def test_an_accepted_payment_gets_an_approval_number_cashback_and_balance(
    harness: Harness, device: PosDevice
):
    result = device.pay(amount=12_000)
    assert result["outcome"] == "accepted"
    assert re.fullmatch(r"A\d{10}", result["approval_no"])
    assert result["cashback"] == 1_200  # 10 %, the demo merchant is not designated
    assert result["balance_after"] == 1_000_000 - 12_000 + 1_200
    assert harness.balance() == result["balance_after"]


def test_the_discounted_total_is_what_is_charged(harness: Harness, device: PosDevice):
    result = device.pay(
        lines=((10_000, 2, False), (3_000, 1, True)), discount_rate_bp=1_000, offline=False
    )
    total = 23_000 - 2_000
    assert result["outcome"] == "accepted"
    assert result["cashback"] == total // 10
    assert result["balance_after"] == 1_000_000 - total + total // 10


def test_approval_numbers_are_unique_across_devices(harness: Harness, device: PosDevice):
    other = harness.enrol(name="POS-02")
    numbers = [d.pay(amount=1_000)["approval_no"] for d in (device, other, device, other)]
    assert len(set(numbers)) == 4


def _truncated(body: dict[str, Any]) -> None:
    body["payment_code"]["text"] = body["payment_code"]["text"][:-1]


def _bad_character(body: dict[str, Any]) -> None:
    body["payment_code"]["text"] = body["payment_code"]["text"][:-3] + "1" + "AA"


def _wrong_token_copy(body: dict[str, Any]) -> None:
    body["payment_code"]["token_id"] = secrets.token_hex(16)


def _prefix(body: dict[str, Any]) -> None:
    body["payment_code"]["text"] = "CJP2" + body["payment_code"]["text"][4:]


@pytest.mark.parametrize("edit", [_truncated, _bad_character, _wrong_token_copy, _prefix])
def test_a_malformed_code_is_declined(harness: Harness, device: PosDevice, edit: Callable):
    body = payment_body(harness.mint(), scanned_at=unix_seconds(harness.clock()))
    edit(body)
    assert_declined(device.record("payment", body), "code_malformed")


def test_a_code_signed_by_an_unknown_key_is_declined(harness: Harness, device: PosDevice):
    code = harness.mint_raw(key_id=4242, seed=secrets.token_bytes(32))
    assert_declined(device.pay(code), "unknown_key")


def test_a_code_issued_outside_its_keys_window_is_an_unknown_key(
    harness: Harness, device: PosDevice
):
    issued = unix_seconds(harness.clock()) - 3_600  # before the demo key's not_before
    code = harness.mint_raw(issued_at=issued)
    assert_declined(device.pay(code, scanned_at=issued + 10), "unknown_key")


def test_a_forged_signature_is_declined(harness: Harness, device: PosDevice):
    key_id, _ = harness.signing_seed()
    code = harness.mint_raw(key_id=key_id, seed=secrets.token_bytes(32))
    assert_declined(device.pay(code), "bad_signature")


@pytest.mark.parametrize(
    ("offset", "outcome"),
    [(-31, "declined"), (-30, "accepted"), (180 + 30, "accepted"), (180 + 31, "declined")],
)
def test_the_scan_must_fall_in_the_codes_window_with_30_s_skew(
    harness: Harness, device: PosDevice, offset: int, outcome: str
):
    issued = unix_seconds(harness.clock())
    code = harness.mint_raw(issued_at=issued, ttl=180)
    harness.clock.advance(max(offset, 0))  # the server receives it after the scan
    result = device.pay(code, scanned_at=issued + offset)
    assert result["outcome"] == outcome
    if outcome == "declined":
        assert_declined(result, "code_expired")


def test_a_scan_far_ahead_of_the_servers_clock_is_clock_skew(harness: Harness, device: PosDevice):
    now = unix_seconds(harness.clock())
    ahead = harness.mint_raw(issued_at=now + 301)
    assert_declined(device.pay(ahead, scanned_at=now + 301), "clock_skew")
    near = harness.mint_raw(issued_at=now + 300)
    assert device.pay(near, scanned_at=now + 300)["outcome"] == "accepted"


def test_a_token_pays_once_across_devices(harness: Harness, device: PosDevice):
    other = harness.enrol(name="POS-02")
    code = harness.mint()
    first = device.pay(code, amount=5_000)
    assert first["outcome"] == "accepted"
    assert_declined(other.pay(code, amount=5_000), "code_used")
    assert_declined(device.pay(code, amount=5_000), "code_used")
    assert harness.balance() == 1_000_000 - 5_000 + 500


def test_two_devices_offline_with_one_token_first_synced_wins(harness: Harness, device: PosDevice):
    other = harness.enrol(name="POS-02")
    code = harness.mint()
    now = unix_seconds(harness.clock())
    # Both recorded the payment offline; POS-02 reaches the server first.
    mine = device.journal.append("payment", payment_body(code, scanned_at=now))
    theirs = other.journal.append("payment", payment_body(code, scanned_at=now + 5))
    (their_result,) = other.push_ok([theirs])
    (my_result,) = device.push_ok([mine])
    assert their_result["outcome"] == "accepted"
    assert_declined(my_result, "code_used")


def test_a_declined_payment_does_not_use_up_the_token(harness: Harness, device: PosDevice):
    code = harness.mint(SMALL_WALLET)
    assert_declined(device.pay(code, amount=40_000, offline=False), "insufficient_balance")
    assert device.pay(code, amount=20_000, offline=False)["outcome"] == "accepted"


def _line_amount(body: dict[str, Any]) -> None:
    body["lines"][0]["amount"] += 1


def _subtotal(body: dict[str, Any]) -> None:
    body["subtotal"] += 10


def _eligible(body: dict[str, Any]) -> None:
    body["eligible"] -= 10


def _total(body: dict[str, Any]) -> None:
    body["total"] -= 10


def _discount_over_eligible(body: dict[str, Any]) -> None:
    body["discount"] = body["eligible"] + 100
    body["total"] = body["subtotal"] - body["discount"]


def _negative_discount(body: dict[str, Any]) -> None:
    body["discount"] = -100
    body["total"] = body["subtotal"] + 100


def _no_lines(body: dict[str, Any]) -> None:
    body["lines"] = []
    body["subtotal"] = body["eligible"] = body["total"] = body["discount"] = 0


def _excluded_counted_as_eligible(body: dict[str, Any]) -> None:
    body["lines"][1]["excluded_from_discount"] = True


@pytest.mark.parametrize(
    "edit",
    [
        _line_amount,
        _subtotal,
        _eligible,
        _total,
        _discount_over_eligible,
        _negative_discount,
        _no_lines,
        _excluded_counted_as_eligible,
    ],
)
def test_amounts_that_do_not_add_up_are_declined(
    harness: Harness, device: PosDevice, edit: Callable
):
    body = payment_body(
        harness.mint(),
        scanned_at=unix_seconds(harness.clock()),
        lines=((1_000, 3, False), (2_500, 2, False)),
        discount_rate_bp=500,
    )
    edit(body)
    assert_declined(device.record("payment", body), "amount_mismatch")
    assert harness.balance() == 1_000_000


def test_an_unknown_wallet_is_declined(harness: Harness, device: PosDevice):
    assert_declined(device.pay(harness.mint_raw(wallet_id=777)), "wallet_unknown")


def test_offline_payments_are_bounded_by_the_codes_offline_limit(
    harness: Harness, device: PosDevice
):
    assert_declined(
        device.pay(harness.mint(offline_limit=10_000), amount=10_001), "over_offline_limit"
    )
    assert device.pay(harness.mint(offline_limit=10_000), amount=10_000)["outcome"] == "accepted"
    # An online-only code (limit 0) recorded offline.
    assert_declined(device.pay(harness.mint(offline_limit=0), amount=1_000), "over_offline_limit")
    assert device.pay(harness.mint(offline_limit=0), amount=1_000, offline=False)["outcome"] == (
        "accepted"
    )


def test_offline_the_issuer_stands_behind_the_code_even_past_the_balance(
    harness: Harness, device: PosDevice
):
    online = device.pay(harness.mint(EMPTY_WALLET), amount=20_000, offline=False)
    assert_declined(online, "insufficient_balance")
    offline = device.pay(harness.mint(EMPTY_WALLET), amount=20_000, offline=True)
    assert offline["outcome"] == "accepted"
    assert offline["balance_after"] == -20_000 + 2_000
    assert harness.balance(EMPTY_WALLET) == -18_000


def test_online_the_balance_must_cover_the_total(harness: Harness, device: PosDevice):
    assert_declined(
        device.pay(harness.mint(SMALL_WALLET), amount=30_001, offline=False),
        "insufficient_balance",
    )
    result = device.pay(harness.mint(SMALL_WALLET), amount=30_000, offline=False)
    assert result["outcome"] == "accepted"
    assert result["balance_after"] == 3_000  # 0 + 10 % cashback


def test_a_payment_naming_another_merchant_is_declined(harness: Harness, device: PosDevice):
    body = payment_body(harness.mint(), scanned_at=unix_seconds(harness.clock()))
    body["merchant_id"] = "M-0999"
    assert_declined(device.record("payment", body), "merchant_mismatch")


def test_a_declined_payment_is_stored_and_chained(harness: Harness, device: PosDevice):
    assert_declined(device.pay(harness.mint_raw(wallet_id=777)), "wallet_unknown")
    after = device.pay(amount=1_000)
    assert after["seq"] == 2
    assert after["outcome"] == "accepted"


def test_cashback_is_capped_per_wallet_per_kst_month(harness: Harness, device: PosDevice):
    def pay(amount: int) -> dict[str, Any]:
        return device.pay(harness.mint(), amount=amount, offline=False)

    assert pay(200_000)["cashback"] == 20_000
    assert pay(150_000)["cashback"] == 10_000  # only 10,000 of the 30,000 cap was left
    assert pay(10_000)["cashback"] == 0
    # 2026-11-30 23:59:59 KST is still November.
    harness.clock.set(datetime(2026, 11, 30, 14, 59, 59, tzinfo=UTC))
    assert pay(10_000)["cashback"] == 0
    # 2026-12-01 00:00 KST: a new month, a new cap.
    harness.clock.set(datetime(2026, 11, 30, 15, 0, 0, tzinfo=UTC))
    assert pay(10_000)["cashback"] == 1_000
    # Another wallet has its own cap.
    small = device.pay(harness.mint(SMALL_WALLET), amount=10_000, offline=False)
    assert small["cashback"] == 1_000


def test_the_cap_counts_the_month_of_the_scan_not_of_the_sync(harness: Harness, device: PosDevice):
    harness.clock.set(datetime(2026, 11, 30, 14, 59, 0, tzinfo=UTC))  # 23:59 KST, 30 Nov
    device.pay(harness.mint(), amount=300_000, offline=False)  # the November cap is used up
    code = harness.mint()
    scanned = unix_seconds(harness.clock()) + 30  # 23:59:30 KST
    harness.clock.advance(120)  # synced at 00:01 KST, 1 Dec
    assert device.pay(code, amount=10_000, scanned_at=scanned)["cashback"] == 0


def test_no_cashback_at_a_restricted_merchant(harness: Harness, device: PosDevice):
    admin.set_status(
        harness.engine,
        "M-DEMO-0001",
        "restricted",
        reason="연 매출 30억 원 초과",
        clock=harness.clock,
    )
    result = device.pay(amount=10_000)
    assert result["outcome"] == "accepted"
    assert result["cashback"] == 0
    assert result["balance_after"] == 990_000
    admin.set_status(harness.engine, "M-DEMO-0001", "active", clock=harness.clock)
    assert device.pay(amount=10_000)["cashback"] == 1_000


def test_designated_merchants_earn_the_extra_rate(harness: Harness):
    merchant = admin.create_merchant(
        harness.engine,
        name="착한 국밥",
        business_number="104-82-12347",
        designated=True,
        clock=harness.clock,
    )
    pos = harness.enrol(merchant["merchant_id"])
    assert pos.pay(amount=10_000)["cashback"] == 1_500  # 10 % + 5 %


def test_a_void_refunds_and_reverses_the_cashback(harness: Harness, device: PosDevice):
    paid = device.pay(amount=10_000)
    assert harness.balance() == 991_000
    voided = device.void(paid["event_id"])
    assert voided["outcome"] == "accepted"
    assert voided["refunded"] == 10_000
    assert voided["cashback_reversed"] == 1_000
    assert voided["balance_after"] == 1_000_000
    assert harness.balance() == 1_000_000
    # The reversed cashback frees the month's cap again.
    assert device.pay(harness.mint(), amount=300_000, offline=False)["cashback"] == 30_000


def test_a_void_of_a_declined_payment_refunds_nothing(harness: Harness, device: PosDevice):
    declined = device.pay(harness.mint_raw(wallet_id=777))
    voided = device.void(declined["event_id"])
    assert voided["outcome"] == "accepted"
    assert voided["refunded"] == 0
    assert voided["cashback_reversed"] == 0


def test_voids_of_unknown_or_voided_payments_are_declined(harness: Harness, device: PosDevice):
    assert_declined(device.void("00000000-0000-4000-8000-000000000000"), "payment_unknown")
    paid = device.pay(amount=1_000)
    assert device.void(paid["event_id"])["outcome"] == "accepted"
    assert_declined(device.void(paid["event_id"]), "already_voided")
    assert harness.balance() == 1_000_000


def test_a_device_cannot_void_another_devices_payment(harness: Harness, device: PosDevice):
    paid = device.pay(amount=1_000)
    other = harness.enrol(name="POS-02")
    assert_declined(other.void(paid["event_id"]), "payment_unknown")


def test_a_payment_and_its_void_in_one_push(harness: Harness, device: PosDevice):
    now = unix_seconds(harness.clock())
    payment = device.journal.append("payment", payment_body(harness.mint(), scanned_at=now))
    void = device.journal.append(
        "payment_void", {"payment_id": payment["event_id"], "receipt_no": "r", "reason": "실수"}
    )
    paid, voided = device.push_ok([payment, void])
    assert paid["outcome"] == voided["outcome"] == "accepted"
    assert harness.balance(DEMO_WALLET) == 1_000_000


def other_tender_body(tender: str, total: int = 5_000) -> dict[str, Any]:
    """A cash or card-terminal sale as the POS's checkout writes it (no payment code)."""
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
        "receipt_no": "20261125-0002",
        "business_date": "2026-11-25",
        "tender": tender,
        "lines": [line],
        "subtotal": total,
        "eligible": total,
        "discount": 0,
        "discount_rate_bp": 0,
        "total": total,
        "cashback_preview": 0,
        "offline": False,
    }


@pytest.mark.parametrize("tender", ["cash", "card_terminal"])
def test_the_void_of_a_cash_or_card_sale_is_recorded_once(
    harness: Harness, device: PosDevice, tender: str
):
    """Found by the shop-day acceptance suite: the void was declined payment_unknown, so
    the server's record kept a sale the till had voided."""
    before = harness.balance()
    sale = device.record("payment", other_tender_body(tender))
    assert sale["outcome"] == "recorded"
    voided = device.void(sale["event_id"])
    assert voided["status"] == "applied"
    assert voided["outcome"] == "recorded", voided
    assert harness.balance() == before  # no Cheongju Pay money either way
    with harness.engine.connect() as conn:
        kept = conn.execute(
            text("SELECT result FROM journal_events WHERE event_id = :e"),
            {"e": voided["event_id"]},
        ).scalar_one()
    assert json.loads(kept)["outcome"] == "recorded"  # what a repeated push gets back
    assert_declined(device.void(sale["event_id"]), "already_voided")


def test_a_cash_sale_and_its_void_in_one_push(harness: Harness, device: PosDevice):
    sale = device.journal.append("payment", other_tender_body("cash"))
    void = device.journal.append(
        "payment_void", {"payment_id": sale["event_id"], "receipt_no": "r", "reason": "실수"}
    )
    again = device.journal.append(
        "payment_void", {"payment_id": sale["event_id"], "receipt_no": "r", "reason": "두 번"}
    )
    recorded, voided, twice = device.push_ok([sale, void, again])
    assert recorded["outcome"] == voided["outcome"] == "recorded"
    assert_declined(twice, "already_voided")


def test_a_cash_sale_of_another_device_or_merchant_cannot_be_voided(
    harness: Harness, device: PosDevice
):
    sale = device.record("payment", other_tender_body("cash"))
    assert_declined(harness.enrol(name="POS-02").void(sale["event_id"]), "payment_unknown")
    merchant = admin.create_merchant(
        harness.engine, name="다른 가게", business_number="104-82-12347", clock=harness.clock
    )
    stranger = harness.enrol(merchant["merchant_id"], name="POS-09")
    assert_declined(stranger.void(sale["event_id"]), "payment_unknown")
    # Never seen at all (not even in a journal): unknown, whatever the tender would be.
    assert_declined(device.void("00000000-0000-4000-8000-0000000000c4"), "payment_unknown")
    # The sale's own till still voids it.
    assert device.void(sale["event_id"])["outcome"] == "recorded"


def test_a_token_race_lost_at_insert_is_rolled_back_and_judged_again(
    harness: Harness, device: PosDevice, monkeypatch: pytest.MonkeyPatch
):
    """Two devices' pushes use one token at once (PostgreSQL, two transactions): the unique
    key on used_tokens stops the second at insert; its savepoint undoes the debit and the
    event is judged again, as code_used."""
    code = harness.mint()
    other = harness.enrol(name="POS-02")
    assert other.pay(code, amount=1_000)["outcome"] == "accepted"
    real = settlement._token_used
    lookups: list[str] = []

    def stale_first_lookup(ctx: settlement.PushContext, token_id: str) -> bool:
        lookups.append(token_id)
        return False if len(lookups) == 1 else real(ctx, token_id)

    monkeypatch.setattr(settlement, "_token_used", stale_first_lookup)
    result = device.pay(code, amount=1_000)
    assert_declined(result, "code_used")
    assert len(lookups) == 2
    assert harness.balance() == 1_000_000 - 1_000 + 100  # only the first payment moved money
    assert device.pay(amount=1_000)["seq"] == 2  # the chain goes on


def test_a_token_race_in_a_batch_reruns_it_event_by_event_with_the_same_outcomes(
    harness: Harness, device: PosDevice, monkeypatch: pytest.MonkeyPatch
):
    """The batch's rows are inserted together, so a lost token race fails the whole batch:
    it is rolled back and applied one event per savepoint. The others are accepted once,
    with distinct approval numbers from the push's block."""
    raced = harness.mint()
    other = harness.enrol(name="POS-02")
    assert other.pay(raced, amount=1_000)["outcome"] == "accepted"
    real = settlement._token_used
    stale = {parse_payment_code(raced).token_id_hex}

    def stale_once(ctx: settlement.PushContext, token_id: str) -> bool:
        if token_id in stale:
            stale.discard(token_id)
            return False
        return real(ctx, token_id)

    monkeypatch.setattr(settlement, "_token_used", stale_once)
    now = unix_seconds(harness.clock())
    wires = [
        device.journal.append("payment", payment_body(code, scanned_at=now))
        for code in (harness.mint(), raced, harness.mint())
    ]
    first, lost, third = device.push_ok(wires)
    assert (first["outcome"], third["outcome"]) == ("accepted", "accepted")
    assert_declined(lost, "code_used")
    assert first["approval_no"] != third["approval_no"]
    assert harness.balance() == 1_000_000 - 3 * (1_000 - 100)  # three payments moved money
    assert device.push_ok(wires) == [{**r, "status": "duplicate"} for r in (first, lost, third)]


def test_one_push_judges_each_payment_against_the_balance_and_cap_the_previous_left(
    harness: Harness, device: PosDevice
):
    """Payments of one push are settled together (their wallet read once, written once):
    each is still judged on what the ones before it left, and a void in the same push sees
    them all."""
    now = unix_seconds(harness.clock())

    def online(amount: int, wallet: str = DEMO_WALLET) -> dict[str, Any]:
        body = payment_body(
            harness.mint(wallet), scanned_at=now, lines=((amount, 1, False),), offline=False
        )
        return device.journal.append("payment", body)

    first = online(200_000)
    wires = [first, online(150_000), online(12_000, SMALL_WALLET), online(12_000, SMALL_WALLET)]
    wires.append(online(12_000, SMALL_WALLET))
    wires.append(
        device.journal.append(
            "payment_void", {"payment_id": first["event_id"], "receipt_no": "x", "reason": "r"}
        )
    )
    wires.append(online(10_000))
    big, capped, small_1, small_2, short, void, after = device.push_ok(wires)
    assert (big["cashback"], capped["cashback"]) == (20_000, 10_000)
    assert big["balance_after"] == 1_000_000 - 200_000 + 20_000
    assert capped["balance_after"] == big["balance_after"] - 150_000 + 10_000
    assert [small_1["balance_after"], small_2["balance_after"]] == [19_200, 8_400]
    assert_declined(short, "insufficient_balance")
    assert (void["refunded"], void["cashback_reversed"]) == (200_000, 20_000)
    assert after["cashback"] == 1_000  # the void freed the month's cap again
    expected = capped["balance_after"] + 200_000 - 20_000 - 10_000 + 1_000
    assert after["balance_after"] == expected == harness.balance()
    assert harness.balance(SMALL_WALLET) == 8_400


def test_concurrent_pushes_never_spend_an_online_balance_twice(harness: Harness):
    """Two tills push online payments from one wallet at the same time: each payment sees
    the balance the previous one left (row lock on PostgreSQL, one writer on SQLite)."""
    tills = [harness.enrol(name=f"POS-{n}") for n in (1, 2)]
    codes = {till.device_id: [harness.mint(SMALL_WALLET) for _ in range(5)] for till in tills}
    results: list[dict[str, Any]] = []
    lock = threading.Lock()

    def run(till: PosDevice) -> None:
        for code in codes[till.device_id]:
            result = till.pay(code, amount=5_000, offline=False)
            with lock:
                results.append(result)

    threads = [threading.Thread(target=run, args=(till,)) for till in tills]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(results) == 10
    # 30,000 -> each accepted payment takes 5,000 and gives back 500 cashback.
    accepted = [r for r in results if r["outcome"] == "accepted"]
    assert len(accepted) == 6
    assert all(r["code"] == "insufficient_balance" for r in results if r not in accepted)
    assert harness.balance(SMALL_WALLET) == 30_000 - 6 * 4_500
