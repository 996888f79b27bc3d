"""Each online payment's wait for the server's answer is the service's.

A payment over the offline limits taken online stands only if the server answers within
2 s; the deadlines are kept per payment on an injected clock, survive the next sale and a
restart (a new service on the same file), and an answer in time prevents the void.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from day_sales import answer
from helpers import FIXED_NOW

from pos_app.domain.clock import unix_seconds
from pos_app.services.answer_deadlines import ANSWER_WAIT, WaitOutcome
from pos_app.services.checkout import CheckoutService, open_checkout
from pos_app.services.demo import mint_demo_code
from pos_app.store.database import connect

BULGOGI = "8808123000103"  # 18,900; three after the 10 % discount: 51,030 > 50,000
MILK = "8808123000134"  # 2,980: well within the offline limits


class Ticking:
    """A clock the test moves on by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def online_service(conn: sqlite3.Connection, clock: Ticking) -> CheckoutService:
    return open_checkout(conn, clock, is_online=lambda: True)


def pay_over_the_limits(service: CheckoutService, issued_offset: int = 0) -> str:
    for _ in range(3):
        service.handle_scan(BULGOGI)
    code = mint_demo_code(unix_seconds(FIXED_NOW) + issued_offset)
    payment = service.pay_with_code(code)
    assert not payment.offline  # over the offline limits: only the server's answer saves it
    return payment.payment_id


def void_reason(conn: sqlite3.Connection, payment_id: str) -> str | None:
    row = conn.execute(
        "SELECT void_reason FROM payments WHERE payment_id = ?", (payment_id,)
    ).fetchone()
    return row[0]


def test_two_payments_inside_two_seconds_are_both_settled(demo_db: sqlite3.Connection) -> None:
    clock = Ticking(FIXED_NOW)
    service = online_service(demo_db, clock)
    first = pay_over_the_limits(service)
    clock.advance(0.5)
    # When the screen owned the wait, a second sale took over its one timer: the first was lost.
    second = pay_over_the_limits(service, issued_offset=1)
    assert set(service.deadlines.waiting()) == {first, second}

    clock.advance(1.4)  # 1.9 s after the first: nobody is due yet
    assert service.check_deadlines() == []

    clock.advance(0.2)  # 2.1 s after the first, 1.6 s after the second
    [settled] = service.check_deadlines()
    assert settled.payment.payment_id == first and settled.outcome is WaitOutcome.VOIDED
    assert settled.payment.voided
    assert void_reason(demo_db, first) == "no_answer_over_offline_limits"
    assert void_reason(demo_db, second) is None

    clock.advance(0.5)
    [settled] = service.check_deadlines()
    assert settled.payment.payment_id == second and settled.outcome is WaitOutcome.VOIDED
    assert void_reason(demo_db, second) == "no_answer_over_offline_limits"
    assert service.check_deadlines() == []  # each one once


def test_an_answer_in_time_prevents_the_void(demo_db: sqlite3.Connection) -> None:
    clock = Ticking(FIXED_NOW)
    service = online_service(demo_db, clock)
    payment_id = pay_over_the_limits(service)
    clock.advance(1.2)
    answer(demo_db, payment_id, "accepted", approval_no="A-77", cashback=5_103)
    clock.advance(1.0)
    [settled] = service.check_deadlines()
    assert settled.outcome is WaitOutcome.ALREADY_DECIDED
    assert settled.payment.status == "approved" and not settled.payment.voided
    assert void_reason(demo_db, payment_id) is None


def test_within_the_limits_an_unanswered_payment_stands_offline(
    demo_db: sqlite3.Connection,
) -> None:
    clock = Ticking(FIXED_NOW)
    service = online_service(demo_db, clock)
    service.handle_scan(MILK)
    payment = service.pay_with_code(mint_demo_code(unix_seconds(FIXED_NOW)))
    clock.advance(ANSWER_WAIT.total_seconds())
    [settled] = service.check_deadlines()
    assert settled.outcome is WaitOutcome.STANDS_OFFLINE
    assert settled.payment.payment_id == payment.payment_id and not settled.payment.voided


def test_a_restart_settles_a_payment_left_inside_its_wait(
    demo_db: sqlite3.Connection, db_path: Path
) -> None:
    clock = Ticking(FIXED_NOW)
    payment_id = pay_over_the_limits(online_service(demo_db, clock))
    # The POS stops 0.8 s into the wait: nobody settles it in this run.
    clock.advance(0.8)
    demo_db.close()

    clock.advance(60)  # started again a minute later, before any answer came
    conn = connect(db_path)
    try:
        restarted = open_checkout(conn, clock)  # offline now: the rule does not care
        assert restarted.deadlines.waiting() == (payment_id,)
        assert restarted.deadlines.due_at(payment_id) == FIXED_NOW + ANSWER_WAIT
        [settled] = restarted.check_deadlines()
        assert settled.outcome is WaitOutcome.VOIDED
        assert void_reason(conn, payment_id) == "no_answer_over_offline_limits"
        assert open_checkout(conn, clock).deadlines.waiting() == ()  # settled for good
    finally:
        conn.close()


def test_a_restart_inside_the_wait_settles_when_it_is_due(
    demo_db: sqlite3.Connection, db_path: Path
) -> None:
    clock = Ticking(FIXED_NOW)
    payment_id = pay_over_the_limits(online_service(demo_db, clock))
    demo_db.close()
    clock.advance(0.5)  # a quick restart, still inside the 2 s
    conn = connect(db_path)
    try:
        restarted = open_checkout(conn, clock, is_online=lambda: True)
        assert restarted.check_deadlines() == []
        clock.advance(1.6)
        [settled] = restarted.check_deadlines()
        assert settled.payment.payment_id == payment_id
        assert settled.outcome is WaitOutcome.VOIDED
    finally:
        conn.close()


def test_cash_and_offline_payments_have_no_wait_after_a_restart(
    demo_db: sqlite3.Connection, db_path: Path
) -> None:
    clock = Ticking(FIXED_NOW)
    service = open_checkout(demo_db, clock)  # offline: within the limits it stands
    service.handle_scan(MILK)
    service.pay_with_code(mint_demo_code(unix_seconds(FIXED_NOW)))
    service.handle_scan(MILK)
    service.pay_cash(5_000)
    assert service.deadlines.waiting() == ()
    assert open_checkout(demo_db, clock).deadlines.waiting() == ()
