"""Parked sales (보류): rows of device state, written by the parked-sale service only.

Not journalled (see the v19 migration): a parked sale moved no money and no stock. The
caller owns the transaction.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ParkedRow:
    park_id: str
    parked_at: str  # RFC 3339 UTC
    lines: list[dict[str, Any]]
    line_count: int
    subtotal: int
    #: The manual price changes and discounts (who asked, who approved, why); None: none.
    changes: dict[str, Any] | None = None


_COLUMNS = "park_id, parked_at, lines, line_count, subtotal, changes"


def _row(row: sqlite3.Row | tuple) -> ParkedRow:
    changes = json.loads(row[5]) if row[5] is not None else None
    return ParkedRow(row[0], row[1], json.loads(row[2]), int(row[3]), int(row[4]), changes)


def insert(
    conn: sqlite3.Connection,
    park_id: str,
    parked_at: str,
    lines: list[dict[str, Any]],
    subtotal: int,
    changes: dict[str, Any] | None = None,
) -> None:
    conn.execute(
        f"INSERT INTO parked_sales ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
        (
            park_id,
            parked_at,
            json.dumps(lines, ensure_ascii=False),
            len(lines),
            subtotal,
            None if changes is None else json.dumps(changes, ensure_ascii=False),
        ),
    )


def all_parked(conn: sqlite3.Connection) -> list[ParkedRow]:
    """Oldest first: the customer who has waited longest is served first."""
    rows = conn.execute(f"SELECT {_COLUMNS} FROM parked_sales ORDER BY parked_at, park_id")
    return [_row(row) for row in rows]


def take(conn: sqlite3.Connection, park_id: str) -> ParkedRow | None:
    """The parked sale, removed (None: not there, e.g. recalled already)."""
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM parked_sales WHERE park_id = ?", (park_id,)
    ).fetchone()
    if row is None:
        return None
    conn.execute("DELETE FROM parked_sales WHERE park_id = ?", (park_id,))
    return _row(row)


def summary(conn: sqlite3.Connection) -> tuple[int, int]:
    """(how many are parked, their subtotals together)."""
    count, total = conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(subtotal), 0) FROM parked_sales"
    ).fetchone()
    return int(count), int(total)
