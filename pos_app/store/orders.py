"""Online orders on this device: the server's rows, this device's moves, and what to show.

Two voices speak about an order. The server sends the order (the changes feed,
``server_*``): placed, cancelled by the customer, or moved by a device. This device moves
it with ``order_status`` journal events (``local_*``: the latest one, rebuilt from the
journal). The status shown is derived from both by :func:`shown_status`:

- a cancellation always wins (the customer's money is already refunded);
- a move of ours the server has not caught up with (its snapshot is an earlier state on
  the same path) is shown, so a snapshot never undoes a transition still in the outbox;
- otherwise, and always when the server declined our move, the server's word.

Stock follows the shown status: an order that no longer reserves stock (cancelled, or our
acceptance declined) while this device holds its reservation gets the release movement
with the derived id, once (the server's own copy of that release is then a no-op).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from pos_app.domain.online_records import OrderRecord
from pos_app.domain.orders import (
    NEEDS_ACTION,
    OPEN,
    RESERVING,
    VENDOR_TRANSITIONS,
    DeliveryMethod,
    OrderStatus,
)
from pos_app.domain.stock import release_movement, reserve_movement
from pos_app.store import stock_movements

_SERVER_FIELDS = (
    "listing_id",
    "product_id",
    "channel",
    "title",
    "quantity",
    "unit_price",
    "delivery_method",
    "delivery_fee",
    "goods",
    "fee",
    "payout",
    "total",
    "customer_name",
    "customer_phone",
    "address",
    "request_note",
    "placed_at",
    "updated_at",
)


@cache
def _ahead_of(status: OrderStatus) -> frozenset[OrderStatus]:
    """Every status the vendor can reach from ``status`` (not including it)."""
    reached: set[OrderStatus] = set()
    frontier = [status]
    while frontier:
        for nxt in VENDOR_TRANSITIONS.get(frontier.pop(), frozenset()):
            if nxt not in reached:
                reached.add(nxt)
                frontier.append(nxt)
    return frozenset(reached)


def shown_status(
    server: OrderStatus, local: OrderStatus | None, local_declined: bool
) -> OrderStatus:
    """The status to show and to check the vendor's next move against (see module doc)."""
    if server is OrderStatus.CANCELLED:
        return server
    if local is None or local_declined:
        return server
    return local if local in _ahead_of(server) else server


# ----- writes -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ServerOrderApplied:
    new: bool  # not known before, and waiting for the vendor
    cancelled: bool  # shown as cancelled now, and not before
    released: bool  # our reservation was released just now


def apply_server_order(
    conn: sqlite3.Connection, data: Mapping[str, Any], received_at: str
) -> ServerOrderApplied:
    """Insert or update the server's copy of an order, then reconcile."""
    order_id = str(data["order_id"])
    before = conn.execute("SELECT status FROM orders WHERE order_id = ?", (order_id,)).fetchone()
    status = OrderStatus(data["status"])
    values: dict[str, Any] = {key: data.get(key) for key in _SERVER_FIELDS}
    for key in ("customer_name", "customer_phone", "address", "request_note"):
        values[key] = values[key] or ""
    values.update(
        order_id=order_id,
        received_at=received_at,
        server_status=status.value,
        # The server writes "" for none; one spelling of "none" here.
        server_reason=data.get("status_reason") or None,
        server_tracking_no=data.get("tracking_no") or None,
        # A new order the vendor must act on is unseen; one that arrives already past
        # that (a snapshot of older orders) is not news.
        seen=0 if status in NEEDS_ACTION else 1,
    )
    columns = ", ".join(values)
    updates = ", ".join(f"{key} = excluded.{key}" for key in values if key not in ("seen",))
    conn.execute(
        f"INSERT INTO orders ({columns}, status) VALUES"
        f" ({', '.join(':' + key for key in values)}, :server_status)"
        f" ON CONFLICT(order_id) DO UPDATE SET {updates}",
        values,
    )
    shown, released = _reconcile(conn, order_id)
    return ServerOrderApplied(
        new=before is None and shown in NEEDS_ACTION,
        cancelled=shown is OrderStatus.CANCELLED
        and (before is None or before[0] != OrderStatus.CANCELLED),
        released=released,
    )


def record_local_move(
    conn: sqlite3.Connection,
    body: Mapping[str, Any],
    *,
    seq: int,
    occurred_at: str,
) -> None:
    """Project an ``order_status`` event: our move, and the reservation on acceptance."""
    order_id = str(body["order_id"])
    row = conn.execute(
        "SELECT product_id, quantity FROM orders WHERE order_id = ?", (order_id,)
    ).fetchone()
    if row is None:
        # The device only moves orders it was sent, and orders are never deleted; an
        # event naming an unknown one cannot be projected (the server declines it too).
        return
    status = OrderStatus(body["status"])
    if status is OrderStatus.ACCEPTED:
        stock_movements.insert_movement(
            conn,
            reserve_movement(order_id, row["product_id"], int(row["quantity"])),
            occurred_at=occurred_at,
            source=stock_movements.DEVICE,
            seq=seq,
        )
    conn.execute(
        "UPDATE orders SET local_status = ?, local_reason = ?, local_tracking_no = ?,"
        " local_seq = ? WHERE order_id = ?",
        (status.value, body.get("reason"), body.get("tracking_no"), seq, order_id),
    )
    reconcile(conn, order_id)


def reconcile_declined(conn: sqlite3.Connection, seq: int) -> None:
    """The server declined the event at ``seq``: if it was our latest move, re-derive."""
    row = conn.execute("SELECT order_id FROM orders WHERE local_seq = ?", (seq,)).fetchone()
    if row is not None:
        reconcile(conn, row[0])


