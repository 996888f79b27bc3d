"""A day with split sales (복합결제): the close, the charts, the CSV and the slip count each
part under its tender, net of a refund (cash first) and a void, and still add up."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from helpers import FIXED_NOW, owner_approval

from pos_app.domain.clock import Clock, business_date, unix_seconds
from pos_app.domain.money import format_won
from pos_app.domain.refunds import RefundReason
from pos_app.domain.tenders import Tender
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


def answer(db: sqlite3.Connection, seq: int, event_id: str, outcome: str, **detail: object):
    with write_transaction(db):
        sync_state.apply_results(
            db,
            [{"seq": seq, "event_id": event_id, "status": "applied", "outcome": outcome} | detail],
            received_at="2026-11-24T15:45:00.000Z",
        )


def test_the_close_charts_csv_and_slip_count_each_part_under_its_tender(
    db: sqlite3.Connection, clock: Clock, tmp_path: Path
) -> None:
    days = DayCloseService(db, clock)
    day = days.open_day(50_000)
    checkout = open_checkout(db, clock)
    refunds = RefundService(db, clock)

    # Two 불고기 (37,800): 9,000 by QR earns 1,000 off, 27,800 in cash (30,000 handed over).
    for _ in range(2):
        assert checkout.handle_scan(BULGOGI).action is ScanAction.PRODUCT_ADDED
    split = checkout.pay_split(
        9_000, code_text=mint_demo_code(unix_seconds(FIXED_NOW)), cash=27_800, tendered=30_000
    )
    answer(db, split.seq, split.payment_id, "accepted", approval_no="A1", cashback=900)
    # One 불고기 back: 18,900 less its share of the discount (500) goes back in cash first.
    refund = refunds.refund(
        split.payment_id,
        reason=RefundReason.DEFECTIVE,
        approve=owner_approval(db),
        quantities={1: 1},
    )
    assert refund.amount == 18_400

    # A milk: 2,000 on the 청주페이 카드 (222 off), 758 on the card terminal; then voided.
    checkout.handle_scan(MILK)
    card = checkout.pay_split(2_000, card_approval_no="87654321", card_terminal=758)
    assert card.total == 2_758
    checkout.void_last_payment(DEMO_MANAGER_PIN, "잘못 결제", card.payment_id)

    net = {
        Tender.CHEONGJU_PAY: 9_000,
        Tender.CASH: 27_800 - 18_400,
        Tender.CHEONGJU_CARD: 0,
        Tender.CARD_TERMINAL: 0,
    }
    expected = sum(net.values())
    assert expected == 37_800 - 1_000 - 18_400

    closed = days.close_day(counted=50_000 + 9_400)
    assert closed.net_sales == expected
    assert {t: closed.tender(t).net for t in net} == net
    assert closed.tender(Tender.CASH).refunds == 18_400
    assert closed.tender(Tender.CHEONGJU_CARD).voids == 2_000
    assert closed.tender(Tender.SPLIT).net == 0  # no tender of its own
    for tender in net:  # each tender's VAT split adds up to its net
        total = closed.tender(tender)
        assert total.taxable + total.exempt == total.net

    report = SalesReportService(db, clock)
    today = business_date(FIXED_NOW)
    span = report.check_range(today, today)
    figures = report.figures(span)
    assert figures.net_sales == expected
    assert {t: figures.tender(t).net for t in net} == net

    path = tmp_path / "sales.csv"
    report.export_csv(path, span)
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))[1:]
    assert sum(int(r[11]) for r in rows) == expected
    names = {"청주페이": "cheongju_pay", "현금": "cash", "카드(단말기)": "card_terminal"}
    names["청주페이 카드"] = "cheongju_card"
    exported = dict.fromkeys(net, 0)
    for row in rows:
        exported[Tender(names[row[3]])] += int(row[11])
    assert exported == net

    slip = PrintService(db, clock).day_close_slip(day.day_id).rows(False)
    on_paper = {row.left.strip(): row.right for row in slip if row.right}
    assert on_paper["순매출"] == format_won(expected)
    assert on_paper["청주페이 (1건)"] == format_won(9_000)
    assert on_paper["현금 (1건)"] == format_won(9_400)


def test_a_split_refund_receipt_lists_what_went_back_by_tender(
    db: sqlite3.Connection, clock: Clock
) -> None:
    checkout = open_checkout(db, clock)
    refunds = RefundService(db, clock)
    checkout.handle_scan(BULGOGI)
    checkout.handle_scan(MILK)
    # 21,880: 10,000 on the 청주페이 카드 (1,111 off), 10,769 in cash.
    paid = checkout.pay_split(10_000, card_approval_no="55556666", cash=10_769)
    refund = refunds.refund(
        paid.payment_id,
        reason=RefundReason.DEFECTIVE,
        approve=owner_approval(db),
        quantities={1: 1},
    )
    rows = [(row.left.strip(), row.right) for row in refunds.receipt(refund)]
    at = rows.index(("환불수단", "복합결제"))
    cash_back = 10_769
    assert rows[at + 1 : at + 3] == [
        ("현금", format_won(cash_back)),
        ("청주페이 카드", format_won(refund.amount - cash_back)),
    ]
