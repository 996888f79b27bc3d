"""Cart pricing: the special discount, its rounding and its limits, and the cashback preview."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.domain.cart import Cart
from pos_app.domain.errors import UserFacingError
from pos_app.domain.money import format_rate, format_won
from pos_app.domain.pricing import CartLine, CashbackPolicy, DiscountPolicy, quote
from pos_app.domain.tenders import Tender

TODAY = date(2026, 11, 25)
TEN_PERCENT = DiscountPolicy.percent(10, valid_from=date(2026, 1, 1), valid_to=date(2026, 12, 31))
CASHBACK = CashbackPolicy(rate_bp=1_000, monthly_cap=30_000)


def price(lines, tender=Tender.CHEONGJU_PAY, policy=TEN_PERCENT, restricted=False, today=TODAY):
    return quote(
        lines,
        tender=tender,
        today=today,
        discount_policy=policy,
        cashback_policy=CASHBACK,
        merchant_restricted=restricted,
    )


def test_money_is_formatted_the_korean_way():
    assert format_won(12_300) == "12,300원"
    assert format_won(0) == "0원"
    assert format_won(-1_230) == "-1,230원"
    with pytest.raises(TypeError):
        format_won(12.5)  # type: ignore[arg-type]
    assert format_rate(1_000) == "10%"
    assert format_rate(750) == "7.5%"
    assert format_rate(725) == "7.25%"


def test_discount_applies_to_eligible_items_only_and_rounds_down():
    lines = [
        CartLine("사과", 12_345),
        CartLine("담배", 4_500, excluded_from_discount=True),
    ]
    result = price(lines)
    assert result.subtotal == 16_845
    assert result.eligible == 12_345
    assert result.discount == 1_234  # 1,234.5 rounds down
    assert result.total == 16_845 - 1_234
    assert result.discount_rate_bp == 1_000


def test_ten_won_rounding_unit():
    policy = DiscountPolicy(rate_bp=700, rounding_unit=10)
    result = price([CartLine("국밥", 9_990)], policy=policy)
    assert result.discount == 690  # 699.3 -> 699 -> 690
    assert result.total == 9_300


@pytest.mark.parametrize("tender", [Tender.CASH, Tender.CARD_TERMINAL])
def test_no_discount_and_no_cashback_for_other_tenders(tender):
    result = price([CartLine("사과", 10_000)], tender=tender)
    assert result.discount == 0
    assert result.total == 10_000
    assert result.cashback_preview == 0
    assert result.discount_rate_bp == 0


@pytest.mark.parametrize(
    ("today", "applies"),
    [
        (date(2025, 12, 31), False),
        (date(2026, 1, 1), True),
        (date(2026, 12, 31), True),
        (date(2027, 1, 1), False),
    ],
)
def test_discount_only_inside_its_period(today, applies):
    result = price([CartLine("사과", 10_000)], today=today)
    assert result.discount == (1_000 if applies else 0)


def test_cashback_preview_is_capped_and_zero_when_restricted():
    assert price([CartLine("TV", 900_000)]).cashback_preview == 30_000
    assert price([CartLine("사과", 10_000)]).cashback_preview == 900  # 10 % of 9,000 paid
    assert price([CartLine("사과", 10_000)], restricted=True).cashback_preview == 0
    bonus = CashbackPolicy(rate_bp=1_000, monthly_cap=30_000, extra_rate_bp=500)
    assert bonus.preview(10_000) == 1_500


def test_policy_rejects_nonsense():
    with pytest.raises(ValueError):
        DiscountPolicy(rate_bp=-1)
    with pytest.raises(ValueError):
        DiscountPolicy(rate_bp=500, rounding_unit=5)
    with pytest.raises(ValueError):
        DiscountPolicy(rate_bp=500, valid_from=date(2026, 2, 1), valid_to=date(2026, 1, 1))
    with pytest.raises(ValueError):
        CartLine("x", -1)
    with pytest.raises(ValueError):
        CartLine("x", 100, quantity=0)


lines_strategy = st.lists(
    st.builds(
        CartLine,
        name=st.just("item"),
        unit_price=st.integers(0, 2_000_000),
        quantity=st.integers(1, 50),
        excluded_from_discount=st.booleans(),
    ),
    max_size=20,
)
policies = st.builds(
    DiscountPolicy, rate_bp=st.integers(0, 10_000), rounding_unit=st.sampled_from([1, 10])
)


@given(lines_strategy, policies)
def test_discount_properties(lines, policy):
    result = price(lines, policy=policy)
    assert 0 <= result.discount <= result.eligible <= result.subtotal
    assert result.total == result.subtotal - result.discount
    assert result.discount % policy.rounding_unit == 0
    exact = result.eligible * policy.rate_bp  # in 1/10,000 won
    # Rounded down, and by less than one rounding unit.
    assert result.discount * 10_000 <= exact < (result.discount + policy.rounding_unit) * 10_000
    assert all(isinstance(value, int) for value in (result.subtotal, result.discount, result.total))


@given(lines_strategy)
def test_excluded_items_never_change_the_discount(lines):
    with_extra = [*lines, CartLine("담배", 4_500, excluded_from_discount=True)]
    assert price(with_extra).discount == price(lines).discount


def test_cart_merges_the_same_product_and_validates_edits():
    cart = Cart()
    milk = CartLine("우유", 2_980, product_id="P1")
    assert cart.add(milk) == 0
    assert cart.add(milk) == 0
    assert cart.lines[0].quantity == 2
    assert cart.add_open_amount(5_000, "금액") == 1
    with pytest.raises(UserFacingError) as raised:
        cart.add_open_amount(0, "금액")
    assert raised.value.key == "checkout.bad_amount"
    with pytest.raises(UserFacingError):
        cart.set_quantity(0, 0)
    cart.remove(0)
    assert [line.name for line in cart.lines] == ["금액"]
    cart.clear()
    assert cart.is_empty()
