"""One definition of net sales and confirmed cashback.

A day with a sale, a partial refund, a full refund and a void, through the real services:
the sales charts, the day close, the CSV export and the printed slip give the same net
sales (per tender too) and the same confirmed cashback, and both are right. Before, the
charts counted refunded sales and the close counted a refunded and a voided sale's cashback.
"""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from helpers import FIXED_NOW, owner_approval

from pos_app.domain.clock import Clock, business_date, unix_seconds
from pos_app.domain.money import format_won
from pos_app.domain.refunds import RefundReason
from pos_app.services.checkout import ScanAction, open_checkout
from pos_app.services.day_close import DayCloseService
from pos_app.services.demo import DEMO_MANAGER_PIN, mint_demo_code
from pos_app.services.printing import PrintService
from pos_app.services.refunds import RefundService
from pos_app.services.sales_report import SalesReportService
from pos_app.store import sync_state
from pos_app.store.database import write_transaction

MILK = "8808123000134"  # 우유 1L, 2,980 (10 % off with Cheongju Pay)
BULGOGI = "8808123000103"  # 한우 불고기 300g, 18,900


def code() -> str:
    return mint_demo_code(unix_seconds(FIXED_NOW))


def answer(db: sqlite3.Connection, seq: int, event_id: str, outcome: str, **detail: object):
    with write_transaction(db):
        sync_state.apply_results(
            db,
            [{"seq": seq, "event_id": event_id, "status": "applied", "outcome": outcome} | detail],
            received_at="2026-11-24T15:45:00.000Z",
        )


def test_charts_close_export_and_slip_agree_on_a_day_with_refunds_and_a_void(
    db: sqlite3.Connection, clock: Clock, tmp_path: Path
) -> None:
    days = DayCloseService(db, clock)
    day = days.open_day(50_000)
    checkout = open_checkout(db, clock)
    refunds = RefundService(db, clock)
    manager = owner_approval(db)

    # A Cheongju Pay sale of two milks (5,960 - 596 = 5,364), approved with 536 cashback,
    # then one milk refunded (2,682), the server reversing 268 of the cashback.
    for _ in range(2):
        checkout.handle_scan(MILK)
    outcome = checkout.handle_scan(code())
    assert outcome.action is ScanAction.PAYMENT_RECORDED and outcome.payment is not None
    partly = outcome.payment
    answer(db, partly.seq, partly.payment_id, "accepted", approval_no="A1", cashback=536)
    part = refunds.refund(
        partly.payment_id, reason=RefundReason.DEFECTIVE, approve=manager, quantities={1: 1}
    )
    answer(db, part.seq, part.refund_id, "accepted", refunded=2_682, cashback_reversed=268)

    # A cash sale refunded in full.
    checkout.handle_scan(BULGOGI)
    whole = checkout.pay_cash(20_000)
    full = refunds.refund(
        whole.payment_id, reason=RefundReason.CHANGE_OF_MIND, approve=manager, quantities={1: 1}
    )
    assert full.amount == 18_900

    # A card sale that stands.
    checkout.handle_scan(BULGOGI)
    checkout.pay_card_terminal(approved_on_terminal=True)

    # A Cheongju Pay sale, approved with cashback, then voided.
    checkout.handle_scan(MILK)
    outcome = checkout.handle_scan(code())
    assert outcome.payment is not None
    voided = outcome.payment
    answer(db, voided.seq, voided.payment_id, "accepted", approval_no="A2", cashback=268)
    checkout.void_last_payment(DEMO_MANAGER_PIN, "잘못 결제", voided.payment_id)

    net = {"cheongju_pay": 5_364 - 2_682, "cash": 0, "card_terminal": 18_900}
    expected_net, expected_cashback = sum(net.values()), 536 - 268
    # The special discount, netted like sales: 596 + 298 given, the voided sale's 298 and
    # the refunded milk's share (298) taken off.
    assert part.discount_share == 298
    expected_discount = 596 + 298 - 298 - 298
    # Counts are of the sales kept: the voided one is listed under voids.
    counts = {"cheongju_pay": 1, "cash": 1, "card_terminal": 1}

    # The day close.
    closed = days.close_day(counted=50_000)
    assert closed.net_sales == expected_net
    assert {t: closed.tender(t).net for t in net} == net
    assert closed.cashback_confirmed == expected_cashback
    assert closed.discounts == expected_discount
    assert {t: closed.tender(t).count for t in net} == counts
    assert closed.void_count == 1

    # The charts.
    report = SalesReportService(db, clock)
    today = business_date(FIXED_NOW)
    span = report.check_range(today, today)
    assert report.by_day(span)[0].total == expected_net
    assert sum(b.total for b in report.by_hour(today)) == expected_net
    figures = report.figures(span)
    assert (figures.net_sales, figures.cashback_confirmed) == (expected_net, expected_cashback)
    assert figures.sales_standing == 3  # the voided sale no longer stands
    assert figures.discounts == expected_discount
    assert {t: figures.tender(t).count for t in net} == counts
    assert sum(b.count for b in report.by_hour(today)) == sum(counts.values())

    # The export: its net and cashback columns add up to the same, per tender too.
    path = tmp_path / "sales.csv"
    report.export_csv(path, span)
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))[1:]
    assert sum(int(r[11]) for r in rows) == expected_net
    assert sum(int(r[12]) for r in rows) == expected_cashback
    assert sum(int(r[5] or 0) for r in rows) == expected_discount
    by_tender = {"청주페이": "cheongju_pay", "현금": "cash", "카드(단말기)": "card_terminal"}
    exported = dict.fromkeys(net, 0)
    for row in rows:
        exported[by_tender[row[3]]] += int(row[11])
    assert exported == net

    # The printed slip, as the printer gets it.
    slip = PrintService(db, clock).day_close_slip(day.day_id).rows(False)
    figures_on_paper = {row.left.strip(): row.right for row in slip if row.right}
    assert figures_on_paper["순매출"] == format_won(expected_net)
    assert figures_on_paper["캐시백 (서버 확인)"] == format_won(expected_cashback)
    assert figures_on_paper["청주페이 (1건)"] == format_won(net["cheongju_pay"])
    assert figures_on_paper["특별할인 제공"] == format_won(expected_discount)
    assert figures_on_paper["현금 (1건)"] == format_won(0)
