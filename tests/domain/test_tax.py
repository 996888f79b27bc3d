"""The VAT split and the discount allocation: the parts always add up, for sales and refunds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_app.domain.refunds import (
    Paid,
    PaidLine,
    PriorRefund,
    RefundPlan,
    plan_amount_refund,
    plan_line_refund,
)
from pos_app.domain.tax import (
    TaxCategory,
    VatSplit,
    allocate,
    sale_split,
    split_of_body,
    vat_split,
)

amounts = st.lists(st.integers(min_value=0, max_value=10_000_000), min_size=1, max_size=12)
categories = st.sampled_from(list(TaxCategory))


@given(amounts, st.data())
def test_allocate_sums_exactly_never_negative_never_more_than_the_line(
    values: list[int], data: st.DataObject
) -> None:
    whole = sum(values)
    total = data.draw(st.integers(min_value=0, max_value=whole))
    parts = allocate(values, total)
    assert sum(parts) == total
    for part, amount in zip(parts, values, strict=True):
        assert 0 <= part <= amount
        # Proportional within one won (largest remainder).
        if whole:
            assert abs(part * whole - amount * total) < whole


def test_allocate_ties_go_to_the_earlier_line() -> None:
    assert allocate([100, 100, 100], 1) == [1, 0, 0]
    assert allocate([100, 100, 100], 2) == [1, 1, 0]
    assert allocate([1_000, 3_000], 100) == [25, 75]


def test_allocate_refuses_a_total_it_cannot_spread() -> None:
    with pytest.raises(ValueError):
        allocate([100], 101)
    with pytest.raises(ValueError):
        allocate([0, 0], 1)


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=10**12))
def test_vat_split_parts(taxable: int, exempt: int) -> None:
    split = vat_split(taxable, exempt)
    assert split.vat + split.supply == taxable
    assert split.vat == taxable // 11
    assert split.exempt == exempt


def test_vat_is_floored_as_card_terminals_do() -> None:
    assert vat_split(11_000, 0) == VatSplit(11_000, 1_000, 0)
    assert vat_split(10_999, 0).vat == 999  # 999.9 -> 999
    assert vat_split(10_999, 0).supply == 10_000


sale_lines = st.lists(
    st.tuples(st.integers(min_value=0, max_value=5_000_000), categories, st.booleans()),
    min_size=1,
    max_size=10,
)


@given(sale_lines, st.data())
def test_sale_split_adds_up_to_the_amount_paid(
    lines: list[tuple[int, TaxCategory, bool]], data: st.DataObject
) -> None:
    eligible = sum(amount for amount, _, ok in lines if ok)
    discount = data.draw(st.integers(min_value=0, max_value=eligible))
    split = sale_split(lines, discount)
    subtotal = sum(amount for amount, _, _ in lines)
    assert split.taxable + split.exempt == subtotal - discount
    assert split.taxable >= 0 and split.exempt >= 0
    assert split.vat == split.taxable // 11
    # A discount-excluded line keeps its full amount in its part.
    excluded_exempt = sum(a for a, tax, ok in lines if not ok and tax is TaxCategory.EXEMPT)
    excluded_taxable = sum(a for a, tax, ok in lines if not ok and tax is TaxCategory.TAXABLE)
    assert split.exempt >= excluded_exempt
    assert split.taxable >= excluded_taxable
    if all(tax is TaxCategory.EXEMPT for _, tax, _ in lines):
        assert split.vat == 0 and split.taxable == 0


def test_mixed_basket_example() -> None:
    # 과세 22,000 (eligible) + 면세 8,000 (eligible) + 과세 5,000 (excluded), discount 1,500.
    lines = [
        (22_000, TaxCategory.TAXABLE, True),
        (8_000, TaxCategory.EXEMPT, True),
        (5_000, TaxCategory.TAXABLE, False),
    ]
    split = sale_split(lines, 1_500)
    # 1,500 over 22,000 / 8,000: 1,100 and 400.
    assert split == VatSplit(taxable=25_900, vat=2_354, exempt=7_600)
    assert split.supply == 23_546


def test_a_body_without_a_split_reads_as_all_taxable() -> None:
    assert split_of_body({}, 11_000) == VatSplit(11_000, 1_000, 0)
    assert split_of_body({"tax_split": {"taxable": 0, "vat": 0, "exempt": 500}}, 500) == VatSplit(
        0, 0, 500
    )


# ----- refunds ---------------------------------------------------------------------------

paid_lines = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=200_000),
        st.integers(min_value=1, max_value=4),
        st.booleans(),
        categories,
    ),
    min_size=1,
    max_size=6,
)


def _paid(lines: list[tuple[int, int, bool, TaxCategory]], rate_bp: int) -> Paid:
    made = tuple(
        PaidLine(n, price, qty, excluded, tax)
        for n, (price, qty, excluded, tax) in enumerate(lines, start=1)
    )
    eligible = sum(line.amount for line in made if not line.excluded_from_discount)
    discount = eligible * rate_bp // 10_000
    return Paid(total=sum(line.amount for line in made) - discount, discount=discount, lines=made)


def _prior(plan: RefundPlan) -> PriorRefund:
    return PriorRefund(plan.amount, plan.discount_share, dict(plan.quantities), plan.tax_split)


def _assert_within(paid: Paid, plans: list[RefundPlan]) -> None:
    whole = paid.tax_split
    for plan in plans:
        split = plan.tax_split
        assert split.taxable + split.exempt == plan.amount
        assert 0 <= split.vat <= split.taxable and split.exempt >= 0
    assert sum(p.tax_split.taxable for p in plans) <= whole.taxable
    assert sum(p.tax_split.exempt for p in plans) <= whole.exempt
    assert sum(p.tax_split.vat for p in plans) <= whole.vat


@settings(max_examples=200)
@given(paid_lines, st.integers(min_value=0, max_value=3_000), st.data())
def test_partial_refunds_never_exceed_the_payment_and_the_last_returns_the_rest(
    lines: list[tuple[int, int, bool, TaxCategory]], rate_bp: int, data: st.DataObject
) -> None:
    paid = _paid(lines, rate_bp)
    plans: list[RefundPlan] = []
    left = {line.line_no: line.quantity for line in paid.lines}
    # Refund in random steps: some lines by quantity, sometimes a bare amount.
    while any(left.values()):
        money_left = paid.total - sum(p.amount for p in plans)
        if money_left > 0 and data.draw(st.booleans(), label="amount refund"):
            amount = data.draw(st.integers(min_value=1, max_value=money_left), label="amount")
            plans.append(plan_amount_refund(paid, [_prior(p) for p in plans], amount))
            _assert_within(paid, plans)
            continue
        line_no = data.draw(st.sampled_from([no for no, q in left.items() if q]), label="line")
        qty = data.draw(st.integers(min_value=1, max_value=left[line_no]), label="qty")
        plans.append(plan_line_refund(paid, [_prior(p) for p in plans], {line_no: qty}))
        left[line_no] -= qty
        _assert_within(paid, plans)
    # Every line back: the refunds together give back exactly the payment's split.
    assert sum(p.amount for p in plans) == paid.total
    assert sum(p.tax_split.taxable for p in plans) == paid.tax_split.taxable
    assert sum(p.tax_split.exempt for p in plans) == paid.tax_split.exempt
    assert sum(p.tax_split.vat for p in plans) == paid.tax_split.vat


@given(paid_lines, st.integers(min_value=0, max_value=3_000), st.booleans())
def test_a_full_refund_returns_exactly_the_payment_split(
    lines: list[tuple[int, int, bool, TaxCategory]], rate_bp: int, by_amount: bool
) -> None:
    paid = _paid(lines, rate_bp)
    if by_amount:
        if paid.total == 0:
            return
        plan = plan_amount_refund(paid, [], paid.total)
    else:
        plan = plan_line_refund(paid, [], {line.line_no: line.quantity for line in paid.lines})
    assert plan.tax_split == paid.tax_split


def test_refunding_an_exempt_line_returns_exempt_money() -> None:
    paid = _paid(
        [(11_000, 1, False, TaxCategory.TAXABLE), (5_000, 2, False, TaxCategory.EXEMPT)], 1_000
    )
    # Discount 10 % of 21,000 = 2,100: 1,100 on the taxable line, 1,000 on the exempt ones.
    assert paid.tax_split == VatSplit(taxable=9_900, vat=900, exempt=9_000)
    plan = plan_line_refund(paid, [], {2: 1})
    assert plan.amount == 4_500
    assert plan.tax_split == VatSplit(taxable=0, vat=0, exempt=4_500)


def test_an_old_refund_without_a_split_counts_as_taxable() -> None:
    paid = _paid([(11_000, 2, True, TaxCategory.TAXABLE)], 0)
    old = PriorRefund(11_000, 0, {1: 1})
    plan = plan_line_refund(paid, [old], {1: 1})
    assert plan.tax_split == VatSplit(11_000, 1_000, 0)
