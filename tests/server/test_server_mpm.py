"""Merchant-presented payments on the server: a POS registers a request, a customer pays the
merchant QR from a wallet, the POS's payment event is linked to it (never debited twice).

Every test runs on SQLite and on PostgreSQL (the ``harness`` fixture).
"""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from httpx import Response
from server_support import (
    DEMO_MERCHANT,
    DEMO_WALLET,
    EMPTY_WALLET,
    SMALL_WALLET,
    Harness,
    PosDevice,
    assert_problem,
)

from central_server import admin
from central_server.payment_requests import REQUEST_TTL_SECONDS, pay_request
from central_server.problems import ProblemError
from pos_app.domain.mpm import (
    CheongjuPayRequest,
    MpmError,
    build_cheongju_mpm,
    crc16_ccitt_false,
    read_cheongju_mpm,
)


@pytest.fixture
def device(harness: Harness) -> PosDevice:
    return harness.enrol(name="POS-01")


def register(
    device: PosDevice,
    amount: int = 10_000,
    *,
    discount: int = 0,
    request_id: str | None = None,
    subtotal: int | None = None,
) -> Response:
    body = {
        "request_id": request_id or str(uuid.uuid4()),
        "subtotal": amount + discount if subtotal is None else subtotal,
        "discount": discount,
        "amount": amount,
    }
    return device.harness.client.post(
        f"/v1/devices/{device.device_id}/payment-requests", json=body, headers=device.headers
    )


def opened(device: PosDevice, amount: int = 10_000, **options: Any) -> dict[str, Any]:
    response = register(device, amount, **options)
    assert response.status_code == 201, response.text
    return response.json()


def pay(harness: Harness, payload: str, wallet_id: str = DEMO_WALLET) -> Response:
    return harness.client.post(f"/v1/wallets/{wallet_id}/mpm-payments", json={"payload": payload})


def state(device: PosDevice, request_id: str) -> Response:
    return device.harness.client.get(
        f"/v1/devices/{device.device_id}/payment-requests/{request_id}", headers=device.headers
    )


def cancel(device: PosDevice, request_id: str) -> Response:
    return device.harness.client.post(
        f"/v1/devices/{device.device_id}/payment-requests/{request_id}/cancel",
        headers=device.headers,
    )


def qr(request_id: str, amount: int, merchant_id: str = DEMO_MERCHANT) -> str:
    """A well-formed Cheongju Pay QR a customer might scan (not necessarily the POS's)."""
    return build_cheongju_mpm(
        CheongjuPayRequest(merchant_id, "SOME SHOP", amount=amount, request_id=request_id)
    )


def mpm_body(request_id: str, amount: int, paid: dict[str, Any] | None = None) -> dict[str, Any]:
    """The payment event body the POS records for a paid request (checkout's shape)."""
    line = {
        "line_no": 1,
        "product_id": "P001",
        "name": "상품 1",
        "unit_price": amount,
        "quantity": 1,
        "amount": amount,
        "excluded_from_discount": False,
    }
    return {
        "receipt_no": "20261125-0001",
        "business_date": "2026-11-25",
        "tender": "cheongju_pay",
        "lines": [line],
        "subtotal": amount,
        "eligible": amount,
        "discount": 0,
        "discount_rate_bp": 0,
        "total": amount,
        "cashback_preview": amount // 10,
        "payment_code": None,
        "offline": False,
        "mpm_request_id": request_id,
        "approval_no": (paid or {}).get("approval_no"),
        "cashback": (paid or {}).get("cashback"),
        "wallet_id": (paid or {}).get("wallet_id"),
    }


def feed_states(device: PosDevice, after: str) -> list[dict[str, Any]]:
    response = device.changes(after)
    assert response.status_code == 200, response.text
    return [c["data"] for c in response.json()["changes"] if c["type"] == "payment_request"]


def cursor_now(device: PosDevice) -> str:
    return device.changes().json()["cursor"]


# ----- registering ---------------------------------------------------------------------


