"""Tenders and refunds on a demo-seeded file: cash change, card terminal, partial and full
refunds, manager approval, over-refunding refused, stock back, a rebuild agrees."""

from __future__ import annotations

import sqlite3

import pytest
from helpers import FIXED_NOW, dump_projections, owner_approval

from pos_app.domain.clock import Clock, unix_seconds
from pos_app.domain.errors import UserFacingError
from pos_app.domain.receipt import render_text
from pos_app.domain.refunds import RefundReason, receipt_qr_text
from pos_app.services.checkout import CheckoutService
from pos_app.services.demo import DEMO_CASHIER_PIN, DEMO_MANAGER_PIN, mint_demo_code
from pos_app.services.refunds import RefundService
from pos_app.services.staff import Approver, StaffService
from pos_app.store import stock_movements
from pos_app.store.database import write_transaction
from pos_app.store.journal import iter_events, verify_journal
from pos_app.store.projection import rebuild_projections

BULGOGI = "8808123000103"  # 18,900, eligible for the 10 % discount
TOBACCO = "8808123000356"  # 4,500, excluded


@pytest.fixture
def approve_as_manager(db: sqlite3.Connection) -> Approver:
    """The demo owner's approval: the staff id their PIN answers through the staff service."""
    return owner_approval(db)


def never(_action: str) -> None:
    return None


@pytest.fixture
def refunds(db: sqlite3.Connection, clock: Clock) -> RefundService:
    return RefundService(db, clock)


def test_cash_sale_records_tendered_and_change_and_no_discount(service: CheckoutService) -> None:
    service.handle_scan(BULGOGI)
    with pytest.raises(UserFacingError) as short:
        service.pay_cash(10_000)
    assert short.value.code == "E821"
    paid = service.pay_cash(20_000)
    # The special discount is Cheongju Pay's only: cash pays the list price.
    assert (paid.tender, paid.discount, paid.total) == ("cash", 0, 18_900)
    assert (paid.tendered, paid.change) == (20_000, 1_100)
    assert service.sale.is_empty()


def test_card_terminal_needs_the_cashiers_confirmation(service: CheckoutService) -> None:
    service.handle_scan(TOBACCO)
    with pytest.raises(UserFacingError) as refused:
        service.pay_card_terminal(False)
    assert refused.value.code == "E823"
    paid = service.pay_card_terminal(True)
    assert (paid.tender, paid.total, paid.tendered) == ("card_terminal", 4_500, None)


def _cjpay_sale(service: CheckoutService) -> str:
    service.handle_scan(BULGOGI)
    service.handle_scan(BULGOGI)
    service.handle_scan(TOBACCO)
    payment = service.pay_with_code(mint_demo_code(unix_seconds(FIXED_NOW)))
    # 2 x 18,900 eligible -> 10 % = 3,780; + 4,500 excluded.
    assert (payment.subtotal, payment.discount, payment.total) == (42_300, 3_780, 38_520)
    return payment.payment_id


def test_partial_then_full_refund_and_nothing_more(
    service: CheckoutService,
    refunds: RefundService,
    db: sqlite3.Connection,
    approve_as_manager: Approver,
) -> None:
    payment_id = _cjpay_sale(service)
    bulgogi_id = service.payment(payment_id).items[0].product_id  # type: ignore[union-attr]
    level = stock_movements.level_of(db, bulgogi_id)
    first = refunds.refund(
        payment_id, reason=RefundReason.DEFECTIVE, approve=approve_as_manager, quantities={1: 1}
    )
    assert (first.gross, first.discount_share, first.amount) == (18_900, 1_890, 17_010)
    assert first.status == "pending" and first.refund_no.startswith("R-")
    assert stock_movements.level_of(db, bulgogi_id) == level + 1
    state = refunds.refundable(payment_id)
    assert state.amount_left == 38_520 - 17_010
    assert state.quantities_left == {1: 1, 2: 1}
    rest = refunds.refund(
        payment_id,
        reason=RefundReason.CHANGE_OF_MIND,
        approve=approve_as_manager,
        quantities={1: 1, 2: 1},
    )
    assert first.amount + rest.amount == 38_520
    with pytest.raises(UserFacingError) as over:
        refunds.refund(
            payment_id, reason=RefundReason.OTHER, note="x", approve=approve_as_manager, amount=1
        )
    assert over.value.code == "E834"
    assert verify_journal(db) is None  # the chain holds
    before = dump_projections(db)
    with write_transaction(db):
        rebuild_projections(db)
    assert dump_projections(db) == before


