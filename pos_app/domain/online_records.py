"""Read models of the shop (stock, listings, online orders): what the store hands upwards.

Plain values, no SQL rows: the services and screens build on these.
"""

from __future__ import annotations

from dataclasses import dataclass

from pos_app.domain.listings import Channel, Delivery, ListingState, SaleSplit
from pos_app.domain.orders import DeliveryMethod, OrderStatus
from pos_app.domain.stock import StockState


@dataclass(frozen=True)
class StockLevel:
    product_id: str
    name: str
    level: int  # the sum of the product's movements
    low_stock_at: int | None
    state: StockState
    active: bool = True


@dataclass(frozen=True)
class MovementRecord:
    movement_id: str
    product_id: str
    delta: int
    reason: str  # stock.MovementReason value
    occurred_at: str  # RFC 3339 UTC
    source: str  # device | server
    order_id: str | None = None
    adjust_reason: str | None = None  # for an adjustment made on this device
    note: str = ""


@dataclass(frozen=True)
class ListingRecord:
    listing_id: str
    product_id: str
    channel: Channel
    title: str
    description: str
    photos: tuple[str, ...]  # sha256 of each photo, in display order
    price: int
    stock_offered: int
    delivery: Delivery
    status: ListingState  # what the screen shows (the device's state and the server's review)
    review_reason: str | None  # the reviewer's reason for a rejection
    decline_code: str | None  # the server refused the last change (e.g. media_missing)
    split: SaleSplit  # one unit sold: the fee and the payout (parcel fee not included)


@dataclass(frozen=True)
class OrderRecord:
    order_id: str
    listing_id: str | None
    product_id: str
    channel: str
    title: str
    quantity: int
    unit_price: int
    delivery_method: DeliveryMethod
    delivery_fee: int
    goods: int
    fee: int
    payout: int
    total: int
    customer_name: str
    customer_phone: str
    address: str
    request_note: str
    placed_at: str
    updated_at: str
    status: OrderStatus  # what the screen shows
    status_reason: str | None
    tracking_no: str | None
    seen: bool
    pending_sync: bool  # this device moved it and the server has not confirmed yet
