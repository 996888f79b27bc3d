"""Taxable and tax-exempt goods, and the VAT split of a sale or a refund, in integer won.

Shelf prices include VAT (10 %). The split follows the common card-terminal practice:
부가세 (VAT) = floor(taxable total / 11), 공급가액 (supply value) = taxable total − VAT.
The special discount lowers the base it falls on: it is spread over the discount-eligible
lines pro rata by amount (largest remainder, the sum exact) before the taxable and exempt
totals are taken. Pure: the POS and the server call the same functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class TaxCategory(StrEnum):
    TAXABLE = "taxable"  # 과세
    EXEMPT = "exempt"  # 면세


class TaxpayerType(StrEnum):
    GENERAL = "general"  # 일반과세자
    SIMPLIFIED = "simplified"  # 간이과세자
    EXEMPT_BUSINESS = "exempt_business"  # 면세사업자


TAX_CATEGORY_NAMES_KO = {TaxCategory.TAXABLE: "과세", TaxCategory.EXEMPT: "면세"}

#: VAT is 10 % of the supply value, so 1/11 of a VAT-inclusive price.
VAT_DIVISOR = 11


def allocate(amounts: Sequence[int], total: int) -> list[int]:
    """``total`` spread over ``amounts`` pro rata, by largest remainder; ties go to the
    earlier line. The parts add up to ``total`` exactly; a part never exceeds its amount
    when ``0 <= total <= sum(amounts)`` and amounts are not negative."""
    if any(amount < 0 for amount in amounts):
        raise ValueError("amounts must not be negative")
    whole = sum(amounts)
    if total == 0:
        return [0] * len(amounts)
    if whole <= 0:
        raise ValueError("nothing to allocate over")
    if not 0 <= total <= whole:
        raise ValueError(f"total {total} outside 0..{whole}")
    parts = [amount * total // whole for amount in amounts]
    remainders = [amount * total % whole for amount in amounts]
    left = total - sum(parts)
    # Largest remainder first; Python's sort is stable, so a tie keeps the earlier line.
    order = sorted(range(len(amounts)), key=lambda index: -remainders[index])
    for index in order[:left]:
        parts[index] += 1
    return parts


@dataclass(frozen=True)
class VatSplit:
    """What was paid (or refunded), split: ``taxable`` includes its ``vat``."""

    taxable: int
    vat: int
    exempt: int

    @property
    def supply(self) -> int:
        """공급가액: the taxable amount without its VAT."""
        return self.taxable - self.vat

    @property
    def total(self) -> int:
        return self.taxable + self.exempt

    def as_body(self) -> dict[str, int]:
        return {"taxable": self.taxable, "vat": self.vat, "exempt": self.exempt}


ZERO_SPLIT = VatSplit(0, 0, 0)


def vat_split(taxable: int, exempt: int) -> VatSplit:
    if taxable < 0 or exempt < 0:
        raise ValueError("amounts must not be negative")
    return VatSplit(taxable=taxable, vat=taxable // VAT_DIVISOR, exempt=exempt)


#: A sale line as the split sees it: (amount, category, eligible for the special discount).
TaxLine = tuple[int, TaxCategory, bool]


def _net_amounts(lines: Sequence[TaxLine], discount: int) -> list[int]:
    """Each line's amount less its part of the discount (eligible lines only)."""
    eligible = [index for index, line in enumerate(lines) if line[2]]
    shares = allocate([lines[index][0] for index in eligible], discount) if discount else []
    net = [line[0] for line in lines]
    for index, share in zip(eligible, shares, strict=False):
        net[index] -= share
    return net


def sale_split(lines: Iterable[TaxLine], discount: int) -> VatSplit:
    """The split of what a sale's customer paid (subtotal − discount)."""
    lines = tuple(lines)
    net = _net_amounts(lines, discount)
    exempt = sum(n for n, line in zip(net, lines, strict=True) if line[1] is TaxCategory.EXEMPT)
    return vat_split(sum(net) - exempt, exempt)


def refund_exempt_wanted(lines: Iterable[TaxLine], discount_share: int) -> int:
    """The exempt part a line refund would give back on its own: the refunded exempt
    lines less their part of the discount share the merchant keeps."""
    lines = tuple(lines)
    eligible_total = sum(line[0] for line in lines if line[2])
    share = min(discount_share, eligible_total)
    net = _net_amounts(lines, share)
    return sum(n for n, line in zip(net, lines, strict=True) if line[1] is TaxCategory.EXEMPT)


def refund_split(
    payment: VatSplit, prior: Iterable[VatSplit], amount: int, exempt_wanted: int
) -> VatSplit:
    """The split of a refund of ``amount`` after the refunds ``prior``.

    The exempt part is the one wanted, held so that no part of all refunds ever exceeds
    the payment's part: the refund that gives back the last won gives back exactly what
    is left of each part. The VAT is counted cumulatively (floor of all refunded taxable
    / 11, less what earlier refunds returned), so a payment refunded in parts returns
    exactly its VAT."""
    prior = tuple(prior)
    taxable_before = sum(split.taxable for split in prior)
    exempt_before = sum(split.exempt for split in prior)
    vat_before = sum(split.vat for split in prior)
    taxable_left = max(payment.taxable - taxable_before, 0)
    exempt_left = max(payment.exempt - exempt_before, 0)
    if not 0 <= amount <= taxable_left + exempt_left:
        raise ValueError(f"refund {amount} exceeds what is left")
    exempt = min(max(exempt_wanted, amount - taxable_left, 0), exempt_left, amount)
    taxable = amount - exempt
    if taxable_before + taxable >= payment.taxable:
        vat = payment.vat - vat_before
    else:
        vat = (taxable_before + taxable) // VAT_DIVISOR - vat_before
    vat = min(max(vat, 0), taxable)
    return VatSplit(taxable=taxable, vat=vat, exempt=exempt)


def amount_refund_exempt_wanted(payment: VatSplit, refunded_before: int, amount: int) -> int:
    """A bare-amount refund takes its exempt part pro rata to the payment's, cumulatively."""
    if payment.total <= 0:
        return 0
    after = min(refunded_before + amount, payment.total)
    return (
        payment.exempt * after // payment.total
        - payment.exempt * min(refunded_before, payment.total) // payment.total
    )


def category_of(value: Any) -> TaxCategory:
    """A stored or sent category; absent (written before categories existed) is taxable."""
    if value is None:
        return TaxCategory.TAXABLE
    return TaxCategory(value)


def split_of_body(body: Mapping[str, Any], paid: int) -> VatSplit:
    """The split an event body carries; a body without one (written before) is all
    taxable: ``paid`` with VAT floor(paid / 11)."""
    split = body.get("tax_split")
    if split is None:
        return vat_split(paid, 0)
    return VatSplit(int(split["taxable"]), int(split["vat"]), int(split["exempt"]))
