"""Refunds (결제취소): how much of a payment may still go back, and how it splits.

Pure arithmetic shared by the POS and the server. A refund gives back money for
item lines (by quantity) or a bare amount. Rules, all in integer won:

- a line never goes back more often than it was sold (per-line quantity left);
- the sum of refunds never exceeds what the customer paid (``total``);
- the special discount was the merchant's money, so a line refund returns the
  line's price *less its pro-rata share of the discount*: the cumulative share is
  ``floor(discount x eligible refunded so far / eligible)``, so shares never add
  up to more than the discount and the refund that takes the last eligible
  line takes the remainder;
- the cashback the server credited is reversed pro rata to the money refunded,
  cumulatively and rounded down, the last refund taking the remainder.

Cumulative rounding (rather than rounding each refund alone) is what makes the
parts add up to the whole exactly, whatever the order of partial refunds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from pos_app.domain.tax import (
    ZERO_SPLIT,
    TaxCategory,
    VatSplit,
    amount_refund_exempt_wanted,
    refund_exempt_wanted,
    refund_split,
    sale_split,
    vat_split,
)

#: Text of the QR printed on a receipt: ``CJR1:<payment_id>`` (payment_id = the
#: payment event's UUID). The receipt printer draws it; the refund screen reads it.
RECEIPT_QR_PREFIX = "CJR1:"
_MAX_ID_LEN = 64


def receipt_qr_text(payment_id: str) -> str:
    return f"{RECEIPT_QR_PREFIX}{payment_id}"


def parse_receipt_qr(text: str) -> str | None:
    """The payment id in a scanned receipt QR, or None if the text is not one.

    A keyboard-wedge scanner may add whitespace or type the prefix in lower case
    (Caps Lock); the id itself is a UUID, compared in lower case.
    """
    text = text.strip()
    if text[: len(RECEIPT_QR_PREFIX)].upper() != RECEIPT_QR_PREFIX:
        return None
    payment_id = text[len(RECEIPT_QR_PREFIX) :].strip().lower()
    if not 0 < len(payment_id) <= _MAX_ID_LEN or not all(
        ch.isascii() and (ch.isalnum() or ch == "-") for ch in payment_id
    ):
        return None
    return payment_id


class RefundReason(StrEnum):
    CHANGE_OF_MIND = "change_of_mind"  # 고객 변심
    DEFECTIVE = "defective"  # 상품 불량
    MISCHARGE = "mischarge"  # 계산 착오
    OTHER = "other"  # 기타


REASON_NAMES_KO = {
    RefundReason.CHANGE_OF_MIND: "고객 변심",
    RefundReason.DEFECTIVE: "상품 불량",
    RefundReason.MISCHARGE: "계산 착오",
    RefundReason.OTHER: "기타",
}


class RefundRuleError(ValueError):
    """A refund the rules forbid; ``code`` names the rule (the service maps it to E8xx)."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code


@dataclass(frozen=True)
class PaidLine:
    line_no: int
    unit_price: int
    quantity: int
    excluded_from_discount: bool
    tax: TaxCategory = TaxCategory.TAXABLE
    #: Won a manual discount took off the line: a refund gives back what was paid for it.
    line_discount: int = 0

    @property
    def amount(self) -> int:
        return self.unit_price * self.quantity - self.line_discount

    def paid_for(self, quantity: int) -> int:
        """What the first ``quantity`` units of the line cost after its manual discount,
        cumulatively floored, so the units refunded one by one add up to the line exactly."""
        return self.amount * min(quantity, self.quantity) // self.quantity


@dataclass(frozen=True)
class Paid:
    """The payment as refunds see it."""

    total: int
    discount: int
    lines: tuple[PaidLine, ...]

    @property
    def eligible(self) -> int:
        return sum(line.amount for line in self.lines if not line.excluded_from_discount)

    @property
    def tax_split(self) -> VatSplit:
        """The payment's split, from its lines and discount (as the sale computed it)."""
        return sale_split(
            ((line.amount, line.tax, not line.excluded_from_discount) for line in self.lines),
            self.discount,
        )


@dataclass(frozen=True)
class PriorRefund:
    """A refund already recorded against the payment."""

    amount: int
    discount_share: int
    quantities: Mapping[int, int]  # line_no -> quantity refunded
    #: None: a refund recorded before splits were kept (all taxable).
    tax_split: VatSplit | None = None

    @property
    def split(self) -> VatSplit:
        return self.tax_split if self.tax_split is not None else vat_split(self.amount, 0)


@dataclass(frozen=True)
class RefundPlan:
    quantities: Mapping[int, int]  # line_no -> quantity (empty: an amount refund)
    #: line_no -> what the quantity refunded cost (after any manual discount on the line)
    line_amounts: Mapping[int, int]
    gross: int  # what the lines refunded cost before the special discount (or the amount)
    discount_share: int  # the part of the special discount that stays with the merchant
    amount: int  # what the customer gets back
    completes: bool  # nothing is left to refund afterwards
    #: The taxable / VAT / exempt parts of ``amount`` (domain/tax.py refund_split).
    tax_split: VatSplit = ZERO_SPLIT


def refunded_so_far(prior: Iterable[PriorRefund]) -> int:
    return sum(refund.amount for refund in prior)


def remaining_amount(paid: Paid, prior: Iterable[PriorRefund]) -> int:
    return paid.total - refunded_so_far(prior)


