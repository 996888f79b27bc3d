"""Reading the voids of a day (the close) or of a range of KST days (the sales view) reads
that range, not every payment the shop ever made, and gives the same facts as the plain
query over the whole payments table did."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from day_sales import record_sale, void

from pos_app.domain.day_close import VoidFact
from pos_app.store import business_day, sales_queries
from pos_app.store.projection import PAYMENT_VOID

# The queries as they were: a WHERE on payments.voided_seq, which has no index.
_VOID_FACTS_BEFORE = (
    "SELECT tender, total, status, cashback, discount FROM payments"
    " WHERE voided_seq > ? AND voided_seq <= ? ORDER BY voided_seq"
)


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


def test_the_day_close_reads_the_same_voids_as_before(
    db: sqlite3.Connection, history: dict[str, int]
) -> None:
    ranges = [
        (0, history["yesterday_end"]),
        (history["yesterday_end"], history["today_end"]),
        (history["today_end"], history["head"]),
        (0, history["head"]),
        (history["head"], history["head"]),
    ]
    for after, up_to in ranges:
        before = [VoidFact(*row) for row in db.execute(_VOID_FACTS_BEFORE, (after, up_to))]
        assert business_day.void_facts(db, after, up_to) == before
    today = business_day.void_facts(db, history["yesterday_end"], history["today_end"])
    # Yesterday's sale voided this morning counts today; tomorrow's void does not.
    assert [(v.tender, v.total) for v in today] == [
        ("cash", 4_000),
        ("card_terminal", 8_000),
        ("cheongju_pay", 32_000),
    ]


def test_the_day_close_names_the_projections_void_event() -> None:
    assert business_day.VOID_EVENT == PAYMENT_VOID


def test_the_day_close_does_not_read_every_payment(
    db: sqlite3.Connection, history: dict[str, int]
) -> None:
    before = _plan(db, _VOID_FACTS_BEFORE, (0, 1))
    assert _scans_payments(before), before  # what the close used to do
    plan = _plan_of(db, lambda: business_day.void_facts(db, 0, history["head"]))
    assert not _scans_payments(plan), plan
    assert any(step.startswith("SEARCH j USING INTEGER PRIMARY KEY") for step in plan), plan


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
