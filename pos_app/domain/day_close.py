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

#: Korean notes and coins a drawer holds, largest first (the count form's rows).
DENOMINATIONS: tuple[int, ...] = (50_000, 10_000, 5_000, 1_000, 500, 100, 50, 10)
#: The largest float, cash movement or counted amount one entry may carry: a typo guard
#: (an extra zero), far above what a counter drawer holds.
MAX_CASH = 100_000_000
MAX_PIECES = 100_000  # pieces of one denomination in one count

#: The tenders the settlement always shows, in slip order (others follow if recorded).
TENDERS: tuple[str, ...] = ("cheongju_pay", "cash", "card_terminal")
CASH = "cash"


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
class SaleFact:
    """One payment recorded in the day, as the settlement needs it."""

    tender: str
    total: int
    discount: int
    status: str  # pending | approved | declined
    cashback: int | None = None  # what the server credited, once it confirmed
    voided: bool = False  # voided since: no longer money waiting on the server


@dataclass(frozen=True)
class VoidFact:
    """A void recorded in the day (of a payment of this day or an earlier one)."""

    tender: str
    total: int
    payment_status: str  # a void of a declined payment gives nothing back


@dataclass(frozen=True)
class RefundFact:
    """A refund (결제취소) recorded in the day."""

    tender: str
    amount: int
    pending: bool  # not yet acknowledged by the server


@dataclass(frozen=True)
class CashMove:
    direction: CashDirection
    amount: int
    reason: str


@dataclass(frozen=True)
class TenderTotal:
    tender: str
    count: int = 0  # payments taken (voided ones included: the void is its own line)
    sales: int = 0
    voids: int = 0
    refunds: int = 0

    @property
    def net(self) -> int:
        return self.sales - self.voids - self.refunds


@dataclass(frozen=True)
class Settlement:
    """The day's figures as the slip prints them. All amounts are whole won."""

    float_amount: int
    tenders: tuple[TenderTotal, ...]
    discounts: int  # special discount given (Cheongju Pay only), on payments kept
    void_count: int
    void_total: int
    refund_count: int
    refund_total: int
    declined_count: int  # Cheongju Pay payments the server refused: no money came
    declined_total: int
    cashback_confirmed: int  # credited to customers, as the server answered
    pending_count: int  # payments and refunds the server has not acknowledged yet
    pending_total: int
    cash_in: int
    cash_out: int
    moves: tuple[CashMove, ...] = field(default=())
    counted_cash: int | None = None

    @property
    def net_sales(self) -> int:
        return sum(t.net for t in self.tenders)

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
) -> Settlement:
    """Sum a day. A declined payment took no money, so it counts in no tender; its void
    gives nothing back either. A pending payment counts (the goods left and, offline,
    the customer paid) and is also listed as pending."""
    per_tender: dict[str, dict[str, int]] = {
        name: {"count": 0, "sales": 0, "voids": 0, "refunds": 0} for name in TENDERS
    }

    def slot(name: str) -> dict[str, int]:
        return per_tender.setdefault(name, {"count": 0, "sales": 0, "voids": 0, "refunds": 0})

    discounts = declined_count = declined_total = cashback = 0
    pending_count = pending_total = 0
    sales_list = list(sales)
    for sale in sales_list:
        if sale.status == "declined":
            declined_count += 1
            declined_total += sale.total
            continue
        row = slot(sale.tender)
        row["count"] += 1
        row["sales"] += sale.total
        discounts += sale.discount
        if sale.status == "pending" and not sale.voided:
            pending_count += 1
            pending_total += sale.total
        if sale.status == "approved" and sale.cashback:
            cashback += sale.cashback
    void_count = void_total = 0
    for void in voids:
        if void.payment_status == "declined":
            continue
        slot(void.tender)["voids"] += void.total
        void_count += 1
        void_total += void.total
    refund_count = refund_total = 0
    for refund in refunds:
        slot(refund.tender)["refunds"] += refund.amount
        refund_count += 1
        refund_total += refund.amount
        if refund.pending:
            pending_count += 1
            pending_total += refund.amount
    moves_list = tuple(moves)
    cash_in = sum(m.amount for m in moves_list if m.direction is CashDirection.IN)
    cash_out = sum(m.amount for m in moves_list if m.direction is CashDirection.OUT)
    return Settlement(
        float_amount=float_amount,
        tenders=tuple(TenderTotal(name, **values) for name, values in per_tender.items()),
        discounts=discounts,
        void_count=void_count,
        void_total=void_total,
        refund_count=refund_count,
        refund_total=refund_total,
        declined_count=declined_count,
        declined_total=declined_total,
        cashback_confirmed=cashback,
        pending_count=pending_count,
        pending_total=pending_total,
        cash_in=cash_in,
        cash_out=cash_out,
        moves=moves_list,
        counted_cash=counted_cash,
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
        "pending_count": settlement.pending_count,
        "pending_total": settlement.pending_total,
    }
