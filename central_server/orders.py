"""Online orders: placed and cancelled by the customer, moved by the vendor's device.

States and who may move them are ``pos_app.domain.orders``; money is the listing's
``sale_split``. The customer pays the total (goods + delivery) from the wallet when placing
the order and gets it all back if the vendor rejects it or the customer cancels it.

Stock: accepting reserves the quantity (``order/<id>/reserve``), a cancellation after that
releases it (``order/<id>/release``), under the ids the device uses for the same movements.
A vendor's transition that arrives after the customer cancelled is declined
(``order_cancelled``) and reserves nothing; the device, seeing the cancellation, releases
what it reserved itself, and both sides meet at the same level.

Locks: every writer here takes the change writers' lock first, then the order row, then the
wallet row, so these transactions and the journal push (which takes them in that order too)
cannot deadlock one another.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, select, update

from central_server.changes import lock_changes, record_change
from central_server.db import write_transaction
from central_server.declines import decline
from central_server.listings import AVAILABILITY, available, listing_delivery, take_from_offer
from central_server.online_state import movement_json, order_json, order_row
from central_server.problems import ProblemError
from central_server.schema import listings, orders
from central_server.settlement import PushContext, Settlement, adjust_balance, lock_balance
from central_server.stock import record_movements
from central_server.wallet_ids import parse_wallet_id
from pos_app.domain.change_kinds import ChangeKind
from pos_app.domain.clock import parse_utc
from pos_app.domain.journal import JournalEvent
from pos_app.domain.listings import Channel, ListingState, sale_split
from pos_app.domain.orders import (
    CUSTOMER_CANCELLABLE,
    DeliveryMethod,
    OrderRuleError,
    OrderStatus,
    check_vendor_transition,
    reserves_stock,
)
from pos_app.domain.stock import release_movement, reserve_movement

ACCEPTED_RESULT = Settlement({"outcome": "accepted"})


@dataclass(frozen=True)
class OrderRequest:
    """What the customer's app sends (``POST /v1/shop/orders``)."""

    listing_id: str
    quantity: int
    delivery_method: str
    wallet_id: str
    customer_name: str
    customer_phone: str
    address: str = ""
    request_note: str = ""


def new_order_id() -> str:
    """``O-`` + 12 hex digits: short enough to read over the phone, 2**48 to guess from."""
    return "O-" + secrets.token_hex(6).upper()


def _wallet_unknown(wallet_id: str) -> ProblemError:
    return ProblemError(404, "wallet_unknown", f"no wallet {wallet_id}")


def place_order(engine: Engine, request: OrderRequest, now: datetime) -> dict[str, Any]:
    """Check, pay and record an order; returns it as the ``order`` change sends it."""
    wallet_number = parse_wallet_id(request.wallet_id)
    if wallet_number is None:
        raise _wallet_unknown(request.wallet_id)
    wallet_id = str(wallet_number)
    with write_transaction(engine) as conn:
        lock_changes(conn)  # also serialises placements: two cannot both take the last one
        listing = conn.execute(
            select(listings, *AVAILABILITY).where(
                listings.c.listing_id == request.listing_id,
                listings.c.state == ListingState.PUBLISHED.value,
            )
        ).first()
        if listing is None:
            raise ProblemError(404, "listing_unknown", "no such listing is on sale")
        try:
            method = DeliveryMethod(request.delivery_method)
            delivery_fee = listing_delivery(listing).fee(method)
        except ValueError:
            raise ProblemError(
                422,
                "delivery_unavailable",
                f"this listing does not offer {request.delivery_method!r}",
                offered=[m.value for m in listing_delivery(listing).methods()],
            ) from None
        if method is not DeliveryMethod.PICKUP and not request.address.strip():
            raise ProblemError(422, "address_required", "a delivery needs an address")
        left = available(listing)
        if request.quantity > left:
            raise ProblemError(
                409, "out_of_stock", f"only {left} can be ordered now", available=left
            )
        split = sale_split(Channel(listing.channel), listing.price, request.quantity, delivery_fee)
        total = split.goods + split.delivery_fee
        balance = lock_balance(conn, wallet_id)
        if balance is None:
            raise _wallet_unknown(request.wallet_id)
        if balance < total:
            raise ProblemError(
                402,
                "insufficient_balance",
                f"the order costs {total} won; the balance is {balance} won",
                total=total,
                balance=balance,
            )
        adjust_balance(conn, wallet_id, -total, now)
        order_id = new_order_id()
        conn.execute(
            orders.insert().values(
                order_id=order_id,
                merchant_id=listing.merchant_id,
                listing_id=listing.listing_id,
                product_id=listing.product_id,
                channel=listing.channel,
                title=listing.title,
                quantity=request.quantity,
                unit_price=listing.price,
                delivery_method=method.value,
                delivery_fee=split.delivery_fee,
                goods=split.goods,
                fee=split.fee,
                payout=split.payout,
                total=total,
                wallet_id=wallet_id,
                refunded=0,
                customer_name=request.customer_name.strip(),
                customer_phone=request.customer_phone.strip(),
                address=request.address.strip(),
                request_note=request.request_note.strip(),
                status=OrderStatus.PLACED.value,
                status_reason="",
                tracking_no="",
                placed_at=now,
                updated_at=now,
            )
        )
        data = _record_order_change(conn, order_id, now)
        take_from_offer(
            conn, listing.listing_id, request.quantity, merchant_id=listing.merchant_id, now=now
        )
        return data


