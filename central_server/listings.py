"""Listings on the server: device upserts, the city's review, what the shop shows.

States and checks are ``pos_app.domain.listings``. The device sets draft, submitted and
withdrawn; only the review sets published or rejected. Every change of the server's state
of a listing is a ``listing_status`` change, so a device applying the feed in order ends at
the server's state, whatever it did offline meanwhile.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Final

from sqlalchemy import Connection, Engine, Row, func, select, update

from central_server.changes import lock_changes, record_change
from central_server.db import read_transaction, write_transaction
from central_server.declines import decline
from central_server.online_state import listing_row, listing_status_json
from central_server.problems import ProblemError
from central_server.schema import listings, media, merchants, orders, products
from central_server.settlement import RECORDED, PushContext, Settlement
from central_server.stock import level_of
from pos_app.domain.change_kinds import ChangeKind
from pos_app.domain.journal import JournalEvent
from pos_app.domain.listings import (
    MAX_STOCK_OFFERED,
    Channel,
    Delivery,
    ListingRuleError,
    ListingState,
    available_online,
    check_listing,
)
from pos_app.domain.orders import OrderStatus
from pos_app.domain.tax import TaxCategory

DECISIONS: Final = {"publish": ListingState.PUBLISHED, "reject": ListingState.REJECTED}


def _declined(code: str, **extra: Any) -> Settlement:
    return Settlement({**decline(code).result_fields(), **extra})


def _missing_media(conn: Connection, photos: list[str]) -> list[str]:
    held = set(conn.execute(select(media.c.sha256).where(media.c.sha256.in_(photos))).scalars())
    return [photo for photo in dict.fromkeys(photos) if photo not in held]


def _listing_tax(ctx: PushContext, body: Any) -> str:
    """The listing's 과세 / 면세: as its event says (checked structurally), else as its
    product says, else taxable (a product the server has not heard of yet)."""
    if "tax_category" in body:
        return str(body["tax_category"])
    stored = ctx.conn.execute(
        select(products.c.tax_category).where(
            products.c.merchant_id == ctx.merchant_id,
            products.c.product_id == body["product_id"],
        )
    ).scalar()
    return stored or TaxCategory.TAXABLE.value


def apply_listing_upsert(ctx: PushContext, event: JournalEvent) -> Settlement:
    body = event.body
    existing = listing_row(ctx.conn, body["listing_id"], lock=True)
    if existing is not None and existing.merchant_id != ctx.merchant_id:
        return _declined("listing_conflict")
    try:
        check_listing(body)
    except ListingRuleError as exc:
        return _declined(exc.code)
    state = ListingState(body["state"])
    photos: list[str] = list(body.get("photos", []))
    if state is ListingState.SUBMITTED:
        missing = _missing_media(ctx.conn, photos)
        if missing:
            # The device uploads these and pushes the listing again (a new event).
            return _declined("media_missing", missing=missing)
    delivery = Delivery.from_json(body.get("delivery") or {})
    values = {
        "product_id": body["product_id"],
        "channel": body["channel"],
        "title": body["title"],
        "description": body.get("description", ""),
        "photos": json.dumps(photos),
        "price": body["price"],
        "stock_offered": body["stock_offered"],
        "tax_category": _listing_tax(ctx, body),
        "parcel_fee": delivery.parcel_fee,
        "pickup": delivery.pickup,
        "same_day_fee": delivery.same_day_fee,
        # A device state is never a review: a new submission waits for a new one.
        "state": state.value,
        "review_reason": "",
        "reviewed_at": None,
        "event_id": event.event_id,
        "updated_at": ctx.received_at,
    }
    if existing is None:
        ctx.conn.execute(
            listings.insert().values(
                listing_id=body["listing_id"],
                merchant_id=ctx.merchant_id,
                created_at=ctx.received_at,
                **values,
            )
        )
    else:
        ctx.conn.execute(
            update(listings).where(listings.c.listing_id == body["listing_id"]).values(**values)
        )
    changed = existing is None or (existing.state, existing.stock_offered) != (
        state.value,
        body["stock_offered"],
    )
    if changed:
        row = listing_row(ctx.conn, body["listing_id"])
        assert row is not None
        record_change(
            ctx.conn,
            ChangeKind.LISTING_STATUS,
            listing_status_json(row),
            merchant_id=ctx.merchant_id,
            now=ctx.received_at,
        )
    return RECORDED


def apply_listing_stock(ctx: PushContext, event: JournalEvent) -> Settlement:
    """Only the quantity offered online changes (no review); the feed tells the device the
    server's figure, which orders placed since then take from."""
    body = event.body
    row = listing_row(ctx.conn, body["listing_id"], lock=True)
    if row is None or row.merchant_id != ctx.merchant_id:
        return _declined("listing_unknown")
    stock_offered = body.get("stock_offered")
    if type(stock_offered) is not int or not 0 <= stock_offered <= MAX_STOCK_OFFERED:
        return _declined("bad_stock")
    ctx.conn.execute(
        update(listings)
        .where(listings.c.listing_id == body["listing_id"])
        .values(stock_offered=stock_offered, event_id=event.event_id, updated_at=ctx.received_at)
    )
    changed = listing_row(ctx.conn, body["listing_id"])
    assert changed is not None
    record_change(
        ctx.conn,
        ChangeKind.LISTING_STATUS,
        listing_status_json(changed),
        merchant_id=ctx.merchant_id,
        now=ctx.received_at,
    )
    return RECORDED


