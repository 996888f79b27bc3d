"""Stock as a sum of movements: the rule the POS and the server both follow.

A product's stock level is the sum of its movements' deltas, and nothing else: no stored
counter is ever overwritten. Each movement has an id, and both sides apply a movement id at
most once. Addition commutes, so a counter selling offline while online orders are accepted
ends, once both sides have seen the same movements, at the same level on both sides, equal to
the arithmetic sum, in whatever order the movements arrived. Nothing is lost to a
read-modify-write race, because there is no read-modify-write.

Movement ids are derived, not random, wherever the same movement can be made by both sides
(an order's reservation and release): the device and the server then name it identically,
and seeing it from the other side is a no-op.

    counter sale     <payment event_id>/<line index>        -quantity  (every product line)
    counter void     <void event_id>/<line index>            +quantity  (the voided payment's)
    counter refund   <refund event_id>/<line index>          +quantity  (the refund's lines)
    receipt          <stock_movement event_id>               +n         (goods received)
    adjustment       <stock_movement event_id>               +-n        (with a reason)
    online reserve   order/<order_id>/reserve                -quantity  (the vendor accepted)
    online release   order/<order_id>/release                +quantity  (cancelled after accept)

A counter sale moves stock whatever the server later says about the payment: the goods left
the counter when the receipt printed. Voiding the payment brings them back.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


class MovementReason(enum.StrEnum):
    COUNTER_SALE = "counter_sale"
    COUNTER_VOID = "counter_void"
    RECEIPT = "receipt"
    ADJUSTMENT = "adjustment"
    ONLINE_RESERVE = "online_reserve"
    ONLINE_RELEASE = "online_release"


class AdjustReason(enum.StrEnum):
    """Why stock was adjusted by hand (required with ``MovementReason.ADJUSTMENT``)."""

    COUNT_CORRECTION = "count_correction"  # 재고 실사
    DAMAGED = "damaged"  # 파손
    EXPIRED = "expired"  # 유통기한 경과
    LOST = "lost"  # 분실
    OTHER = "other"  # 기타 (note required)


#: Reasons a device may put in a ``stock_movement`` event; the others are derived.
EVENT_REASONS = (MovementReason.RECEIPT, MovementReason.ADJUSTMENT)
MAX_DELTA = 1_000_000


@dataclass(frozen=True)
class Movement:
    movement_id: str
    product_id: str
    delta: int
    reason: MovementReason
    order_id: str | None = None


class StockRuleError(ValueError):
    """A stock_movement body that breaks the rules; ``code`` names the rule."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code


def _units(line: Mapping[str, Any]) -> int:
    """What a line moves: grams for a weighed line (goods sold by weight are stocked in
    grams), otherwise the count."""
    weight = line.get("weight_g")
    return int(weight) * int(line["quantity"]) if weight else int(line["quantity"])


def sale_movements(payment_event_id: str, lines: Iterable[Mapping[str, Any]]) -> list[Movement]:
    """The counter sale movements of a payment event's lines (lines without a product: none)."""
    return [
        Movement(f"{payment_event_id}/{i}", line["product_id"], -_units(line),
                 MovementReason.COUNTER_SALE)
        for i, line in enumerate(lines)
        if line.get("product_id")
    ]  # fmt: skip


def void_movements(void_event_id: str, voided_lines: Iterable[Mapping[str, Any]]) -> list[Movement]:
    """Goods back on the shelf: the voided payment's product lines, reversed."""
    return [
        Movement(f"{void_event_id}/{i}", line["product_id"], _units(line),
                 MovementReason.COUNTER_VOID)
        for i, line in enumerate(voided_lines)
        if line.get("product_id")
    ]  # fmt: skip


def refund_movements(refund_event_id: str, lines: Iterable[Mapping[str, Any]]) -> list[Movement]:
    """Refunded goods back on the shelf: reason ``counter_void``, the same "goods back at
    the counter" as a void (the server's schema knows no other), whatever the server later
    says about the money. The POS's projection and the server both build them here."""
    return void_movements(refund_event_id, lines)


def reserve_movement(order_id: str, product_id: str, quantity: int) -> Movement:
    return Movement(
        f"order/{order_id}/reserve", product_id, -quantity, MovementReason.ONLINE_RESERVE, order_id
    )


def release_movement(order_id: str, product_id: str, quantity: int) -> Movement:
    return Movement(
        f"order/{order_id}/release", product_id, quantity, MovementReason.ONLINE_RELEASE, order_id
    )


def event_movement(event_id: str, body: Mapping[str, Any]) -> Movement:
    """The movement a ``stock_movement`` event makes; StockRuleError if the body is bad.

    body = {"product_id", "delta", "reason": "receipt" | "adjustment",
            "adjust_reason": AdjustReason (adjustments only), "note": str}
    """
    reason = body.get("reason")
    delta = body.get("delta")
    if reason not in {r.value for r in EVENT_REASONS}:
        raise StockRuleError("bad_reason", f"reason must be receipt or adjustment, not {reason!r}")
    if not isinstance(delta, int) or isinstance(delta, bool) or delta == 0:
        raise StockRuleError("bad_delta", "delta must be a non-zero integer")
    if abs(delta) > MAX_DELTA:
        raise StockRuleError("bad_delta", f"|delta| must be at most {MAX_DELTA}")
    if reason == MovementReason.RECEIPT and delta < 0:
        raise StockRuleError("bad_delta", "a receipt of goods adds stock")
    if reason == MovementReason.ADJUSTMENT:
        adjust = body.get("adjust_reason")
        if adjust not in {r.value for r in AdjustReason}:
            raise StockRuleError("bad_adjust_reason", f"unknown adjust_reason {adjust!r}")
        if adjust == AdjustReason.OTHER and not str(body.get("note", "")).strip():
            raise StockRuleError("note_required", "an 'other' adjustment needs a note")
    product_id = body.get("product_id")
    if not isinstance(product_id, str) or not product_id:
        raise StockRuleError("bad_product", "product_id is required")
    return Movement(event_id, product_id, delta, MovementReason(reason))


def level(movements: Iterable[Movement]) -> dict[str, int]:
    """product_id -> stock level, each movement id counted once."""
    seen: set[str] = set()
    levels: dict[str, int] = {}
    for m in movements:
        if m.movement_id in seen:
            continue
        seen.add(m.movement_id)
        levels[m.product_id] = levels.get(m.product_id, 0) + m.delta
    return levels


class StockState(enum.StrEnum):
    OK = "ok"
    LOW = "low"  # at or below the product's low-stock mark
    OUT = "out"  # exactly zero
    OVERSOLD = "oversold"  # below zero: sold more than there was; the vendor must look


def stock_state(level_now: int, low_stock_at: int | None) -> StockState:
    if level_now < 0:
        return StockState.OVERSOLD
    if level_now == 0:
        return StockState.OUT
    if low_stock_at is not None and level_now <= low_stock_at:
        return StockState.LOW
    return StockState.OK