def cancel_order(engine: Engine, order_id: str, reason: str, now: datetime) -> dict[str, Any]:
    """The customer cancels: refunded in full; stock released if the vendor had accepted."""
    with write_transaction(engine) as conn:
        lock_changes(conn)
        row = order_row(conn, order_id, lock=True)
        if row is None:
            raise ProblemError(404, "order_unknown", f"no order {order_id}")
        status = OrderStatus(row.status)
        if status not in CUSTOMER_CANCELLABLE:
            raise ProblemError(
                409,
                "order_not_cancellable",
                f"the order is {status.value}; it can no longer be cancelled",
                order_status=status.value,
            )
        lock_balance(conn, row.wallet_id)
        adjust_balance(conn, row.wallet_id, row.total, now)
        conn.execute(
            update(orders)
            .where(orders.c.order_id == order_id)
            .values(
                status=OrderStatus.CANCELLED.value,
                status_reason=reason.strip(),
                refunded=row.total,
                updated_at=now,
            )
        )
        data = _record_order_change(conn, order_id, now)
        # Not sold after all: the offer gets it back.
        take_from_offer(conn, row.listing_id, -row.quantity, merchant_id=row.merchant_id, now=now)
        if reserves_stock(status):
            release = release_movement(order_id, row.product_id, row.quantity)
            record_movements(conn, row.merchant_id, [release], occurred_at=now, recorded_at=now)
            record_change(
                conn,
                ChangeKind.STOCK_MOVEMENT,
                movement_json(release, now),
                merchant_id=row.merchant_id,
                now=now,
            )
        return data


def apply_order_status(ctx: PushContext, event: JournalEvent) -> Settlement:
    """The vendor's ``order_status`` event: accepted, or declined with the rule's code."""
    body = event.body
    row = order_row(ctx.conn, body["order_id"], lock=True)
    if row is None or row.merchant_id != ctx.merchant_id:
        return Settlement(decline("order_unknown").result_fields())
    reason: str = body.get("reason", "")
    tracking_no: str = body.get("tracking_no", "")
    try:
        new = OrderStatus(body["status"])
    except ValueError:
        return Settlement(decline("order_transition_invalid").result_fields())
    try:
        check_vendor_transition(
            OrderStatus(row.status),
            new,
            DeliveryMethod(row.delivery_method),
            reason=reason,
            tracking_no=tracking_no,
        )
    except OrderRuleError as exc:
        return Settlement(decline(exc.code).result_fields())
    values: dict[str, Any] = {"status": new.value, "updated_at": ctx.received_at}
    if new is OrderStatus.ACCEPTED:
        # The device applied this same movement id when it recorded the event.
        reserve = reserve_movement(row.order_id, row.product_id, row.quantity)
        record_movements(
            ctx.conn,
            ctx.merchant_id,
            [reserve],
            occurred_at=parse_utc(event.occurred_at),
            recorded_at=ctx.received_at,
            device_id=ctx.device_id,
            event_id=event.event_id,
        )
    elif new is OrderStatus.REJECTED:
        lock_balance(ctx.conn, row.wallet_id)
        adjust_balance(ctx.conn, row.wallet_id, row.total, ctx.received_at)
        values.update(status_reason=reason.strip(), refunded=row.total)
        take_from_offer(
            ctx.conn,
            row.listing_id,
            -row.quantity,
            merchant_id=ctx.merchant_id,
            now=ctx.received_at,
        )
    elif new is OrderStatus.SHIPPED:
        values["tracking_no"] = tracking_no.strip()
    ctx.conn.execute(update(orders).where(orders.c.order_id == row.order_id).values(**values))
    _record_order_change(ctx.conn, row.order_id, ctx.received_at)
    return ACCEPTED_RESULT


def _record_order_change(conn: Connection, order_id: str, now: datetime) -> dict[str, Any]:
    row = order_row(conn, order_id)
    assert row is not None
    data = order_json(row)
    record_change(conn, ChangeKind.ORDER, data, merchant_id=row.merchant_id, now=now)
    return data
