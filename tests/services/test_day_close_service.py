"""Day close on a real file: open, cash in/out, a day of mixed tenders, close, journal."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from day_sales import answer, record_sale, void
from helpers import owner_approval

from pos_app.domain.clock import unix_seconds
from pos_app.domain.errors import UserFacingError
from pos_app.domain.refunds import RefundReason
from pos_app.services.checkout import open_checkout
from pos_app.services.day_close import DayCloseService
from pos_app.services.demo import mint_demo_code
from pos_app.services.refunds import RefundService
from pos_app.store.journal import verify_journal
from pos_app.store.projection import rebuild_projections

OPEN_AT = datetime(2026, 11, 25, 0, 0, tzinfo=UTC)  # 09:00 KST


class Ticking:
    """A clock the test moves forward."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, minutes: int) -> datetime:
        self.now += timedelta(minutes=minutes)
        return self.now


@pytest.fixture
def tick() -> Ticking:
    return Ticking(OPEN_AT)


@pytest.fixture
def days(db: sqlite3.Connection, tick: Ticking) -> DayCloseService:
    return DayCloseService(db, tick)


def journal_types(db: sqlite3.Connection) -> list[str]:
    return [row[0] for row in db.execute("SELECT type FROM journal ORDER BY seq")]


def test_a_whole_day_from_open_to_close(
    db: sqlite3.Connection, days: DayCloseService, tick: Ticking
) -> None:
    before = len(journal_types(db))
    day = days.open_day(100_000)
    assert day.is_open and day.float_amount == 100_000 and day.business_date == "2026-11-25"
    pay = record_sale(
        db, tick.advance(30), "cheongju_pay", [("p1", "사과", 10_000, 1)], discount=1_000
    )
    answer(db, pay, "accepted", approval_no="A1", cashback=900)
    declined = record_sale(db, tick.advance(5), "cheongju_pay", [("p2", "배", 5_000, 1)])
    answer(db, declined, "declined", code="E301", message="잔액 부족")
    record_sale(db, tick.advance(5), "cheongju_pay", [("p2", "배", 5_000, 4)], discount=2_000)
    record_sale(db, tick.advance(5), "cash", [("p3", "떡", 3_000, 4)])
    wrong = record_sale(db, tick.advance(5), "cash", [("p3", "떡", 3_000, 2)])
    void(db, tick.advance(1), wrong)
    record_sale(db, tick.advance(5), "card_terminal", [("p1", "사과", 10_000, 3)])
    days.cash_in(50_000, "잔돈 교환")
    days.cash_out(20_000, "  배달비  ")

    live = days.settlement()
    assert live is not None and live.over_short is None
    assert live.expected_cash == 100_000 + 12_000 + 6_000 - 6_000 + 50_000 - 20_000

    closed = days.close_day(pieces={50_000: 2, 10_000: 4, 1_000: 2})
    assert closed.counted_cash == 142_000
    assert closed.expected_cash == 142_000 and closed.over_short == 0
    assert closed.tender("cheongju_pay").net == 9_000 + 18_000
    assert closed.tender("cash").net == 12_000
    assert closed.tender("card_terminal").net == 30_000
    assert (closed.void_count, closed.void_total) == (1, 6_000)
    assert (closed.declined_count, closed.declined_total) == (1, 5_000)
    assert closed.discounts == 3_000 and closed.cashback_confirmed == 900
    # Awaiting approval: only the pending Cheongju Pay payment; cash and card are final
    # when recorded.
    assert closed.pending_count == 1 and closed.pending_total == 18_000

    assert days.current_day() is None
    last = days.last_closed()
    assert last is not None and last.counted_cash == 142_000
    assert last.close_body is not None and last.close_body["over_short"] == 0
    assert last.close_body["denominations"]["50000"] == 2
    # Every write is a journal event, in order, on an intact chain.
    mine = [t for t in journal_types(db)[before:] if t not in ("payment", "payment_void")]
    assert mine == ["day_open", "cash_movement", "cash_movement", "day_close"]
    assert verify_journal(db) is None
    movement = db.execute(
        "SELECT body FROM journal WHERE type = 'cash_movement' ORDER BY seq DESC LIMIT 1"
    ).fetchone()[0]
    assert json.loads(movement)["reason"] == "배달비"


def test_the_next_day_counts_only_its_own_sales(
    db: sqlite3.Connection, days: DayCloseService, tick: Ticking
) -> None:
    days.open_day(50_000)
    record_sale(db, tick.advance(10), "cash", [(None, "잡화", 7_000, 1)])
    days.close_day(counted=57_000)
    # A sale before the next day is opened belongs to the next day, not to none.
    record_sale(db, tick.advance(600), "cash", [(None, "잡화", 1_000, 1)])
    days.open_day(30_000)
    record_sale(db, tick.advance(10), "cash", [(None, "잡화", 2_000, 1)])
    second = days.settlement()
    assert second is not None
    assert second.tender("cash").sales == 3_000
    assert second.expected_cash == 33_000


