"""Cash receipts at the counter: the request travels in the cash payment's event, a
mandatory-issuance shop self-issues from 100,000원, refunds and voids carry the cancel, the
relay's answer (the push result) shows on the receipt, the day counts them."""

from __future__ import annotations

import sqlite3

from helpers import FIXED_NOW, dump_projections, owner_approval

from pos_app.domain.cash_receipt import (
    CashReceiptPurpose,
    CashReceiptStatus,
    parse_identifier,
)
from pos_app.domain.clock import Clock, unix_seconds
from pos_app.domain.day_close_slip import build_day_close_slip
from pos_app.domain.receipt import render_text
from pos_app.domain.refunds import RefundReason
from pos_app.services import preferences
from pos_app.services.checkout import CheckoutService
from pos_app.services.day_close import DayCloseService
from pos_app.services.demo import DEMO_MANAGER_PIN, mint_demo_code
from pos_app.services.refunds import RefundService
from pos_app.store import cash_receipts, settings, sync_state
from pos_app.store.database import write_transaction
from pos_app.store.journal import iter_events
from pos_app.store.projection import rebuild_projections

BULGOGI = "8808123000103"  # 18,900


def _event_body(db: sqlite3.Connection, event_id: str) -> dict:
    return next(e for e in iter_events(db) if e.event_id == event_id).body


def _answer(db: sqlite3.Connection, seq: int, event_id: str, cash_receipt: dict) -> None:
    with write_transaction(db):
        sync_state.apply_results(
            db,
            [
                {
                    "seq": seq,
                    "event_id": event_id,
                    "status": "applied",
                    "outcome": "recorded",
                    "cash_receipt": cash_receipt,
                }
            ],
            "2026-11-24T15:31:00.000Z",
        )


def test_a_requested_receipt_travels_in_the_event_and_prints_when_answered(
    service: CheckoutService, db: sqlite3.Connection
) -> None:
    service.handle_scan(BULGOGI)
    request = parse_identifier("010-1234-5678", CashReceiptPurpose.INCOME_DEDUCTION)
    paid = service.pay_cash(20_000, request)
    body = _event_body(db, paid.payment_id)
    assert body["cash_receipt"] == {
        "purpose": "income_deduction",
        "identifier_kind": "phone",
        "identifier": "01012345678",
        "self_issued": False,
    }
    text = "\n".join(render_text(service.receipt(paid)))
    assert "현금영수증(소득공제)" in text and "010-****-5678" in text and "승인 대기" in text
    assert "01012345678" not in text and "1234" not in text.split("010-****-5678")[0][-10:]

    _answer(db, paid.seq, paid.payment_id, {"status": "issued", "approval_no": "000000042"})
    reprint = "\n".join(render_text(service.receipt(paid)))
    assert "000000042" in reprint and "승인 대기" not in reprint


def test_a_mandatory_shop_self_issues_from_100000_won(
    service: CheckoutService, db: sqlite3.Connection
) -> None:
    preferences.set_cash_receipt_mandatory(db, True)
    service.sale.add_amount(99_999, "잡화")
    small = service.pay_cash(100_000)
    assert service.cash_receipt(small.payment_id) is None
    service.sale.add_amount(120_000, "한우 선물세트")
    big = service.pay_cash(120_000)
    issued = service.cash_receipt(big.payment_id)
    assert issued is not None and issued.self_issued and issued.masked == "010-000-1234"
    assert _event_body(db, big.payment_id)["cash_receipt"]["identifier"] == "0100001234"
    # The customer's own number wins over the self-issue.
    service.sale.add_amount(120_000, "한우 선물세트")
    own = service.pay_cash(
        120_000, parse_identifier("010-9876-5432", CashReceiptPurpose.INCOME_DEDUCTION)
    )
    assert not service.cash_receipt(own.payment_id).self_issued  # type: ignore[union-attr]


