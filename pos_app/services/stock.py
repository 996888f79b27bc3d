"""Stock at the counter: receive goods, adjust with a reason, see levels and warnings.

A level is the sum of the product's movements (``domain/stock.py``): counter sales and
voids (from payments), goods received and adjustments (``stock_movement`` events made
here), online reservations and releases. Each write here is one ``stock_movement``
journal event and its movement, in one transaction; nothing is ever overwritten, so a
count made here and sales made elsewhere meanwhile add up instead of losing one another.
"""

from __future__ import annotations

import sqlite3

from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.online_records import MovementRecord, StockLevel
from pos_app.domain.stock import (
    MAX_DELTA,
    AdjustReason,
    MovementReason,
    StockRuleError,
    event_movement,
)
from pos_app.services.journalled import JournalledService
from pos_app.store import stock_movements
from pos_app.store.database import write_transaction
from pos_app.store.projection import STOCK_MOVEMENT, record

_RULE_ERRORS = {
    "bad_delta": ErrorKey.STOCK_BAD_DELTA,
    "bad_adjust_reason": ErrorKey.STOCK_BAD_ADJUST_REASON,
    "note_required": ErrorKey.STOCK_NOTE_REQUIRED,
}


class StockService(JournalledService):
    # ----- writes ---------------------------------------------------------------------

    def receive(self, product_id: str, quantity: int, note: str = "") -> StockLevel:
        """Goods received (입고): the level rises by ``quantity``."""
        if isinstance(quantity, bool) or not isinstance(quantity, int):
            raise UserFacingError(ErrorKey.STOCK_BAD_QUANTITY, max=f"{MAX_DELTA:,}")
        if not 1 <= quantity <= MAX_DELTA:
            raise UserFacingError(ErrorKey.STOCK_BAD_QUANTITY, max=f"{MAX_DELTA:,}")
        body = {
            "product_id": product_id,
            "delta": quantity,
            "reason": MovementReason.RECEIPT.value,
            "note": note.strip(),
        }
        return self._record(body)

    def adjust(
        self, product_id: str, delta: int, reason: AdjustReason | str, note: str = ""
    ) -> StockLevel:
        """A correction by hand (damaged, expired, lost, counted, other with a note)."""
        body = {
            "product_id": product_id,
            "delta": delta,
            "reason": MovementReason.ADJUSTMENT.value,
            "adjust_reason": str(reason),
            "note": note.strip(),
        }
        return self._record(body)

    def count(self, product_id: str, counted: int, note: str = "") -> StockLevel:
        """A stock count (재고 실사): adjust by the difference between counted and held.

        The difference is taken inside the write transaction, against the level as it
        stands then. A count equal to the level records nothing.
        """
        if isinstance(counted, bool) or not isinstance(counted, int) or counted < 0:
            raise UserFacingError(ErrorKey.STOCK_BAD_DELTA, max=f"{MAX_DELTA:,}")
        now = self._clock()
        with write_transaction(self._conn) as conn:
            body = count_movement(conn, product_id, counted, note)
            if body is None:
                return self._known_level(conn, product_id)
            record(conn, STOCK_MOVEMENT, body, occurred_at=now)
        self._on_recorded()
        return self.level(product_id)

    def _record(self, body: dict[str, object]) -> StockLevel:
        self._check(body)
        now = self._clock()
        product_id = str(body["product_id"])
        with write_transaction(self._conn) as conn:
            self._known_level(conn, product_id)
            record(conn, STOCK_MOVEMENT, body, occurred_at=now)
        self._on_recorded()
        return self.level(product_id)

    @staticmethod
    def _check(body: dict[str, object]) -> None:
        # The same rule the server applies (a bad body would be refused there as 422).
        try:
            event_movement("check", body)
        except StockRuleError as broken:
            key = _RULE_ERRORS.get(broken.code)
            if key is None:  # bad_product: no product named
                raise UserFacingError(
                    ErrorKey.PRODUCT_UNKNOWN, product_id=body.get("product_id")
                ) from broken
            raise UserFacingError(key, max=f"{MAX_DELTA:,}") from broken

    @staticmethod
    def _known_level(conn: sqlite3.Connection, product_id: str) -> StockLevel:
        found = stock_movements.product_level(conn, product_id)
        if found is None:
            raise UserFacingError(ErrorKey.PRODUCT_UNKNOWN, product_id=product_id)
        return found

    # ----- reads ----------------------------------------------------------------------

    def level(self, product_id: str) -> StockLevel:
        return self._known_level(self._conn, product_id)

    def levels(self, *, active_only: bool = True) -> list[StockLevel]:
        """Every product's level and state (ok, low, out, oversold), by name."""
        return stock_movements.product_levels(self._conn, active_only=active_only)

    def oversold(self) -> list[StockLevel]:
        """Products below zero (sold more than there was): flagged, never hidden."""
        return stock_movements.oversold_levels(self._conn)

    def low_stock(self) -> list[StockLevel]:
        """Active products at or below their low-stock mark, lowest first."""
        return stock_movements.low_levels(self._conn)

    def movements(self, product_id: str, limit: int = 100) -> list[MovementRecord]:
        """The product's movements, newest first (sales, receipts, adjustments, orders)."""
        return stock_movements.movements_of(self._conn, product_id, limit)


def count_movement(
    conn: sqlite3.Connection, product_id: str, counted: int, note: str
) -> dict[str, object] | None:
    """The ``stock_movement`` body a count of ``counted`` makes (an adjustment by the
    difference, reason 재고 실사), or None when it equals the level; inside the caller's
    write transaction, so the level it is taken against is the one it lands on."""
    current = StockService._known_level(conn, product_id)
    if counted == current.level:
        return None
    body: dict[str, object] = {
        "product_id": product_id,
        "delta": counted - current.level,
        "reason": MovementReason.ADJUSTMENT.value,
        "adjust_reason": AdjustReason.COUNT_CORRECTION.value,
        "note": note.strip(),
    }
    StockService._check(body)
    return body
