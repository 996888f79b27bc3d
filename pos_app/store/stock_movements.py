"""Stock movements in SQLite: each movement id stored once; levels are their sums.

The rules (ids, signs, states) are ``domain/stock.py``'s; this module only stores and
reads. ``stock_levels`` is a per-product cache of ``SUM(delta)`` kept by triggers (schema
v5); :func:`rebuild_levels` recomputes it from the movements.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from pos_app.domain.online_records import MovementRecord, StockLevel
from pos_app.domain.stock import Movement, stock_state

DEVICE = "device"  # made by one of this device's journal events: a rebuild remakes it
SERVER = "server"  # made from what the server said: a rebuild keeps it


def insert_movement(
    conn: sqlite3.Connection,
    movement: Movement,
    *,
    occurred_at: str,
    source: str,
    seq: int | None = None,
) -> bool:
    """Store a movement unless its id is already held; True if it was new."""
    inserted = conn.execute(
        "INSERT INTO stock_movements"
        " (movement_id, product_id, delta, reason, order_id, occurred_at, source, seq)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(movement_id) DO NOTHING",
        (
            movement.movement_id,
            movement.product_id,
            movement.delta,
            movement.reason.value,
            movement.order_id,
            occurred_at,
            source,
            seq,
        ),
    )
    return inserted.rowcount == 1


def insert_movements(
    conn: sqlite3.Connection, movements: Iterable[Movement], *, occurred_at: str, seq: int
) -> None:
    """This device's movements of one journal event (one statement: a payment's lines)."""
    conn.executemany(
        "INSERT INTO stock_movements"
        " (movement_id, product_id, delta, reason, order_id, occurred_at, source, seq)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(movement_id) DO NOTHING",
        [
            (m.movement_id, m.product_id, m.delta, m.reason, m.order_id, occurred_at, DEVICE, seq)
            for m in movements
        ],
    )


def holds(conn: sqlite3.Connection, movement_id: str) -> bool:
    row = conn.execute("SELECT 1 FROM stock_movements WHERE movement_id = ?", (movement_id,))
    return row.fetchone() is not None


def delete_device_movements(conn: sqlite3.Connection) -> None:
    """For a rebuild: the journal remakes these; the server's stay."""
    conn.execute("DELETE FROM stock_movements WHERE source = ?", (DEVICE,))


def rebuild_levels(conn: sqlite3.Connection) -> None:
    """Recompute the cache from the movements (the movements are the truth)."""
    conn.execute("DELETE FROM stock_levels")
    conn.execute(
        "INSERT INTO stock_levels (product_id, level)"
        " SELECT product_id, SUM(delta) FROM stock_movements GROUP BY product_id"
    )


def level_of(conn: sqlite3.Connection, product_id: str) -> int:
    row = conn.execute(
        "SELECT level FROM stock_levels WHERE product_id = ?", (product_id,)
    ).fetchone()
    return int(row[0]) if row else 0


def summed_levels(conn: sqlite3.Connection) -> dict[str, int]:
    """product_id -> SUM(delta) straight from the movements (the cache's oracle)."""
    rows = conn.execute(
        "SELECT product_id, SUM(delta) FROM stock_movements GROUP BY product_id"
    ).fetchall()
    return {row[0]: int(row[1]) for row in rows}


_LEVEL_SELECT = (
    "SELECT p.product_id, p.name, p.active, p.low_stock_at, COALESCE(l.level, 0) AS level"
    " FROM products p LEFT JOIN stock_levels l USING (product_id)"
)


def _stock_level(row: sqlite3.Row) -> StockLevel:
    return StockLevel(
        product_id=row["product_id"],
        name=row["name"],
        level=int(row["level"]),
        low_stock_at=row["low_stock_at"],
        state=stock_state(int(row["level"]), row["low_stock_at"]),
        active=bool(row["active"]),
    )


def product_level(conn: sqlite3.Connection, product_id: str) -> StockLevel | None:
    row = conn.execute(f"{_LEVEL_SELECT} WHERE p.product_id = ?", (product_id,)).fetchone()
    return _stock_level(row) if row else None


def product_levels(conn: sqlite3.Connection, *, active_only: bool = True) -> list[StockLevel]:
    where = " WHERE p.active = 1" if active_only else ""
    rows = conn.execute(f"{_LEVEL_SELECT}{where} ORDER BY p.name, p.product_id").fetchall()
    return [_stock_level(row) for row in rows]


def oversold_levels(conn: sqlite3.Connection) -> list[StockLevel]:
    """Every product below zero, active or not: an oversell is never hidden."""
    rows = conn.execute(f"{_LEVEL_SELECT} WHERE l.level < 0 ORDER BY l.level, p.name").fetchall()
    return [_stock_level(row) for row in rows]


def low_levels(conn: sqlite3.Connection) -> list[StockLevel]:
    """Active products at or below their low-stock mark (not yet below zero)."""
    rows = conn.execute(
        f"{_LEVEL_SELECT} WHERE p.active = 1 AND p.low_stock_at IS NOT NULL"
        " AND COALESCE(l.level, 0) <= p.low_stock_at AND COALESCE(l.level, 0) >= 0"
        " ORDER BY COALESCE(l.level, 0), p.name"
    ).fetchall()
    return [_stock_level(row) for row in rows]


def movements_of(
    conn: sqlite3.Connection, product_id: str, limit: int = 100
) -> list[MovementRecord]:
    """The product's newest movements first; an adjustment's reason and note from its event."""
    rows = conn.execute(
        "SELECT m.movement_id, m.product_id, m.delta, m.reason, m.occurred_at, m.source,"
        " m.order_id, json_extract(j.body, '$.adjust_reason') AS adjust_reason,"
        " json_extract(j.body, '$.note') AS note"
        " FROM stock_movements m"
        " LEFT JOIN journal j ON j.seq = m.seq AND j.type = 'stock_movement'"
        " WHERE m.product_id = ? ORDER BY m.occurred_at DESC, m.seq DESC, m.movement_id"
        " LIMIT ?",
        (product_id, limit),
    ).fetchall()
    return [
        MovementRecord(
            movement_id=row["movement_id"],
            product_id=row["product_id"],
            delta=int(row["delta"]),
            reason=row["reason"],
            occurred_at=row["occurred_at"],
            source=row["source"],
            order_id=row["order_id"],
            adjust_reason=row["adjust_reason"],
            note=row["note"] or "",
        )
        for row in rows
    ]
