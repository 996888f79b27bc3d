"""Parked sales (보류): put the sale in progress aside, serve the next customer, recall it.

A parked sale is device state, not a record: it moved no money and no stock, so it is no
journal event and is not synced (docs/decisions.md). It survives a restart in its own table
(``store/parked_sales.py``); recalling it removes it, so it can be rung up only once.
"""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass

from pos_app.domain.clock import Clock
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.journal import format_timestamp
from pos_app.domain.pricing import CartLine
from pos_app.services.sale import Sale, cart_lines_from_body
from pos_app.store import parked_sales
from pos_app.store.database import write_transaction

#: More than a counter ever needs at once; a longer list is a forgotten pile, not a queue.
MAX_PARKED = 20


@dataclass(frozen=True)
class ParkedSale:
    park_id: str
    parked_at: str  # RFC 3339 UTC
    lines: tuple[CartLine, ...]
    subtotal: int  # before any tender's discount

    @property
    def quantity(self) -> int:
        return sum(line.quantity for line in self.lines)


class ParkedSaleService:
    def __init__(self, conn: sqlite3.Connection, sale: Sale, clock: Clock) -> None:
        self._conn = conn
        self._sale = sale
        self._clock = clock

    def park(self) -> ParkedSale:
        """Put the sale in progress aside and clear the counter (E363 empty, E366 full)."""
        if self._sale.is_empty():
            raise UserFacingError(ErrorKey.PARK_EMPTY_CART)
        # What the customer would pay before a tender's discount (manual discounts taken).
        lines = self._sale.lines
        own, changes = self._sale.snapshot()
        parked = ParkedSale(
            park_id=str(uuid.uuid4()),
            parked_at=format_timestamp(self._clock()),
            lines=lines,
            subtotal=sum(line.amount for line in lines),
        )
        with write_transaction(self._conn) as conn:
            if parked_sales.summary(conn)[0] >= MAX_PARKED:
                raise UserFacingError(ErrorKey.PARK_FULL, limit=MAX_PARKED)
            parked_sales.insert(
                conn, parked.park_id, parked.parked_at, own, parked.subtotal, changes
            )
        self._sale.clear()
        return parked

    def parked(self) -> list[ParkedSale]:
        """Every parked sale, oldest first."""
        return [
            ParkedSale(
                row.park_id,
                row.parked_at,
                tuple(cart_lines_from_body(row.lines)),
                row.subtotal,
            )
            for row in parked_sales.all_parked(self._conn)
        ]

    def recall(self, park_id: str) -> ParkedSale:
        """Bring a parked sale back into the empty cart, removing it from the list (E364 a
        sale is in progress, E365 it is gone)."""
        if not self._sale.is_empty():
            raise UserFacingError(ErrorKey.PARK_CART_NOT_EMPTY)
        with write_transaction(self._conn) as conn:
            row = parked_sales.take(conn, park_id)
            if row is None:
                raise UserFacingError(ErrorKey.PARK_GONE)
        self._sale.restore_snapshot(row.lines, row.changes)
        return ParkedSale(row.park_id, row.parked_at, self._sale.lines, row.subtotal)

    def summary(self) -> tuple[int, int]:
        """(count, total) of the sales still parked: the close warns about them."""
        return parked_sales.summary(self._conn)
