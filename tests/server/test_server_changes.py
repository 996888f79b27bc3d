"""The changes feed: snapshot, cursor, scoping per merchant, pages, long poll."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from server_support import DEMO_MERCHANT, Harness, PosDevice, assert_problem

from central_server import admin
from central_server.changes import record_change
from central_server.db import create_db_engine, write_transaction
from pos_app.domain.change_kinds import ChangeKind


@pytest.fixture
def device(harness: Harness) -> PosDevice:
    return harness.enrol()


def page(device: PosDevice, after: str | None = None, wait: int = 0) -> dict[str, Any]:
    response = device.changes(after, wait)
    assert response.status_code == 200, response.text
    return response.json()


def by_type(changes: list[dict[str, Any]]) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = {}
    for change in changes:
        grouped.setdefault(change["type"], []).append(change["data"])
    return grouped


def test_the_first_call_is_a_snapshot_of_the_current_state(harness: Harness, device: PosDevice):
    snapshot = page(device)
    assert isinstance(snapshot["cursor"], str) and snapshot["cursor"]
    grouped = by_type(snapshot["changes"])
    assert grouped["merchant_profile"] == [
        {
            "merchant_id": DEMO_MERCHANT,
            "name": "청주 한빛마트 (연습)",
            "business_number": "1048212347",
            "representative": "김하나",
            "address": "충북 청주시 흥덕구 직지대로 100",
            "phone": "043-000-0000",
            "sector": "마트",
            "status": "active",
            "restricted_reason": "",
            "restricted_since": None,
            "restricted_until": None,
            "designated": False,
            "taxpayer_type": "general",
        }
    ]
    assert grouped["discount_policy"] == [
        {"rate_bp": 1000, "valid_from": "2026-01-01", "valid_to": "2026-12-31", "rounding_unit": 1}
    ]
    # The extra rate is for designated merchants only.
    assert grouped["cashback_policy"] == [
        {"rate_bp": 1000, "monthly_cap": 30000, "extra_rate_bp": 0}
    ]
    assert grouped["issuer_keys"] == [harness.client.get("/v1/keys").json()]
    assert [notice["title"] for notice in grouped["notice"]] == [
        "청주페이 캐시백 안내",
        "연 매출 30억 원 초과 가맹점 안내",
    ]
    assert page(device, "0")["changes"] == snapshot["changes"]


def test_after_the_snapshot_only_new_changes_come(harness: Harness, device: PosDevice):
    cursor = page(device)["cursor"]
    assert page(device, cursor) == {"cursor": cursor, "changes": []}
    admin.set_status(
        harness.engine,
        DEMO_MERCHANT,
        "restricted",
        reason="연 매출 30억 원 초과",
        clock=harness.clock,
    )
    news = page(device, cursor)
    grouped = by_type(news["changes"])
    (profile,) = grouped["merchant_profile"]
    assert profile["status"] == "restricted"
    assert profile["restricted_since"] == "2026-11-25"  # KST date of the clock
    assert set(grouped) == {"merchant_profile", "discount_policy", "cashback_policy"}
    assert news["cursor"] != cursor
    assert page(device, news["cursor"])["changes"] == []


def test_a_device_sees_its_merchants_and_everyones_changes_only(
    harness: Harness, device: PosDevice
):
    cursor = page(device)["cursor"]
    other = admin.create_merchant(
        harness.engine, name="다른 가게", business_number="1048212347", clock=harness.clock
    )
    admin.post_notice(harness.engine, "다른 가게만", "본문", merchant_id=other["merchant_id"])
    quiet = page(device, cursor)
    assert quiet["changes"] == []
    admin.post_notice(harness.engine, "모두에게", "본문", clock=harness.clock)
    (notice,) = page(device, quiet["cursor"])["changes"]
    assert notice["type"] == ChangeKind.NOTICE
    assert notice["data"]["title"] == "모두에게"
    assert notice["data"]["published_at"] == "2026-11-24T15:30:00.000Z"


def test_cashback_policy_changes_are_personalised_by_designation(harness: Harness):
    designated = admin.create_merchant(
        harness.engine,
        name="착한 국밥",
        business_number="1048212347",
        designated=True,
        clock=harness.clock,
    )
    good = harness.enrol(designated["merchant_id"])
    plain = harness.enrol()
    cursors = {pos.device_id: page(pos)["cursor"] for pos in (good, plain)}
    (snapshot_policy,) = by_type(page(good)["changes"])["cashback_policy"]
    assert snapshot_policy["extra_rate_bp"] == 500
    admin.set_cashback_policy(
        harness.engine, rate_bp=700, monthly_cap=20_000, extra_rate_bp=300, clock=harness.clock
    )
    (for_good,) = by_type(page(good, cursors[good.device_id])["changes"])["cashback_policy"]
    (for_plain,) = by_type(page(plain, cursors[plain.device_id])["changes"])["cashback_policy"]
    assert for_good == {"rate_bp": 700, "monthly_cap": 20_000, "extra_rate_bp": 300}
    assert for_plain == {"rate_bp": 700, "monthly_cap": 20_000, "extra_rate_bp": 0}


def test_pages_hold_at_most_500_changes(harness: Harness, device: PosDevice):
    cursor = page(device)["cursor"]
    with write_transaction(harness.engine) as conn:
        for number in range(501):
            record_change(
                conn,
                ChangeKind.NOTICE,
                {"notice_id": number, "title": f"{number}", "body": "", "published_at": None},
                merchant_id=None,
                now=harness.clock(),
            )
    first = page(device, cursor)
    assert len(first["changes"]) == 500
    assert first["changes"][0]["data"]["title"] == "0"
    second = page(device, first["cursor"])
    assert [c["data"]["title"] for c in second["changes"]] == ["500"]
    assert page(device, second["cursor"])["changes"] == []


def test_a_long_poll_returns_as_soon_as_a_change_is_committed(harness: Harness, device: PosDevice):
    cursor = page(device)["cursor"]
    answers: list[dict[str, Any]] = []
    poll = threading.Thread(target=lambda: answers.append(page(device, cursor, wait=20)))
    started = time.monotonic()
    poll.start()
    admin.post_notice(harness.engine, "긴급 공지", "본문", clock=harness.clock)
    poll.join(timeout=25)
    assert not poll.is_alive()
    assert time.monotonic() - started < 10  # woken, not timed out
    (answer,) = answers
    assert [c["data"]["title"] for c in answer["changes"]] == ["긴급 공지"]


def test_a_long_poll_sees_changes_committed_by_another_process(
    harness: Harness, device: PosDevice, database_url: str
):
    """No in-process notification: the once-a-second re-check finds it."""
    cursor = page(device)["cursor"]
    answers: list[dict[str, Any]] = []
    poll = threading.Thread(target=lambda: answers.append(page(device, cursor, wait=20)))
    poll.start()
    elsewhere = create_db_engine(database_url)  # like another process: its own engine
    try:
        with elsewhere.begin() as conn:  # a plain transaction: nobody is notified
            record_change(
                conn,
                ChangeKind.NOTICE,
                {"notice_id": 99, "title": "다른 프로세스", "body": "", "published_at": None},
                merchant_id=None,
                now=harness.clock(),
            )
    finally:
        elsewhere.dispose()
    poll.join(timeout=25)
    assert not poll.is_alive()
    (answer,) = answers
    assert [c["data"]["title"] for c in answer["changes"]] == ["다른 프로세스"]


def test_a_long_poll_with_nothing_new_waits_then_returns_empty(harness: Harness, device: PosDevice):
    cursor = page(device)["cursor"]
    started = time.monotonic()
    answer = page(device, cursor, wait=1)
    assert time.monotonic() - started >= 0.9
    assert answer == {"cursor": cursor, "changes": []}


def test_cursors_are_checked(harness: Harness, device: PosDevice):
    cursor = page(device)["cursor"]
    assert_problem(device.changes("garbage"), 422, "invalid_cursor")
    # Another database's cursor (a reset server) or one from the future: a fresh snapshot.
    instance, _, number = cursor.partition(".")
    for stale in (f"other.{number}", f"{instance}.{int(number) + 1000}"):
        types = {change["type"] for change in page(device, stale)["changes"]}
        assert {"merchant_profile", "issuer_keys"} <= types
    assert_problem(device.changes(cursor, wait=31), 422, "invalid_request")


def test_a_key_rotation_is_a_change(harness: Harness, device: PosDevice):
    cursor = page(device)["cursor"]
    new_key = admin.rotate_key(harness.engine, clock=harness.clock)
    (keys,) = by_type(page(device, cursor)["changes"])["issuer_keys"]
    assert [key["key_id"] for key in keys["keys"]] == [1, new_key["key_id"]]
