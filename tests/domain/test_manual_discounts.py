"""Manual price changes and discounts: bounds, the sale discount's spread, and the special
discount reckoned after them."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.domain.cart import Cart
from pos_app.domain.manual_discounts import (
    ApprovalThreshold,
    DiscountKind,
    DiscountScope,
    ManualDiscount,
    ManualDiscountError,
    change_line,
    percent_off,
    spread,
)
from pos_app.domain.payment_body import counter_payment_body
from pos_app.domain.pricing import CartLine, DiscountPolicy, quote
from pos_app.domain.refunds import Paid, PaidLine, PriorRefund, plan_line_refund
from pos_app.domain.tenders import Tender

DAY = date(2026, 3, 2)


def _line(price: int, qty: int = 1, **kw: object) -> CartLine:
    return CartLine(name="상품", unit_price=price, quantity=qty, **kw)  # type: ignore[arg-type]


def test_a_new_price_keeps_the_catalogue_price() -> None:
    line = change_line(_line(5_000, 2), DiscountKind.PRICE, 4_000)
    assert (line.unit_price, line.list_price, line.line_discount, line.amount) == (
        4_000,
        5_000,
        0,
        8_000,
    )
    # A second change starts again from the catalogue price, never from the changed one.
    again = change_line(line, DiscountKind.PERCENT, 10)
    assert (again.unit_price, again.list_price, again.line_discount) == (5_000, None, 1_000)


def test_a_percent_is_floored_to_the_won() -> None:
    assert percent_off(999, 15) == 149
    assert change_line(_line(999), DiscountKind.PERCENT, 15).line_discount == 149


@pytest.mark.parametrize(
    ("kind", "value"),
    [(DiscountKind.WON, -1), (DiscountKind.PERCENT, 101), (DiscountKind.PRICE, -5)],
)
def test_out_of_bounds_values_are_refused(kind: DiscountKind, value: int) -> None:
    with pytest.raises(ManualDiscountError):
        change_line(_line(1_000), kind, value)


def test_a_discount_never_takes_more_than_the_line() -> None:
    with pytest.raises(ManualDiscountError, match="over_line"):
        change_line(_line(1_000, 2), DiscountKind.WON, 2_001)
    assert change_line(_line(1_000, 2), DiscountKind.WON, 2_000).amount == 0


def test_the_default_threshold() -> None:
    rule = ApprovalThreshold()
    assert rule.needs_approval(DiscountKind.PRICE, 900, 1_000)
    assert not rule.needs_approval(DiscountKind.PERCENT, 10, 1_000)
    assert rule.needs_approval(DiscountKind.PERCENT, 11, 1_000)
    assert not rule.needs_approval(DiscountKind.WON, 100, 1_000)
    assert rule.needs_approval(DiscountKind.WON, 101, 1_000)
    loose = ApprovalThreshold(price_change_needs_approval=False, max_percent=30)
    assert not loose.needs_approval(DiscountKind.PRICE, 1, 1_000)
    assert ApprovalThreshold.from_value({"nonsense": 1}) == rule


_prices = st.integers(min_value=0, max_value=200_000)
_lines = st.lists(
    st.tuples(_prices, st.integers(min_value=1, max_value=5), st.booleans()),
    min_size=1,
    max_size=8,
)


@given(_lines, st.integers(min_value=0, max_value=100))
def test_the_sale_discount_spread_sums_exactly(raw: list, percent: int) -> None:
    lines = [_line(p, q, excluded_from_discount=x) for p, q, x in raw]
    whole = sum(line.amount for line in lines)
    won = percent_off(whole, percent)
    spread_lines = spread(lines, won)
    assert sum(line.line_discount for line in spread_lines) == won
    assert sum(line.amount for line in spread_lines) == whole - won
    for line in spread_lines:
        assert 0 <= line.line_discount <= line.unit_price * line.quantity


@given(_lines, st.integers(min_value=0, max_value=100), st.integers(min_value=0, max_value=30))
def test_the_special_discount_falls_after_the_manual_ones(
    raw: list, percent: int, rate: int
) -> None:
    cart = Cart()
    for price, qty, excluded in raw:
        cart.add(_line(price, qty, excluded_from_discount=excluded))
    cart.set_sale_discount(
        ManualDiscount(DiscountScope.SALE, DiscountKind.PERCENT, percent, "단골 할인")
    )
    lines = cart.lines
    priced = quote(
        lines,
        tender=Tender.CHEONGJU_PAY,
        today=DAY,
        discount_policy=DiscountPolicy.percent(rate),
        cashback_policy=None,
        merchant_restricted=False,
    )
    eligible = sum(line.amount for line in lines if not line.excluded_from_discount)
    assert priced.eligible == eligible
    assert priced.discount == DiscountPolicy.percent(rate).discount_for(eligible)
    assert priced.subtotal == sum(line.unit_price * line.quantity for line in lines) - sum(
        line.line_discount for line in lines
    )
    assert priced.total == priced.subtotal - priced.discount
    # The VAT split of what was paid adds up to it.
    body = counter_payment_body(
        lines,
        priced,
        receipt_no="1",
        business_date=DAY.isoformat(),
        code=None,
        scanned_at=0,
        offline=True,
    )
    split = body["tax_split"]
    assert split["taxable"] + split["exempt"] == priced.total


def test_the_body_writes_manual_keys_only_when_set() -> None:
    cart = Cart()
    cart.add(_line(10_000))
    cart.add(_line(3_000, 2))
    cart.change_line(
        0, ManualDiscount(DiscountScope.LINE, DiscountKind.PRICE, 8_000, "가격 오류 정정", "c", "m")
    )
    cart.set_sale_discount(ManualDiscount(DiscountScope.SALE, DiscountKind.WON, 1_400, "단골 할인"))
    lines = cart.lines
    priced = quote(
        lines,
        tender=Tender.CASH,
        today=DAY,
        discount_policy=None,
        cashback_policy=None,
        merchant_restricted=False,
    )
    body = counter_payment_body(
        lines,
        priced,
        receipt_no="1",
        business_date=DAY.isoformat(),
        code=None,
        scanned_at=0,
        offline=True,
        manual=cart.manual_discounts(),
    )
    first, second = body["lines"]
    assert first["list_price"] == 10_000 and first["unit_price"] == 8_000
    assert first["line_discount"] + second["line_discount"] == 1_400
    assert first["amount"] == 8_000 - first["line_discount"]
    assert body["total"] == 8_000 + 6_000 - 1_400
    assert [(m["scope"], m["kind"], m["won"]) for m in body["manual_discounts"]] == [
        ("line", "price", 2_000),
        ("sale", "won", 1_400),
    ]
    assert body["manual_discounts"][0]["approved_by"] == "m"
    plain = counter_payment_body(
        [_line(1_000)],
        priced,
        receipt_no="1",
        business_date=DAY.isoformat(),
        code=None,
        scanned_at=0,
        offline=True,
    )
    assert "list_price" not in plain["lines"][0] and "line_discount" not in plain["lines"][0]
    assert "manual_discounts" not in plain


def test_a_quantity_change_takes_the_percent_again() -> None:
    cart = Cart()
    cart.add(_line(1_000, 2))
    cart.change_line(0, ManualDiscount(DiscountScope.LINE, DiscountKind.PERCENT, 10, "직원 할인"))
    cart.set_quantity(0, 5)
    assert cart.lines[0].line_discount == 500
    cart.change_line(0, ManualDiscount(DiscountScope.LINE, DiscountKind.WON, 4_000, "직원 할인"))
    cart.set_quantity(0, 1)
    assert cart.lines[0].line_discount == 1_000  # held to the line


@given(st.integers(min_value=1, max_value=9), st.integers(min_value=0, max_value=50_000))
def test_a_refunded_line_gives_back_what_was_paid_for_it(qty: int, price: int) -> None:
    line = change_line(_line(price, qty), DiscountKind.PERCENT, 15)
    paid = Paid(
        total=line.amount,
        discount=0,
        lines=(PaidLine(1, price, qty, False, line_discount=line.line_discount),),
    )
    prior: list = []
    given_back = 0
    for _ in range(qty):  # one unit at a time
        plan = plan_line_refund(paid, prior, {1: 1})
        given_back += plan.amount
        prior.append(PriorRefund(plan.amount, plan.discount_share, {1: 1}, plan.tax_split))
    assert given_back == line.amount