def test_refund_needs_approval_and_a_reason(
    service: CheckoutService,
    refunds: RefundService,
    db: sqlite3.Connection,
    approve_as_manager: Approver,
) -> None:
    payment_id = _cjpay_sale(service)
    events = len(list(iter_events(db)))
    with pytest.raises(UserFacingError) as refused:
        refunds.refund(payment_id, reason=RefundReason.MISCHARGE, approve=never, amount=1_000)
    assert refused.value.code == "E838"
    with pytest.raises(UserFacingError) as no_note:
        refunds.refund(payment_id, reason=RefundReason.OTHER, approve=approve_as_manager, amount=1)
    assert no_note.value.code == "E839"
    with pytest.raises(UserFacingError) as wrong_pin:
        refunds.refund(
            payment_id,
            reason=RefundReason.MISCHARGE,
            approve=refunds.pin_approver("9999"),
            amount=1_000,
        )
    assert wrong_pin.value.code == "E838"
    assert len(list(iter_events(db))) == events  # nothing recorded
    done = refunds.refund(
        payment_id,
        reason=RefundReason.MISCHARGE,
        approve=refunds.pin_approver(DEMO_MANAGER_PIN),
        amount=1_000,
    )
    owner = approve_as_manager("")  # the owner's PIN approved, through the staff service
    assert (done.amount, done.approved_by, done.lines) == (1_000, owner, ())
    with pytest.raises(UserFacingError) as over:
        refunds.refund(
            payment_id, reason=RefundReason.MISCHARGE, approve=approve_as_manager, amount=37_521
        )
    assert over.value.code == "E836"


def test_find_by_receipt_approval_date_amount_and_qr(
    service: CheckoutService, refunds: RefundService
) -> None:
    payment_id = _cjpay_sale(service)
    receipt_no = service.payment(payment_id).receipt_no  # type: ignore[union-attr]
    assert [r.payment.payment_id for r in refunds.search(receipt_no=receipt_no)] == [payment_id]
    assert [r.payment.payment_id for r in refunds.search(amount=38_520)] == [payment_id]
    assert refunds.search(amount=1) == []
    assert [r.payment.payment_id for r in refunds.today()] == [payment_id]
    assert refunds.payment_for_scan(receipt_qr_text(payment_id)).payment_id == payment_id
    with pytest.raises(UserFacingError) as unknown:
        refunds.payment_for_scan(receipt_qr_text("00000000-0000-0000-0000-000000000000"))
    assert unknown.value.code == "E831"


def test_refund_receipt_names_the_original_and_the_amount(
    service: CheckoutService, refunds: RefundService, approve_as_manager: Approver
) -> None:
    payment_id = _cjpay_sale(service)
    done = refunds.refund(
        payment_id, reason=RefundReason.DEFECTIVE, approve=approve_as_manager, quantities={2: 1}
    )
    text = "\n".join(render_text(refunds.receipt(done)))
    assert "환불 영수증" in text and done.refund_no in text
    assert "4,500원" in text and "상품 불량" in text
    assert service.payment(payment_id).receipt_no in text  # type: ignore[union-attr]


def test_void_is_refused_after_a_partial_refund(
    service: CheckoutService, refunds: RefundService, approve_as_manager: Approver
) -> None:
    payment_id = _cjpay_sale(service)
    refunds.refund(
        payment_id, reason=RefundReason.DEFECTIVE, approve=approve_as_manager, amount=500
    )
    with pytest.raises(UserFacingError) as refused:
        service.void_last_payment(DEMO_MANAGER_PIN, "test", payment_id)
    assert refused.value.code == "E840"


def test_the_service_refuses_a_cashier_as_approver(
    service: CheckoutService, refunds: RefundService, db: sqlite3.Connection, clock: Clock
) -> None:
    """Whoever passes the approver (a screen, a script), a cashier's id approves nothing:
    the service checks the role (DOMAIN: refunds need a manager), not the caller."""
    payment_id = _cjpay_sale(service)
    cashier = StaffService(db, clock).sign_in(DEMO_CASHIER_PIN)
    events = len(list(iter_events(db)))
    for approve in (lambda _action: cashier.staff_id, refunds.pin_approver(DEMO_CASHIER_PIN)):
        with pytest.raises(UserFacingError) as refused:
            refunds.refund(payment_id, reason=RefundReason.MISCHARGE, approve=approve, amount=1_000)
        assert refused.value.key == "refund.not_approved" and refused.value.code == "E838"
    with pytest.raises(UserFacingError) as stranger:
        refunds.refund(
            payment_id, reason=RefundReason.MISCHARGE, approve=lambda _a: "manager", amount=1
        )
    assert stranger.value.code == "E838"  # the legacy shop PIN's id approves nothing now
    assert len(list(iter_events(db))) == events  # nothing recorded (a sign-in is no event)
