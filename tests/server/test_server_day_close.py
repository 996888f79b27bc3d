"""The business day's events on the server: recorded in order, malformed ones refused."""

from __future__ import annotations

from typing import Any

import pytest
from server_support import Harness, PosDevice, assert_problem
from sqlalchemy import select

from central_server.schema import journal_events


@pytest.fixture
def device(harness: Harness) -> PosDevice:
    return harness.enrol()


def stored(harness: Harness, device: PosDevice) -> list[tuple[int, str, str]]:
    with harness.engine.connect() as conn:
        rows = conn.execute(
            select(journal_events.c.seq, journal_events.c.type, journal_events.c.body)
            .where(journal_events.c.device_id == device.device_id)
            .order_by(journal_events.c.seq)
        )
        return [(row.seq, row.type, row.body) for row in rows]


def test_a_day_is_recorded_in_order_between_sales(harness: Harness, device: PosDevice) -> None:
    opened = device.record("day_open", {"business_date": "2026-11-25", "float": 100_000})
    day_id = device.journal.events[-1].event_id
    sale = device.pay()
    moved = device.record(
        "cash_movement",
        {"day_id": day_id, "direction": "out", "amount": 20_000, "reason": "배달비"},
    )
    closed = device.record(
        "day_close",
        {
            "day_id": day_id,
            "counted_cash": 80_000,
            "denominations": None,
            "expected_cash": 80_000,
            "over_short": 0,
        },
    )
    for result in (opened, moved, closed):
        assert result["outcome"] == "recorded" and result["status"] == "applied"
    assert sale["outcome"] == "accepted"
    rows = stored(harness, device)
    assert [t for _, t, _ in rows] == ["day_open", "payment", "cash_movement", "day_close"]
    assert "배달비" in rows[2][2]
    # The same events pushed again are duplicates, not applied twice.
    again = device.push_ok(device.journal.wire())
    assert {r["status"] for r in again} == {"duplicate"}


def test_a_day_opened_by_a_sale_without_counting_is_recorded(
    harness: Harness, device: PosDevice
) -> None:
    body = {"business_date": "2026-11-26", "float": 0, "float_counted": False}
    opened = device.record("day_open", body)
    assert opened["outcome"] == "recorded" and opened["status"] == "applied"
    assert '"float_counted":false' in stored(harness, device)[0][2].replace(" ", "")


@pytest.mark.parametrize(
    ("event_type", "body"),
    [
        ("day_open", {"business_date": "2026-11-25", "float": -1}),
        ("day_open", {"float": 0}),
        ("day_open", {"business_date": "2026-11-25", "float": 0, "float_counted": "no"}),
        ("cash_movement", {"day_id": "d", "direction": "sideways", "amount": 1, "reason": "x"}),
        ("cash_movement", {"day_id": "d", "direction": "in", "amount": 0, "reason": "x"}),
        ("cash_movement", {"day_id": "d", "direction": "in", "amount": 5, "reason": ""}),
        ("cash_movement", {"day_id": "d", "direction": "in", "amount": 5, "reason": "a\x00b"}),
        ("day_close", {"day_id": "d", "counted_cash": "80000"}),
    ],
)
def test_a_malformed_day_event_is_refused(
    harness: Harness, device: PosDevice, event_type: str, body: dict[str, Any]
) -> None:
    event = device.journal.append(event_type, body, occurred_at=harness.clock())
    assert_problem(device.push([event]), 422, "invalid_event")
    assert stored(harness, device) == []
