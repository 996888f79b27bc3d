"""Net sales and confirmed cashback (domain/net_sales.py): the one definition the charts,
the day close, the export and the slip share, checked as properties over random days."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pos_app.domain.day_close import settle
from pos_app.domain.net_sales import (
    TENDERS,
    RefundFact,
    SaleFact,
    VoidFact,
    net_figures,
    refund_cashback,
    refund_net,
    sale_cashback,
    sale_net,
    void_cashback,
    void_net,
)

tenders = st.sampled_from(TENDERS)
statuses = st.sampled_from(["pending", "approved", "declined", "recorded"])
won = st.integers(min_value=0, max_value=2_000_000)


@st.composite
def a_sale(draw: st.DrawFn) -> tuple[SaleFact, list[VoidFact], list[RefundFact], int]:
    """A sale with what happened to it: perhaps voided, perhaps refunded in parts; and a
    group key (an hour) for each fact."""
    tender = draw(tenders)
    status = draw(statuses) if tender == "cheongju_pay" else "recorded"
    total = draw(won)
    cashback = draw(st.integers(0, total // 10)) if status == "approved" else None
    voided = draw(st.booleans())
    discount = draw(st.integers(0, total))
    sale = SaleFact(tender, total, discount, status, cashback, voided)
    voids = [VoidFact(tender, total, status, cashback, discount)] if voided else []
    refunds: list[RefundFact] = []
    left, cashback_left, discount_left = total, cashback or 0, discount
    if not voided and status != "declined":
        for _ in range(draw(st.integers(0, 3))):
            amount = draw(st.integers(0, left))
            reversed_ = draw(st.integers(0, cashback_left))
            share = draw(st.integers(0, discount_left))
            declined = tender == "cheongju_pay" and draw(st.booleans())
            refunds.append(
                RefundFact(tender, amount, False, None if declined else reversed_, declined, share)
            )
            if not declined:
                left -= amount
                cashback_left -= reversed_
                discount_left -= share
    return sale, voids, refunds, draw(st.integers(0, 23))


days = st.lists(a_sale(), max_size=25)


def unpack(day):
    sales = [s for s, _, _, _ in day]
    voids = [v for _, vs, _, _ in day for v in vs]
    refunds = [r for _, _, rs, _ in day for r in rs]
    return sales, voids, refunds


@given(days)
def test_the_close_uses_the_definition(day) -> None:
    sales, voids, refunds = unpack(day)
    figures = net_figures(sales, voids, refunds)
    closed = settle(float_amount=0, sales=sales, voids=voids, refunds=refunds)
    assert closed.net_sales == figures.net_sales
    assert closed.cashback_confirmed == figures.cashback_confirmed
    assert closed.tenders == figures.tenders


@given(days)
def test_row_by_row_sums_equal_the_figures(day) -> None:
    """The export's net and cashback columns add up to the figures."""
    sales, voids, refunds = unpack(day)
    figures = net_figures(sales, voids, refunds)
    rows_net = sum(map(sale_net, sales)) + sum(map(void_net, voids)) + sum(map(refund_net, refunds))
    rows_cashback = (
        sum(map(sale_cashback, sales))
        + sum(map(void_cashback, voids))
        + sum(map(refund_cashback, refunds))
    )
    assert (rows_net, rows_cashback) == (figures.net_sales, figures.cashback_confirmed)


@given(days)
def test_buckets_add_up_to_the_whole(day) -> None:
    """The hour chart's bars add up to the day: the definition is additive."""
    whole = net_figures(*unpack(day))
    hours = [
        net_figures(*unpack([entry for entry in day if entry[3] == hour])) for hour in range(24)
    ]
    assert sum(h.net_sales for h in hours) == whole.net_sales
    assert sum(h.cashback_confirmed for h in hours) == whole.cashback_confirmed
    assert sum(h.sales_standing for h in hours) == whole.sales_standing


@given(days)
def test_net_sales_are_what_stands_after_voids_and_refunds(day) -> None:
    sales, voids, refunds = unpack(day)
    figures = net_figures(sales, voids, refunds)
    standing = [s for s in sales if s.status != "declined" and not s.voided]
    given_back = sum(r.amount for r in refunds if not r.declined)
    assert figures.net_sales == sum(s.total for s in standing) - given_back
    credited = sum(s.cashback or 0 for s in standing if s.status == "approved")
    reversed_ = sum(r.cashback_reversed or 0 for r in refunds if not r.declined)
    assert figures.cashback_confirmed == credited - reversed_
    assert figures.net_sales >= 0 and figures.cashback_confirmed >= 0


@given(days)
def test_net_discount_and_counts_follow_the_same_definition(day) -> None:
    """The special discount nets like sales (a void takes its sale's whole discount, a
    refund its recorded share) and a tender's count is of the sales kept (not voided)."""
    sales, voids, refunds = unpack(day)
    figures = net_figures(sales, voids, refunds)
    standing = [s for s in sales if s.status != "declined" and not s.voided]
    shares = sum(r.discount_share for r in refunds if not r.declined)
    assert figures.discounts == sum(s.discount for s in standing) - shares
    assert figures.discounts >= 0
    for tender in TENDERS:
        kept = [s for s in standing if s.tender == tender]
        assert figures.tender(tender).count == len(kept)
    assert sum(t.count for t in figures.tenders) == figures.sales_standing


def test_a_voided_sale_and_a_fully_refunded_one_leave_nothing() -> None:
    sales = [
        SaleFact("cheongju_pay", 10_000, 1_000, "approved", 900, voided=True),
        SaleFact("cash", 5_000, 0, "recorded"),
    ]
    voids = [VoidFact("cheongju_pay", 10_000, "approved", 900, 1_000)]
    refunds = [RefundFact("cash", 5_000, False)]
    figures = net_figures(sales, voids, refunds)
    assert (figures.net_sales, figures.cashback_confirmed, figures.sales_standing) == (0, 0, 1)
    assert figures.discounts == 0  # the voided sale's discount was never given
    assert figures.tender("cheongju_pay").count == 0  # listed under voids instead
    assert figures.tender("cheongju_pay").voids == 10_000
    assert figures.tender("cash").refunds == 5_000