def reconcile(conn: sqlite3.Connection, order_id: str) -> OrderStatus:
    """Recompute the shown status; release our reservation if it no longer reserves."""
    return _reconcile(conn, order_id)[0]


def _reconcile(conn: sqlite3.Connection, order_id: str) -> tuple[OrderStatus, bool]:
    row = conn.execute(
        "SELECT o.server_status, o.server_reason, o.server_tracking_no, o.local_status,"
        " o.local_reason, o.local_tracking_no, o.product_id, o.quantity, o.updated_at,"
        " r.outcome AS local_outcome"
        " FROM orders o LEFT JOIN sync_results r ON r.seq = o.local_seq"
        " WHERE o.order_id = ?",
        (order_id,),
    ).fetchone()
    server = OrderStatus(row["server_status"])
    local = OrderStatus(row["local_status"]) if row["local_status"] else None
    shown = shown_status(server, local, row["local_outcome"] == "declined")
    if shown is server:
        reason, tracking = row["server_reason"], row["server_tracking_no"]
    else:
        reason, tracking = row["local_reason"], row["local_tracking_no"]
    conn.execute(
        "UPDATE orders SET status = ?, status_reason = ?, tracking_no = ? WHERE order_id = ?",
        (shown.value, reason, tracking, order_id),
    )
    reserve = reserve_movement(order_id, row["product_id"], int(row["quantity"]))
    released = False
    if shown not in RESERVING and stock_movements.holds(conn, reserve.movement_id):
        released = stock_movements.insert_movement(
            conn,
            release_movement(order_id, row["product_id"], int(row["quantity"])),
            occurred_at=row["updated_at"],
            source=stock_movements.SERVER,
        )
    return shown, released


def reset_local_moves(conn: sqlite3.Connection) -> None:
    """For a rebuild: our moves are replayed from the journal."""
    conn.execute(
        "UPDATE orders SET local_status = NULL, local_reason = NULL, local_tracking_no = NULL,"
        " local_seq = NULL"
    )


def reconcile_all(conn: sqlite3.Connection) -> None:
    for (order_id,) in conn.execute("SELECT order_id FROM orders").fetchall():
        reconcile(conn, order_id)


def mark_seen(conn: sqlite3.Connection, order_ids: Iterable[str] | None = None) -> int:
    """The vendor has looked (all orders when ``order_ids`` is None); returns how many."""
    if order_ids is None:
        return conn.execute("UPDATE orders SET seen = 1 WHERE seen = 0").rowcount
    ids = list(order_ids)
    return sum(
        conn.execute(
            "UPDATE orders SET seen = 1 WHERE order_id = ? AND seen = 0", (order_id,)
        ).rowcount
        for order_id in ids
    )


# ----- reads ------------------------------------------------------------------------------


def _acked(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT MAX(seq) FROM sync_results").fetchone()
    return int(row[0] or 0)


def _order(row: sqlite3.Row, acked: int) -> OrderRecord:
    return OrderRecord(
        order_id=row["order_id"],
        listing_id=row["listing_id"],
        product_id=row["product_id"],
        channel=row["channel"],
        title=row["title"],
        quantity=int(row["quantity"]),
        unit_price=int(row["unit_price"]),
        delivery_method=DeliveryMethod(row["delivery_method"]),
        delivery_fee=int(row["delivery_fee"]),
        goods=int(row["goods"]),
        fee=int(row["fee"]),
        payout=int(row["payout"]),
        total=int(row["total"]),
        customer_name=row["customer_name"],
        customer_phone=row["customer_phone"],
        address=row["address"],
        request_note=row["request_note"],
        placed_at=row["placed_at"],
        updated_at=row["updated_at"],
        status=OrderStatus(row["status"]),
        status_reason=row["status_reason"],
        tracking_no=row["tracking_no"],
        seen=bool(row["seen"]),
        pending_sync=row["local_seq"] is not None and int(row["local_seq"]) > acked,
    )


def order_by_id(conn: sqlite3.Connection, order_id: str) -> OrderRecord | None:
    row = conn.execute("SELECT * FROM orders WHERE order_id = ?", (order_id,)).fetchone()
    return _order(row, _acked(conn)) if row else None


def orders_in(
    conn: sqlite3.Connection, statuses: Iterable[OrderStatus] | None = None, limit: int = 500
) -> list[OrderRecord]:
    """Newest first; only the given statuses if any."""
    acked = _acked(conn)
    if statuses is None:
        rows = conn.execute(
            "SELECT * FROM orders ORDER BY placed_at DESC, order_id LIMIT ?", (limit,)
        ).fetchall()
    else:
        wanted = [s.value for s in statuses]
        marks = ",".join("?" * len(wanted))
        rows = conn.execute(
            f"SELECT * FROM orders WHERE status IN ({marks})"
            " ORDER BY placed_at DESC, order_id LIMIT ?",
            (*wanted, limit),
        ).fetchall()
    return [_order(row, acked) for row in rows]


def open_orders(conn: sqlite3.Connection) -> list[OrderRecord]:
    return orders_in(conn, OPEN, limit=10_000)


def _count(conn: sqlite3.Connection, unseen_only: bool) -> int:
    marks = ",".join("?" * len(NEEDS_ACTION))
    seen = " AND seen = 0" if unseen_only else ""
    row = conn.execute(
        f"SELECT COUNT(*) FROM orders WHERE status IN ({marks}){seen}",
        [s.value for s in NEEDS_ACTION],
    ).fetchone()
    return int(row[0])


def count_unseen(conn: sqlite3.Connection) -> int:
    """New orders waiting for the vendor that nobody has looked at yet (the alert)."""
    return _count(conn, unseen_only=True)


def count_needing_action(conn: sqlite3.Connection) -> int:
    """Orders waiting for the vendor to accept or reject (the badge)."""
    return _count(conn, unseen_only=False)