def test_a_request_gets_the_dynamic_merchant_qr_and_is_idempotent(
    harness: Harness, device: PosDevice
) -> None:
    request_id = str(uuid.uuid4())
    first = opened(device, 9_000, discount=1_000, request_id=request_id)
    assert (first["status"], first["amount"], first["subtotal"], first["discount"]) == (
        "open",
        9_000,
        10_000,
        1_000,
    )
    scanned = read_cheongju_mpm(first["payload"])
    assert scanned.merchant_id == DEMO_MERCHANT
    assert (scanned.amount, scanned.request_id, scanned.terminal_label) == (
        9_000,
        request_id,
        "POS-01",
    )
    assert scanned.merchant_name_ko == "청주 한빛마트 (연습)"
    assert scanned.merchant_name.isascii() and scanned.merchant_name
    harness.clock.advance(30)
    again = register(device, 9_000, discount=1_000, request_id=request_id)
    assert again.status_code == 200
    assert again.json() == first  # same payload, same expiry: the first registration's
    conflict = register(device, 8_000, discount=2_000, request_id=request_id)
    assert_problem(conflict, 409, "request_conflict")
    other = harness.enrol(name="POS-02")
    assert_problem(
        register(other, 9_000, discount=1_000, request_id=request_id), 409, "request_conflict"
    )


@pytest.mark.parametrize(
    ("amount", "discount", "subtotal", "code"),
    [
        (0, 0, 0, "amount_out_of_range"),
        (10_000_001, 0, 10_000_001, "amount_out_of_range"),
        (9_000, 500, 10_000, "amount_mismatch"),
    ],
)
def test_registering_refuses_amounts_with_the_field_named(
    harness: Harness, device: PosDevice, amount: int, discount: int, subtotal: int, code: str
) -> None:
    response = register(device, amount, discount=discount, subtotal=subtotal)
    assert assert_problem(response, 422, code)["field"] == "amount"


def test_the_largest_amount_is_accepted(harness: Harness, device: PosDevice) -> None:
    assert opened(device, 10_000_000)["amount"] == 10_000_000


def test_a_request_id_must_be_a_uuid_and_needs_the_device_token(
    harness: Harness, device: PosDevice
) -> None:
    assert_problem(register(device, request_id="not-a-uuid"), 422, "invalid_request")
    response = harness.client.post(
        f"/v1/devices/{device.device_id}/payment-requests",
        json={"request_id": str(uuid.uuid4()), "subtotal": 1, "discount": 0, "amount": 1},
    )
    assert_problem(response, 401, "unauthorized")


# ----- paying --------------------------------------------------------------------------


def test_paying_debits_the_wallet_credits_cashback_and_tells_the_pos(
    harness: Harness, device: PosDevice
) -> None:
    after = cursor_now(device)
    request = opened(device, 10_000)
    start = harness.balance()
    response = pay(harness, request["payload"])
    assert response.status_code == 200, response.text
    paid = response.json()
    assert paid["status"] == "paid"
    assert re.fullmatch(r"A\d{10}", paid["approval_no"])
    assert paid["cashback"] == 1_000  # 10 %, the demo merchant is not designated
    assert paid["wallet_id"] == DEMO_WALLET
    assert harness.balance() == start - 10_000 + 1_000 == paid["balance_after"]
    assert paid["merchant_name"] == "청주 한빛마트 (연습)"
    changes = feed_states(device, after)
    assert [c["status"] for c in changes] == ["paid"]
    assert {k: changes[0][k] for k in ("request_id", "approval_no", "cashback", "amount")} == {
        "request_id": request["request_id"],
        "approval_no": paid["approval_no"],
        "cashback": 1_000,
        "amount": 10_000,
    }
    assert changes[0]["paid_at"] is not None
    now = state(device, request["request_id"]).json()
    assert (now["status"], now["approval_no"], now["payload"]) == (
        "paid",
        paid["approval_no"],
        request["payload"],
    )


def test_no_cashback_at_a_restricted_merchant(harness: Harness, device: PosDevice) -> None:
    admin.set_status(
        harness.engine, DEMO_MERCHANT, "restricted", reason="연 매출 30억 초과", clock=harness.clock
    )
    request = opened(device, 10_000)
    start = harness.balance()
    paid = pay(harness, request["payload"]).json()
    assert paid["cashback"] == 0
    assert harness.balance() == start - 10_000


