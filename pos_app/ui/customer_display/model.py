"""What the customer display shows, as plain values built from the checkout's own numbers.

No Qt here: the presenter builds these, the window draws them, and tests can compare them
with the checkout's quote directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pos_app.domain.payment_status import PaymentStatus
from pos_app.domain.pricing import CartLine, Quote
from pos_app.domain.records import PaymentRecord
from pos_app.domain.tenders import Tender


class Mode(StrEnum):
    IDLE = "idle"
    CART = "cart"
    QR = "qr"
    PAID = "paid"


@dataclass(frozen=True)
class Line:
    name: str
    quantity: int
    amount: int
    excluded: bool = False  # excluded from the special discount: the customer is told


@dataclass(frozen=True)
class CartView:
    lines: tuple[Line, ...]
    subtotal: int
    discount: int  # the special discount in won (0: no line)
    discount_rate_bp: int
    total: int  # to pay with Cheongju Pay
    cashback: int  # preview, 0 when restricted
    restricted: bool


@dataclass(frozen=True)
class QrView:
    payload: str
    amount: int
    expires_at: datetime  # aware UTC


@dataclass(frozen=True)
class PaidView:
    payment_id: str
    total: int
    tender: Tender
    approval_no: str | None
    cashback: int | None  # credited by the server; None while not answered
    restricted: bool
    failed: bool  # declined or voided
    #: A split sale's parts (tender, won), in the order paid; empty for one tender.
    parts: tuple[tuple[Tender, int], ...] = ()
    discount: int = 0  # a split sale's special discount (its Cheongju Pay share's)


@dataclass(frozen=True)
class Slide:
    title: str
    text: str


@dataclass(frozen=True)
class DisplayState:
    mode: Mode
    cart: CartView | None = None
    qr: QrView | None = None
    paid: PaidView | None = None


def cart_view(lines: Iterable[CartLine], quote: Quote, restricted: bool) -> CartView:
    return CartView(
        lines=tuple(
            Line(line.name, line.quantity, line.amount, line.excluded_from_discount)
            for line in lines
        ),
        subtotal=quote.subtotal,
        discount=quote.discount,
        discount_rate_bp=quote.discount_rate_bp,
        total=quote.total,
        cashback=0 if restricted else quote.cashback_preview,
        restricted=restricted,
    )


def paid_view(payment: PaymentRecord) -> PaidView:
    return PaidView(
        payment_id=payment.payment_id,
        total=payment.total,
        tender=payment.tender,
        approval_no=payment.approval_no,
        # A voided sale earns none: its old figure is never shown.
        cashback=None
        if payment.tender not in (Tender.CHEONGJU_PAY, Tender.SPLIT) or payment.voided
        else payment.cashback,
        restricted=payment.cashback_restricted,  # the sale's status, not today's
        failed=payment.voided or payment.status == PaymentStatus.DECLINED,
        parts=tuple((part.tender, part.amount) for part in payment.parts)
        if payment.tender == Tender.SPLIT
        else (),
        discount=payment.discount if payment.tender == Tender.SPLIT else 0,
    )


def seconds_left(expires_at: datetime, now: datetime) -> int:
    """Whole seconds until ``expires_at``, never negative (rounded up: 0 means over)."""
    left = (expires_at - now).total_seconds()
    return max(0, int(-(-left // 1)))


def countdown_text(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def first_lines(text: str, limit: int = 120) -> str:
    """The start of a notice for a slide: whole lines up to about ``limit`` characters."""
    kept: list[str] = []
    for line in (part.strip() for part in text.splitlines()):
        if not line:
            continue
        if kept and sum(len(k) for k in kept) + len(line) > limit:
            break
        kept.append(line if len(line) <= limit else line[: limit - 1] + "…")
        if len(kept) == 3:
            break
    return "\n".join(kept)
