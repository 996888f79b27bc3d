"""The first sale with no business day open opens the next one.

The service says where the day stands (never opened, open, closed) and opens the next
day for a sale: with the counted float, or "not counted" (float 0, said in the event).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from pos_app.domain.errors import UserFacingError
from pos_app.services.day_close import DayCloseService, DayState
from pos_app.store.journal import verify_journal
from pos_app.store.projection import rebuild_projections

OPEN_AT = datetime(2026, 11, 25, 0, 0, tzinfo=UTC)  # 09:00 KST


class Ticking:
    def __init__(self) -> None:
        self.now = OPEN_AT

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def tick() -> Ticking:
    return Ticking()


@pytest.fixture
def days(demo_db: sqlite3.Connection, tick: Ticking) -> DayCloseService:
    return DayCloseService(demo_db, tick)


def last_body(conn: sqlite3.Connection) -> dict:
    row = conn.execute("SELECT type, body FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
    assert row[0] == "day_open"
    return json.loads(row[1])


def test_a_new_till_has_no_day_and_a_sale_would_open_one(days: DayCloseService) -> None:
    status = days.status()
    assert status.state is DayState.NEVER_OPENED and status.day is None
    assert status.sale_opens_day


def test_a_sale_opens_the_day_with_the_counted_float(
    demo_db: sqlite3.Connection, days: DayCloseService
) -> None:
    day = days.open_for_sale(30_000)
    assert day.is_open and day.float_amount == 30_000 and day.float_counted
    assert last_body(demo_db) == {"business_date": "2026-11-25", "float": 30_000}
    status = days.status()
    assert status.state is DayState.OPEN and not status.sale_opens_day


def test_after_the_close_the_next_sale_opens_the_next_day_not_counted(
    demo_db: sqlite3.Connection, days: DayCloseService, tick: Ticking
) -> None:
    days.open_day(50_000)
    days.close_day(counted=50_000)
    closed = days.status()
    assert closed.state is DayState.CLOSED and closed.sale_opens_day
    assert closed.day is not None and closed.day.closed_at is not None

    tick.now += timedelta(hours=22)  # the next morning, 07:00 KST
    day = days.open_for_sale(None)  # Esc: the drawer was not counted
    assert day.float_amount == 0 and not day.float_counted
    assert day.business_date == "2026-11-26"
    assert last_body(demo_db) == {
        "business_date": "2026-11-26",
        "float": 0,
        "float_counted": False,
    }
    assert days.status().state is DayState.OPEN
    settlement = days.settlement()
    assert settlement is not None and settlement.expected_cash == 0

    # The flag is in the journal, so a rebuild tells it the same.
    rebuild_projections(demo_db)
    again = days.current_day()
    assert again is not None and not again.float_counted
    assert verify_journal(demo_db) is None


def test_a_day_opened_meanwhile_is_the_day_the_sale_goes_into(
    demo_db: sqlite3.Connection, days: DayCloseService
) -> None:
    first = days.open_day(10_000)  # on the day-close screen, while the question was open
    count = demo_db.execute("SELECT COUNT(*) FROM journal").fetchone()[0]
    assert days.open_for_sale(20_000).day_id == first.day_id
    assert demo_db.execute("SELECT COUNT(*) FROM journal").fetchone()[0] == count
    with pytest.raises(UserFacingError) as refused:
        days.open_day(20_000)  # the day-close screen's own button still refuses
    assert refused.value.key == "day.already_open"


def test_a_bad_float_is_refused_with_its_code(days: DayCloseService) -> None:
    with pytest.raises(UserFacingError) as refused:
        days.open_for_sale(-1)
    assert refused.value.code == "E853"
    assert days.status().state is DayState.NEVER_OPENED