def test_the_monthly_cashback_cap_counts_merchant_qr_payments(
    harness: Harness, device: PosDevice
) -> None:
    assert pay(harness, opened(device, 250_000)["payload"]).json()["cashback"] == 25_000
    assert pay(harness, opened(device, 100_000)["payload"]).json()["cashback"] == 5_000
    assert device.pay(amount=10_000)["cashback"] == 0  # a code payment sees the same cap


def corrupt_crc(payload: str) -> str:
    last = payload[-1]
    return payload[:-1] + ("0" if last != "0" else "1")


@pytest.mark.parametrize(
    ("spoil", "field"),
    [
        (corrupt_crc, "63"),
        # Tag 54's length runs past the end of the payload; which field the parser blames
        # is the domain's call (tests/domain): the server must pass that field on.
        (lambda text: text.replace("540510000", "549910000", 1), None),
        # Without tag 58 (country), a mandatory field is missing (CRC recomputed: well-formed).
        (None, "58"),
        # Another scheme's well-formed QR: parsed, then refused as not Cheongju Pay.
        (lambda text: _with_crc(text.replace("KR.CHEONGJUPAY", "KR.OTHERPAY123", 1)), "26"),
    ],
    ids=["wrong_crc", "wrong_length", "missing_mandatory", "other_scheme"],
)
def test_a_bad_payload_is_refused_naming_the_field(
    harness: Harness,
    device: PosDevice,
    spoil: Callable[[str], str] | None,
    field: str | None,
) -> None:
    request = opened(device, 10_000)
    text = _without_country(request["payload"]) if spoil is None else spoil(request["payload"])
    with pytest.raises(MpmError) as domain:
        read_cheongju_mpm(text)
    body = assert_problem(pay(harness, text), 422, "mpm_invalid")
    assert body["field"] == (field or domain.value.field) == domain.value.field
    assert body["reason"]
    assert state(device, request["request_id"]).json()["status"] == "open"


def _with_crc(payload: str) -> str:
    body = payload[: payload.rindex("6304")] + "6304"
    return body + f"{crc16_ccitt_false(body.encode('utf-8')):04X}"


def _without_country(payload: str) -> str:
    return _with_crc(payload.replace("5802KR", "", 1))


def test_refusals_name_what_is_wrong(harness: Harness, device: PosDevice) -> None:
    request = opened(device, 10_000)
    request_id = request["request_id"]
    unknown = assert_problem(pay(harness, qr(str(uuid.uuid4()), 10_000)), 404, "request_unknown")
    assert unknown["field"] == "26.02"
    other = assert_problem(
        pay(harness, qr(request_id, 10_000, "M-OTHER-01")), 409, "merchant_mismatch"
    )
    assert other["field"] == "26.01"
    cheaper = assert_problem(pay(harness, qr(request_id, 9_000)), 409, "amount_mismatch")
    assert cheaper["field"] == "54"
    static = build_cheongju_mpm(CheongjuPayRequest(DEMO_MERCHANT, "SOME SHOP"))
    assert assert_problem(pay(harness, static), 422, "mpm_static")["field"] == "26.02"
    assert_problem(pay(harness, request["payload"], "9999999999"), 404, "wallet_unknown")
    assert_problem(pay(harness, request["payload"], "01"), 404, "wallet_unknown")
    start = admin.wallet_balance(harness.engine, EMPTY_WALLET)
    poor = assert_problem(
        pay(harness, request["payload"], EMPTY_WALLET), 402, "insufficient_balance"
    )
    assert (poor["total"], poor["balance"]) == (10_000, 0)
    assert admin.wallet_balance(harness.engine, EMPTY_WALLET) == start
    # None of these changed the request: it can still be paid.
    assert pay(harness, request["payload"]).status_code == 200
    again = assert_problem(pay(harness, request["payload"]), 409, "request_not_open")
    assert again["request_status"] == "paid"


