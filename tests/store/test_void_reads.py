"""Reading the voids of a day (the close) or of a range of KST days (the sales view) reads
the voided payments through their partial index, never every payment the shop ever made."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from day_sales import record_sale, void
from helpers import raw_connection

from pos_app.store import business_day, sales_queries


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def _sale(db: sqlite3.Connection, at: datetime, amount: int, tender: str = "cash") -> str:
    return record_sale(db, at, tender, [(None, "봉투", amount, 1)])


def _head(db: sqlite3.Connection) -> int:
    return int(db.execute("SELECT MAX(seq) FROM journal").fetchone()[0])


def _plan(db: sqlite3.Connection, sql: str, args: tuple[object, ...] = ()) -> list[str]:
    return [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql, args)]


def _plan_of(db: sqlite3.Connection, read: Callable[[], object]) -> list[str]:
    """The query plan of the one statement ``read`` runs (as SQLite ran it, values bound)."""
    ran: list[str] = []
    db.set_trace_callback(ran.append)
    try:
        read()
    finally:
        db.set_trace_callback(None)
    (statement,) = [s for s in ran if s.lstrip().upper().startswith("SELECT")]
    return _plan(db, statement)


def _scans_payments(plan: list[str]) -> bool:
    # "SCAN p" / "SCAN payments" is a full read of the table; "SEARCH ..." is by an index.
    return any(step.split()[:2] in (["SCAN", "p"], ["SCAN", "payments"]) for step in plan)


@pytest.fixture
def history(db: sqlite3.Connection) -> dict[str, int]:
    """Yesterday (with a void), then today: a void of yesterday's sale, a sale and its void,
    a Cheongju Pay sale voided, then tomorrow's sale and its void. Returns the seq bounds."""
    old = _sale(db, _at(10, 1), 1_000)
    yesterday_void_of = _sale(db, _at(10, 2), 2_000)
    void(db, _at(10, 3), yesterday_void_of)
    leftover = _sale(db, _at(10, 9), 4_000)  # yesterday's last sale, voided this morning
    yesterday_end = _head(db)
    void(db, _at(11, 0, 5), leftover)
    today = _sale(db, _at(11, 2), 8_000, "card_terminal")
    void(db, _at(11, 2, 1), today)
    _sale(db, _at(11, 3), 16_000)
    pay = _sale(db, _at(11, 4), 32_000, "cheongju_pay")
    void(db, _at(11, 4, 1), pay)
    today_end = _head(db)
    tomorrow = _sale(db, _at(12, 2), 64_000)
    void(db, _at(12, 2, 1), tomorrow)
    assert old
    return {"yesterday_end": yesterday_end, "today_end": today_end, "head": _head(db)}


def test_the_day_close_counts_the_voids_made_in_its_range(
    db: sqlite3.Connection, history: dict[str, int]
) -> None:
    def totals(after: int, up_to: int) -> list[tuple[str, int]]:
        return [(v.tender, v.total) for v in business_day.void_facts(db, after, up_to)]

    # Yesterday's sale voided this morning counts today; tomorrow's void does not.
    assert totals(history["yesterday_end"], history["today_end"]) == [
        ("cash", 4_000),
        ("card_terminal", 8_000),
        ("cheongju_pay", 32_000),
    ]
    assert totals(0, history["yesterday_end"]) == [("cash", 2_000)]
    assert totals(history["today_end"], history["head"]) == [("cash", 64_000)]
    assert len(totals(0, history["head"])) == 5
    assert totals(history["head"], history["head"]) == []


def test_the_day_close_reads_voids_by_their_index(
    db: sqlite3.Connection, db_path: Path, history: dict[str, int]
) -> None:
    plan = _plan_of(db, lambda: business_day.void_facts(db, 0, history["head"]))
    assert not _scans_payments(plan), plan
    assert any("USING INDEX payments_voided_by_seq" in step for step in plan), plan
    # Without the index (a v13 file) the same read was a scan of every payment. (A new
    # connection: this one's cached statements keep the plan they were made with.)
    db.execute("DROP INDEX payments_voided_by_seq")
    older = raw_connection(db_path)
    try:
        plan = _plan_of(older, lambda: business_day.void_facts(older, 0, history["head"]))
    finally:
        older.close()
    assert _scans_payments(plan), plan


def test_the_sales_view_dates_voids_by_the_void_in_korean_time(
    db: sqlite3.Connection, history: dict[str, int]
) -> None:
    # 00:05 UTC on the 11th is 09:05 KST: the morning void of the 10th's last sale is the
    # 11th's, as are the two voids made that day; the 10th keeps its own.
    assert [v.fact.total for v in sales_queries.voids_between(db, "2026-11-10", "2026-11-10")] == [
        2_000
    ]
    eleventh = sales_queries.voids_between(db, "2026-11-11", "2026-11-11")
    assert [(v.business_date, v.fact.total) for v in eleventh] == [
        ("2026-11-11", 4_000),
        ("2026-11-11", 8_000),
        ("2026-11-11", 32_000),
    ]
    assert [v.fact.total for v in sales_queries.voids_between(db, "2026-11-10", "2026-11-12")] == [
        2_000,
        4_000,
        8_000,
        32_000,
        64_000,
    ]


def test_the_sales_view_does_not_read_every_payment(
    db: sqlite3.Connection, history: dict[str, int]
) -> None:
    plan = _plan_of(db, lambda: sales_queries.voids_between(db, "2026-11-11", "2026-11-11"))
    assert not _scans_payments(plan), plan


@pytest.mark.parametrize(
    "read",
    [
        lambda db: sales_queries.sales_between(db, "2026-11-11", "2026-11-11"),
        lambda db: sales_queries.refunds_between(db, "2026-11-11", "2026-11-11"),
        lambda db: sales_queries.top_products(db, "2026-11-11", "2026-11-11", 5),
    ],
    ids=["sales", "refunds", "top_products"],
)
def test_the_sales_views_other_reads_search_by_date(
    db: sqlite3.Connection, history: dict[str, int], read: Callable[[sqlite3.Connection], object]
) -> None:
    plan = _plan_of(db, lambda: read(db))
    assert not _scans_payments(plan), plan
    assert any("USING INDEX payments_by_business_date" in s or "refunds_by_date" in s for s in plan)
