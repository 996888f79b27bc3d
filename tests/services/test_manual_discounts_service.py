"""Manual price changes and discounts at the counter, on a real data file: the shop's
threshold, a manager's PIN above it, the lockout, and what the journal records."""

from __future__ import annotations

import sqlite3

import pytest

from pos_app.domain.clock import Clock
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.manual_discounts import ApprovalThreshold, DiscountKind
from pos_app.domain.staff import MAX_FAILURES, Role
from pos_app.services import preferences
from pos_app.services.checkout import CheckoutService
from pos_app.services.demo import DEMO_CASHIER_PIN, DEMO_MANAGER_PIN
from pos_app.services.refunds import RefundService
from pos_app.services.staff import StaffService
from pos_app.store import discount_facts
from pos_app.store.journal import iter_events
from pos_app.store.projection import PAYMENT

MILK = "8808123000134"  # 우유 1L, 2,980


@pytest.fixture
def cashier(db: sqlite3.Connection, clock: Clock) -> str:
    staff = StaffService(db, clock)
    return staff.sign_in(DEMO_CASHIER_PIN).staff_id


def _owner(db: sqlite3.Connection, clock: Clock) -> str:
    staff = StaffService(db, clock)
    return next(m.staff_id for m in staff.members() if m.role is Role.OWNER)


def _last_payment_body(db: sqlite3.Connection) -> dict:
    return [e for e in iter_events(db) if e.type == PAYMENT][-1].body


def test_a_small_discount_needs_no_approval_and_is_journalled(
    service: CheckoutService, db: sqlite3.Connection, cashier: str
) -> None:
    service.handle_scan(MILK)
    service.sale.set_quantity(0, 2)  # 5,960
    assert not service.sale.line_needs_approval(0, DiscountKind.PERCENT, 10)
    service.sale.change_line(0, DiscountKind.PERCENT, 10, "단골 할인")
    assert service.sale.lines[0].line_discount == 596
    payment = service.pay_cash(10_000)
    assert payment.total == 5_960 - 596
    body = _last_payment_body(db)
    assert body["lines"][0]["line_discount"] == 596
    assert body["manual_discounts"] == [
        {
            "scope": "line",
            "kind": "percent",
            "value": 10,
            "won": 596,
            "reason": "단골 할인",
            "requested_by": cashier,
            "approved_by": None,
            "line_no": 1,
        }
    ]
    # The projection keeps the line's discount; the receipt shows it; the day's total too.
    assert payment.items[0].line_discount == 596
    rows = [(row.left.strip(), row.right) for row in service.receipt(payment)]
    assert ("할인", "-596원") in rows
    # The line's row shows it before the discount, the 할인 row takes it off: they add up.
    item = payment.items[0]
    gross = f"{item.unit_price * item.quantity:,}원"
    assert any(left.endswith(item.name) and right == gross for left, right in rows)
    day = payment.business_date
    assert discount_facts.manual_discount_between(db, day, day) == 596


def test_a_price_change_needs_a_managers_pin(
    service: CheckoutService, db: sqlite3.Connection, clock: Clock, cashier: str
) -> None:
    service.handle_scan(MILK)
    assert service.sale.line_needs_approval(0, DiscountKind.PRICE, 2_500)
    with pytest.raises(UserFacingError) as caught:
        service.sale.change_line(0, DiscountKind.PRICE, 2_500, "가격 오류 정정")
    assert caught.value.key is ErrorKey.DISCOUNT_NEEDS_APPROVAL
    # The cashier's own PIN does not approve it.
    with pytest.raises(UserFacingError) as caught:
        service.sale.change_line(
            0, DiscountKind.PRICE, 2_500, "가격 오류 정정", pin=DEMO_CASHIER_PIN
        )
    assert caught.value.key is ErrorKey.STAFF_APPROVER_NOT_ALLOWED
    assert service.sale.lines[0].unit_price == 2_980  # nothing changed
    service.sale.change_line(0, DiscountKind.PRICE, 2_500, "가격 오류 정정", pin=DEMO_MANAGER_PIN)
    payment = service.pay_card_terminal(True)
    assert payment.total == 2_500
    body = _last_payment_body(db)
    assert body["lines"][0]["list_price"] == 2_980 and body["lines"][0]["unit_price"] == 2_500
    (entry,) = body["manual_discounts"]
    assert entry["approved_by"] == _owner(db, clock) and entry["requested_by"] == cashier
    assert entry["won"] == 480
    assert payment.items[0].list_price == 2_980
    texts = [row.left for row in service.receipt(payment)]
    assert any("정상가 2,980" in text for text in texts)


def test_wrong_pins_count_toward_the_lockout(
    service: CheckoutService, db: sqlite3.Connection, clock: Clock, cashier: str
) -> None:
    service.handle_scan(MILK)
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(UserFacingError) as caught:
            service.sale.discount_sale(DiscountKind.PERCENT, 50, "직원 할인", pin="9999")
        assert caught.value.key is ErrorKey.STAFF_BAD_PIN
    with pytest.raises(UserFacingError) as caught:
        service.sale.discount_sale(DiscountKind.PERCENT, 50, "직원 할인", pin="9999")
    assert caught.value.key is ErrorKey.STAFF_LOCKED
    # The lock holds for the right PIN too (typed without a name: the till's lock).
    with pytest.raises(UserFacingError) as caught:
        service.sale.discount_sale(DiscountKind.PERCENT, 50, "직원 할인", pin=DEMO_MANAGER_PIN)
    assert caught.value.key is ErrorKey.STAFF_LOCKED
    assert service.sale.sale_discount() is None


