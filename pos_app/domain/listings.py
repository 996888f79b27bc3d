"""Online listings: the small-business mall (소상공인몰, 1 % fee) and 온시장.

A listing offers one catalogue product online, with its own title, description, photos,
price and the stock offered online. States:

    draft --device--> submitted --server review--> published --device--> withdrawn
                          |                            (editing content resubmits)
                          +--server review--> rejected (reason) --device--> submitted

Photos are referenced by the SHA-256 of their (already resized and compressed) JPEG bytes;
the device uploads each one (``PUT /v1/media/{sha256}``) before pushing the event that names
it. Changing only ``stock_offered`` of a published listing does not need a new review.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pos_app.domain.money import apply_basis_points_floor
from pos_app.domain.orders import DeliveryMethod


class Channel(enum.StrEnum):
    MALL = "mall"  # 소상공인몰 (청주페이 플러스샵)
    ONSIJANG = "onsijang"  # 온시장 (online traditional market)


class ListingState(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


#: Per-channel platform fee in basis points. The mall charges 1 %; DOMAIN.md names no fee for
#: 온시장, so none is charged there (a policy value, changed here if the city sets one).
FEE_BP = {Channel.MALL: 100, Channel.ONSIJANG: 0}
#: States the device may put in a ``listing_upsert`` event.
DEVICE_STATES = (ListingState.DRAFT, ListingState.SUBMITTED, ListingState.WITHDRAWN)
MAX_TITLE = 60
MAX_DESCRIPTION = 2_000
MAX_PHOTOS = 8
MAX_PRICE = 10_000_000
MAX_STOCK_OFFERED = 100_000


@dataclass(frozen=True)
class Delivery:
    parcel_fee: int | None = None  # None: no parcel shipping
    pickup: bool = False
    same_day_fee: int | None = None  # 온시장 only

    def methods(self) -> list[DeliveryMethod]:
        out = []
        if self.parcel_fee is not None:
            out.append(DeliveryMethod.PARCEL)
        if self.pickup:
            out.append(DeliveryMethod.PICKUP)
        if self.same_day_fee is not None:
            out.append(DeliveryMethod.SAME_DAY)
        return out

    def fee(self, method: DeliveryMethod) -> int:
        if method not in self.methods():
            raise ListingRuleError("delivery_unavailable", f"{method} is not offered")
        if method is DeliveryMethod.PARCEL:
            return self.parcel_fee or 0
        if method is DeliveryMethod.SAME_DAY:
            return self.same_day_fee or 0
        return 0

    def as_json(self) -> dict[str, Any]:
        return {
            "parcel_fee": self.parcel_fee,
            "pickup": self.pickup,
            "same_day_fee": self.same_day_fee,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Delivery:
        return cls(
            parcel_fee=data.get("parcel_fee"),
            pickup=bool(data.get("pickup", False)),
            same_day_fee=data.get("same_day_fee"),
        )


class ListingRuleError(ValueError):
    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code


@dataclass(frozen=True)
class SaleSplit:
    """What one online sale is worth to the merchant."""

    goods: int  # unit price x quantity
    delivery_fee: int  # paid by the customer, passed to the merchant
    fee: int  # the platform's fee, on the goods only
    payout: int  # goods + delivery_fee - fee


def sale_split(
    channel: Channel, unit_price: int, quantity: int, delivery_fee: int = 0
) -> SaleSplit:
    """Fee rounded down to the won (in the merchant's favour), on the goods, not delivery."""
    goods = unit_price * quantity
    fee = apply_basis_points_floor(goods, FEE_BP[channel])
    return SaleSplit(goods, delivery_fee, fee, goods + delivery_fee - fee)


def available_online(stock_offered: int, level: int, placed_for_product: int) -> int:
    """How many a customer may still order from a listing (never negative).

    ``stock_offered`` is what is left of the offer: every order placed takes its quantity
    off it (a rejected or cancelled one gives it back), so an offer of 10 sells 10 online,
    not 10 at a time. ``placed_for_product``: quantities of the product's orders, over every
    listing, not yet accepted; they count against the shared stock (else any number of
    customers could order before the vendor looks); accepted ones are in ``level`` already,
    as their reservation.
    """
    return max(0, min(stock_offered, level - placed_for_product))


def _is_won(value: Any, maximum: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= maximum


def _check_fields(body: Mapping[str, Any]) -> None:
    """The ids, texts and numbers of a listing body (``check_listing``'s middle rules)."""
    for key in ("listing_id", "product_id"):
        if not isinstance(body.get(key), str) or not body[key]:
            raise ListingRuleError("bad_listing", f"{key} is required")
    title = body.get("title")
    if not isinstance(title, str) or not title.strip() or len(title) > MAX_TITLE:
        raise ListingRuleError("bad_title", f"a title of 1-{MAX_TITLE} characters is required")
    description = body.get("description", "")
    if not isinstance(description, str) or len(description) > MAX_DESCRIPTION:
        raise ListingRuleError("bad_description", f"at most {MAX_DESCRIPTION} characters")
    if not _is_won(body.get("price"), MAX_PRICE) or body["price"] == 0:
        raise ListingRuleError("bad_price", f"price must be 1-{MAX_PRICE} won")
    if not _is_won(body.get("stock_offered"), MAX_STOCK_OFFERED):
        raise ListingRuleError("bad_stock", f"stock_offered must be 0-{MAX_STOCK_OFFERED}")


def _checked_delivery(body: Mapping[str, Any], channel: Channel) -> Delivery:
    delivery_data = body.get("delivery") or {}
    if not isinstance(delivery_data, Mapping):
        raise ListingRuleError("bad_delivery", "delivery must be an object")
    delivery = Delivery.from_json(delivery_data)
    for fee in (delivery.parcel_fee, delivery.same_day_fee):
        if fee is not None and not _is_won(fee, 100_000):
            raise ListingRuleError("bad_delivery", "delivery fees are 0-100,000 won")
    if delivery.same_day_fee is not None and channel is not Channel.ONSIJANG:
        raise ListingRuleError("bad_delivery", "same-day delivery is for 온시장 only")
    return delivery


def check_listing(body: Mapping[str, Any]) -> None:
    """Raise ListingRuleError naming the first rule a ``listing_upsert`` body breaks.

    body = {"listing_id", "product_id", "channel", "title", "description", "photos": [sha256],
            "price", "stock_offered", "delivery": Delivery.as_json(), "state"}
    A draft may be incomplete (no photos, no delivery); a submission may not.
    """
    try:
        channel = Channel(body.get("channel"))
    except ValueError:
        raise ListingRuleError("bad_channel", "channel must be mall or onsijang") from None
    try:
        state = ListingState(body.get("state"))
    except ValueError:
        raise ListingRuleError("bad_state", f"unknown state {body.get('state')!r}") from None
    if state not in DEVICE_STATES:
        raise ListingRuleError("bad_state", f"a device cannot set {state}")
    _check_fields(body)
    photos = body.get("photos", [])
    if (
        not isinstance(photos, list)
        or len(photos) > MAX_PHOTOS
        or not all(isinstance(p, str) and len(p) == 64 for p in photos)
    ):
        raise ListingRuleError("bad_photos", f"up to {MAX_PHOTOS} SHA-256 hex photo ids")
    delivery = _checked_delivery(body, channel)
    if state is ListingState.SUBMITTED:
        if not photos:
            raise ListingRuleError("photo_required", "a submitted listing needs a photo")
        if not delivery.methods():
            raise ListingRuleError("delivery_required", "choose at least one delivery option")
