"""A split sale (복합결제) on the wire: the shape of its ``parts``, the Cheongju Pay QR part
the wallet is charged, and the special discount the one rule allows any payment
(``pos_app/domain/split.py``).

The parts are structural (a POS cannot have sent parts that do not add up, two Cheongju Pay
parts, or a QR part without a code): ``422 invalid_event``. So is a discount larger than the
rule gives the payment's Cheongju Pay share at the rate it was priced at, which the server
recomputes itself: it trusts no device's discount."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from central_server.event_bounds import MAX_EVENT_AMOUNT, within
from central_server.schema import payment_parts
from pos_app.domain.split import split_discount
from pos_app.domain.tenders import Tender, is_cheongju_pay

SPLIT: Final = Tender.SPLIT.value
_PART_TENDERS: Final = frozenset(
    tender.value
    for tender in (Tender.CHEONGJU_PAY, Tender.CHEONGJU_CARD, Tender.CASH, Tender.CARD_TERMINAL)
)


def _part_problem(number: int, part: Any) -> str | None:
    where = f"body.parts[{number}]"
    if type(part) is not dict:
        return f"{where} must be an object"
    if part.get("tender") not in _PART_TENDERS:
        return f"{where}.tender must be one of {sorted(_PART_TENDERS)}"
    if not within(part.get("amount"), 1, MAX_EVENT_AMOUNT):
        return f"{where}.amount must be an integer from 1 to {MAX_EVENT_AMOUNT:,}"
    if part["tender"] == Tender.CHEONGJU_CARD.value:
        approval = part.get("card_approval_no")
        if type(approval) is not str or not (approval.isascii() and approval.isdigit()):
            return f"{where}.card_approval_no must be the terminal's digits"
        if not 6 <= len(approval) <= 12:
            return f"{where}.card_approval_no must have 6 to 12 digits"
    if part["tender"] == Tender.CASH.value:
        tendered, change = part.get("tendered"), part.get("change")
        if not within(tendered, 0, MAX_EVENT_AMOUNT) or not within(change, 0, MAX_EVENT_AMOUNT):
            return f"{where}: a cash part has tendered and change"
        if tendered - change != part["amount"]:
            return f"{where}: tendered - change must be the amount"
    return None


def split_body_problem(body: Mapping[str, Any]) -> str | None:
    """What is wrong with a split payment body's parts (None: nothing)."""
    parts = body.get("parts")
    if type(parts) is not list or not 1 <= len(parts) <= 4:
        return "body.parts must be a list of 1 to 4 parts"
    for number, part in enumerate(parts):
        if (problem := _part_problem(number, part)) is not None:
            return problem
    tenders = [part["tender"] for part in parts]
    if len(set(tenders)) != len(tenders):
        return "body.parts: one part per tender"
    if sum(1 for tender in tenders if is_cheongju_pay(Tender(tender))) > 1:
        return "body.parts: at most one Cheongju Pay part (QR or card)"
    if sum(part["amount"] for part in parts) != body.get("total"):
        return "body.parts must add up to body.total"
    has_code = type(body.get("payment_code")) is dict
    if has_code != (Tender.CHEONGJU_PAY.value in tenders):
        return "body.payment_code goes with a Cheongju Pay QR part, and only with one"
    return None


def wallet_part(body: Mapping[str, Any]) -> int:
    """The won a payment body charges the customer's wallet: the QR part of a split sale,
    the total of a Cheongju Pay payment."""
    if body.get("tender") != SPLIT:
        return int(body["total"])
    return sum(
        int(part["amount"]) for part in body["parts"] if part["tender"] == Tender.CHEONGJU_PAY.value
    )


def cheongju_pay_part(body: Mapping[str, Any]) -> int:
    """The won of a split sale paid by Cheongju Pay, QR or card (what earns the discount)."""
    return sum(
        int(part["amount"]) for part in body["parts"] if is_cheongju_pay(Tender(part["tender"]))
    )


def discount_problem(body: Mapping[str, Any]) -> str | None:
    """A payment's special discount above what the one rule gives at the rate it was priced
    at (``discount_rate_bp``): all of the eligible goods' discount for Cheongju Pay (QR or
    card), the Cheongju Pay share's for a split sale (``domain/split.py``), none for cash or
    the card terminal. Rounded to the won (the permissive bound: a 10-won rounding gives
    less). The rate is the POS's, not compared with the server's policy of today: a policy
    changed while a till was offline must not make its sales unpushable (the discount is the
    merchant's own money; docs/decisions.md)."""
    rate = body.get("discount_rate_bp")
    if type(rate) is not int or not 0 <= rate <= 10_000:
        return None  # an older body without it: its arithmetic is checked as before
    tender = body.get("tender", Tender.CHEONGJU_PAY.value)
    eligible = sum(line["amount"] for line in body["lines"] if not line["excluded_from_discount"])
    full = eligible * rate // 10_000
    if tender == SPLIT:
        allowed = split_discount(cheongju_pay_part(body), full, rate, 1)
    elif tender in (Tender.CHEONGJU_PAY.value, Tender.CHEONGJU_CARD.value):
        allowed = full
    else:
        allowed = 0
    if body["discount"] > allowed:
        return (
            f"body.discount {body['discount']:,} exceeds {allowed:,}, what the special"
            f" discount at {rate / 100:g} % gives this payment's Cheongju Pay share"
        )
    return None


def split_part_rows(ctx: Any, event: Any) -> list[tuple[Any, dict[str, Any]]]:
    """The ``payment_parts`` rows of a split sale (``ctx``: the push's context)."""
    return [
        (
            payment_parts,
            {
                "payment_id": event.event_id,
                "part_no": number,
                "merchant_id": ctx.merchant_id,
                "device_id": ctx.device_id,
                "tender": part["tender"],
                "amount": part["amount"],
                "card_approval_no": part.get("card_approval_no"),
                "received_at": ctx.received_at,
            },
        )
        for number, part in enumerate(event.body["parts"], start=1)
    ]