def test_an_expired_request_cannot_be_paid_and_the_pos_hears_of_it(
    harness: Harness, device: PosDevice
) -> None:
    request = opened(device, 10_000)
    after = cursor_now(device)
    harness.clock.advance(REQUEST_TTL_SECONDS - 1)
    assert state(device, request["request_id"]).json()["status"] == "open"
    harness.clock.advance(1)
    start = harness.balance()
    late = assert_problem(pay(harness, request["payload"]), 409, "request_not_open")
    assert late["request_status"] == "expired"
    assert harness.balance() == start
    assert [c["status"] for c in feed_states(device, after)] == ["expired"]
    assert state(device, request["request_id"]).json()["status"] == "expired"
    assert cancel(device, request["request_id"]).json()["status"] == "expired"


# ----- cancelling ----------------------------------------------------------------------


def test_cancel_then_pay_is_refused(harness: Harness, device: PosDevice) -> None:
    request = opened(device, 10_000)
    after = cursor_now(device)
    response = cancel(device, request["request_id"])
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert cancel(device, request["request_id"]).json()["status"] == "cancelled"  # no-op
    refused = assert_problem(pay(harness, request["payload"]), 409, "request_not_open")
    assert refused["request_status"] == "cancelled"
    assert [c["status"] for c in feed_states(device, after)] == ["cancelled"]


def test_pay_then_cancel_answers_with_the_paid_state(harness: Harness, device: PosDevice) -> None:
    request = opened(device, 10_000)
    paid = pay(harness, request["payload"]).json()
    refused = assert_problem(cancel(device, request["request_id"]), 409, "request_paid")
    paid_state = refused["request"]
    assert refused["request_status"] == "paid"
    assert (paid_state["status"], paid_state["approval_no"], paid_state["cashback"]) == (
        "paid",
        paid["approval_no"],
        paid["cashback"],
    )


def test_only_the_device_that_registered_a_request_sees_or_cancels_it(
    harness: Harness, device: PosDevice
) -> None:
    request = opened(device, 10_000)
    other = harness.enrol(name="POS-02")
    assert_problem(state(other, request["request_id"]), 404, "request_unknown")
    assert_problem(cancel(other, request["request_id"]), 404, "request_unknown")
    assert_problem(state(device, str(uuid.uuid4())), 404, "request_unknown")


# ----- races ---------------------------------------------------------------------------


