"""Online orders (온시장 and the small-business mall): their states and who may move them.

    placed --vendor--> accepted --vendor--> preparing --vendor--> ready_for_pickup --> completed
       |                   |  \\______________________________--> shipped ----------> completed
       |                   |                  (accepted may skip preparing)
       +--vendor--> rejected (reason)
       +--customer--> cancelled      (also from accepted and preparing)

Stock: accepting reserves the ordered quantity (``stock.reserve_movement``); a cancellation
after acceptance releases it (``stock.release_movement``); completing changes nothing (the
reservation *was* the sale). Rejecting a placed order never touched stock.

The device moves an order with an ``order_status`` journal event; the customer (through the
server) only cancels. When both happen at once (the vendor accepts offline, the customer has
already cancelled), the server declines the late transition and the device, seeing the
cancellation in the changes feed, releases what it reserved: both sides end at the same level.
"""

from __future__ import annotations

import enum


class OrderStatus(enum.StrEnum):
    PLACED = "placed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    PREPARING = "preparing"
    READY_FOR_PICKUP = "ready_for_pickup"
    SHIPPED = "shipped"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class DeliveryMethod(enum.StrEnum):
    PARCEL = "parcel"  # 택배: shipped with a tracking number
    PICKUP = "pickup"  # 매장 픽업: ready for pickup, then handed over
    SAME_DAY = "same_day"  # 당일 배송 (온시장 only): the vendor's own delivery, "shipped"


S = OrderStatus

VENDOR_TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    S.PLACED: frozenset({S.ACCEPTED, S.REJECTED}),
    S.ACCEPTED: frozenset({S.PREPARING, S.READY_FOR_PICKUP, S.SHIPPED}),
    S.PREPARING: frozenset({S.READY_FOR_PICKUP, S.SHIPPED}),
    S.READY_FOR_PICKUP: frozenset({S.COMPLETED}),
    S.SHIPPED: frozenset({S.COMPLETED}),
}
CUSTOMER_CANCELLABLE = frozenset({S.PLACED, S.ACCEPTED, S.PREPARING})
#: States in which the order holds a stock reservation.
RESERVING = frozenset({S.ACCEPTED, S.PREPARING, S.READY_FOR_PICKUP, S.SHIPPED, S.COMPLETED})
FINAL = frozenset({S.REJECTED, S.COMPLETED, S.CANCELLED})
#: Orders the vendor still has to act on (the badge counts these).
NEEDS_ACTION = frozenset({S.PLACED})
OPEN = frozenset({S.PLACED, S.ACCEPTED, S.PREPARING, S.READY_FOR_PICKUP, S.SHIPPED})


class OrderRuleError(ValueError):
    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code


def check_vendor_transition(
    current: OrderStatus,
    new: OrderStatus,
    delivery: DeliveryMethod,
    *,
    reason: str = "",
    tracking_no: str = "",
) -> None:
    """Raise OrderRuleError unless the vendor may move an order from ``current`` to ``new``."""
    if current is S.CANCELLED:
        raise OrderRuleError("order_cancelled", "the customer cancelled this order")
    if new not in VENDOR_TRANSITIONS.get(current, frozenset()):
        raise OrderRuleError("order_transition_invalid", f"{current} -> {new} is not allowed")
    if new is S.REJECTED and not reason.strip():
        raise OrderRuleError("reason_required", "a rejection needs a reason for the customer")
    if new is S.READY_FOR_PICKUP and delivery is not DeliveryMethod.PICKUP:
        raise OrderRuleError("order_transition_invalid", "only pickup orders wait for pickup")
    if new is S.SHIPPED:
        if delivery is DeliveryMethod.PICKUP:
            raise OrderRuleError("order_transition_invalid", "a pickup order is not shipped")
        if delivery is DeliveryMethod.PARCEL and not tracking_no.strip():
            raise OrderRuleError("tracking_required", "a parcel needs its tracking number")


def reserves_stock(status: OrderStatus) -> bool:
    return status in RESERVING
