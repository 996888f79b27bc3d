"""Day-close arithmetic: a day of mixed tenders, voids, refunds, declines and pending sync."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.domain.day_close import (
    DENOMINATIONS,
    CashDirection,
    CashMove,
    DayRuleError,
    RefundFact,
    SaleFact,
    VoidFact,
    check_amount,
    close_body,
    counted_total,
    settle,
)

# A day at a market stall: float 100,000.
DAY_SALES = [
    SaleFact("cheongju_pay", 9_000, 1_000, "approved", cashback=900),
    SaleFact("cheongju_pay", 18_000, 2_000, "pending"),
    SaleFact("cheongju_pay", 4_500, 500, "declined"),  # no money came
    SaleFact("cash", 12_000, 0, "approved"),
    SaleFact("cash", 7_000, 0, "approved", voided=True),  # voided below
    SaleFact("card_terminal", 30_000, 0, "approved"),
]
DAY_VOIDS = [VoidFact("cash", 7_000, "approved"), VoidFact("cheongju_pay", 4_500, "declined")]
DAY_REFUNDS = [RefundFact("cash", 3_000, pending=False), RefundFact("cheongju_pay", 5_000, True)]
DAY_MOVES = [
    CashMove(CashDirection.IN, 50_000, "잔돈 교환"),
    CashMove(CashDirection.OUT, 20_000, "배달비"),
]


def test_a_day_of_mixed_tenders_settles_per_tender() -> None:
    day = settle(
        float_amount=100_000,
        sales=DAY_SALES,
        voids=DAY_VOIDS,
        refunds=DAY_REFUNDS,
        moves=DAY_MOVES,
        counted_cash=140_500,
    )
    pay, cash, card = day.tender("cheongju_pay"), day.tender("cash"), day.tender("card_terminal")
    assert (pay.count, pay.sales, pay.voids, pay.refunds, pay.net) == (2, 27_000, 0, 5_000, 22_000)
    assert (cash.count, cash.sales, cash.voids, cash.refunds, cash.net) == (
        1,  # the sales kept: the voided one is listed under voids
        19_000,
        7_000,
        3_000,
        9_000,
    )
    assert card.net == 30_000
    assert day.net_sales == 61_000
    # float + cash sales - cash voids - cash refunds + in - out
    assert day.expected_cash == 100_000 + 19_000 - 7_000 - 3_000 + 50_000 - 20_000 == 139_000
    assert day.over_short == 1_500
    assert day.discounts == 3_000  # the declined payment's discount was never given
    assert (day.void_count, day.void_total) == (1, 7_000)
    assert (day.refund_count, day.refund_total) == (2, 8_000)
    assert (day.declined_count, day.declined_total) == (1, 4_500)
    assert day.cashback_confirmed == 900
    # The pending payment and the pending refund stay queued and are listed.
    assert (day.pending_count, day.pending_total) == (2, 23_000)
    assert day.has_pending
    assert (day.cash_in, day.cash_out) == (50_000, 20_000)


def test_short_is_negative_and_no_count_means_no_over_short() -> None:
    short = settle(
        float_amount=50_000, sales=[SaleFact("cash", 10_000, 0, "approved")], counted_cash=59_000
    )
    assert short.expected_cash == 60_000
    assert short.over_short == -1_000
    assert settle(float_amount=50_000, sales=[]).over_short is None


def test_an_empty_day_expects_the_float_and_lists_every_tender() -> None:
    day = settle(float_amount=30_000, sales=[], counted_cash=30_000)
    assert [t.tender for t in day.tenders] == [
        "cheongju_pay",
        "cash",
        "card_terminal",
        "cheongju_card",
    ]
    assert day.expected_cash == 30_000 and day.over_short == 0 and not day.has_pending


@pytest.mark.parametrize(
    ("pieces", "total"),
    [
        ({50_000: 2, 10_000: 3, 1_000: 4, 500: 1, 100: 7, 10: 3}, 135_230),
        ({value: 1 for value in DENOMINATIONS}, 66_660),
        ({}, 0),
    ],
)
def test_counted_by_denomination(pieces: dict[int, int], total: int) -> None:
    assert counted_total(pieces) == total


@pytest.mark.parametrize(
    "pieces", [{20_000: 1}, {1_000: -1}, {1_000: True}, {500: 1.5}, {50_000: 100_000}]
)
def test_bad_counts_are_refused(pieces: dict[int, object]) -> None:
    with pytest.raises(DayRuleError):
        counted_total(pieces)  # type: ignore[arg-type]


@pytest.mark.parametrize("amount", [-1, 1.0, True, "100", 100_000_001])
def test_bad_amounts_are_refused(amount: object) -> None:
    with pytest.raises(DayRuleError):
        check_amount(amount, allow_zero=True)


def test_a_movement_of_zero_is_refused_but_a_float_of_zero_is_not() -> None:
    assert check_amount(0, allow_zero=True) == 0
    with pytest.raises(DayRuleError):
        check_amount(0, allow_zero=False)


TENDER = st.sampled_from(["cheongju_pay", "cash", "card_terminal"])
AMOUNT = st.integers(min_value=0, max_value=1_000_000)
SALE = st.builds(
    SaleFact,
    TENDER,
    AMOUNT,
    st.integers(0, 10_000),
    st.sampled_from(["pending", "approved", "declined"]),
    st.one_of(st.none(), st.integers(0, 30_000)),
)


@given(
    float_amount=AMOUNT,
    sales=st.lists(st.tuples(SALE, st.booleans(), st.integers(0, 100)), max_size=40),
    moves=st.lists(
        st.builds(
            CashMove, st.sampled_from(list(CashDirection)), st.integers(1, 500_000), st.just("x")
        ),
        max_size=8,
    ),
    counted=AMOUNT,
)
def test_the_drawer_arithmetic_holds_over_any_day(
    float_amount: int,
    sales: list[tuple[SaleFact, bool, int]],
    moves: list[CashMove],
    counted: int,
) -> None:
    """Each sale may be voided or partly refunded; the totals must agree with a plain
    recount of the cash that went through the drawer."""
    voids = [VoidFact(s.tender, s.total, s.status) for s, voided, _ in sales if voided]
    refunds = [
        RefundFact(s.tender, s.total * pct // 100, pending=s.status == "pending")
        for s, voided, pct in sales
        if not voided and s.status != "declined" and pct
    ]
    day = settle(
        float_amount=float_amount,
        sales=[replace(s, voided=voided) for s, voided, _ in sales],
        voids=voids,
        refunds=refunds,
        moves=moves,
        counted_cash=counted,
    )
    took = [s for s, _, _ in sales if s.status != "declined"]
    cash_in_drawer = (
        float_amount
        + sum(s.total for s in took if s.tender == "cash")
        - sum(v.total for v in voids if v.tender == "cash" and v.payment_status != "declined")
        - sum(r.amount for r in refunds if r.tender == "cash")
        + sum(m.amount for m in moves if m.direction is CashDirection.IN)
        - sum(m.amount for m in moves if m.direction is CashDirection.OUT)
    )
    assert day.expected_cash == cash_in_drawer
    assert day.over_short == counted - cash_in_drawer
    kept_voids = [v for v in voids if v.payment_status != "declined"]
    # A tender's count is of the sales kept: a voided one is listed under voids instead.
    assert sum(t.count for t in day.tenders) + day.declined_count + len(kept_voids) == len(sales)
    assert day.net_sales == (
        sum(s.total for s in took)
        - sum(v.total for v in kept_voids)
        - sum(r.amount for r in refunds)
    )
    pending_sales = [s for s, voided, _ in sales if s.status == "pending" and not voided]
    assert day.pending_total == sum(s.total for s in pending_sales) + sum(
        r.amount for r in refunds if r.pending
    )
    body = close_body("d", day, None)
    assert body["expected_cash"] == cash_in_drawer and body["over_short"] == day.over_short
    assert sum(body["tenders"].values()) == day.net_sales
