"""The reads the till makes when it starts do not read every payment the shop ever made:
a fifth year's start must cost what the first day's did."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from day_sales import record_sale

from pos_app.store.answer_waits import unsettled_online_payments


def _plan(db: sqlite3.Connection, sql: str) -> list[str]:
    return [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql)]


def _ran_select(db: sqlite3.Connection, read: object) -> str:
    ran: list[str] = []
    db.set_trace_callback(ran.append)
    try:
        read()  # type: ignore[operator]
    finally:
        db.set_trace_callback(None)
    (statement,) = [s for s in ran if s.lstrip().upper().startswith("SELECT")]
    return statement


def test_the_payments_waiting_for_an_answer_are_found_by_their_index(
    db: sqlite3.Connection,
) -> None:
    for hour in range(3):
        record_sale(db, datetime(2026, 11, 20, hour, tzinfo=UTC), "cash", [(None, "봉투", 100, 1)])
    assert unsettled_online_payments(db) == []  # cash never waits for an answer
    plan = _plan(db, _ran_select(db, lambda: unsettled_online_payments(db)))
    # The partial index holds the pending payments only: reading all of it is reading them.
    assert plan == ["SCAN payments USING INDEX payments_pending_by_seq"], plan
