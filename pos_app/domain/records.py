"""Read models: what the store hands to services and screens (no SQL rows leak out)."""

from __future__ import annotations

from dataclasses import dataclass

from pos_app.domain.payment_status import PaymentStatus
from pos_app.domain.pricing import CartLine
from pos_app.domain.split import PaymentPart
from pos_app.domain.tax import TaxCategory, VatSplit
from pos_app.domain.tenders import Tender


@dataclass(frozen=True)
class Product:
    product_id: str
    name: str
    price: int
    category: str = ""
    excluded_from_discount: bool = False
    active: bool = True
    codes: tuple[str, ...] = ()
    tax_category: TaxCategory = TaxCategory.TAXABLE
    #: Sold by weight: ``price_per_kg`` won per kg counts, the stock is kept in grams.
    sold_by_weight: bool = False
    price_per_kg: int | None = None
    #: 시가: the counter asks for today's price each time it is rung up.
    market_price: bool = False

    def as_cart_line(self, quantity: int = 1) -> CartLine:
        return CartLine(
            name=self.name,
            unit_price=self.price,
            quantity=quantity,
            excluded_from_discount=self.excluded_from_discount,
            product_id=self.product_id,
            barcode=self.codes[0] if self.codes else None,
            tax=self.tax_category,
        )


@dataclass(frozen=True)
class PaymentItem:
    line_no: int
    name: str
    unit_price: int
    quantity: int
    amount: int
    excluded_from_discount: bool
    product_id: str | None = None
    tax: TaxCategory = TaxCategory.TAXABLE
    #: A scale label's grams (None: not weighed): a refund puts these grams back on stock.
    weight_g: int | None = None
    price_per_kg: int | None = None
    #: A manual price change's catalogue price (None: unchanged) and a manual discount's won.
    list_price: int | None = None
    line_discount: int = 0


@dataclass(frozen=True)
class PaymentRecord:
    payment_id: str
    seq: int
    receipt_no: str
    business_date: str
    paid_at: str  # RFC 3339 UTC
    tender: Tender
    subtotal: int
    eligible: int
    discount: int
    discount_rate_bp: int
    total: int
    cashback_preview: int
    status: PaymentStatus  # pending (Cheongju Pay only) | approved | declined | recorded
    approval_no: str | None
    voided: bool
    offline: bool
    wallet_id: str | None  # u64, kept as a decimal string
    items: tuple[PaymentItem, ...] = ()
    cashback: int | None = None  # what the server credited, once it answered
    decline_code: str | None = None
    decline_message: str | None = None
    void_reason: str | None = None
    tendered: int | None = None  # cash: what the customer handed over
    change: int | None = None  # cash: what went back
    #: Restricted under the revenue cap when sold (or as the server booked it): no cashback.
    cashback_restricted: bool = False
    #: Won given back by refunds the server has not declined (never edits the sale's row).
    refunded: int = 0
    #: Cheongju Pay paid by the customer's app on the shop's merchant QR (no code scanned).
    merchant_qr: bool = False
    #: 과세 / 부가세 / 면세 of the amount paid (None: a record built without it).
    tax_split: VatSplit | None = None
    #: The payment by tender: a split sale's parts, else one part (empty: built without).
    parts: tuple[PaymentPart, ...] = ()
    #: The declined payment this sale rang up again (None: a sale of its own).
    reopens: str | None = None
    #: The Cheongju Pay card on the terminal: the terminal's approval number (승인번호).
    card_approval_no: str | None = None

    @property
    def fully_refunded(self) -> bool:
        return self.total > 0 and self.refunded >= self.total


@dataclass(frozen=True)
class AppliedResults:
    """What a batch of the server's answers changed, for the screen to show."""

    payment_ids: tuple[str, ...]  # payments whose status changed
    declined: tuple[tuple[str, str, str], ...]  # (payment_id, receipt_no, message)