def review_listing(
    engine: Engine, listing_id: str, decision: str, reason: str, *, now: datetime
) -> dict[str, Any]:
    """The city's back office publishes or rejects a submitted listing (reason required)."""
    state = DECISIONS.get(decision)
    if state is None:
        raise ProblemError(422, "invalid_request", "decision is publish or reject")
    reason = reason.strip()
    if state is ListingState.REJECTED and not reason:
        raise ProblemError(422, "reason_required", "a rejection needs a reason for the merchant")
    with write_transaction(engine) as conn:
        lock_changes(conn)
        row = listing_row(conn, listing_id, lock=True)
        if row is None:
            raise ProblemError(404, "listing_unknown", f"no listing {listing_id}")
        if row.state != ListingState.SUBMITTED:
            raise ProblemError(
                409,
                "listing_not_submitted",
                f"listing {listing_id} is {row.state}; only a submitted listing is reviewed",
                state=row.state,
            )
        conn.execute(
            update(listings)
            .where(listings.c.listing_id == listing_id)
            .values(state=state.value, review_reason=reason, reviewed_at=now, updated_at=now)
        )
        reviewed = listing_row(conn, listing_id)
        assert reviewed is not None
        data = listing_status_json(reviewed)
        record_change(conn, ChangeKind.LISTING_STATUS, data, merchant_id=row.merchant_id, now=now)
        return data


# ----- what customers see -------------------------------------------------------------------


def _placed(*where: Any) -> Any:
    return (
        select(func.coalesce(func.sum(orders.c.quantity), 0))
        .where(orders.c.status == OrderStatus.PLACED.value, *where)
        .scalar_subquery()
    )


#: Evaluated in the same statement as the listing, so one snapshot sees the level and the
#: placed orders together (a vendor's accept moves quantity from one to the other).
AVAILABILITY: Final = (
    level_of(listings.c.merchant_id, listings.c.product_id).label("level"),
    _placed(
        orders.c.merchant_id == listings.c.merchant_id,
        orders.c.product_id == listings.c.product_id,
    ).label("placed_for_product"),
)


def available(row: Row[Any]) -> int:
    """``available`` of a listing row selected with ``AVAILABILITY``."""
    return available_online(row.stock_offered, int(row.level), int(row.placed_for_product))


def take_from_offer(
    conn: Connection, listing_id: str, quantity: int, *, merchant_id: str, now: datetime
) -> None:
    """An order placed takes ``quantity`` off what is left of the listing's offer (a negative
    quantity gives it back: rejected, cancelled); the device hears it as ``listing_status``."""
    row = listing_row(conn, listing_id, lock=True)
    if row is None:
        return
    left = min(max(row.stock_offered - quantity, 0), MAX_STOCK_OFFERED)
    conn.execute(
        update(listings).where(listings.c.listing_id == listing_id).values(stock_offered=left)
    )
    changed = listing_row(conn, listing_id)
    assert changed is not None
    record_change(
        conn,
        ChangeKind.LISTING_STATUS,
        listing_status_json(changed),
        merchant_id=merchant_id,
        now=now,
    )


def listing_delivery(row: Row[Any]) -> Delivery:
    return Delivery(parcel_fee=row.parcel_fee, pickup=row.pickup, same_day_fee=row.same_day_fee)


def shop_listing_json(row: Row[Any]) -> dict[str, Any]:
    return {
        "listing_id": row.listing_id,
        "merchant_id": row.merchant_id,
        "merchant_name": row.merchant_name,
        "product_id": row.product_id,
        "channel": row.channel,
        "title": row.title,
        "description": row.description,
        "photos": json.loads(row.photos),
        "price": row.price,
        "tax_category": row.tax_category,
        "delivery": listing_delivery(row).as_json(),
        "available": available(row),
    }


def listings_in_state(
    engine: Engine, state: ListingState, channel: Channel | None = None
) -> list[dict[str, Any]]:
    """Listings in one state, newest first, with how many a customer may order now.

    ``published``: what the shop shows; ``submitted``: the back office's review queue.
    """
    query = (
        select(listings, merchants.c.name.label("merchant_name"), *AVAILABILITY)
        .join(merchants, merchants.c.merchant_id == listings.c.merchant_id)
        .where(listings.c.state == state.value)
        .order_by(listings.c.updated_at.desc(), listings.c.listing_id)
    )
    if channel is not None:
        query = query.where(listings.c.channel == channel.value)
    with read_transaction(engine) as conn:
        return [shop_listing_json(row) for row in conn.execute(query)]
