"""The one definition of net sales and confirmed cashback.

The sales charts, the day close, its slip and the CSV export all sum the same facts with
these functions, so no two of them can disagree:

- **net sales** = sales − voids − refunds, per tender. A Cheongju Pay payment the server
  declined took no money: it counts nowhere, and neither does its void. A refund the
  server declined gave nothing back.
- **confirmed cashback** = the cashback the server credited on approved payments, less
  what voids took back (a voided payment's cashback) and what refunds reversed (as the
  server confirmed it).

Each fact counts when it happened: a void or a refund lowers the figures of the day (and
the hour) it was made, which is when the money left the drawer or the customer's wallet
was credited again, not the day of the sale.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pos_app.domain.payment_status import PaymentStatus
from pos_app.domain.tax import VatSplit, vat_split
from pos_app.domain.tenders import Tender, is_cheongju_pay

DECLINED = PaymentStatus.DECLINED
APPROVED = PaymentStatus.APPROVED

#: The tenders the figures always show, in slip order (others follow if recorded). A split
#: sale (복합결제) is no tender of its own: each of its parts counts under its tender.
TENDERS: tuple[str, ...] = tuple(
    tender.value for tender in Tender if tender is not Tender.SPLIT
)  # plain: journal keys

#: One tender's share of a split sale, void or refund: (tender, won, its VAT split).
Part = tuple[str, int, VatSplit | None]
#: The tenders that are Cheongju Pay (``tenders.is_cheongju_pay``), as journal keys.
CHEONGJU_PAY_TENDERS: frozenset[str] = frozenset(t.value for t in Tender if is_cheongju_pay(t))


@dataclass(frozen=True)
class SaleFact:
    """One payment, as the figures need it."""

    tender: str
    total: int
    discount: int
    status: str  # PaymentStatus
    cashback: int | None = None  # what the server credited, once it confirmed
    voided: bool = False  # voided since (the void is its own fact)
    tax_split: VatSplit | None = None  # None: sold before splits were kept (all taxable)
    parts: tuple[Part, ...] = ()  # a split sale's parts (empty: one tender, ``tender``)


@dataclass(frozen=True)
class VoidFact:
    """A void (of a payment of the same period or an earlier one)."""

    tender: str
    total: int
    payment_status: str  # a void of a declined payment gives nothing back
    cashback: int | None = None  # the voided payment's confirmed cashback, taken back
    discount: int = 0  # the voided payment's special discount: not given after all
    tax_split: VatSplit | None = None  # the voided payment's split (None: all taxable)
    parts: tuple[Part, ...] = ()  # a split sale's parts, all given back


@dataclass(frozen=True)
class RefundFact:
    """A refund (결제취소)."""

    tender: str
    amount: int
    pending: bool  # not yet answered by the server (Cheongju Pay only)
    cashback_reversed: int | None = None  # as the server confirmed it
    declined: bool = False  # the server refused it: nothing went back
    # The special discount of the lines refunded (the refund's recorded discount_share):
    # the merchant no longer gives it, as the goods came back. 0 for an amount refund.
    discount_share: int = 0
    tax_split: VatSplit | None = None  # what it gave back, split (None: all taxable)
    parts: tuple[Part, ...] = ()  # a split sale's refund, by tender (cash first)


def split_of(split: VatSplit | None, amount: int) -> VatSplit:
    """A fact's split; none, or one that does not add up to the fact's amount (a row
    written before splits were kept), reads as all taxable."""
    if split is None or split.total != amount:
        return vat_split(max(amount, 0), 0)
    return split


#: A fact's signed share of the VAT split: (taxable, vat, exempt); taxable + exempt is the
#: fact's net (sale_net, void_net, refund_net).
TaxShare = tuple[int, int, int]
_NO_SHARE: TaxShare = (0, 0, 0)


def _share(split: VatSplit, sign: int) -> TaxShare:
    return (sign * split.taxable, sign * split.vat, sign * split.exempt)


def sale_tax(sale: SaleFact) -> TaxShare:
    if sale.status == DECLINED:
        return _NO_SHARE
    return _share(split_of(sale.tax_split, sale.total), 1)


def void_tax(void: VoidFact) -> TaxShare:
    if void.payment_status == DECLINED:
        return _NO_SHARE
    return _share(split_of(void.tax_split, void.total), -1)


def refund_tax(refund: RefundFact) -> TaxShare:
    if refund.declined:
        return _NO_SHARE
    return _share(split_of(refund.tax_split, refund.amount), -1)


def sale_net(sale: SaleFact) -> int:
    return 0 if sale.status == DECLINED else sale.total


def void_net(void: VoidFact) -> int:
    return 0 if void.payment_status == DECLINED else -void.total


def refund_net(refund: RefundFact) -> int:
    return 0 if refund.declined else -refund.amount


def sale_cashback(sale: SaleFact) -> int:
    return (sale.cashback or 0) if sale.status == APPROVED else 0


def void_cashback(void: VoidFact) -> int:
    return -(void.cashback or 0) if void.payment_status == APPROVED else 0


def refund_cashback(refund: RefundFact) -> int:
    return 0 if refund.declined else -(refund.cashback_reversed or 0)


@dataclass(frozen=True)
class TenderTotal:
    tender: str
    count: int = 0  # payments kept: taken and not voided (a void is listed under voids)
    sales: int = 0
    voids: int = 0
    refunds: int = 0
    # The net (sales − voids − refunds) split: taxable + exempt == net.
    taxable: int = 0  # 과세 매출, VAT included
    vat: int = 0  # 부가세
    exempt: int = 0  # 면세 매출

    @property
    def net(self) -> int:
        return self.sales - self.voids - self.refunds

    @property
    def supply(self) -> int:
        """공급가액: the taxable sales without their VAT."""
        return self.taxable - self.vat


class TenderSums:
    """Net sales and their VAT split, summed over ``tenders``: the close and the sales
    screen read the same sums."""

    tenders: tuple[TenderTotal, ...]

    @property
    def net_sales(self) -> int:
        return sum(t.net for t in self.tenders)

    @property
    def taxable(self) -> int:
        return sum(t.taxable for t in self.tenders)

    @property
    def vat(self) -> int:
        return sum(t.vat for t in self.tenders)

    @property
    def exempt(self) -> int:
        return sum(t.exempt for t in self.tenders)

    @property
    def supply(self) -> int:
        """공급가액: the taxable sales without their VAT."""
        return self.taxable - self.vat

    @property
    def cheongju_pay_net(self) -> int:
        """Net sales paid with Cheongju Pay however paid (the app's QR and the card on the
        terminal): what the city's special-discount figures are reckoned against."""
        return sum(t.net for t in self.tenders if t.tender in CHEONGJU_PAY_TENDERS)


