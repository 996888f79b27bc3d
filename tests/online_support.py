"""Shared by the shop tests (stock, listings, online orders) on a real SQLite file:
server changes as the feed sends them, acknowledgements, and table dumps."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from pos_app.domain.listings import Channel, sale_split
from pos_app.store import stock_movements, sync_state
from pos_app.store.database import write_transaction
from pos_app.sync import changes_feed

RECEIVED = "2026-11-25T00:00:00.000Z"
_orders = itertools.count(1)

# The shop's tables (stock, listings, orders) and the columns that order their rows uniquely.
ONLINE_TABLES = {
    "stock_movements": "movement_id",
    "stock_levels": "product_id",
    "listings": "listing_id",
    "listing_reviews": "listing_id",
    "orders": "order_id",
    "media": "sha256",
}


def dump_online(conn: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    return {
        table: [tuple(row) for row in conn.execute(f"SELECT * FROM {table} ORDER BY {order}")]
        for table, order in ONLINE_TABLES.items()
    }


def order_data(
    *,
    order_id: str | None = None,
    product_id: str = "P0002",
    quantity: int = 2,
    unit_price: int = 32_000,
    status: str = "placed",
    delivery_method: str = "parcel",
    delivery_fee: int = 3_000,
    channel: str = "mall",
    **overrides: Any,
) -> dict[str, Any]:
    """An ``order`` change's data, as the server sends it (docs/protocol.md)."""
    split = sale_split(Channel(channel), unit_price, quantity, delivery_fee)
    data = {
        "order_id": order_id or f"O-{next(_orders):04d}",
        "listing_id": "L-1",
        "product_id": product_id,
        "channel": channel,
        "title": "부사 사과 5kg",
        "quantity": quantity,
        "unit_price": unit_price,
        "delivery_method": delivery_method,
        "delivery_fee": delivery_fee,
        "goods": split.goods,
        "fee": split.fee,
        "payout": split.payout,
        "total": split.goods + delivery_fee,
        "customer_name": "이수진",
        "customer_phone": "010-1234-5678",
        "address": "충북 청주시 상당구 상당로 1",
        "request_note": "문 앞에 놓아 주세요",
        "status": status,
        "status_reason": None,
        "tracking_no": None,
        "placed_at": "2026-11-24T15:00:00.000Z",
        "updated_at": "2026-11-24T15:00:00.000Z",
    }
    data.update(overrides)
    return data


def listing_body(**changes: Any) -> dict[str, Any]:
    """A ``listing_upsert`` body for the demo's apples; ``changes`` override fields."""
    body: dict[str, Any] = {
        "listing_id": "L-1",
        "product_id": "P0002",
        "channel": "mall",
        "title": "부사 사과 5kg 산지직송",
        "description": "청주 과수원",
        "photos": ["b" * 64],
        "price": 32_000,
        "stock_offered": 5,
        "delivery": {"parcel_fee": 3_000, "pickup": True, "same_day_fee": None},
        "state": "draft",
    }
    body.update(changes)
    return body


def feed(
    conn: sqlite3.Connection, *changes: tuple[str, Mapping[str, Any]], cursor: str = "c"
) -> set[str]:
    """Apply changes (type, data) as one page of the feed; the kinds it reported."""
    with write_transaction(conn):
        return changes_feed.apply_changes(
            conn, [{"type": kind, "data": dict(data)} for kind, data in changes], cursor, RECEIVED
        )


def acknowledge(
    conn: sqlite3.Connection, outcomes: Mapping[int, tuple[str, dict[str, Any]]] | None = None
) -> None:
    """Store the server's answers for every pending event: ``recorded`` unless named."""
    outcomes = outcomes or {}
    results = []
    for event in sync_state.pending_events(conn, 10_000):
        outcome, detail = outcomes.get(event.seq, ("recorded", {}))
        results.append(
            {
                "seq": event.seq,
                "event_id": event.event_id,
                "status": "applied",
                "outcome": outcome,
                **detail,
            }
        )
    with write_transaction(conn):
        sync_state.apply_results(conn, results, RECEIVED)


def level(conn: sqlite3.Connection, product_id: str) -> int:
    """The cached level, checked against the plain sum of the movements."""
    cached = stock_movements.level_of(conn, product_id)
    assert cached == stock_movements.summed_levels(conn).get(product_id, 0)
    return cached


def movement_ids(conn: sqlite3.Connection, product_id: str | None = None) -> set[str]:
    rows: Iterable[sqlite3.Row]
    if product_id is None:
        rows = conn.execute("SELECT movement_id FROM stock_movements")
    else:
        rows = conn.execute(
            "SELECT movement_id FROM stock_movements WHERE product_id = ?", (product_id,)
        )
    return {row[0] for row in rows}
