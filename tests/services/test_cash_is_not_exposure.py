"""Only Cheongju Pay money is exposure.

Cash and card-terminal sales and refunds are final when recorded: they never wait for an
approval, never count in the 500,000 won unsynced cap or the 72-hour rule, and the server's
``recorded`` answer leaves them final. Before the fix they stayed ``pending`` for ever, so a
499,000 won cash day refused the next offline Cheongju Pay payment with E202.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from helpers import FIXED_NOW, owner_approval

from pos_app.domain.clock import Clock, unix_seconds
from pos_app.domain.payment_status import PaymentStatus, RefundStatus
from pos_app.domain.records import PaymentRecord
from pos_app.domain.refunds import RefundReason
from pos_app.services.checkout import CheckoutService, ScanAction
from pos_app.services.day_close import DayCloseService
from pos_app.services.demo import mint_demo_code
from pos_app.services.refunds import RefundService
from pos_app.store import sync_state
from pos_app.store.database import write_transaction

MILK = "8808123000134"  # 우유 1L, 2,980
MILK_CJPAY = 2_682  # less the demo shop's 10 % special discount


def code() -> str:
    return mint_demo_code(unix_seconds(FIXED_NOW), offline_limit=50_000, ttl_seconds=180)


def ring(service: CheckoutService, barcode: str) -> None:
    assert service.handle_scan(barcode).action is ScanAction.PRODUCT_ADDED


def pay(service: CheckoutService, text: str) -> PaymentRecord:
    outcome = service.handle_scan(text)
    assert outcome.action is ScanAction.PAYMENT_RECORDED and outcome.payment is not None
    return outcome.payment


def answer_all(db: sqlite3.Connection, outcome_of: dict[str, str]) -> None:
    """The server answers every event not answered yet, as the sync engine stores it:
    the tender decides the outcome (``recorded`` for cash and card, as central_server
    does) unless ``outcome_of`` names the event type."""
    rows = db.execute(
        "SELECT seq, event_id, type, json_extract(body, '$.tender') FROM journal"
        " WHERE seq > ? ORDER BY seq",
        (sync_state.acked_seq(db),),
    ).fetchall()
    results = []
    for seq, event_id, kind, tender in rows:
        outcome = outcome_of.get(kind) or ("accepted" if tender == "cheongju_pay" else "recorded")
        result = {"seq": seq, "event_id": event_id, "status": "applied", "outcome": outcome}
        if outcome == "accepted" and kind == "payment":
            result |= {"approval_no": f"A{seq:07d}", "cashback": 100}
        results.append(result)
    with write_transaction(db):
        sync_state.apply_results(db, results, received_at="2026-11-24T15:40:00.000Z")


def test_a_499000_won_cash_day_leaves_room_for_an_offline_cheongju_pay_payment(
    service: CheckoutService,
) -> None:
    service.sale.add_amount(499_000, "한우 선물세트")
    cash = service.pay_cash(499_000)
    assert cash.status is PaymentStatus.RECORDED
    assert service.unsynced() == (0, 0)  # cash is no Cheongju Pay exposure

    ring(service, MILK)
    paid = pay(service, code())  # offline: the service has no server

    assert paid.total == MILK_CJPAY and paid.offline
    assert paid.status is PaymentStatus.PENDING
    assert service.unsynced() == (1, MILK_CJPAY)


def test_card_terminal_sales_are_no_exposure_either(service: CheckoutService) -> None:
    service.sale.add_amount(499_000, "김장 세트")
    card = service.pay_card_terminal(approved_on_terminal=True)
    assert card.status is PaymentStatus.RECORDED
    ring(service, MILK)
    assert pay(service, code()).status is PaymentStatus.PENDING
    assert service.unsynced() == (1, MILK_CJPAY)


def test_an_old_unsent_cash_sale_does_not_trip_the_72_hour_rule(
    service: CheckoutService,
) -> None:
    service.clock = lambda: FIXED_NOW - timedelta(hours=80)
    service.sale.add_amount(5_000, "떡")
    service.pay_cash(5_000)
    service.clock = lambda: FIXED_NOW

    ring(service, MILK)
    assert pay(service, code()).status is PaymentStatus.PENDING


def test_the_servers_recorded_answer_leaves_nothing_awaiting_approval(
    db: sqlite3.Connection, service: CheckoutService, clock: Clock
) -> None:
    days = DayCloseService(db, clock)
    days.open_day(0)
    service.sale.add_amount(10_000, "사과")
    service.pay_cash(20_000)
    service.sale.add_amount(30_000, "배")
    service.pay_card_terminal(approved_on_terminal=True)
    ring(service, MILK)
    pay(service, code())
    before = days.settlement()
    assert before is not None
    # Before the sync only the Cheongju Pay payment waits for an approval.
    assert (before.pending_count, before.pending_total) == (1, MILK_CJPAY)

    answer_all(db, {})

    statuses = [r[0] for r in db.execute("SELECT status FROM payments ORDER BY seq")]
    assert statuses == ["recorded", "recorded", "approved"]
    assert service.unsynced() == (0, 0)
    assert service.pending_stats().count == 0
    after = days.settlement()
    assert after is not None
    assert (after.pending_count, after.pending_total) == (0, 0)
    assert after.net_sales == 10_000 + 30_000 + MILK_CJPAY


def test_a_cash_refund_is_final_when_recorded_and_when_answered_recorded(
    db: sqlite3.Connection, service: CheckoutService, clock: Clock
) -> None:
    days = DayCloseService(db, clock)
    days.open_day(0)
    service.sale.add_amount(8_000, "참기름")
    sale = service.pay_cash(10_000)
    refunds = RefundService(db, clock)
    refund = refunds.refund(
        sale.payment_id,
        reason=RefundReason.CHANGE_OF_MIND,
        approve=owner_approval(db),
        quantities={1: 1},
    )
    assert refund.status == RefundStatus.RECORDED
    settlement = days.settlement()
    assert settlement is not None and settlement.pending_count == 0

    answer_all(db, {})

    again = refunds.refund_by_id(refund.refund_id)
    assert again is not None and again.status == RefundStatus.RECORDED
    settlement = days.settlement()
    assert settlement is not None and settlement.pending_count == 0