@dataclass(frozen=True)
class NetFigures(TenderSums):
    tenders: tuple[TenderTotal, ...]
    cashback_confirmed: int
    sales_standing: int  # payments that took money and are not voided
    # net special discount: given on payments that took money, less voided payments' whole
    # discount and refunds' recorded share (sales − voids − refunds, as net sales)
    discounts: int
    void_count: int
    void_total: int
    refund_count: int
    refund_total: int
    declined_count: int
    declined_total: int

    def tender(self, name: str) -> TenderTotal:
        for total in self.tenders:
            if total.tender == name:
                return total
        return TenderTotal(name)


def _by_tender(
    tender: str, amount: int, split: VatSplit | None, parts: tuple[Part, ...]
) -> tuple[Part, ...]:
    """A fact's money by tender: a split sale's parts, else all of it under its tender."""
    return parts or ((tender, amount, split),)


def net_figures(
    sales: Iterable[SaleFact] = (),
    voids: Iterable[VoidFact] = (),
    refunds: Iterable[RefundFact] = (),
) -> NetFigures:
    keys = ("count", "sales", "voids", "refunds", "taxable", "vat", "exempt")
    per_tender: dict[str, dict[str, int]] = {name: dict.fromkeys(keys, 0) for name in TENDERS}

    def slot(name: str) -> dict[str, int]:
        return per_tender.setdefault(name, dict.fromkeys(keys, 0))

    def add_share(row: dict[str, int], share: TaxShare) -> None:
        row["taxable"] += share[0]
        row["vat"] += share[1]
        row["exempt"] += share[2]

    cashback = standing = discounts = declined_count = declined_total = 0
    for sale in sales:
        cashback += sale_cashback(sale)
        if sale.status == DECLINED:
            declined_count += 1
            declined_total += sale.total
            continue
        for tender, amount, split in _by_tender(
            sale.tender, sale.total, sale.tax_split, sale.parts
        ):
            row = slot(tender)
            row["count"] += not sale.voided
            row["sales"] += amount
            add_share(row, _share(split_of(split, amount), 1))
        discounts += sale.discount
        standing += not sale.voided
    void_count = void_total = 0
    for void in voids:
        cashback += void_cashback(void)
        if void.payment_status == DECLINED:
            continue
        for tender, amount, split in _by_tender(
            void.tender, void.total, void.tax_split, void.parts
        ):
            slot(tender)["voids"] += amount
            add_share(slot(tender), _share(split_of(split, amount), -1))
        discounts -= void.discount
        void_count += 1
        void_total -= void_net(void)
    refund_count = refund_total = 0
    for refund in refunds:
        cashback += refund_cashback(refund)
        if refund.declined:
            continue
        parts = _by_tender(refund.tender, refund.amount, refund.tax_split, refund.parts)
        for tender, amount, split in parts:
            slot(tender)["refunds"] += amount
            add_share(slot(tender), _share(split_of(split, amount), -1))
        discounts -= refund.discount_share
        refund_count += 1
        refund_total -= refund_net(refund)
    return NetFigures(
        tenders=tuple(TenderTotal(name, **values) for name, values in per_tender.items()),
        cashback_confirmed=cashback,
        sales_standing=standing,
        discounts=discounts,
        void_count=void_count,
        void_total=void_total,
        refund_count=refund_count,
        refund_total=refund_total,
        declined_count=declined_count,
        declined_total=declined_total,
    )
