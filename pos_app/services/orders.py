"""Online orders (온시장 and the mall): see them, and move them along.

Orders arrive through the changes feed (the sync worker reports ``order.new`` among the
change kinds). The vendor accepts (reserving stock) or rejects with a reason, then marks
preparing, ready for pickup or shipped (a tracking number for parcels), then completed.
Each move is checked by ``orders.check_vendor_transition`` against the status shown, and
recorded as one ``order_status`` journal event with its projection (the reservation on
acceptance) in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.online_records import OrderRecord
from pos_app.domain.orders import OrderRuleError, OrderStatus, check_vendor_transition
from pos_app.services.journalled import JournalledService
from pos_app.store import orders
from pos_app.store.database import write_transaction
from pos_app.store.projection import ORDER_STATUS, record

_RULE_ERRORS = {
    "order_cancelled": ErrorKey.ORDER_CANCELLED,
    "order_transition_invalid": ErrorKey.ORDER_TRANSITION_INVALID,
    "reason_required": ErrorKey.ORDER_REASON_REQUIRED,
    "tracking_required": ErrorKey.ORDER_TRACKING_REQUIRED,
}
MAX_REASON = 200
MAX_TRACKING_NO = 40


class OrderService(JournalledService):
    # ----- reads ----------------------------------------------------------------------

    def open_orders(self) -> list[OrderRecord]:
        """Orders not final (placed, accepted, preparing, ready, shipped), newest first."""
        return orders.open_orders(self._conn)

    def all_orders(self, limit: int = 500) -> list[OrderRecord]:
        """Every order this device was sent, final ones included, newest first."""
        return orders.orders_in(self._conn, None, limit)

    def order(self, order_id: str) -> OrderRecord | None:
        return orders.order_by_id(self._conn, order_id)

    def unseen_count(self) -> int:
        """New orders waiting for the vendor that nobody has opened yet (the alert)."""
        return orders.count_unseen(self._conn)

    def needs_action_count(self) -> int:
        """Orders waiting to be accepted or rejected (the badge)."""
        return orders.count_needing_action(self._conn)

    def mark_seen(self, order_ids: Iterable[str] | None = None) -> int:
        """The vendor looked at these orders (all if None): they stop alerting.

        A screen's state, not a business fact: not journalled and not sent to the server.
        """
        with write_transaction(self._conn) as conn:
            return orders.mark_seen(conn, order_ids)

    # ----- the vendor's moves -----------------------------------------------------------

    def accept(self, order_id: str) -> OrderRecord:
        """Take the order: its quantity is reserved from stock at once."""
        return self._move(order_id, OrderStatus.ACCEPTED)

    def reject(self, order_id: str, reason: str) -> OrderRecord:
        """Refuse the order; the customer sees ``reason`` and is refunded by the server."""
        return self._move(order_id, OrderStatus.REJECTED, reason=reason)

    def preparing(self, order_id: str) -> OrderRecord:
        return self._move(order_id, OrderStatus.PREPARING)

    def ready_for_pickup(self, order_id: str) -> OrderRecord:
        return self._move(order_id, OrderStatus.READY_FOR_PICKUP)

    def shipped(self, order_id: str, tracking_no: str = "") -> OrderRecord:
        """Sent: a parcel needs its tracking number; a same-day delivery does not."""
        return self._move(order_id, OrderStatus.SHIPPED, tracking_no=tracking_no)

    def completed(self, order_id: str) -> OrderRecord:
        return self._move(order_id, OrderStatus.COMPLETED)

    def _move(
        self, order_id: str, new: OrderStatus, *, reason: str = "", tracking_no: str = ""
    ) -> OrderRecord:
        reason = reason.strip()[:MAX_REASON]
        tracking_no = tracking_no.strip()[:MAX_TRACKING_NO]
        now = self._clock()
        with write_transaction(self._conn) as conn:
            current = orders.order_by_id(conn, order_id)
            if current is None:
                raise UserFacingError(ErrorKey.ORDER_UNKNOWN, order_id=order_id)
            try:
                check_vendor_transition(
                    current.status,
                    new,
                    current.delivery_method,
                    reason=reason,
                    tracking_no=tracking_no,
                )
            except OrderRuleError as refused:
                raise UserFacingError(
                    _RULE_ERRORS.get(refused.code, ErrorKey.ORDER_TRANSITION_INVALID)
                ) from refused
            body: dict[str, object] = {"order_id": order_id, "status": new.value}
            if new is OrderStatus.REJECTED:
                body["reason"] = reason
            if new is OrderStatus.SHIPPED and tracking_no:
                body["tracking_no"] = tracking_no
            record(conn, ORDER_STATUS, body, occurred_at=now)
            # Acting on an order is looking at it.
            orders.mark_seen(conn, [order_id])
        self._on_recorded()
        moved = orders.order_by_id(self._conn, order_id)
        assert moved is not None
        return moved
