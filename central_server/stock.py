"""Stock movements on the server: recorded once per id, summed for a level.

The rule is ``pos_app.domain.stock``: a product's level is the sum of its movements, and a
movement id counts once. Each movement is one row; the primary key (merchant, movement id)
with ``ON CONFLICT DO NOTHING`` makes a second insert of the same id a no-op, so no path
(a retried savepoint, the device and the server naming the same reservation) can count
one twice. Nothing here reads a level in order to write one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, bindparam, case, func, select

from central_server.db import per_dialect
from central_server.schema import journal_events, stock_movements
from central_server.settlement import RECORDED, PushContext, Settlement
from pos_app.domain.clock import parse_utc
from pos_app.domain.journal import JournalEvent
from pos_app.domain.stock import (
    MAX_DELTA,
    Movement,
    MovementReason,
    event_movement,
    sale_movements,
    void_movements,
)

_INSERT_ONCE = per_dialect(
    lambda insert: insert(stock_movements).on_conflict_do_nothing(
        index_elements=[stock_movements.c.merchant_id, stock_movements.c.movement_id]
    )
)
_VOIDED_PAYMENT_BODY = select(journal_events.c.body).where(
    journal_events.c.event_id == bindparam("payment_id"),
    journal_events.c.device_id == bindparam("device_id"),
    journal_events.c.type == "payment",
)
_ALREADY_RETURNED = select(stock_movements.c.movement_id).where(
    stock_movements.c.merchant_id == bindparam("merchant_id"),
    stock_movements.c.payment_id == bindparam("payment_id"),
    stock_movements.c.reason == MovementReason.COUNTER_VOID.value,
)


def movement_rows(
    merchant_id: str,
    movements: Sequence[Movement],
    *,
    occurred_at: datetime,
    recorded_at: datetime,
    device_id: str | None = None,
    event_id: str | None = None,
    payment_id: str | None = None,
) -> list[dict[str, Any]]:
    return [
        {
            "merchant_id": merchant_id,
            "movement_id": movement.movement_id,
            "product_id": movement.product_id,
            "delta": movement.delta,
            "reason": movement.reason.value,
            "order_id": movement.order_id,
            "payment_id": payment_id,
            "occurred_at": occurred_at,
            "device_id": device_id,
            "event_id": event_id,
            "recorded_at": recorded_at,
        }
        for movement in movements
    ]


def insert_rows(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert movement rows; an id already recorded for the merchant is left as it is."""
    if rows:
        conn.execute(_INSERT_ONCE[conn.dialect.name], rows)


def record_movements(
    conn: Connection, merchant_id: str, movements: Sequence[Movement], **details: Any
) -> None:
    """Insert movements now (``details``: the keyword arguments of ``movement_rows``)."""
    insert_rows(conn, movement_rows(merchant_id, movements, **details))


# What a level sums: each movement clamped to the bound one movement may have. Events are
# bounded before they are stored, but a row from before the bound (a sale line of 2^53 - 1)
# must not overflow SQLite's 64-bit SUM and turn every listing read into an error; clamped,
# 9 million million rows would be needed. (PostgreSQL sums BIGINT as NUMERIC anyway.)
_DELTA = case(
    (stock_movements.c.delta > MAX_DELTA, MAX_DELTA),
    (stock_movements.c.delta < -MAX_DELTA, -MAX_DELTA),
    else_=stock_movements.c.delta,
)
_LEVEL = func.coalesce(func.sum(_DELTA), 0)


def stock_level(conn: Connection, merchant_id: str, product_id: str) -> int:
    return int(
        conn.execute(
            select(_LEVEL).where(
                stock_movements.c.merchant_id == merchant_id,
                stock_movements.c.product_id == product_id,
            )
        ).scalar_one()
    )


def stock_levels(conn: Connection, merchant_id: str) -> dict[str, int]:
    """product_id -> level, for every product that has a movement."""
    rows = conn.execute(
        select(stock_movements.c.product_id, func.sum(_DELTA))
        .where(stock_movements.c.merchant_id == merchant_id)
        .group_by(stock_movements.c.product_id)
    )
    return {product_id: int(total) for product_id, total in rows}


def level_of(merchant_id: Any, product_id: Any) -> Any:
    """A correlated scalar subquery: the level of a product named by other columns."""
    return (
        select(_LEVEL)
        .where(
            and_(
                stock_movements.c.merchant_id == merchant_id,
                stock_movements.c.product_id == product_id,
            )
        )
        .scalar_subquery()
    )


# ----- from journal events ----------------------------------------------------------------


def _event_rows(
    ctx: PushContext, event: JournalEvent, movements: Sequence[Movement], **ref: Any
) -> list[dict[str, Any]]:
    return movement_rows(
        ctx.merchant_id,
        movements,
        occurred_at=parse_utc(event.occurred_at),
        recorded_at=ctx.received_at,
        device_id=ctx.device_id,
        event_id=event.event_id,
        **ref,
    )


def sale_rows(ctx: PushContext, event: JournalEvent) -> list[dict[str, Any]]:
    """A payment's product lines left the counter, whatever the server says about the money.

    Returned, not inserted: the push inserts every sale of the batch in one statement
    (``PushContext.sales``); nothing in the batch reads them before that.
    """
    movements = sale_movements(event.event_id, event.body["lines"])
    return _event_rows(ctx, event, movements, payment_id=event.event_id)


def put_back(ctx: PushContext, event: JournalEvent) -> None:
    """A void brings the voided payment's product lines back, once per payment.

    The payment is looked up in this device's journal, not in ``payments``: a cash sale
    moved stock too. A payment already voided (or not in this device's journal) moves
    nothing; the device, which refuses to void twice, agrees.
    """
    payment_id: str = event.body["payment_id"]
    body = ctx.conn.execute(
        _VOIDED_PAYMENT_BODY, {"payment_id": payment_id, "device_id": ctx.device_id}
    ).scalar_one_or_none()
    if body is None:
        return
    returned = ctx.conn.execute(
        _ALREADY_RETURNED, {"merchant_id": ctx.merchant_id, "payment_id": payment_id}
    ).first()
    if returned is not None:
        return
    movements = void_movements(event.event_id, json.loads(body)["lines"])
    insert_rows(ctx.conn, _event_rows(ctx, event, movements, payment_id=payment_id))


def apply_stock_movement(ctx: PushContext, event: JournalEvent) -> Settlement:
    """A receipt of goods or an adjustment; its body was checked before anything applied."""
    insert_rows(ctx.conn, _event_rows(ctx, event, [event_movement(event.event_id, event.body)]))
    return RECORDED
