"""Journal push: applied, duplicate, the four 409 conflicts, 413, 422, forward compatibility."""

from __future__ import annotations

import json
from typing import Any

import pytest
from server_support import Harness, PosDevice, assert_problem, payment_body
from sqlalchemy import func, select

from central_server.schema import devices, journal_events
from pos_app.domain.clock import unix_seconds

PRODUCT = {
    "product_id": "P001",
    "name": "청주 쌀 10kg",
    "price": 32_000,
    "category": "곡물",
    "excluded_from_discount": False,
    "active": True,
    "codes": ["8801234567893"],
}


def stored_count(harness: Harness, device: PosDevice) -> int:
    with harness.engine.connect() as conn:
        return conn.execute(
            select(func.count())
            .select_from(journal_events)
            .where(journal_events.c.device_id == device.device_id)
        ).scalar_one()


def append_payments(harness: Harness, device: PosDevice, count: int) -> list[dict[str, Any]]:
    now = unix_seconds(harness.clock())
    return [
        device.journal.append("payment", payment_body(harness.mint(), scanned_at=now))
        for _ in range(count)
    ]


@pytest.fixture
def device(harness: Harness) -> PosDevice:
    return harness.enrol()


def test_events_are_applied_in_order_and_stored_as_sent(harness: Harness, device: PosDevice):
    first = device.journal.append("product_upsert", PRODUCT)
    (payment,) = append_payments(harness, device, 1)
    response = device.push([first, payment])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["last_seq"] == 2
    assert body["results"][0] == {
        "seq": 1,
        "event_id": first["event_id"],
        "status": "applied",
        "outcome": "recorded",
    }
    assert body["results"][1]["status"] == "applied"
    assert body["results"][1]["outcome"] == "accepted"
    with harness.engine.connect() as conn:
        rows = conn.execute(
            select(journal_events).where(journal_events.c.device_id == device.device_id)
        ).all()
        head = conn.execute(
            select(devices.c.last_seq, devices.c.last_hash).where(
                devices.c.device_id == device.device_id
            )
        ).one()
    assert [row.hash for row in rows] == [first["hash"], payment["hash"]]
    # The body is kept as the canonical JSON the hash covers, byte for byte.
    assert rows[0].body == device.journal.events[0].body_json.decode("utf-8")
    assert rows[1].prev_hash == first["hash"]
    assert tuple(head) == (2, payment["hash"])


def test_a_repeated_push_gets_the_first_results_again(harness: Harness, device: PosDevice):
    events = [
        device.journal.append("product_upsert", PRODUCT),
        *append_payments(harness, device, 2),
    ]
    first = device.push_ok(events)
    harness.clock.advance(60)
    again = device.push_ok(events)
    assert [result["status"] for result in again] == ["duplicate"] * 3
    assert [{**r, "status": "applied"} for r in again] == first
    assert first[1]["approval_no"] != first[2]["approval_no"]
    assert stored_count(harness, device) == 3
    # Part old, part new: the old ones are duplicates, the new one is applied.
    (extra,) = append_payments(harness, device, 1)
    mixed = device.push_ok([*events[1:], extra])
    assert [r["status"] for r in mixed] == ["duplicate", "duplicate", "applied"]


def test_a_gap_is_409_and_what_came_before_it_stays_applied(harness: Harness, device: PosDevice):
    events = append_payments(harness, device, 4)
    response = device.push([events[0], events[1], events[3]])
    body = assert_problem(response, 409, "journal_conflict")
    assert body["reason"] == "gap"
    assert body["conflict_seq"] == 4
    assert body["expected_seq"] == 3
    assert body["last_seq"] == 2
    assert [r["seq"] for r in body["results"]] == [1, 2]
    assert all(r["status"] == "applied" and r["outcome"] == "accepted" for r in body["results"])
    # Committed: resending them is a duplicate with the same approval numbers.
    again = device.push_ok(events)
    assert [r["status"] for r in again] == ["duplicate", "duplicate", "applied", "applied"]
    assert [r["approval_no"] for r in again[:2]] == [r["approval_no"] for r in body["results"]]


def test_a_first_push_that_does_not_start_at_1_is_a_gap(harness: Harness, device: PosDevice):
    events = append_payments(harness, device, 2)
    body = assert_problem(device.push([events[1]]), 409, "journal_conflict")
    assert (body["reason"], body["conflict_seq"], body["expected_seq"]) == ("gap", 2, 1)
    assert body["results"] == []