def remaining_quantities(paid: Paid, prior: Iterable[PriorRefund]) -> dict[int, int]:
    prior = tuple(prior)
    return {
        line.line_no: line.quantity - sum(r.quantities.get(line.line_no, 0) for r in prior)
        for line in paid.lines
    }


def _eligible_refunded(paid: Paid, quantities: Mapping[int, int]) -> int:
    return sum(
        line.paid_for(quantities.get(line.line_no, 0))
        for line in paid.lines
        if not line.excluded_from_discount
    )


def plan_line_refund(
    paid: Paid, prior: Iterable[PriorRefund], quantities: Mapping[int, int]
) -> RefundPlan:
    """Refund ``quantities`` (line_no -> how many) of the payment's lines."""
    prior = tuple(prior)
    left = remaining_quantities(paid, prior)
    wanted = {line_no: qty for line_no, qty in quantities.items() if qty}
    if not wanted:
        raise RefundRuleError("nothing_chosen", "choose at least one line")
    for line_no, qty in wanted.items():
        if line_no not in left:
            raise RefundRuleError("unknown_line", f"line {line_no} is not on the payment")
        if qty < 0 or qty > left[line_no]:
            raise RefundRuleError(
                "over_quantity", f"line {line_no}: {qty} asked, {left[line_no]} left"
            )
    by_no = {line.line_no: line for line in paid.lines}
    before = _cumulative(prior)
    line_amounts = {
        no: by_no[no].paid_for(before.get(no, 0) + qty) - by_no[no].paid_for(before.get(no, 0))
        for no, qty in wanted.items()
    }
    gross = sum(line_amounts.values())
    after = {no: before.get(no, 0) + wanted.get(no, 0) for no in by_no}
    eligible = paid.eligible
    share_so_far = sum(r.discount_share for r in prior)
    if eligible:
        cumulative_share = paid.discount * _eligible_refunded(paid, after) // eligible
    else:
        cumulative_share = 0
    discount_share = max(0, min(cumulative_share - share_so_far, gross))
    money_left = remaining_amount(paid, prior)
    # An earlier amount refund may have given part of the money back already: never more.
    amount = min(gross - discount_share, money_left)
    all_lines_done = all(after[no] >= by_no[no].quantity for no in by_no)
    completes = all_lines_done or amount == money_left
    if all_lines_done:
        amount = money_left  # the last refund takes the remainder, to the won
    wanted_exempt = refund_exempt_wanted(
        (
            (line_amounts[no], by_no[no].tax, not by_no[no].excluded_from_discount)
            for no in sorted(line_amounts)
        ),
        discount_share,
    )
    split = refund_split(paid.tax_split, (r.split for r in prior), amount, wanted_exempt)
    return RefundPlan(
        quantities=wanted,
        line_amounts=line_amounts,
        gross=gross,
        discount_share=discount_share,
        amount=amount,
        completes=completes,
        tax_split=split,
    )


def plan_amount_refund(paid: Paid, prior: Iterable[PriorRefund], amount: int) -> RefundPlan:
    """Give back a bare amount (a price correction, a partial goodwill refund)."""
    prior = tuple(prior)
    money_left = remaining_amount(paid, prior)
    if amount <= 0:
        raise RefundRuleError("bad_amount", "the amount must be at least 1 won")
    if amount > money_left:
        raise RefundRuleError("over_refund", f"{amount} asked, {money_left} left")
    payment_split = paid.tax_split
    wanted_exempt = amount_refund_exempt_wanted(payment_split, refunded_so_far(prior), amount)
    return RefundPlan(
        quantities={},
        line_amounts={},
        gross=amount,
        discount_share=0,
        amount=amount,
        completes=amount == money_left,
        tax_split=refund_split(payment_split, (r.split for r in prior), amount, wanted_exempt),
    )


def _cumulative(prior: Iterable[PriorRefund]) -> dict[int, int]:
    done: dict[int, int] = {}
    for refund in prior:
        for line_no, qty in refund.quantities.items():
            done[line_no] = done.get(line_no, 0) + qty
    return done


def cashback_share(cashback: int, total: int, refunded_before: int, amount: int) -> int:
    """The cashback to reverse for refunding ``amount`` after ``refunded_before``.

    Cumulative floor of ``cashback x refunded / total``; the refund reaching the
    total reverses the rest, so a full refund in parts reverses exactly all of it.
    """
    if total <= 0 or cashback <= 0:
        return 0
    after = min(refunded_before + amount, total)
    if after >= total:
        return cashback - cashback * refunded_before // total
    return cashback * after // total - cashback * refunded_before // total


@dataclass(frozen=True)
class RefundLine:
    line_no: int
    name: str
    quantity: int
    amount: int  # list price of the quantity
    product_id: str | None = None


@dataclass(frozen=True)
class RefundRecord:
    """A recorded refund (read model)."""

    refund_id: str
    seq: int
    payment_id: str
    refund_no: str
    original_receipt_no: str
    business_date: str
    refunded_at: str  # RFC 3339 UTC
    tender: str
    reason: str
    note: str
    gross: int
    discount_share: int
    amount: int
    approved_by: str | None
    status: str  # pending | accepted | declined | recorded
    cashback_reversed: int | None
    lines: tuple[RefundLine, ...] = ()
    decline_message: str | None = None
    tax_split: VatSplit | None = None

    def as_prior(self) -> PriorRefund:
        return PriorRefund(
            self.amount,
            self.discount_share,
            {line.line_no: line.quantity for line in self.lines},
            self.tax_split,
        )
