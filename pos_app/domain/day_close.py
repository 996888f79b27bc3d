"""The business day (영업일) and its close (마감정산): pure arithmetic, no Qt, no SQL.

A day opens with a cash float, takes cash in and out with a reason, and closes with
the cash counted in the drawer. What the drawer should hold is

    float + cash sales - cash voids - cash refunds + cash in - cash out

and the difference to the count is over (+) or short (-). The settlement sums what the
day's journal holds per tender, so the drawer, the card terminal's own slip and the
Cheongju Pay statement can each be checked against one figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from pos_app.domain.cash_receipt import CashReceiptTotals
from pos_app.domain.net_sales import (
    TENDERS,
    RefundFact,
    SaleFact,
    TenderSums,
    TenderTotal,
    VoidFact,
    net_figures,
)
from pos_app.domain.payment_status import PaymentStatus
from pos_app.domain.tenders import Tender

__all__ = ["TENDERS", "RefundFact", "SaleFact", "TenderTotal", "VoidFact"]  # the settle() facts

#: Korean notes and coins a drawer holds, largest first (the count form's rows).
DENOMINATIONS: tuple[int, ...] = (50_000, 10_000, 5_000, 1_000, 500, 100, 50, 10)
#: The largest float, cash movement or counted amount one entry may carry: a typo guard
#: (an extra zero), far above what a counter drawer holds.
MAX_CASH = 100_000_000
MAX_PIECES = 100_000  # pieces of one denomination in one count

CASH = Tender.CASH.value  # a plain str: it keys journal bodies


class DayRuleError(ValueError):
    """A day-close rule broken; ``code`` names it (the service maps it to an error key)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class CashDirection(StrEnum):
    IN = "in"  # 입금: change brought in, a top-up of the float
    OUT = "out"  # 출금: paid out of the drawer (a supplier, petty cash, a bank deposit)


def check_amount(amount: object, *, allow_zero: bool) -> int:
    """A whole-won amount within the typo guard (a float of 0 is allowed, a movement not)."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise DayRuleError("bad_amount")
    low = 0 if allow_zero else 1
    if not low <= amount <= MAX_CASH:
        raise DayRuleError("bad_amount")
    return amount


def counted_total(pieces: Mapping[int, int]) -> int:
    """The cash a count by denomination adds up to; unknown notes or bad counts refused."""
    total = 0
    for value, count in pieces.items():
        if value not in DENOMINATIONS:
            raise DayRuleError("bad_count")
        if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= MAX_PIECES:
            raise DayRuleError("bad_count")
        total += value * count
    if total > MAX_CASH:
        raise DayRuleError("bad_amount")
    return total


@dataclass(frozen=True)
class CashMove:
    direction: CashDirection
    amount: int
    reason: str


@dataclass(frozen=True)
class Settlement(TenderSums):
    """The day's figures as the slip prints them. All amounts are whole won. Net sales and
    their VAT split are :class:`TenderSums` of its tenders, as the sales screen's."""

    float_amount: int
    tenders: tuple[TenderTotal, ...]
    discounts: int  # special discount given (Cheongju Pay only), on payments kept
    void_count: int
    void_total: int
    refund_count: int
    refund_total: int
    declined_count: int  # Cheongju Pay payments the server refused: no money came
    declined_total: int
    cashback_confirmed: int  # net_sales.py: credited, less what voids and refunds took back
    pending_count: int  # Cheongju Pay payments and refunds awaiting the server's approval
    pending_total: int
    cash_in: int
    cash_out: int
    moves: tuple[CashMove, ...] = field(default=())
    counted_cash: int | None = None
    #: 현금영수증 issued and cancelled by the relay (and still waiting) for the day's events.
    cash_receipts: CashReceiptTotals = field(default_factory=CashReceiptTotals)
    #: Won the cashiers' manual price changes and discounts took off the sales kept.
    manual_discounts: int = 0

    def tender(self, name: str) -> TenderTotal:
        for total in self.tenders:
            if total.tender == name:
                return total
        return TenderTotal(name)

    @property
    def expected_cash(self) -> int:
        return self.float_amount + self.tender(CASH).net + self.cash_in - self.cash_out

    @property
    def over_short(self) -> int | None:
        """Counted minus expected: positive over, negative short; None before a count."""
        if self.counted_cash is None:
            return None
        return self.counted_cash - self.expected_cash

    @property
    def has_pending(self) -> bool:
        return self.pending_count > 0


def settle(
    *,
    float_amount: int,
    sales: Iterable[SaleFact],
    voids: Iterable[VoidFact] = (),
    refunds: Iterable[RefundFact] = (),
    moves: Iterable[CashMove] = (),
    counted_cash: int | None = None,
    cash_receipts: CashReceiptTotals | None = None,
    manual_discounts: int = 0,
) -> Settlement:
    """Sum a day with the one definition of net sales and confirmed cashback
    (``domain/net_sales.py``). A pending Cheongju Pay payment counts (the goods left and,
    offline, the customer paid) and is also listed as awaiting approval; cash and card are
    final when recorded, so they never are."""
    sales_list, refunds_list = list(sales), list(refunds)
    figures = net_figures(sales_list, voids, refunds_list)
    pending = [s.total for s in sales_list if s.status == PaymentStatus.PENDING and not s.voided]
    pending += [r.amount for r in refunds_list if r.pending]
    moves_list = tuple(moves)
    cash_in = sum(m.amount for m in moves_list if m.direction is CashDirection.IN)
    cash_out = sum(m.amount for m in moves_list if m.direction is CashDirection.OUT)
    return Settlement(
        float_amount=float_amount,
        tenders=figures.tenders,
        discounts=figures.discounts,
        void_count=figures.void_count,
        void_total=figures.void_total,
        refund_count=figures.refund_count,
        refund_total=figures.refund_total,
        declined_count=figures.declined_count,
        declined_total=figures.declined_total,
        cashback_confirmed=figures.cashback_confirmed,
        pending_count=len(pending),
        pending_total=sum(pending),
        cash_in=cash_in,
        cash_out=cash_out,
        moves=moves_list,
        counted_cash=counted_cash,
        cash_receipts=cash_receipts or CashReceiptTotals(),
        manual_discounts=manual_discounts,
    )


def close_body(day_id: str, settlement: Settlement, pieces: Mapping[int, int] | None) -> dict:
    """The ``day_close`` event body: the count and the figures as they stood, so the
    slip can be printed again from the journal exactly as it was closed."""
    assert settlement.counted_cash is not None
    return {
        "day_id": day_id,
        "counted_cash": settlement.counted_cash,
        "denominations": (
            None if pieces is None else {str(v): int(pieces.get(v, 0)) for v in DENOMINATIONS}
        ),
        "expected_cash": settlement.expected_cash,
        "over_short": settlement.over_short,
        "net_sales": settlement.net_sales,
        "tenders": {t.tender: t.net for t in settlement.tenders},
        "refund_total": settlement.refund_total,
        "void_total": settlement.void_total,
        "discounts": settlement.discounts,
        # The QR's and the card's together: the base the city reads the discounts against.
        "cheongju_pay_net": settlement.cheongju_pay_net,
        "pending_count": settlement.pending_count,
        "pending_total": settlement.pending_total,
        # The VAT split of net_sales and of each tender's net (taxable includes its VAT).
        "tax": {"taxable": settlement.taxable, "vat": settlement.vat, "exempt": settlement.exempt},
        "tenders_tax": {
            t.tender: {"taxable": t.taxable, "vat": t.vat, "exempt": t.exempt}
            for t in settlement.tenders
        },
    }