def test_a_different_event_at_a_stored_seq_is_a_seq_conflict(harness: Harness, device: PosDevice):
    events = append_payments(harness, device, 2)
    device.push_ok(events)
    # The device lost its file and started a new journal: a different seq 1.
    device.journal.events.clear()
    (replacement,) = append_payments(harness, device, 1)
    body = assert_problem(device.push([replacement]), 409, "journal_conflict")
    assert (body["reason"], body["conflict_seq"], body["expected_seq"]) == ("seq_conflict", 1, 3)
    assert stored_count(harness, device) == 2


def test_an_edited_event_is_a_hash_mismatch(harness: Harness, device: PosDevice):
    events = append_payments(harness, device, 3)
    edited = json.loads(json.dumps(events[1]))
    edited["body"]["total"] -= 100  # the cashier's record no longer matches its hash
    body = assert_problem(device.push([events[0], edited, events[2]]), 409, "journal_conflict")
    assert (body["reason"], body["conflict_seq"], body["expected_seq"]) == (
        "hash_mismatch",
        2,
        2,
    )
    assert [r["seq"] for r in body["results"]] == [1]
    assert stored_count(harness, device) == 1


def test_an_edited_and_rehashed_event_breaks_the_next_prev_hash(
    harness: Harness, device: PosDevice
):
    from pos_app.domain.journal import make_event

    events = append_payments(harness, device, 3)
    original = device.journal.events[1]
    body = dict(original.body)
    body["receipt_no"] = "20261125-9999"
    forged = make_event(
        seq=original.seq,
        event_id=original.event_id,
        type=original.type,
        occurred_at=original.occurred_at,
        body=body,
        prev_hash=original.prev_hash,
    ).to_wire()
    problem = assert_problem(device.push([events[0], forged, events[2]]), 409, "journal_conflict")
    assert (problem["reason"], problem["conflict_seq"], problem["expected_seq"]) == (
        "prev_hash_mismatch",
        3,
        3,
    )
    assert [r["seq"] for r in problem["results"]] == [1, 2]


def test_a_prev_hash_that_is_not_the_stored_head_is_refused(harness: Harness, device: PosDevice):
    events = append_payments(harness, device, 1)
    device.push_ok(events)
    stranger = PosDevice(harness, device.device_id, device.token)  # another chain entirely
    stranger.journal.append("product_upsert", PRODUCT)
    (second,) = append_payments(harness, stranger, 1)
    body = assert_problem(device.push([second]), 409, "journal_conflict")
    assert (body["reason"], body["conflict_seq"], body["expected_seq"]) == (
        "prev_hash_mismatch",
        2,
        2,
    )


def test_a_resent_acknowledged_event_that_was_edited_is_not_a_duplicate(
    harness: Harness, device: PosDevice
):
    events = append_payments(harness, device, 1)
    device.push_ok(events)
    edited = json.loads(json.dumps(events[0]))
    edited["body"]["lines"][0]["name"] = "다른 상품"
    body = assert_problem(device.push([edited]), 409, "journal_conflict")
    assert (body["reason"], body["conflict_seq"], body["expected_seq"]) == (
        "hash_mismatch",
        1,
        2,
    )


def test_more_than_500_events_is_413(harness: Harness, device: PosDevice):
    event = device.journal.append("product_upsert", PRODUCT)
    body = assert_problem(device.push([event] * 501), 413, "batch_too_large")
    assert "500" in body["detail"]
    assert stored_count(harness, device) == 0


def test_500_events_are_accepted(harness: Harness, device: PosDevice):
    events = [
        device.journal.append("product_upsert", {**PRODUCT, "product_id": f"P{n}"})
        for n in range(500)
    ]
    response = device.push(events)
    assert response.status_code == 200
    assert response.json()["last_seq"] == 500


