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
    refund_parts_split,
    split_discount,
)
from pos_app.domain.tax import TaxCategory, VatSplit, vat_split
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


# ----- a split sale's refunds by tender: each tender keeps its pro rata share ----------------


def _held(sold, refunds):  # type: ignore[no-untyped-def]
    held: dict[Tender, list[int]] = {}
    for sign, shares in [(1, sold)] + [(-1, r) for r in refunds]:
        for tender, amount, split in shares:
            row = held.setdefault(tender, [0, 0, 0, 0])
            for i, value in enumerate((amount, split.taxable, split.vat, split.exempt)):
                row[i] += sign * value
    return held


def test_an_exempt_refund_through_the_cash_leaves_each_tender_a_share_it_had() -> None:
    """The walk's case: taxable and exempt goods paid 청주페이 10,000 + 현금 11,289; the taxable
    17,963 came back (cash first). Before, cash kept -1,764 과세 and the wallet +1,764."""
    sale = vat_split(17_963, 3_326)  # 21,289
    amounts = [10_000, 11_289]
    sold = [
        (tender, amount, share)
        for tender, amount, share in zip(
            (Tender.CHEONGJU_PAY, Tender.CASH), amounts, parts_split(sale, amounts), strict=True
        )
    ]
    refund = refund_by_parts(17_963, [(t, a) for t, a, _ in sold], [])
    assert refund == [(Tender.CASH, 11_289), (Tender.CHEONGJU_PAY, 6_674)]
    shares = refund_parts_split(sold, [], refund, vat_split(17_963, 0))
    held = _held(sold, [shares])
    assert held[Tender.CASH] == [0, 0, 0, 0]
    assert held[Tender.CHEONGJU_PAY] == [3_326, 0, 0, 3_326]  # only the exempt goods are left


@given(
    taxable=st.integers(0, 200_000),
    exempt=st.integers(0, 200_000),
    cuts=st.lists(st.integers(1, 10_000), min_size=1, max_size=2),
    refunds=st.lists(st.tuples(st.integers(0, 100), st.integers(0, 100)), min_size=1, max_size=4),
)
def test_refund_shares_add_up_and_no_tender_goes_below_zero(
    taxable: int, exempt: int, cuts: list[int], refunds: list[tuple[int, int]]
) -> None:
    sale = vat_split(taxable, exempt)
    total = sale.total
    assume(total > len(cuts))
    # The sale's parts: 2 or 3 tenders, each at least 1 won.
    points = sorted({min(max(cut * total // 10_001, 1), total - 1) for cut in cuts})
    amounts = [b - a for a, b in zip([0, *points], [*points, total], strict=True)]
    assume(all(amount > 0 for amount in amounts))
    tenders = [Tender.CHEONGJU_PAY, Tender.CASH, Tender.CARD_TERMINAL][: len(amounts)]
    sold = list(zip(tenders, amounts, parts_split(sale, amounts), strict=True))
    done: list[list[tuple[Tender, int, VatSplit]]] = []
    left = [sale.taxable, sale.vat, sale.exempt]
    for number, (taxable_pct, exempt_pct) in enumerate(refunds):
        last = number == len(refunds) - 1
        back_taxable = left[0] if last else left[0] * taxable_pct // 100
        back_exempt = left[2] if last else left[2] * exempt_pct // 100
        # The VAT given back is cumulative, as the refunds keep it (never more than is left).
        refunded_taxable = sale.taxable - left[0]
        cumulative = (refunded_taxable + back_taxable) // 11 - refunded_taxable // 11
        back_vat = left[1] if last else min(left[1], cumulative)
        split = VatSplit(taxable=back_taxable, vat=back_vat, exempt=back_exempt)
        if split.total == 0:
            continue
        given_back = [(t, a) for shares in done for t, a, _ in shares if a]
        by_tender = refund_by_parts(split.total, [(t, a) for t, a, _ in sold], given_back)
        shares = refund_parts_split(sold, [s for r in done for s in r], by_tender, split)
        assert sum(s.taxable for _, _, s in shares) == split.taxable
        assert sum(s.vat for _, _, s in shares) == split.vat
        assert sum(s.exempt for _, _, s in shares) == split.exempt
        assert all(s.total == amount for _, amount, s in shares)
        done.append(shares)
        left = [left[0] - split.taxable, left[1] - split.vat, left[2] - split.exempt]
        for won, *columns in _held(sold, done).values():
            assert won >= 0 and all(value >= 0 for value in columns)
    assert all(row == [0, 0, 0, 0] for row in _held(sold, done).values())
