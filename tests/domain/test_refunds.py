"""Refund arithmetic: partial and full refunds, and over-refunding made impossible."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_app.domain.refunds import (
    Paid,
    PaidLine,
    PriorRefund,
    RefundRuleError,
    cashback_share,
    parse_receipt_qr,
    plan_amount_refund,
    plan_line_refund,
    receipt_qr_text,
    remaining_amount,
    remaining_quantities,
)


def _paid(lines: list[tuple[int, int, bool]], rate_bp: int) -> Paid:
    paid_lines = tuple(
        PaidLine(line_no=n, unit_price=p, quantity=q, excluded_from_discount=x)
        for n, (p, q, x) in enumerate(lines, start=1)
    )
    eligible = sum(line.amount for line in paid_lines if not line.excluded_from_discount)
    discount = eligible * rate_bp // 10_000
    subtotal = sum(line.amount for line in paid_lines)
    return Paid(total=subtotal - discount, discount=discount, lines=paid_lines)


def _prior(plan) -> PriorRefund:  # type: ignore[no-untyped-def]
    return PriorRefund(plan.amount, plan.discount_share, dict(plan.quantities))


def test_partial_then_rest_adds_up_to_the_payment_and_the_discount() -> None:
    # 10,000 x 3 (eligible) + 5,000 (excluded), 7 % discount on 30,000 = 2,100.
    paid = _paid([(10_000, 3, False), (5_000, 1, True)], 700)
    assert (paid.total, paid.discount) == (32_900, 2_100)
    first = plan_line_refund(paid, [], {1: 1})
    assert (first.gross, first.discount_share, first.amount) == (10_000, 700, 9_300)
    assert not first.completes
    second = plan_line_refund(paid, [_prior(first)], {1: 2, 2: 1})
    assert second.discount_share == 1_400 and second.completes
    assert first.amount + second.amount == paid.total


def test_discount_share_rounds_down_and_the_last_takes_the_remainder() -> None:
    paid = _paid([(333, 3, False)], 1_000)  # 999 eligible, discount 99
    plans = []
    for _ in range(3):
        plans.append(plan_line_refund(paid, [_prior(p) for p in plans], {1: 1}))
    assert [p.discount_share for p in plans] == [33, 33, 33]
    assert sum(p.amount for p in plans) == paid.total == 900
    assert plans[-1].completes


def test_over_quantity_and_over_amount_are_refused() -> None:
    paid = _paid([(1_000, 2, False)], 0)
    first = plan_line_refund(paid, [], {1: 2})
    with pytest.raises(RefundRuleError) as caught:
        plan_line_refund(paid, [_prior(first)], {1: 1})
    assert caught.value.code == "over_quantity"
    with pytest.raises(RefundRuleError) as caught:
        plan_amount_refund(paid, [], 2_001)
    assert caught.value.code == "over_refund"
    assert plan_amount_refund(paid, [], 2_000).completes


def test_amount_refund_then_lines_never_pays_more_than_left() -> None:
    paid = _paid([(5_000, 1, False), (5_000, 1, False)], 0)
    amount = plan_amount_refund(paid, [], 8_000)
    line = plan_line_refund(paid, [_prior(amount)], {1: 1})
    assert line.amount == 2_000
    rest = plan_line_refund(paid, [_prior(amount), _prior(line)], {2: 1})
    assert rest.amount == 0


def test_cashback_reversal_is_pro_rata_and_complete_at_the_end() -> None:
    assert cashback_share(1_000, 10_000, 0, 3_333) == 333
    assert cashback_share(1_000, 10_000, 3_333, 3_333) == 333
    assert cashback_share(1_000, 10_000, 6_666, 3_334) == 334
    assert cashback_share(0, 10_000, 0, 10_000) == 0


def test_receipt_qr_round_trip() -> None:
    pid = "6f1c2a9e-0b7d-4c55-9d1e-3f0a8b2c4d6e"
    assert receipt_qr_text(pid) == f"CJR1:{pid}"
    assert parse_receipt_qr(f" cjr1:{pid.upper()}\n") == pid
    assert parse_receipt_qr("CJP1ABC") is None
    assert parse_receipt_qr("CJR1:") is None
    assert parse_receipt_qr("CJR1:bad id") is None


_lines = st.lists(
    st.tuples(st.integers(0, 50_000), st.integers(1, 5), st.booleans()), min_size=1, max_size=5
)
_steps = st.lists(
    st.one_of(
        st.tuples(st.just("lines"), st.dictionaries(st.integers(1, 5), st.integers(0, 6))),
        st.tuples(st.just("amount"), st.integers(-10, 300_000)),
    ),
    max_size=12,
)


@settings(max_examples=400, deadline=None)
@given(_lines, st.sampled_from([0, 500, 700, 1_000]), _steps, st.integers(0, 30_000))
def test_no_sequence_of_refunds_over_refunds(lines, rate_bp, steps, cashback) -> None:  # type: ignore[no-untyped-def]
    paid = _paid(lines, rate_bp)
    prior: list[PriorRefund] = []
    reversed_total = 0
    for kind, arg in steps:
        try:
            plan = (
                plan_line_refund(paid, prior, arg)
                if kind == "lines"
                else plan_amount_refund(paid, prior, arg)
            )
        except RefundRuleError:
            continue
        assert 0 <= plan.amount <= remaining_amount(paid, prior)
        assert 0 <= plan.discount_share <= plan.gross
        reversed_total += cashback_share(
            cashback, paid.total, sum(p.amount for p in prior), plan.amount
        )
        prior.append(_prior(plan))
        assert sum(p.amount for p in prior) <= paid.total
        assert sum(p.discount_share for p in prior) <= paid.discount
        assert all(left >= 0 for left in remaining_quantities(paid, prior).values())
        assert 0 <= reversed_total <= cashback
    if all(left == 0 for left in remaining_quantities(paid, prior).values()):
        # Every line back: exactly what was paid, to the won, and all the cashback.
        assert sum(p.amount for p in prior) == paid.total
        if paid.total:
            assert reversed_total == cashback