def test_the_owners_threshold_decides(
    service: CheckoutService, db: sqlite3.Connection, cashier: str
) -> None:
    preferences.set_discount_threshold(db, ApprovalThreshold(False, 30))
    service.handle_scan(MILK)
    service.sale.change_line(0, DiscountKind.PRICE, 2_000, "유통기한 임박")
    service.handle_scan("8808123000103")  # another line
    service.sale.discount_sale(DiscountKind.PERCENT, 30, "단골 할인")
    with pytest.raises(UserFacingError) as caught:
        service.sale.discount_sale(DiscountKind.PERCENT, 31, "단골 할인")
    assert caught.value.key is ErrorKey.DISCOUNT_NEEDS_APPROVAL


def test_bad_values_and_reasons_are_refused_with_codes(
    service: CheckoutService, cashier: str
) -> None:
    with pytest.raises(UserFacingError) as caught:
        service.sale.discount_sale(DiscountKind.WON, 100, "단골 할인")
    assert caught.value.key is ErrorKey.DISCOUNT_NO_LINE
    service.handle_scan(MILK)
    for kind, value, key in [
        (DiscountKind.WON, 3_000, ErrorKey.DISCOUNT_OVER_LINE),
        (DiscountKind.PERCENT, 101, ErrorKey.DISCOUNT_BAD_VALUE),
    ]:
        with pytest.raises(UserFacingError) as caught:
            service.sale.change_line(0, kind, value, "단골 할인", pin=DEMO_MANAGER_PIN)
        assert caught.value.key is key
        assert caught.value.display().startswith("[E37")
    with pytest.raises(UserFacingError) as caught:
        service.sale.change_line(0, DiscountKind.WON, 10, "   ")
    assert caught.value.key is ErrorKey.DISCOUNT_BAD_REASON
    # A figure that is wrong anyway is refused before a PIN is asked or checked.
    with pytest.raises(UserFacingError) as caught:
        service.sale.change_line(0, DiscountKind.WON, 5_000, "단골 할인")
    assert caught.value.key is ErrorKey.DISCOUNT_OVER_LINE


def test_a_refunded_discounted_line_gives_back_what_was_paid(
    service: CheckoutService, db: sqlite3.Connection, clock: Clock, cashier: str
) -> None:
    service.handle_scan(MILK)
    service.sale.set_quantity(0, 3)  # 8,940
    service.sale.discount_sale(DiscountKind.WON, 894, "단골 할인")
    payment = service.pay_cash(10_000)
    assert payment.total == 8_046
    refunds = RefundService(db, clock)
    plan = refunds.plan(payment.payment_id, quantities={1: 1})
    assert plan.amount == 8_046 // 3


def test_the_close_and_the_sales_report_show_the_manual_discounts(
    service: CheckoutService, db: sqlite3.Connection, clock: Clock, cashier: str
) -> None:
    from pos_app.domain.day_close_slip import manual_rows
    from pos_app.services.day_close import DayCloseService
    from pos_app.services.sales_report import SalesRange, SalesReportService

    days = DayCloseService(db, clock)
    days.open_for_sale(0)
    service.handle_scan(MILK)
    service.sale.change_line(0, DiscountKind.WON, 280, "파손/흠집")
    service.pay_cash(3_000)
    service.handle_scan(MILK)
    service.sale.change_line(0, DiscountKind.WON, 100, "단골 할인")
    service.pay_cash(3_000)
    service.void_last_payment(DEMO_MANAGER_PIN, "고객 변심")  # a voided sale gave nothing
    settlement = days.settlement()
    assert settlement is not None and settlement.manual_discounts == 280
    assert [(row.left, row.right) for row in manual_rows(settlement)] == [
        ("수동 할인·가격변경", "280원")
    ]
    report = SalesReportService(db, clock)
    today = report.today()
    assert report.manual_discounts(SalesRange(today, today)) == 280


def test_a_kept_sale_comes_back_with_its_discounts_and_who_approved_them(
    service: CheckoutService, db: sqlite3.Connection, clock: Clock, cashier: str
) -> None:
    from pos_app.services.checkout import open_checkout

    service.handle_scan(MILK)
    service.handle_scan("8808123000103")
    service.sale.change_line(0, DiscountKind.PRICE, 2_500, "가격 오류 정정", pin=DEMO_MANAGER_PIN)
    service.sale.discount_sale(DiscountKind.WON, 1_000, "단골 할인")
    before = service.sale.lines
    service.sale.keep()  # the app closes mid-sale

    again = open_checkout(db, clock)
    assert again.sale.resume_kept() == 2
    assert again.sale.lines == before
    assert again.sale.line_change(0).approved_by == _owner(db, clock)
    again.pay_cash(30_000)
    body = _last_payment_body(db)
    assert [(m["scope"], m["kind"]) for m in body["manual_discounts"]] == [
        ("line", "price"),
        ("sale", "won"),
    ]


def test_the_sales_report_says_who_gave_which_discount_and_why(
    service: CheckoutService, db: sqlite3.Connection, clock: Clock, cashier: str
) -> None:
    from pos_app.services.sales_report import SalesRange, SalesReportService

    service.handle_scan(MILK)
    service.sale.change_line(0, DiscountKind.PRICE, 2_500, "가격 오류 정정", pin=DEMO_MANAGER_PIN)
    payment = service.pay_cash(3_000)
    report = SalesReportService(db, clock)
    today = report.today()
    (line,) = report.manual_discount_lines(SalesRange(today, today))
    staff = {m.staff_id: m.name for m in StaffService(db, clock).members()}
    assert line.startswith(payment.receipt_no) and "가격변경 480원 · 가격 오류 정정" in line
    assert staff[cashier] in line and f"승인 {staff[_owner(db, clock)]}" in line
