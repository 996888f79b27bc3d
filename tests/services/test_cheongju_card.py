"""The Cheongju Pay card on the card terminal (청주페이 카드), on a real demo file.

It is Cheongju Pay for the price (the special discount) and for the city's discount figures,
but the terminal approved it: final when recorded, no exposure to the offline limits, no
cashback preview (the POS never sees the wallet), and its approval number is kept.
"""

from __future__ import annotations

import csv
import json
import sqlite3

import pytest
from helpers import owner_approval

from pos_app.domain.clock import Clock
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.payment_status import PaymentStatus, RefundStatus, is_exposure
from pos_app.domain.receipt import CARD_BACK_ON_TERMINAL
from pos_app.domain.refunds import RefundReason
from pos_app.domain.tenders import Tender, is_cheongju_pay
from pos_app.services.checkout import CheckoutService
from pos_app.services.day_close import DayCloseService
from pos_app.services.demo import DEMO_MANAGER_PIN
from pos_app.services.refunds import RefundService
from pos_app.services.sales_report import SalesReportService

MILK = "8808123000134"  # 우유 1L, 2,980
MILK_CJPAY = 2_682  # less the demo shop's 10 % special discount


def journal_count(db: sqlite3.Connection) -> int:
    return db.execute("SELECT COUNT(*) FROM journal").fetchone()[0]


def test_the_tender_is_cheongju_pay_but_no_exposure() -> None:
    assert is_cheongju_pay(Tender.CHEONGJU_CARD) and is_cheongju_pay(Tender.CHEONGJU_PAY)
    assert not is_cheongju_pay(Tender.CASH) and not is_cheongju_pay(Tender.CARD_TERMINAL)
    assert not is_exposure(Tender.CHEONGJU_CARD)


def test_a_card_sale_gets_the_cheongju_pay_price_and_keeps_the_approval_number(
    db: sqlite3.Connection, service: CheckoutService
) -> None:
    service.handle_scan(MILK)
    card_quote = service.sale.quote(Tender.CHEONGJU_CARD)
    assert card_quote.total == MILK_CJPAY == service.sale.quote(Tender.CHEONGJU_PAY).total
    assert card_quote.cashback_preview == 0  # the server never settles the card's wallet

    paid = service.pay_cheongju_card("1234 5678", approved_on_terminal=True)

    assert paid.tender is Tender.CHEONGJU_CARD
    assert paid.total == MILK_CJPAY and paid.discount == 2_980 - MILK_CJPAY
    assert paid.status is PaymentStatus.RECORDED and paid.card_approval_no == "12345678"
    assert service.unsynced() == (0, 0)  # not exposure to the offline limits
    body = json.loads(
        db.execute("SELECT body FROM journal WHERE event_id = ?", (paid.payment_id,)).fetchone()[0]
    )
    assert body["tender"] == "cheongju_card" and body["card_approval_no"] == "12345678"
    assert body["payment_code"] is None and body["cashback_preview"] == 0
    rows = {row.left: row.right for row in service.receipt(paid)}
    assert rows["결제수단"] == "청주페이 카드" and rows["승인번호"] == "12345678"
    assert "캐시백 예정(최대)" not in rows


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "E361"),
        ("   ", "E361"),
        ("12345", "E362"),
        ("1234567890123", "E362"),
        ("12a45678", "E362"),
        ("١٢٣٤٥٦٧٨", "E362"),
    ],
)
def test_a_bad_approval_number_records_nothing(
    db: sqlite3.Connection, service: CheckoutService, typed: str, code: str
) -> None:
    service.handle_scan(MILK)
    before = journal_count(db)
    with pytest.raises(UserFacingError) as caught:
        service.pay_cheongju_card(typed, approved_on_terminal=True)
    assert caught.value.code == code
    assert "[E36" in caught.value.display("ko")
    assert journal_count(db) == before and len(service.sale) == 1


def test_the_terminal_must_be_confirmed(service: CheckoutService) -> None:
    service.handle_scan(MILK)
    with pytest.raises(UserFacingError) as caught:
        service.pay_cheongju_card("12345678", approved_on_terminal=False)
    assert caught.value.key is ErrorKey.TENDER_NOT_CONFIRMED


def test_void_and_refund_are_recorded_and_say_the_money_goes_back_on_the_terminal(
    db: sqlite3.Connection, service: CheckoutService, clock: Clock
) -> None:
    service.handle_scan(MILK)
    service.handle_scan(MILK)
    sold = service.pay_cheongju_card("87654321", approved_on_terminal=True)
    refunds = RefundService(db, clock)
    refund = refunds.refund(
        sold.payment_id,
        reason=RefundReason.CHANGE_OF_MIND,
        approve=owner_approval(db),
        quantities={1: 1},
    )
    assert refund.tender == Tender.CHEONGJU_CARD and refund.status == RefundStatus.RECORDED
    paper = {row.left: row.right for row in refunds.receipt(refund)}
    assert paper["원 승인번호"] == "87654321" and CARD_BACK_ON_TERMINAL in paper

    service.handle_scan(MILK)
    again = service.pay_cheongju_card("11112222", approved_on_terminal=True)
    voided = service.void_last_payment(DEMO_MANAGER_PIN, "고객 변심", again.payment_id)
    assert voided.voided
    assert CARD_BACK_ON_TERMINAL in [row.left for row in service.receipt(voided)]


def test_the_close_counts_it_as_its_own_tender_and_as_cheongju_pay(
    db: sqlite3.Connection, service: CheckoutService, clock: Clock
) -> None:
    days = DayCloseService(db, clock)
    days.open_day(0)
    service.handle_scan(MILK)
    service.pay_cheongju_card("12345678", approved_on_terminal=True)
    service.handle_scan(MILK)
    service.pay_cash(5_000)

    closed = days.close_day(pieces={1_000: 2, 100: 9, 10: 8})

    assert closed.tender("cheongju_card").net == MILK_CJPAY
    assert closed.tender("cash").net == 2_980
    assert closed.discounts == 2_980 - MILK_CJPAY  # counted as Cheongju Pay's discount
    assert closed.cheongju_pay_net == MILK_CJPAY
    assert closed.pending_count == 0
    last = days.last_closed()
    assert last is not None and last.close_body is not None
    assert last.close_body["cheongju_pay_net"] == MILK_CJPAY
    assert last.close_body["tenders"]["cheongju_card"] == MILK_CJPAY


def test_the_sales_export_names_the_card_with_its_approval_number(
    db: sqlite3.Connection, service: CheckoutService, clock: Clock, tmp_path
) -> None:
    service.handle_scan(MILK)
    paid = service.pay_cheongju_card("55667788", approved_on_terminal=True)
    service.void_last_payment(DEMO_MANAGER_PIN, "고객 변심", paid.payment_id)
    report = SalesReportService(db, clock)
    day = report.today()
    path = tmp_path / "매출.csv"
    report.export_csv(path, report.check_range(day, day))
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = [row for row in csv.reader(f)][1:]
    sale = next(r for r in rows if r[10] == "결제")
    void = next(r for r in rows if r[10] == "결제취소")
    assert sale[3] == void[3] == "청주페이 카드"
    assert sale[9] == void[9] == "55667788"
    figures = report.figures(report.check_range(day, day))
    assert figures.tender("cheongju_card").net == 0 and figures.discounts == 0
