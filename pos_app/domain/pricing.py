"""Cart pricing: subtotal, the merchant's special discount, and a cashback preview.

The special discount (특별할인가맹점) is the merchant's own money: it lowers the
amount charged, applies only when the tender is Cheongju Pay (the app's QR or the card on
the terminal, ``tenders.is_cheongju_pay``), only to items not
excluded from it, and is always rounded *down* (to 1 or 10 won): the merchant
never gives away more than the advertised rate, and the discount never exceeds
the eligible amount.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from pos_app.domain.money import apply_basis_points_floor, round_down_to_unit
from pos_app.domain.tax import TaxCategory, VatSplit, sale_split
from pos_app.domain.tenders import Tender, is_cheongju_pay

MAX_UNIT_PRICE = 100_000_000  # 1억 원: anything above is a typing slip, not a sale line
MAX_QUANTITY = 9_999


@dataclass(frozen=True)
class CartLine:
    name: str
    unit_price: int
    quantity: int = 1
    excluded_from_discount: bool = False
    product_id: str | None = None
    barcode: str | None = None
    #: 과세 / 면세: decides the line's part of the VAT split (domain/tax.py).
    tax: TaxCategory = TaxCategory.TAXABLE
    #: Weighed goods from a scale label: the grams and the won per kg it was priced at
    #: (None: not weighed). The line's price is ``unit_price`` all the same.
    weight_g: int | None = None
    price_per_kg: int | None = None
    #: A manual price change: the catalogue price the cashier changed (None: unchanged).
    list_price: int | None = None
    #: Won taken off this line by a manual discount (on the line, or its share of one on the
    #: sale); the special discount is reckoned on what is left.
    line_discount: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.unit_price <= MAX_UNIT_PRICE:
            raise ValueError(f"unit price out of range: {self.unit_price}")
        if not 1 <= self.quantity <= MAX_QUANTITY:
            raise ValueError(f"quantity out of range: {self.quantity}")
        if not 0 <= self.line_discount <= self.unit_price * self.quantity:
            raise ValueError(f"line discount out of range: {self.line_discount}")
        # A line kept in the file across a restart comes back with the category as text.
        object.__setattr__(self, "tax", TaxCategory(self.tax))

    @property
    def amount(self) -> int:
        """What the line costs before the special discount (after any manual one)."""
        return self.unit_price * self.quantity - self.line_discount


def cart_tax_split(lines: Iterable[CartLine], discount: int) -> VatSplit:
    """The VAT split of what the customer pays for ``lines`` after ``discount``."""
    return sale_split(
        ((line.amount, line.tax, not line.excluded_from_discount) for line in lines), discount
    )


@dataclass(frozen=True)
class DiscountPolicy:
    """A merchant's special discount: ``rate_bp`` basis points (500 = 5 %).

    ``valid_from``/``valid_to`` are inclusive local dates; ``None`` is open-ended.
    """

    rate_bp: int
    valid_from: date | None = None
    valid_to: date | None = None
    rounding_unit: int = 1

    def __post_init__(self) -> None:
        if not 0 <= self.rate_bp <= 10_000:
            raise ValueError(f"discount rate out of range: {self.rate_bp} bp")
        if self.rounding_unit not in (1, 10):
            raise ValueError("rounding unit must be 1 or 10 won")
        if self.valid_from and self.valid_to and self.valid_from > self.valid_to:
            raise ValueError("discount period ends before it starts")

    @classmethod
    def percent(cls, percent: int, **kwargs: object) -> DiscountPolicy:
        return cls(rate_bp=percent * 100, **kwargs)  # type: ignore[arg-type]

    def is_active_on(self, day: date) -> bool:
        if self.valid_from is not None and day < self.valid_from:
            return False
        return not (self.valid_to is not None and day > self.valid_to)

    def discount_for(self, eligible: int) -> int:
        return round_down_to_unit(
            apply_basis_points_floor(eligible, self.rate_bp), self.rounding_unit
        )


@dataclass(frozen=True)
class CashbackPolicy:
    """The city's cashback: a rate on the amount paid, capped per wallet per month.

    ``extra_rate_bp`` is the designated-shop bonus (착한가격업소). The POS only
    previews "up to N won"; the server, which knows the month's usage, decides.
    """

    rate_bp: int
    monthly_cap: int
    extra_rate_bp: int = 0

    def preview(self, amount_paid: int) -> int:
        return min(
            apply_basis_points_floor(amount_paid, self.rate_bp + self.extra_rate_bp),
            self.monthly_cap,
        )


@dataclass(frozen=True)
class Quote:
    subtotal: int
    eligible: int
    discount: int
    total: int
    discount_rate_bp: int
    cashback_preview: int
    tender: Tender
    #: A Cheongju Pay sale at a merchant restricted under the revenue cap: no cashback, and
    #: the receipt says so. Kept with the sale, so a reprint tells the status of that day.
    cashback_restricted: bool = False


def quote(
    lines: Iterable[CartLine],
    *,
    tender: Tender,
    today: date,
    discount_policy: DiscountPolicy | None,
    cashback_policy: CashbackPolicy | None,
    merchant_restricted: bool,
) -> Quote:
    """Price a cart for one tender. Pure: same inputs, same quote."""
    lines = tuple(lines)
    subtotal = sum(line.amount for line in lines)
    eligible = sum(line.amount for line in lines if not line.excluded_from_discount)
    applies = (
        is_cheongju_pay(tender)
        and discount_policy is not None
        and discount_policy.is_active_on(today)
    )
    discount = discount_policy.discount_for(eligible) if applies else 0  # type: ignore[union-attr]
    total = subtotal - discount
    cashback = 0
    # Only the app's payment previews cashback: the server computes it on the wallet it
    # settles. The card's payment never reaches the wallet through us (docs/decisions.md).
    if tender is Tender.CHEONGJU_PAY and cashback_policy is not None and not merchant_restricted:
        cashback = cashback_policy.preview(total)
    return Quote(
        subtotal=subtotal,
        eligible=eligible,
        discount=discount,
        total=total,
        discount_rate_bp=discount_policy.rate_bp if applies else 0,  # type: ignore[union-attr]
        cashback_preview=cashback,
        tender=tender,
        cashback_restricted=tender is Tender.CHEONGJU_PAY and merchant_restricted,
    )
