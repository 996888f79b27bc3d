"""Manual price changes and discounts the cashier gives: on a line or on the whole sale.

A line may get one manual change: a new price (the catalogue price is kept as
``list_price``), or a discount in won or in percent (floored to the won) kept as its
``line_discount``. A discount on the sale (won or percent of what the lines come to) is
spread over the lines by :func:`pos_app.domain.tax.allocate` (largest remainder, the sum
exact) into their ``line_discount``. Nothing goes below 0 or takes more than the line is
worth. The special discount is reckoned afterwards, on what is left
(:attr:`pos_app.domain.pricing.CartLine.amount`). Pure: no Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from pos_app.domain.pricing import MAX_UNIT_PRICE, CartLine
from pos_app.domain.tax import allocate


class DiscountScope(StrEnum):
    LINE = "line"
    SALE = "sale"


class DiscountKind(StrEnum):
    PRICE = "price"  # a new unit price (lines only)
    WON = "won"
    PERCENT = "percent"


#: The reasons a cashier picks from (free text is allowed besides); Korean, as the journal
#: and the owner's reports read them whatever the screen's language.
REASONS_KO = ("단골 할인", "유통기한 임박", "파손/흠집", "가격 오류 정정", "직원 할인")
MAX_REASON_LENGTH = 60


class ManualDiscountError(ValueError):
    """A change the rules refuse; ``code`` names the rule (the service maps it to E37x)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class ApprovalThreshold:
    """Above it a manager or the owner approves with their PIN (the shop's preference).

    The default: any price change, or a discount over 10 % of what it falls on."""

    price_change_needs_approval: bool = True
    max_percent: int = 10

    def __post_init__(self) -> None:
        if not 0 <= self.max_percent <= 100:
            raise ValueError(f"threshold out of range: {self.max_percent} %")

    def needs_approval(self, kind: DiscountKind, value: int, base: int) -> bool:
        """``base``: the won the change falls on (the line's or the sale's amount)."""
        if kind is DiscountKind.PRICE:
            return self.price_change_needs_approval
        if kind is DiscountKind.PERCENT:
            return value > self.max_percent
        return value * 100 > self.max_percent * base

    def as_value(self) -> dict[str, Any]:
        return {"price_change": self.price_change_needs_approval, "max_percent": self.max_percent}

    @classmethod
    def from_value(cls, value: object) -> ApprovalThreshold:
        """A stored preference; anything unreadable is the default (never looser)."""
        if not isinstance(value, dict):
            return cls()
        try:
            return cls(bool(value["price_change"]), int(value["max_percent"]))
        except (KeyError, TypeError, ValueError):
            return cls()


@dataclass(frozen=True)
class ManualDiscount:
    """One manual change as the journal records it: who asked, who approved and why."""

    scope: DiscountScope
    kind: DiscountKind
    value: int
    reason: str
    requested_by: str | None = None
    approved_by: str | None = None

    def as_body(self, line_no: int | None, won: int) -> dict[str, Any]:
        body: dict[str, Any] = {
            "scope": self.scope.value,
            "kind": self.kind.value,
            "value": self.value,
            "won": won,
            "reason": self.reason,
            "requested_by": self.requested_by,
            "approved_by": self.approved_by,
        }
        if line_no is not None:
            body["line_no"] = line_no
        return body


def manual_from_value(value: object) -> ManualDiscount | None:
    """A change kept in the file across a restart (None: none, or unreadable)."""
    if not isinstance(value, dict):
        return None
    try:
        return ManualDiscount(
            DiscountScope(value["scope"]),
            DiscountKind(value["kind"]),
            int(value["value"]),
            str(value["reason"]),
            value.get("requested_by"),
            value.get("approved_by"),
        )
    except (KeyError, TypeError, ValueError):
        return None


def clean_reason(reason: str) -> str:
    clean = " ".join(reason.split())
    if not clean or len(clean) > MAX_REASON_LENGTH:
        raise ManualDiscountError("bad_reason")
    return clean


def percent_off(amount: int, percent: int) -> int:
    """``percent`` of ``amount``, floored to the won (the customer is never promised more)."""
    return amount * percent // 100


def _check_value(kind: DiscountKind, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ManualDiscountError("bad_value")
    if kind is DiscountKind.PERCENT and value > 100:
        raise ManualDiscountError("bad_value")
    if kind is DiscountKind.PRICE and value > MAX_UNIT_PRICE:
        raise ManualDiscountError("bad_value")


def base_line(line: CartLine) -> CartLine:
    """The line as the catalogue priced it, with no manual change."""
    price = line.list_price if line.list_price is not None else line.unit_price
    return replace(line, unit_price=price, list_price=None, line_discount=0)


def change_line(line: CartLine, kind: DiscountKind, value: int) -> CartLine:
    """The line with ``kind``/``value`` as its one manual change (replacing any earlier)."""
    _check_value(kind, value)
    base = base_line(line)
    gross = base.unit_price * base.quantity
    if kind is DiscountKind.PRICE:
        if value == base.unit_price:
            return base
        return replace(base, unit_price=value, list_price=base.unit_price)
    off = value if kind is DiscountKind.WON else percent_off(gross, value)
    if off > gross:
        raise ManualDiscountError("over_line")
    return replace(base, line_discount=off)


def reapply(line: CartLine, kind: DiscountKind, value: int) -> CartLine:
    """After a quantity change: the same change again, a won discount held to the line."""
    if kind is DiscountKind.WON:
        value = min(value, base_line(line).unit_price * line.quantity)
    return change_line(line, kind, value)


def sale_discount_won(lines: Sequence[CartLine], kind: DiscountKind, value: int) -> int:
    """The won a sale discount takes off ``lines`` (held to what they come to)."""
    if kind is DiscountKind.PRICE:
        raise ManualDiscountError("bad_value")
    _check_value(kind, value)
    whole = sum(line.amount for line in lines)
    off = value if kind is DiscountKind.WON else percent_off(whole, value)
    return min(off, whole)


def spread(lines: Sequence[CartLine], won: int) -> tuple[CartLine, ...]:
    """``won`` off the sale, spread over the lines pro rata to what is left of each (largest
    remainder): added to each line's ``line_discount``, the parts summing to ``won``."""
    if won == 0:
        return tuple(lines)
    shares = allocate([line.amount for line in lines], won)
    return tuple(
        replace(line, line_discount=line.line_discount + share)
        for line, share in zip(lines, shares, strict=True)
    )
