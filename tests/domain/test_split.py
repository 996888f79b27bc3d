"""The split-payment discount rule (domain/split.py): property tests over carts, rates
0..100 %, rounding units 1 and 10, and every amount of Cheongju Pay the customer may choose."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.pricing import CartLine, DiscountPolicy, cart_tax_split, quote
from pos_app.domain.split import (
    parts_split,
    quote_split,
    refund_by_parts,
    split_discount,
)
from pos_app.domain.tax import TaxCategory
from pos_app.domain.tenders import Tender

TODAY = date(2026, 12, 5)

lines_strategy = st.lists(
    st.builds(
        CartLine,
        name=st.just("item"),
        unit_price=st.integers(0, 500_000),
        quantity=st.integers(1, 20),
        excluded_from_discount=st.booleans(),
        tax=st.sampled_from(list(TaxCategory)),
    ),
    min_size=1,
    max_size=6,
)
policies = st.builds(
    DiscountPolicy, rate_bp=st.integers(0, 10_000), rounding_unit=st.sampled_from([1, 10])
)


def _full(lines: list[CartLine], policy: DiscountPolicy, tender: Tender) -> int:
    return quote(
        lines,
        tender=tender,
        today=TODAY,
        discount_policy=policy,
        cashback_policy=None,
        merchant_restricted=False,
    ).total


@given(lines_strategy, policies)
def test_all_cheongju_pay_gives_exactly_todays_price(lines, policy) -> None:
    all_pay = _full(lines, policy, Tender.CHEONGJU_PAY)
    # At 100 % on all-eligible goods the all-Cheongju-Pay price is 0: no Cheongju Pay part.
    assume(all_pay > 0)
    split = quote_split(lines, cheongju_pay=all_pay, today=TODAY, discount_policy=policy)
    assert split.total == all_pay
    assert split.rest == 0


@given(lines_strategy, policies)
def test_no_cheongju_pay_gives_the_cash_price(lines, policy) -> None:
    split = quote_split(lines, cheongju_pay=0, today=TODAY, discount_policy=policy)
    assert split.total == _full(lines, policy, Tender.CASH)
    assert split.discount == 0


@given(lines_strategy, policies, st.data())
def test_paying_more_with_cheongju_pay_never_raises_the_total(lines, policy, data) -> None:
    top = _full(lines, policy, Tender.CHEONGJU_PAY)
    low = data.draw(st.integers(0, top))
    high = data.draw(st.integers(low, top))
    at_low = quote_split(lines, cheongju_pay=low, today=TODAY, discount_policy=policy)
    at_high = quote_split(lines, cheongju_pay=high, today=TODAY, discount_policy=policy)
    assert at_high.total <= at_low.total


@given(lines_strategy, policies, st.data())
def test_the_discount_never_exceeds_the_rate_of_the_goods_it_covers(lines, policy, data) -> None:
    pay = data.draw(st.integers(0, _full(lines, policy, Tender.CHEONGJU_PAY)))
    split = quote_split(lines, cheongju_pay=pay, today=TODAY, discount_policy=policy)
    assert split.discount * 10_000 <= policy.rate_bp * split.covered
    assert 0 <= split.discount <= split.full_discount
    assert split.discount % policy.rounding_unit == 0


@given(lines_strategy, policies, st.data())
def test_the_parts_sum_to_the_total_and_each_vat_column_is_exact(lines, policy, data) -> None:
    pay = data.draw(st.integers(0, _full(lines, policy, Tender.CHEONGJU_PAY)))
    split = quote_split(lines, cheongju_pay=pay, today=TODAY, discount_policy=policy)
    assert split.rest >= 0
    cash = data.draw(st.integers(0, split.rest))
    amounts = [pay, cash, split.rest - cash]
    assert sum(amounts) == split.total
    vat = cart_tax_split(lines, split.discount)
    assert vat.total == split.total
    shares = parts_split(vat, amounts)
    assert sum(s.taxable for s in shares) == vat.taxable
    assert sum(s.vat for s in shares) == vat.vat
    assert sum(s.exempt for s in shares) == vat.exempt
    for share, amount in zip(shares, amounts, strict=True):
        assert share.total == amount
        assert 0 <= share.vat <= share.taxable


def test_the_rule_by_hand_at_ten_percent() -> None:
    # 10 %: 9 won of Cheongju Pay earns 1 won; 45,000 of 50,000 eligible earns the whole 5,000.
    assert split_discount(9, 5_000, 1_000, 1) == 1
    assert split_discount(30_000, 5_000, 1_000, 1) == 3_333
    assert split_discount(30_000, 5_000, 1_000, 10) == 3_330
    assert split_discount(45_000, 5_000, 1_000, 1) == 5_000
    assert split_discount(0, 5_000, 1_000, 1) == 0
    assert split_discount(1, 5_000, 10_000, 1) == 5_000


def test_more_than_the_all_cheongju_pay_price_is_refused_with_a_code() -> None:
    lines = [CartLine("쌀", 50_000)]
    with pytest.raises(UserFacingError) as refused:
        quote_split(
            lines, cheongju_pay=45_001, today=TODAY, discount_policy=DiscountPolicy.percent(10)
        )
    assert refused.value.key is ErrorKey.SPLIT_OVER_ALL_PAY
    with pytest.raises(UserFacingError) as negative:
        quote_split(lines, cheongju_pay=-1, today=TODAY, discount_policy=None)
    assert negative.value.key is ErrorKey.SPLIT_BAD_AMOUNT


def test_a_refund_goes_back_cash_first_then_terminal_then_cheongju_pay() -> None:
    parts = [(Tender.CHEONGJU_PAY, 30_000), (Tender.CASH, 12_000), (Tender.CARD_TERMINAL, 5_000)]
    assert refund_by_parts(15_000, parts, []) == [
        (Tender.CASH, 12_000),
        (Tender.CARD_TERMINAL, 3_000),
    ]
    earlier = [(Tender.CASH, 12_000), (Tender.CARD_TERMINAL, 3_000)]
    assert refund_by_parts(10_000, parts, earlier) == [
        (Tender.CARD_TERMINAL, 2_000),
        (Tender.CHEONGJU_PAY, 8_000),
    ]
    with pytest.raises(ValueError):
        refund_by_parts(47_001, parts, [])