def _break(event: dict[str, Any], how: str) -> Any:
    broken = json.loads(json.dumps(event))
    if how == "missing_hash":
        del broken["hash"]
    elif how == "seq_is_a_string":
        broken["seq"] = "1"
    elif how == "seq_is_zero":
        broken["seq"] = 0
    elif how == "body_is_a_list":
        broken["body"] = []
    elif how == "float_in_body":
        broken["body"]["total"] = 1000.5
    elif how == "huge_integer":
        broken["body"]["total"] = 2**60
    elif how == "occurred_at_not_utc_ms":
        broken["occurred_at"] = "2026-11-25T09:00:00+09:00"
    elif how == "payment_without_total":
        del broken["body"]["total"]
    elif how == "line_quantity_is_a_string":
        broken["body"]["lines"][0]["quantity"] = "1"
    elif how == "payment_code_missing":
        del broken["body"]["payment_code"]
    elif how == "offline_is_an_int":
        broken["body"]["offline"] = 1
    elif how == "hash_upper_case":
        broken["hash"] = broken["hash"].upper()
    elif how == "not_an_object":
        broken = "event"
    return broken


@pytest.mark.parametrize(
    "how",
    [
        "missing_hash",
        "seq_is_a_string",
        "seq_is_zero",
        "body_is_a_list",
        "float_in_body",
        "huge_integer",
        "occurred_at_not_utc_ms",
        "payment_without_total",
        "line_quantity_is_a_string",
        "payment_code_missing",
        "offline_is_an_int",
        "hash_upper_case",
        "not_an_object",
    ],
)
def test_a_structurally_bad_event_refuses_the_whole_push(
    harness: Harness, device: PosDevice, how: str
):
    events = append_payments(harness, device, 2)
    body = assert_problem(device.push([events[0], _break(events[1], how)]), 422, "invalid_event")
    assert body["index"] == 1
    assert stored_count(harness, device) == 0  # not even the good first event


@pytest.mark.parametrize(
    "raw", [b"not json", b"[]", b'{"events": {}}', b'{"events": []}', b'{"events": [NaN]}']
)
def test_a_bad_push_body_is_422(harness: Harness, device: PosDevice, raw: bytes):
    response = harness.client.post(
        f"/v1/devices/{device.device_id}/journal",
        content=raw,
        headers={**device.headers, "Content-Type": "application/json"},
    )
    assert_problem(response, 422, "invalid_event")


def test_an_event_id_of_another_device_is_refused(harness: Harness, device: PosDevice):
    """A copied POS database enrolled as a second device replays the first one's events."""
    events = append_payments(harness, device, 1)
    device.push_ok(events)
    clone = harness.enrol(name="POS-CLONE")
    body = assert_problem(clone.push(events), 422, "invalid_event")
    assert "another device" in body["detail"]


def test_unknown_event_types_are_stored_chained_and_recorded(harness: Harness, device: PosDevice):
    later = device.journal.append("shelf_note", {"business_date": "2026-11-25", "note": "x"})
    (payment,) = append_payments(harness, device, 1)
    results = device.push_ok([later, payment])
    assert results[0]["outcome"] == "recorded"
    assert results[1]["outcome"] == "accepted"


def test_a_cash_payment_is_recorded_without_touching_wallets(harness: Harness, device: PosDevice):
    before = harness.balance()
    result = device.record(
        "payment",
        {
            "receipt_no": "20261125-0002",
            "business_date": "2026-11-25",
            "tender": "cash",
            "lines": [
                {
                    "line_no": 1,
                    "product_id": None,
                    "name": "금액",
                    "unit_price": 5_000,
                    "quantity": 1,
                    "amount": 5_000,
                    "excluded_from_discount": False,
                }
            ],
            "subtotal": 5_000,
            "eligible": 5_000,
            "discount": 0,
            "discount_rate_bp": 0,
            "total": 5_000,
            "cashback_preview": 0,
            "offline": True,
        },
    )
    assert result["outcome"] == "recorded"
    assert harness.balance() == before


def test_a_push_refused_at_its_first_event_takes_no_approval_numbers(
    harness: Harness, device: PosDevice
):
    (first,) = device.push_ok(append_payments(harness, device, 1))
    stranger = PosDevice(harness, device.device_id, device.token)  # another chain entirely
    stranger.journal.append("product_upsert", PRODUCT)
    refused = append_payments(harness, stranger, 400)  # seq 2 on, on a foreign prev_hash
    assert_problem(device.push(refused), 409, "journal_conflict")
    (second,) = device.push_ok(append_payments(harness, device, 1))
    # Approval numbers need not be gapless, but a refused push must not burn a block of them.
    assert int(second["approval_no"][1:]) == int(first["approval_no"][1:]) + 1
