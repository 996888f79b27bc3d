"""Listings, online orders and server-made stock movements in their wire shape.

One spelling for the changes feed (changes and snapshot), the push and the customer's routes
(docs/protocol.md, "Catalogue, stock, listings and online orders").
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy import Connection, Row, or_, select

from central_server.schema import listings, orders
from pos_app.domain.journal import format_timestamp
from pos_app.domain.listings import ListingState
from pos_app.domain.orders import FINAL
from pos_app.domain.stock import Movement

#: Final orders stay in a snapshot this long: a device that re-syncs still shows the recent ones.
FINAL_ORDERS_IN_SNAPSHOT: Final = timedelta(days=7)
#: Only the server's review sets these; the device sets every other listing state itself.
REVIEWED: Final = frozenset({ListingState.PUBLISHED, ListingState.REJECTED})


def _time(value: datetime | None) -> str | None:
    return format_timestamp(value) if value is not None else None


def order_json(row: Row[Any]) -> dict[str, Any]:
    """The ``order`` change (and the customer's order): no wallet id, the vendor needs none."""
    return {
        "order_id": row.order_id,
        "listing_id": row.listing_id,
        "product_id": row.product_id,
        "channel": row.channel,
        "title": row.title,
        "quantity": row.quantity,
        "unit_price": row.unit_price,
        "delivery_method": row.delivery_method,
        "delivery_fee": row.delivery_fee,
        "goods": row.goods,
        "fee": row.fee,
        "payout": row.payout,
        "total": row.total,
        "customer_name": row.customer_name,
        "customer_phone": row.customer_phone,
        "address": row.address,
        "request_note": row.request_note,
        "status": row.status,
        # Stored as "" when there is none; sent as null, like the other optional fields.
        "status_reason": row.status_reason or None,
        "tracking_no": row.tracking_no or None,
        "placed_at": _time(row.placed_at),
        "updated_at": _time(row.updated_at),
    }


def listing_status_json(row: Row[Any]) -> dict[str, Any]:
    """The ``listing_status`` change: the server's state of a listing, reason if rejected,
    what is left of its online offer, and the last device event it is based on."""
    return {
        "listing_id": row.listing_id,
        "status": row.state,
        "reason": row.review_reason or None,
        "reviewed_at": _time(row.reviewed_at),
        "stock_offered": row.stock_offered,
        "event_id": row.event_id,
    }


def movement_json(movement: Movement, occurred_at: datetime) -> dict[str, Any]:
    return {
        "movement_id": movement.movement_id,
        "product_id": movement.product_id,
        "delta": movement.delta,
        "reason": movement.reason.value,
        "order_id": movement.order_id,
        "occurred_at": format_timestamp(occurred_at),
    }


def order_row(conn: Connection, order_id: str, *, lock: bool = False) -> Row[Any] | None:
    query = select(orders).where(orders.c.order_id == order_id)
    return conn.execute(query.with_for_update() if lock else query).first()


def listing_row(conn: Connection, listing_id: str, *, lock: bool = False) -> Row[Any] | None:
    query = select(listings).where(listings.c.listing_id == listing_id)
    return conn.execute(query.with_for_update() if lock else query).first()


def snapshot_orders(conn: Connection, merchant_id: str, now: datetime) -> list[dict[str, Any]]:
    """Every order still open, and those finalised in the last 7 days, oldest first."""
    rows = conn.execute(
        select(orders)
        .where(
            orders.c.merchant_id == merchant_id,
            or_(
                orders.c.status.not_in([status.value for status in FINAL]),
                orders.c.updated_at >= now - FINAL_ORDERS_IN_SNAPSHOT,
            ),
        )
        .order_by(orders.c.placed_at, orders.c.order_id)
    )
    return [order_json(row) for row in rows]


def listing_statuses(conn: Connection, merchant_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(listings)
        .where(listings.c.merchant_id == merchant_id)
        .order_by(listings.c.created_at, listings.c.listing_id)
    )
    return [listing_status_json(row) for row in rows]