def _race(*actions: Callable[[], Any]) -> list[Any]:
    """Run the actions at the same moment, each in its own thread; their results or errors."""
    barrier = threading.Barrier(len(actions))
    results: list[Any] = [None] * len(actions)

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = actions[index]()
        except ProblemError as exc:
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(actions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_two_customers_paying_one_request_at_once_exactly_one_pays(
    harness: Harness, device: PosDevice
) -> None:
    for _ in range(3):
        request = opened(device, 5_000)
        before = {w: admin.wallet_balance(harness.engine, w) for w in (DEMO_WALLET, SMALL_WALLET)}
        results = _race(
            *(
                lambda w=wallet, text=request["payload"]: pay_request(
                    harness.engine, w, text, harness.clock()
                )
                for wallet in (DEMO_WALLET, SMALL_WALLET)
            )
        )
        paid = [r for r in results if isinstance(r, dict)]
        refused = [r for r in results if isinstance(r, ProblemError)]
        assert len(paid) == 1 and len(refused) == 1, results
        assert (refused[0].code, refused[0].extra["request_status"]) == (
            "request_not_open",
            "paid",
        )
        after = {w: admin.wallet_balance(harness.engine, w) for w in (DEMO_WALLET, SMALL_WALLET)}
        payer = paid[0]["wallet_id"]
        assert after[payer] == before[payer] - 5_000 + paid[0]["cashback"]
        other = SMALL_WALLET if payer == DEMO_WALLET else DEMO_WALLET
        assert after[other] == before[other]


def test_cancel_and_pay_at_once_end_one_way_only(harness: Harness, device: PosDevice) -> None:
    from central_server.payment_requests import cancel_request

    for _ in range(3):
        request = opened(device, 5_000)
        start = harness.balance()
        text, request_id = request["payload"], request["request_id"]
        paid, cancelled = _race(
            lambda text=text: pay_request(harness.engine, DEMO_WALLET, text, harness.clock()),
            lambda request_id=request_id: cancel_request(
                harness.engine, device.device_id, request_id, harness.clock()
            ),
        )
        final = state(device, request["request_id"]).json()["status"]
        if isinstance(paid, dict):
            assert final == "paid"
            assert isinstance(cancelled, ProblemError) and cancelled.code == "request_paid"
            assert harness.balance() == start - 5_000 + paid["cashback"]
        else:
            assert final == "cancelled"
            assert isinstance(paid, ProblemError) and paid.code == "request_not_open"
            assert cancelled["status"] == "cancelled"
            assert harness.balance() == start


# ----- the POS records it: journal push ------------------------------------------------


def test_the_pos_payment_event_is_linked_not_debited_again(
    harness: Harness, device: PosDevice
) -> None:
    request = opened(device, 10_000)
    paid = pay(harness, request["payload"]).json()
    balance = harness.balance()
    result = device.record("payment", mpm_body(request["request_id"], 10_000, paid))
    assert (result["outcome"], result["approval_no"], result["cashback"]) == (
        "accepted",
        paid["approval_no"],
        paid["cashback"],
    )
    assert harness.balance() == balance
    # Pushed again (a lost answer): the same result, still no money moved.
    resent = device.push_ok(device.journal.wire([1]))
    assert (resent[0]["status"], resent[0]["approval_no"]) == ("duplicate", paid["approval_no"])
    # A second event naming the same request is declined.
    twice = device.record("payment", mpm_body(request["request_id"], 10_000, paid))
    assert (twice["outcome"], twice["code"]) == ("declined", "mpm_request_recorded")
    assert harness.balance() == balance


@pytest.mark.parametrize(
    "case", ["unpaid", "cancelled", "unknown", "other_amount", "other_merchant"]
)
def test_a_payment_event_naming_a_request_it_cannot_claim_is_declined(
    harness: Harness, device: PosDevice, case: str
) -> None:
    request = opened(device, 10_000)
    request_id = request["request_id"]
    amount = 10_000
    expected = {
        "unpaid": "mpm_request_unpaid",
        "cancelled": "mpm_request_unpaid",
        "unknown": "mpm_request_unknown",
        "other_amount": "amount_mismatch",
        "other_merchant": "mpm_request_unknown",
    }[case]
    if case == "cancelled":
        cancel(device, request_id)
    elif case == "unknown":
        request_id = str(uuid.uuid4())
    elif case == "other_amount":
        pay(harness, request["payload"])
        amount = 9_000
    elif case == "other_merchant":
        pay(harness, request["payload"])
        merchant = admin.create_merchant(
            harness.engine,
            name="다른 가게",
            business_number="2208162517",
            representative="이둘",
            address="청주",
            phone="043-111-1111",
            sector="식당",
            clock=harness.clock,
        )
        device = harness.enrol(merchant["merchant_id"], name="OTHER")
    balance = harness.balance()
    result = device.record("payment", mpm_body(request_id, amount))
    assert (result["outcome"], result["code"]) == ("declined", expected)
    assert harness.balance() == balance


def test_a_merchant_qr_payment_refunded_in_part_credits_the_wallet_and_reverses_cashback(
    harness: Harness, device: PosDevice
) -> None:
    request = opened(device, 10_000)
    paid = pay(harness, request["payload"]).json()
    recorded = device.record("payment", mpm_body(request["request_id"], 10_000, paid))
    start = harness.balance()
    refund = {
        "payment_id": recorded["event_id"],
        "receipt_no": "20261125-0001",
        "refund_no": "R-20261125-0001",
        "business_date": "2026-11-25",
        "tender": "cheongju_pay",
        "wallet_id": DEMO_WALLET,
        "reason": "defective",
        "note": "",
        "lines": [],
        "gross": 4_000,
        "discount_share": 0,
        "amount": 4_000,
        "approved_by": "manager",
    }
    result = device.record("payment_refund", refund)
    assert (result["outcome"], result["refunded"], result["cashback_reversed"]) == (
        "accepted",
        4_000,
        400,
    )
    assert harness.balance() == start + 4_000 - 400
    voided = device.void(recorded["event_id"])
    assert (voided["refunded"], voided["cashback_reversed"]) == (6_000, 600)
    assert harness.balance() == start + 10_000 - 1_000
