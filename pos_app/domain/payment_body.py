"""The payment event's body, built for exactly the payment being recorded.

A counter payment (a scanned code, cash or the card terminal) carries its receipt number
and business date; a merchant-presented request is kept with a body that has neither, as
both are given when the server says it was paid (``store/payment_requests.py``). Each
caller builds the body it needs; nothing is built whole and trimmed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pos_app.domain.payment_code import PaymentCode
from pos_app.domain.pricing import CartLine, Quote, cart_tax_split


def _line(number: int, line: CartLine) -> dict[str, Any]:
    body: dict[str, Any] = {
        "line_no": number,
        "product_id": line.product_id,
        "name": line.name,
        "unit_price": line.unit_price,
        "quantity": line.quantity,
        "amount": line.amount,
        "excluded_from_discount": line.excluded_from_discount,
        "tax": line.tax.value,
    }
    # Only when set: a body without them reads as before (an unweighed line, no manual
    # change).
    if line.weight_g is not None:
        body["weight_g"] = line.weight_g
    if line.price_per_kg is not None:
        body["price_per_kg"] = line.price_per_kg
    if line.list_price is not None:
        body["list_price"] = line.list_price
    if line.line_discount:
        body["line_discount"] = line.line_discount
    return body


def _priced(
    lines: Iterable[CartLine], priced: Quote, manual: Sequence[Mapping[str, Any]] = ()
) -> dict[str, Any]:
    """The sale's lines and prices, as every payment body carries them; each line's 과세 /
    면세 and the split of the amount paid (a body without them reads as all taxable);
    the manual price changes and discounts, who asked, who approved and why (when any)."""
    lines = tuple(lines)
    extra: dict[str, Any] = {"manual_discounts": [dict(m) for m in manual]} if manual else {}
    return {
        "tender": priced.tender.value,
        "lines": [_line(number, line) for number, line in enumerate(lines, start=1)],
        "subtotal": priced.subtotal,
        "eligible": priced.eligible,
        "discount": priced.discount,
        "discount_rate_bp": priced.discount_rate_bp,
        "total": priced.total,
        "cashback_preview": priced.cashback_preview,
        "cashback_restricted": priced.cashback_restricted,
        "tax_split": cart_tax_split(lines, priced.discount).as_body(),
        **extra,
    }


def _code(code: PaymentCode, scanned_at: int) -> dict[str, Any]:
    return {
        "text": code.text,
        "token_id": code.token_id_hex,
        # u64 on the wire: a decimal string, since JSON integers are only
        # exact to 2**53 and SQLite integers stop at 2**63.
        "wallet_id": str(code.wallet_id),
        "key_id": code.key_id,
        "scanned_at": scanned_at,
    }


def counter_payment_body(
    lines: Iterable[CartLine],
    priced: Quote,
    *,
    receipt_no: str,
    business_date: str,
    code: PaymentCode | None,
    scanned_at: int,
    offline: bool,
    manual: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """A payment recorded at the counter: a scanned code (Cheongju Pay), or none (cash and
    card-terminal sales carry a null code). ``offline``: it passed the offline rules, so it
    may stand without the server's answer."""
    return {
        "receipt_no": receipt_no,
        "business_date": business_date,
        **_priced(lines, priced, manual),
        "payment_code": None if code is None else _code(code, scanned_at),
        "offline": offline,
    }


def merchant_qr_payment_body(
    lines: Iterable[CartLine],
    priced: Quote,
    request_id: str,
    manual: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """The body a merchant-presented request records once the customer paid: no payment
    code, never offline (the server's word is what records it); the receipt number,
    business date, approval number and cashback are added when it is recorded."""
    return {
        **_priced(lines, priced, manual),
        "payment_code": None,
        "offline": False,
        "mpm_request_id": request_id,
    }
