"""``/v1/shop``: the public listings, and what the customer's app does (demo servers only).

A production mall would authenticate the customer and the wallet's owner; the reference
server, like its payment-code route, does not.
"""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import APIRouter, Body, Path, Query, Request, Response

from central_server.listings import listings_in_state
from central_server.models import (
    CancelIn,
    OrderIn,
    OrderOut,
    Problem,
    ShopListingsOut,
)
from central_server.orders import OrderRequest, cancel_order, place_order
from central_server.responses import json_response
from pos_app.domain.listings import Channel, ListingState

router = APIRouter(prefix="/v1/shop", tags=["customer (demo)"])
#: Paying and cancelling from any wallet: mounted only on a demo server (``serve --demo``).
customer_router = APIRouter(prefix="/v1/shop", tags=["customer (demo)"])

_ORDER_ID: Final = Path(min_length=1, max_length=64, pattern="^[A-Za-z0-9-]+$")


@router.get("/listings", response_model=ShopListingsOut, summary="Listings on sale")
def shop_listings(
    request: Request,
    channel: Annotated[Channel | None, Query(description="mall or onsijang; omit: both")] = None,
) -> Response:
    """Published listings, newest first, each with `available`: how many may be ordered now."""
    found = listings_in_state(request.app.state.engine, ListingState.PUBLISHED, channel)
    return json_response({"listings": found})


@customer_router.post(
    "/orders",
    status_code=201,
    response_model=OrderOut,
    summary="Place an order, paid from the wallet",
    responses={
        402: {"model": Problem, "description": "insufficient_balance"},
        404: {"model": Problem, "description": "listing_unknown (not on sale), wallet_unknown"},
        409: {"model": Problem, "description": "out_of_stock (with `available`)"},
        422: {"model": Problem, "description": "delivery_unavailable, address_required"},
    },
)
def post_order(payload: OrderIn, request: Request) -> Response:
    """Paid at once from the wallet (goods + delivery fee); refunded in full if the vendor
    rejects it or the customer cancels it. The vendor sees it in the changes feed."""
    state = request.app.state
    order = place_order(state.engine, OrderRequest(**payload.model_dump()), state.clock())
    return json_response(order, 201)


@customer_router.post(
    "/orders/{order_id}/cancel",
    response_model=OrderOut,
    summary="Cancel an order",
    responses={
        404: {"model": Problem, "description": "order_unknown"},
        409: {"model": Problem, "description": "order_not_cancellable"},
    },
)
def post_cancel(
    request: Request,
    order_id: Annotated[str, _ORDER_ID],
    payload: Annotated[CancelIn | None, Body()] = None,
) -> Response:
    """Until the order is ready for pickup or shipped. Refunded in full; stock the vendor
    had reserved is released (a `stock_movement` change)."""
    state = request.app.state
    reason = payload.reason if payload else ""
    return json_response(cancel_order(state.engine, order_id, reason, state.clock()))
