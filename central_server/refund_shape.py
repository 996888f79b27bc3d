"""Structural check of a ``payment_refund`` body (422 ``invalid_event`` when it fails).

No imports from the rest of the server but its bounds: ``event_shape`` calls it, and the
settlement modules import ``event_shape``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from central_server.event_bounds import MAX_EVENT_AMOUNT, MAX_LINE_QUANTITY, within

PAYMENT_REFUND: Final = "payment_refund"
_MAX_ID_LEN: Final = 64


def _is_int(value: Any) -> bool:
    return type(value) is int


def refund_body_problem(body: Mapping[str, Any]) -> str | None:
    """What is structurally wrong with the body, or None."""
    payment_id = body.get("payment_id")
    if type(payment_id) is not str or not 0 < len(payment_id) <= _MAX_ID_LEN:
        return f"payment_id must be a string of 1 to {_MAX_ID_LEN} characters"
    if type(body.get("tender")) is not str:
        return "tender must be a string"
    for key in ("gross", "discount_share", "amount"):
        if not within(body.get(key), 0, MAX_EVENT_AMOUNT):
            return f"{key} must be an integer from 0 to {MAX_EVENT_AMOUNT:,}"
    if problem := _lines_problem(body.get("lines")):
        return problem
    for key in ("reason", "note", "refund_no", "receipt_no", "business_date"):
        if key in body and type(body[key]) is not str:
            return f"{key} must be a string"
    if "tax_split" in body and (problem := _split_problem(body["tax_split"], body["amount"])):
        return problem
    if body["tender"] == "split" and (problem := _parts_problem(body.get("parts"), body)):
        return problem
    if "cash_receipt_cancel" in body and type(body["cash_receipt_cancel"]) is not dict:
        return "cash_receipt_cancel must be an object"
    if _holds_nul(body):
        return "strings must not contain NUL characters"
    return None


_PART_TENDERS: Final = ("cash", "card_terminal", "cheongju_card", "cheongju_pay")


def _parts_problem(parts: Any, body: Mapping[str, Any]) -> str | None:
    """A split sale's refund by tender: parts that add up to the amount."""
    if type(parts) is not list or not parts:
        return "parts must be a non-empty list"
    for number, part in enumerate(parts):
        if type(part) is not dict or part.get("tender") not in _PART_TENDERS:
            return f"parts[{number}].tender must be one of {list(_PART_TENDERS)}"
        # 0 won: a tender that gives nothing back but whose 과세/면세 mix moves (the POS's
        # VAT shares by tender; the money is the other parts').
        if not within(part.get("amount"), 0, MAX_EVENT_AMOUNT):
            return f"parts[{number}].amount must be an integer from 0 to {MAX_EVENT_AMOUNT:,}"
    if sum(part["amount"] for part in parts) != body["amount"]:
        return "parts must add up to amount"
    return None


def _lines_problem(lines: Any) -> str | None:
    """What is wrong with the refunded lines, or None."""
    if type(lines) is not list:
        return "lines must be a list"
    for number, line in enumerate(lines):
        if type(line) is not dict:
            return f"lines[{number}] must be an object"
        if not _is_int(line.get("line_no")) or not _is_int(line.get("quantity")):
            return f"lines[{number}]: line_no and quantity must be integers"
        if not within(line["quantity"], 1, MAX_LINE_QUANTITY):
            return f"lines[{number}].quantity must be from 1 to {MAX_LINE_QUANTITY:,}"
        product_id = line.get("product_id")
        if product_id is not None and (
            type(product_id) is not str or not 0 < len(product_id) <= _MAX_ID_LEN
        ):
            return f"lines[{number}].product_id: 1 to {_MAX_ID_LEN} characters or null"
    return None


def _split_problem(split: Any, amount: int) -> str | None:
    """The refund's VAT split: three integers whose parts make the amount given back
    (a refund from before splits existed has none: all taxable)."""
    if type(split) is not dict or not all(
        within(split.get(key), 0, MAX_EVENT_AMOUNT) for key in ("taxable", "vat", "exempt")
    ):
        return "tax_split must hold integers taxable, vat and exempt"
    if split["taxable"] + split["exempt"] != amount or split["vat"] > split["taxable"]:
        return "tax_split does not add up to the amount"
    return None


def _holds_nul(value: Any) -> bool:
    if type(value) is str:
        return "\x00" in value
    if type(value) is dict:
        return any("\x00" in key or _holds_nul(item) for key, item in value.items())
    if type(value) is list:
        return any(_holds_nul(item) for item in value)
    return False