def test_a_void_of_yesterdays_sale_leaves_todays_drawer(
    db: sqlite3.Connection, days: DayCloseService, tick: Ticking
) -> None:
    days.open_day(0)
    sale = record_sale(db, tick.advance(10), "cash", [(None, "잡화", 8_000, 1)])
    days.close_day(counted=8_000)
    days.open_day(8_000)
    void(db, tick.advance(60), sale)
    today = days.settlement()
    assert today is not None
    assert today.tender("cash").voids == 8_000 and today.expected_cash == 0


@pytest.mark.parametrize(
    ("action", "code"),
    [
        (lambda d: d.cash_in(1_000, "x"), "E852"),
        (lambda d: d.close_day(counted=0), "E852"),
        (lambda d: d.open_day(-5), "E853"),
        (lambda d: d.open_day(1.5), "E853"),
    ],
)
def test_refusals_before_a_day_is_open(days: DayCloseService, action, code: str) -> None:
    with pytest.raises(UserFacingError) as refused:
        action(days)
    assert refused.value.code == code
    assert refused.value.display().startswith(f"[{code}] ")


def test_refusals_in_an_open_day(db: sqlite3.Connection, days: DayCloseService) -> None:
    days.open_day(10_000)
    before = journal_types(db)
    for action, code in [
        (lambda: days.open_day(10_000), "E851"),
        (lambda: days.cash_out(1_000, "   "), "E854"),
        (lambda: days.cash_out(0, "봉투"), "E853"),
        (lambda: days.close_day(), "E856"),
        (lambda: days.close_day(pieces={20_000: 1}), "E855"),
    ]:
        with pytest.raises(UserFacingError) as refused:
            action()
        assert refused.value.code == code
    assert journal_types(db) == before  # a refusal records nothing


def test_a_rebuild_from_the_journal_gives_the_same_day(
    db: sqlite3.Connection, days: DayCloseService, tick: Ticking
) -> None:
    days.open_day(20_000)
    record_sale(db, tick.advance(10), "cash", [(None, "잡화", 4_000, 1)])
    days.cash_out(1_000, "봉투")
    days.close_day(counted=22_500)
    days.open_day(22_500)
    snapshot = [tuple(r) for r in db.execute("SELECT * FROM business_days ORDER BY opened_seq")]
    moves = [tuple(r) for r in db.execute("SELECT * FROM cash_movements ORDER BY seq")]
    with db:
        rebuild_projections(db)
    assert [tuple(r) for r in db.execute("SELECT * FROM business_days ORDER BY opened_seq")] == (
        snapshot
    )
    assert [tuple(r) for r in db.execute("SELECT * FROM cash_movements ORDER BY seq")] == moves
    last = days.last_closed()
    assert last is not None and last.close_body is not None
    assert last.close_body["over_short"] == -500  # 20,000 + 4,000 - 1,000 counted as 22,500


BULGOGI = "8808123000103"  # 18,900, eligible for the 10 % discount
TOBACCO = "8808123000356"  # 4,500, excluded


def test_a_day_through_the_real_services_with_a_refund(
    db: sqlite3.Connection, days: DayCloseService, tick: Ticking
) -> None:
    """Cash, card and Cheongju Pay taken at the checkout, a cash refund by the refund
    service with a manager's approval: the drawer expects the float plus the cash net."""
    checkout = open_checkout(db, tick)
    refunds = RefundService(db, tick)
    days.open_day(30_000)
    checkout.handle_scan(BULGOGI)
    checkout.handle_scan(TOBACCO)
    cash = checkout.pay_cash(30_000)  # 23,400 at list price (no discount for cash)
    tick.advance(5)
    checkout.handle_scan(TOBACCO)
    checkout.pay_card_terminal(True)
    tick.advance(5)
    checkout.handle_scan(BULGOGI)
    code = mint_demo_code(unix_seconds(tick()))
    paid = checkout.pay_with_code(code)
    tick.advance(5)
    back = refunds.refund(
        cash.payment_id,
        reason=RefundReason.DEFECTIVE,
        approve=owner_approval(db),
        quantities={2: 1},  # the tobacco line
    )
    assert back.amount == 4_500
    closed = days.close_day(counted=30_000 + 23_400 - 4_500)
    assert closed.over_short == 0
    assert closed.tender("cash").refunds == 4_500 and closed.tender("cash").net == 18_900
    assert closed.tender("card_terminal").net == 4_500
    assert closed.tender("cheongju_pay").net == paid.total == 18_900 - 1_890
    assert (closed.refund_count, closed.refund_total) == (1, 4_500)
    assert closed.discounts == 1_890
    # Nothing was pushed, but only the Cheongju Pay payment awaits an approval: the cash
    # and card sales and the cash refund are final when recorded.
    assert closed.pending_count == 1
    assert closed.pending_total == paid.total
