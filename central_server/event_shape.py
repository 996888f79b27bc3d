"""Structural checks of a journal push, before anything is applied.

A structurally bad push (not JSON, a missing field, a wrong type, a value
outside the journal's canonical-JSON domain) is refused whole with ``422
invalid_event``: the POS cannot have produced it, and applying part of it would
hide the bug. Business problems (a forged code, wrong arithmetic) are not
structural: they are declines, and the event is stored.

The hot path: exact ``type()`` checks and no per-event objects beyond the
``JournalEvent`` the hash check needs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

from central_server.day_close import DAY_EVENTS
from central_server.day_close import body_problem as day_body_problem
from central_server.event_bounds import (
    MAX_EVENT_AMOUNT,
    MAX_EVENT_UNIT_PRICE,
    MAX_LINE_QUANTITY,
    MAX_LINE_WEIGHT_G,
    MAX_PRICE_PER_KG,
    within,
)
from central_server.payment_rules import amounts_add_up
from central_server.refund_shape import PAYMENT_REFUND, refund_body_problem
from central_server.split_shape import SPLIT, split_body_problem
from pos_app.domain.card_approval import is_card_approval_no
from pos_app.domain.journal import JournalEvent, make_event
from pos_app.domain.stock import StockRuleError, event_movement
from pos_app.domain.tax import TaxCategory, sale_split

MAX_BATCH: Final = 500
#: Far above 500 real events (~1 KB each); a body beyond it is refused unread.
MAX_BODY_BYTES: Final = 16 * 1024 * 1024
PAYMENT: Final = "payment"
PAYMENT_VOID: Final = "payment_void"
PRODUCT_UPSERT: Final = "product_upsert"
STOCK_MOVEMENT: Final = "stock_movement"
LISTING_UPSERT: Final = "listing_upsert"
LISTING_STOCK: Final = "listing_stock"
ORDER_STATUS: Final = "order_status"
CHEONGJU_PAY: Final = "cheongju_pay"
CASH: Final = "cash"
CHEONGJU_CARD: Final = "cheongju_card"

_HASH = re.compile(r"[0-9a-f]{64}")
# One spelling (docs/protocol.md): UTC, milliseconds, "Z", so hashes agree everywhere.
# ASCII digits only: ``\d`` would take Arabic-Indic and other Unicode digits too.
_OCCURRED_AT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z")
#: A real push nests about 5 deep; far deeper JSON is an attack on recursive code.
MAX_JSON_DEPTH: Final = 32
_MAX_ID_LEN: Final = 64
_TAX_CATEGORIES: Final = frozenset(category.value for category in TaxCategory)


class BatchTooLarge(Exception):
    def __init__(self, count: int) -> None:
        super().__init__(f"{count} events; at most {MAX_BATCH} per push")
        self.count = count


class InvalidEvent(Exception):
    """``index`` is the event's position in the batch (None: the push as a whole)."""

    def __init__(self, detail: str, index: int | None = None, seq: int | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.index = index
        self.seq = seq


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def too_deep(document: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether containers nest deeper than ``limit``; iterative, so it cannot overflow."""
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if type(value) is dict:
            children: Any = value.values()
        elif type(value) is list:
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def parse_push(raw: bytes) -> list[Any]:
    """The ``events`` list of a push body; raises ``InvalidEvent`` or ``BatchTooLarge``."""
    too_deep_detail = f"the body is nested too deep (at most {MAX_JSON_DEPTH} levels)"
    try:
        document = json.loads(raw, parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidEvent(f"the body is not UTF-8 JSON: {exc}") from None
    except RecursionError:  # the C decoder stops cleanly at the interpreter's limit
        raise InvalidEvent(too_deep_detail) from None
    # A depth the decoder survives would still overflow the recursive code after it (the
    # canonical-JSON encoder, the body checks): a real push nests about 5 deep.
    if too_deep(document):
        raise InvalidEvent(too_deep_detail)
    if type(document) is not dict or "events" not in document:
        raise InvalidEvent('the body must be an object {"events": [...]}')
    events = document["events"]
    if type(events) is not list:
        raise InvalidEvent('"events" must be a list')
    if len(events) > MAX_BATCH:
        raise BatchTooLarge(len(events))
    if not events:
        raise InvalidEvent('"events" is empty; send 1 to 500 events')
    return events


def validate_event(index: int, obj: Any) -> tuple[JournalEvent, str]:
    """Check one event's shape; return it rebuilt (hash recomputed) and the claimed hash.

    The rebuilt ``JournalEvent`` carries the body's canonical JSON (``body_json``),
    which is what the server stores, and its ``hash`` is the one the content
    deserves (``pos_app.domain.journal.make_event``, the POS's own function).
    """
    if type(obj) is not dict:
        raise InvalidEvent("an event must be an object", index)
    seq = obj.get("seq")
    if type(seq) is not int or seq < 1:
        raise InvalidEvent("seq must be an integer >= 1", index)
    event_id = _string(obj, "event_id", index, seq)
    event_type = _string(obj, "type", index, seq)
    occurred_at = obj.get("occurred_at")
    if type(occurred_at) is not str or not _is_timestamp(occurred_at):
        raise InvalidEvent(
            "occurred_at must be RFC 3339 UTC like 2026-11-25T03:00:00.123Z", index, seq
        )
    prev_hash = obj.get("prev_hash")
    claimed_hash = obj.get("hash")
    if type(prev_hash) is not str or not _HASH.fullmatch(prev_hash):
        raise InvalidEvent("prev_hash must be 64 lower-case hex digits", index, seq)
    if type(claimed_hash) is not str or not _HASH.fullmatch(claimed_hash):
        raise InvalidEvent("hash must be 64 lower-case hex digits", index, seq)
    body = obj.get("body")
    if type(body) is not dict:
        raise InvalidEvent("body must be an object", index, seq)
    _check_body(event_type, event_id, body, index, seq)
    try:
        rebuilt = make_event(
            seq=seq,
            event_id=event_id,
            type=event_type,
            occurred_at=occurred_at,
            body=body,
            prev_hash=prev_hash,
        )
    except ValueError as exc:  # outside the canonical JSON domain: floats, huge integers
        raise InvalidEvent(f"body: {exc}", index, seq) from None
    return rebuilt, claimed_hash


def _is_timestamp(text: str) -> bool:
    """The one spelling, and a real instant (no 30 February, no hour 24)."""
    if not _OCCURRED_AT.fullmatch(text):
        return False
    try:
        datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ")
    except ValueError:
        return False
    return True


def _check_body(event_type: str, event_id: str, body: dict[str, Any], index: int, seq: int) -> None:
    """The body rules of the event's type (a type without rules passes)."""
    if event_type == PAYMENT:
        _check_payment_body(body, index, seq)
    elif event_type == PAYMENT_VOID:
        _check_void_body(body, index, seq)
    elif event_type in DAY_EVENTS:
        if (problem := day_body_problem(event_type, body)) is not None:
            raise InvalidEvent(f"body: {problem}", index, seq)
    elif event_type == PAYMENT_REFUND:
        if (problem := refund_body_problem(body)) is not None:
            raise InvalidEvent(f"body: {problem}", index, seq)
    elif event_type in _ISSUE_5_CHECKS:
        # These bodies land in columns: PostgreSQL text cannot hold NUL, and a driver error
        # there would be a 500 for what is really a malformed event.
        if _holds_nul(body):
            raise InvalidEvent("body: strings must not contain NUL characters", index, seq)
        _ISSUE_5_CHECKS[event_type](event_id, body, index, seq)


def _string(obj: Mapping[str, Any], key: str, index: int, seq: int) -> str:
    value = obj.get(key)
    if type(value) is not str or not 0 < len(value) <= _MAX_ID_LEN or "\x00" in value:
        raise InvalidEvent(f"{key} must be a string of 1 to {_MAX_ID_LEN} characters", index, seq)
    return value


def _holds_nul(value: Any) -> bool:
    kind = type(value)
    if kind is str:
        return "\x00" in value
    if kind is dict:
        return any("\x00" in key or _holds_nul(item) for key, item in value.items())
    if kind is list:
        return any(_holds_nul(item) for item in value)
    return False


def _need(obj: Mapping[str, Any], key: str, kind: type, where: str, index: int, seq: int) -> Any:
    value = obj.get(key)
    if type(value) is not kind:
        raise InvalidEvent(f"{where}{key} must be {kind.__name__}", index, seq)
    return value


def _bounded(
    obj: Mapping[str, Any], key: str, low: int, high: int, where: str, index: int, seq: int
) -> int:
    """An integer field within its ceiling (``central_server.event_bounds``)."""
    value = obj.get(key)
    if not within(value, low, high):
        raise InvalidEvent(f"{where}{key} must be an integer from {low} to {high:,}", index, seq)
    return value


def _maybe(
    obj: Mapping[str, Any], key: str, kinds: tuple[type, ...], where: str, index: int, seq: int
) -> None:
    if key in obj and type(obj[key]) not in kinds:
        names = " or ".join("null" if kind is type(None) else kind.__name__ for kind in kinds)
        raise InvalidEvent(f"{where}{key} must be {names}", index, seq)


def _check_payment_body(body: Mapping[str, Any], index: int, seq: int) -> None:
    """The fields the server settles with must be there with the right types; the
    informational ones (receipt_no, business_date, ...) are type-checked when present."""
    # Magnitudes only: a negative discount or a total that does not add up is a business
    # decline (stored and chained, ``payment_rules.amounts_add_up``), not a malformed event.
    for key in ("subtotal", "eligible", "discount", "total"):
        _bounded(body, key, -MAX_EVENT_AMOUNT, MAX_EVENT_AMOUNT, "body.", index, seq)
    _need(body, "offline", bool, "body.", index, seq)
    _maybe(body, "answer_awaited", (bool,), "body.", index, seq)
    lines = _need(body, "lines", list, "body.", index, seq)
    for number, line in enumerate(lines):
        where = f"body.lines[{number}]."
        if type(line) is not dict:
            raise InvalidEvent(f"body.lines[{number}] must be an object", index, seq)
        _bounded(line, "unit_price", -MAX_EVENT_UNIT_PRICE, MAX_EVENT_UNIT_PRICE, where, index, seq)
        # Every product line is a stock movement: a quantity below 1 would put goods back.
        _bounded(line, "quantity", 1, MAX_LINE_QUANTITY, where, index, seq)
        _bounded(line, "amount", -MAX_EVENT_AMOUNT, MAX_EVENT_AMOUNT, where, index, seq)
        _need(line, "excluded_from_discount", bool, where, index, seq)
        _maybe(line, "line_no", (int,), where, index, seq)
        _maybe(line, "name", (str,), where, index, seq)
        _maybe(line, "product_id", (str, type(None)), where, index, seq)

        # A weighed line (scale label): present only when set; its stock moves in grams.
        if "weight_g" in line:
            _bounded(line, "weight_g", 1, MAX_LINE_WEIGHT_G, where, index, seq)
        if "price_per_kg" in line:
            _bounded(line, "price_per_kg", 1, MAX_PRICE_PER_KG, where, index, seq)
        _check_manual_line(line, where, index, seq)
        product_id = line.get("product_id")
        # Every product line becomes a stock movement, keyed by product id.
        if type(product_id) is str and (len(product_id) > _MAX_ID_LEN or "\x00" in product_id):
            raise InvalidEvent(f"{where}product_id: at most {_MAX_ID_LEN} characters", index, seq)
    _check_tax(body, lines, index, seq)
    _check_manual_discounts(body, index, seq)
    for key in ("receipt_no", "business_date", "tender", "merchant_id"):
        _maybe(body, key, (str,), "body.", index, seq)
    for key in ("discount_rate_bp", "cashback_preview"):
        _maybe(body, key, (int,), "body.", index, seq)
    split = body.get("tender") == SPLIT
    if split and (problem := split_body_problem(body)) is not None:
        raise InvalidEvent(problem, index, seq)
    if "cash_receipt" in body:
        # Only cash gets a cash receipt: card spending (Cheongju Pay included) counts for the
        # customer's deduction already. A POS cannot have sent one on another tender.
        if not _has_cash(body):
            raise InvalidEvent("body.cash_receipt: only a cash payment gets one", index, seq)
        _need(body, "cash_receipt", dict, "body.", index, seq)
    _check_payment_proof(body, split, index, seq)


def _check_payment_proof(body: Mapping[str, Any], split: bool, index: int, seq: int) -> None:
    """What stands behind the payment: the terminal's approval number for the Cheongju Pay
    card, the customer's code (or the merchant QR request) for Cheongju Pay by app, nothing
    for cash and the card terminal."""
    if body.get("tender") == CHEONGJU_CARD:
        # The card on the terminal: its approval number is the sale's whole proof (the
        # POS refuses to record one without it, so a body lacking it is malformed).
        if not is_card_approval_no(body.get("card_approval_no")):
            raise InvalidEvent(
                "body.card_approval_no: the terminal's approval number, 6 to 12 digits",
                index,
                seq,
            )
        return
    if "card_approval_no" in body:
        raise InvalidEvent("body.card_approval_no: only a Cheongju Pay card payment", index, seq)
    if split and body.get("payment_code") is None:
        return  # a split sale without a QR part: recorded, no payment code involved
    if not split and body.get("tender", CHEONGJU_PAY) != CHEONGJU_PAY:
        return  # another tender (cash, card terminal): recorded, no payment code involved
    if "mpm_request_id" in body:
        # Merchant-presented: the customer paid the request; no code to check.
        request_id = _need(body, "mpm_request_id", str, "body.", index, seq)
        if not 0 < len(request_id) <= 36 or "\x00" in request_id:
            raise InvalidEvent("body.mpm_request_id: 1 to 36 characters", index, seq)
        return
    code = _need(body, "payment_code", dict, "body.", index, seq)
    _need(code, "text", str, "body.payment_code.", index, seq)
    _need(code, "scanned_at", int, "body.payment_code.", index, seq)
    _maybe(code, "token_id", (str,), "body.payment_code.", index, seq)
    _maybe(code, "wallet_id", (str,), "body.payment_code.", index, seq)
    _maybe(code, "key_id", (int,), "body.payment_code.", index, seq)


def _has_cash(body: Mapping[str, Any]) -> bool:
    """A cash payment, or a split sale with a cash part (its receipt is for that part)."""
    if body.get("tender") == SPLIT:
        return any(part["tender"] == CASH for part in body["parts"])
    return body.get("tender") == CASH


_MANUAL_SCOPES = frozenset({"line", "sale"})
_MANUAL_KINDS = frozenset({"price", "won", "percent"})


def _check_manual_line(line: Mapping[str, Any], where: str, index: int, seq: int) -> None:
    """A line's manual price change (``list_price``) or discount (``line_discount``), when
    present: a discount the line's own figures do not net is forged, never a business
    decline, so it is refused whatever the tender (cash and card are recorded unchecked)."""
    if "list_price" in line:
        _bounded(line, "list_price", 0, MAX_EVENT_UNIT_PRICE, where, index, seq)
    if "line_discount" not in line:
        return
    discount = _bounded(line, "line_discount", 0, MAX_EVENT_AMOUNT, where, index, seq)
    gross = line["unit_price"] * line["quantity"]
    if discount > gross or line["amount"] != gross - discount:
        raise InvalidEvent(
            f"{where}line_discount: amount must be unit_price x quantity - line_discount,"
            " the discount at most the line",
            index,
            seq,
        )


def _check_manual_discounts(body: Mapping[str, Any], index: int, seq: int) -> None:
    """Who asked, who approved and why, per manual change (informational, typed)."""
    if "manual_discounts" not in body:
        return
    entries = _need(body, "manual_discounts", list, "body.", index, seq)
    for number, entry in enumerate(entries):
        where = f"body.manual_discounts[{number}]."
        if type(entry) is not dict:
            raise InvalidEvent(f"body.manual_discounts[{number}] must be an object", index, seq)
        if entry.get("scope") not in _MANUAL_SCOPES or entry.get("kind") not in _MANUAL_KINDS:
            raise InvalidEvent(f"{where}scope/kind unknown", index, seq)
        _bounded(entry, "value", 0, MAX_EVENT_AMOUNT, where, index, seq)
        _bounded(entry, "won", -MAX_EVENT_AMOUNT, MAX_EVENT_AMOUNT, where, index, seq)
        _need(entry, "reason", str, where, index, seq)
        for key in ("requested_by", "approved_by"):
            _maybe(entry, key, (str, type(None)), where, index, seq)
        _maybe(entry, "line_no", (int,), where, index, seq)


def _check_tax(body: Mapping[str, Any], lines: list[Any], index: int, seq: int) -> None:
    """Each line's ``tax`` and the body's ``tax_split``, when present (a body from before
    they existed is all taxable). The split is recomputed from the lines and the discount
    with the POS's own function: the server trusts no device's VAT figures. A payment whose
    amounts do not add up is a business decline (payment_rules), its split not judged."""
    for number, line in enumerate(lines):
        if "tax" in line and line["tax"] not in _TAX_CATEGORIES:
            raise InvalidEvent(f"body.lines[{number}].tax must be taxable or exempt", index, seq)
    if "tax_split" not in body:
        return
    split = _need(body, "tax_split", dict, "body.", index, seq)
    for key in ("taxable", "vat", "exempt"):
        _bounded(split, key, 0, MAX_EVENT_AMOUNT, "body.tax_split.", index, seq)
    if not amounts_add_up(body):
        return
    expected = sale_split(
        (
            (
                line["amount"],
                TaxCategory(line.get("tax", "taxable")),
                not line["excluded_from_discount"],
            )
            for line in lines
        ),
        body["discount"],
    )
    if split != expected.as_body():
        raise InvalidEvent(
            f"body.tax_split does not match the lines: {expected.as_body()} expected", index, seq
        )


def _check_void_body(body: Mapping[str, Any], index: int, seq: int) -> None:
    if "\x00" in _need(body, "payment_id", str, "body.", index, seq):
        raise InvalidEvent("body.payment_id must not contain NUL characters", index, seq)
    _maybe(body, "receipt_no", (str,), "body.", index, seq)
    _maybe(body, "reason", (str,), "body.", index, seq)
    _maybe(body, "cash_receipt_cancel", (dict,), "body.", index, seq)


# ----- the shop: catalogue, stock, listings, orders --------------------------------------------
# Only what storing the event needs is structural here (ids, types of stored fields); a
# listing or an order transition that breaks a business rule is a decline, stored and chained.


def _check_product_body(_event_id: str, body: Mapping[str, Any], index: int, seq: int) -> None:
    _string(body, "product_id", index, seq)
    _need(body, "name", str, "body.", index, seq)
    _bounded(body, "price", 0, MAX_EVENT_UNIT_PRICE, "body.", index, seq)
    _maybe(body, "category", (str,), "body.", index, seq)
    for key in ("excluded_from_discount", "active", "favourite", "sold_by_weight", "market_price"):
        _maybe(body, key, (bool,), "body.", index, seq)
    if body.get("price_per_kg") is not None:
        _bounded(body, "price_per_kg", 1, MAX_PRICE_PER_KG, "body.", index, seq)
    _maybe(body, "low_stock_at", (int, type(None)), "body.", index, seq)
    _maybe(body, "photo", (str, type(None)), "body.", index, seq)
    if "tax_category" in body and body["tax_category"] not in _TAX_CATEGORIES:
        raise InvalidEvent("body.tax_category must be taxable or exempt", index, seq)
    photo = body.get("photo")
    if photo is not None and not _HASH.fullmatch(photo):
        raise InvalidEvent("body.photo must be a SHA-256 (64 lower-case hex digits)", index, seq)
    codes = body.get("codes", [])
    if type(codes) is not list or not all(type(code) is str for code in codes):
        raise InvalidEvent("body.codes must be a list of strings", index, seq)


def _check_stock_body(event_id: str, body: Mapping[str, Any], index: int, seq: int) -> None:
    # The event_id is the movement id; '/' belongs to derived ids (sales, orders), so a
    # device's own movement can never take the id of one the server makes.
    if "/" in event_id:
        raise InvalidEvent("a stock_movement's event_id must not contain '/'", index, seq)
    _string(body, "product_id", index, seq)
    _maybe(body, "note", (str,), "body.", index, seq)
    try:
        event_movement(event_id, body)
    except StockRuleError as exc:
        raise InvalidEvent(f"body: {exc}", index, seq) from None


def _check_listing_body(_event_id: str, body: Mapping[str, Any], index: int, seq: int) -> None:
    _string(body, "listing_id", index, seq)
    _string(body, "product_id", index, seq)
    if "tax_category" in body and body["tax_category"] not in _TAX_CATEGORIES:
        raise InvalidEvent("body.tax_category must be taxable or exempt", index, seq)


def _check_listing_stock_body(
    _event_id: str, body: Mapping[str, Any], index: int, seq: int
) -> None:
    _string(body, "listing_id", index, seq)


def _check_order_status_body(_event_id: str, body: Mapping[str, Any], index: int, seq: int) -> None:
    _string(body, "order_id", index, seq)
    _need(body, "status", str, "body.", index, seq)
    _maybe(body, "reason", (str,), "body.", index, seq)
    _maybe(body, "tracking_no", (str,), "body.", index, seq)


_ISSUE_5_CHECKS: Final = {
    PRODUCT_UPSERT: _check_product_body,
    STOCK_MOVEMENT: _check_stock_body,
    LISTING_UPSERT: _check_listing_body,
    LISTING_STOCK: _check_listing_stock_body,
    ORDER_STATUS: _check_order_status_body,
}