def test_a_partial_refund_cancels_its_share_and_a_void_cancels_the_rest(
    service: CheckoutService, db: sqlite3.Connection, clock: Clock
) -> None:
    preferences.set_cash_receipt_mandatory(db, True)
    service.sale.add_amount(100_000, "선물세트 A")
    service.sale.add_amount(20_000, "선물세트 B")
    paid = service.pay_cash(120_000)
    _answer(db, paid.seq, paid.payment_id, {"status": "issued", "approval_no": "000000007"})
    refunds = RefundService(db, clock)
    refund = refunds.refund(
        paid.payment_id,
        reason=RefundReason.CHANGE_OF_MIND,
        approve=owner_approval(db),
        quantities={2: 1},
    )
    cancel = _event_body(db, refund.refund_id)["cash_receipt_cancel"]
    assert cancel == {"payment_id": paid.payment_id, "amount": 20_000, "approval_no": "000000007"}
    row = cash_receipts.by_event(db, refund.refund_id)
    assert row is not None and row.status is CashReceiptStatus.PENDING
    printed = "\n".join(render_text(refunds.receipt(refund)))
    assert "현금영수증 취소" in printed and "010-000-1234" in printed and "승인 대기" in printed
    # The cancel names the receipt it cancels: the original's approval (원승인번호).
    assert any("원승인번호" in line and "000000007" in line for line in printed.splitlines())
    _answer(db, refund.seq, refund.refund_id, {"status": "issued", "approval_no": "000000008"})
    day = cash_receipts.day_totals(db, 0, refund.seq)
    assert (day.issued_count, day.issued_amount) == (1, 120_000)
    assert (day.cancelled_count, day.cancelled_amount) == (1, 20_000)

    before = dump_projections(db)
    with write_transaction(db):
        rebuild_projections(db)
    assert dump_projections(db) == before  # answers survive a rebuild


def test_a_void_carries_the_whole_cancel(service: CheckoutService, db: sqlite3.Connection) -> None:
    service.handle_scan(BULGOGI)
    request = parse_identifier("1234567891", CashReceiptPurpose.EXPENSE_PROOF)
    paid = service.pay_cash(20_000, request)
    voided = service.void_last_payment(DEMO_MANAGER_PIN, "mistake", paid.payment_id)
    assert voided.voided
    void_body = next(e for e in iter_events(db) if e.type == "payment_void").body
    assert void_body["cash_receipt_cancel"]["amount"] == 18_900


def test_cheongju_pay_sales_never_carry_a_cash_receipt(
    service: CheckoutService, db: sqlite3.Connection
) -> None:
    preferences.set_cash_receipt_mandatory(db, True)
    service.handle_scan(BULGOGI)
    paid = service.pay_with_code(mint_demo_code(unix_seconds(FIXED_NOW)))
    assert "cash_receipt" not in _event_body(db, paid.payment_id)
    assert service.cash_receipt(paid.payment_id) is None


def test_the_day_close_counts_issued_and_cancelled_on_screen_and_slip(
    service: CheckoutService, db: sqlite3.Connection, clock: Clock
) -> None:
    days = DayCloseService(db, clock)
    days.open_day(0)
    preferences.set_cash_receipt_mandatory(db, True)
    service.sale.add_amount(120_000, "선물세트")
    paid = service.pay_cash(120_000)
    service.sale.add_amount(30_000, "과일")
    asked = service.pay_cash(
        30_000, parse_identifier("010-1111-2222", CashReceiptPurpose.INCOME_DEDUCTION)
    )
    _answer(db, paid.seq, paid.payment_id, {"status": "issued", "approval_no": "000000001"})
    refund = RefundService(db, clock).refund(
        paid.payment_id,
        reason=RefundReason.CHANGE_OF_MIND,
        approve=owner_approval(db),
        amount=20_000,
    )
    _answer(db, refund.seq, refund.refund_id, {"status": "issued", "approval_no": "000000002"})
    settlement = days.settlement()
    assert settlement is not None
    totals = settlement.cash_receipts
    assert (totals.issued_count, totals.issued_amount) == (1, 120_000)
    assert (totals.cancelled_count, totals.cancelled_amount) == (1, 20_000)
    assert totals.pending_count == 1  # the 30,000원 one: no answer yet
    merchant = settings.load_merchant(db)
    assert merchant is not None and asked.total == 30_000
    slip = "\n".join(
        render_text(
            build_day_close_slip(
                merchant,
                settlement,
                business_date=paid.business_date,
                opened_at=paid.paid_at,
                closed_at=None,
                device_label="POS-01",
            )
        )
    )
    assert "현금영수증 발급 (1건)" in slip and "120,000원" in slip
    assert "현금영수증 취소 (1건)" in slip and "-20,000원" in slip
    assert "현금영수증 승인 대기 1건" in slip
