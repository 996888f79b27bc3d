"""Online listings (소상공인몰 and 온시장): draft, submit for review, withdraw, stock offered.

Each change is one journal event (``listing_upsert`` or ``listing_stock``) checked by the
rule the server applies (``listings.check_listing``) before it is recorded. Photos are
resized and compressed here, stored by their SHA-256 and uploaded by the sync engine
before the event naming them is pushed. The review (published or rejected with the
reviewer's reason) comes back through the changes feed.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.journal import format_timestamp
from pos_app.domain.listings import (
    MAX_DESCRIPTION,
    MAX_PHOTOS,
    MAX_PRICE,
    MAX_STOCK_OFFERED,
    MAX_TITLE,
    Channel,
    Delivery,
    ListingRuleError,
    ListingState,
    SaleSplit,
    check_listing,
    sale_split,
)
from pos_app.domain.money import format_won
from pos_app.domain.online_records import ListingRecord
from pos_app.media.photos import CONTENT_TYPE, prepare_photo
from pos_app.services.journalled import JournalledService
from pos_app.store import listings, media, queries
from pos_app.store.database import write_transaction
from pos_app.store.projection import LISTING_STOCK, LISTING_UPSERT, record

#: ListingRuleError code -> (error key, message parameters)
_RULE_ERRORS: dict[str, tuple[ErrorKey, dict[str, object]]] = {
    "bad_title": (ErrorKey.LISTING_BAD_TITLE, {"max": MAX_TITLE}),
    "bad_description": (ErrorKey.LISTING_BAD_DESCRIPTION, {"max": f"{MAX_DESCRIPTION:,}"}),
    "bad_price": (ErrorKey.LISTING_BAD_PRICE, {"max": format_won(MAX_PRICE)}),
    "bad_stock": (ErrorKey.LISTING_BAD_STOCK, {"max": f"{MAX_STOCK_OFFERED:,}"}),
    "bad_photos": (ErrorKey.LISTING_TOO_MANY_PHOTOS, {"max": MAX_PHOTOS}),
    "photo_required": (ErrorKey.LISTING_PHOTO_REQUIRED, {}),
    "delivery_required": (ErrorKey.LISTING_DELIVERY_REQUIRED, {}),
    "bad_delivery": (ErrorKey.LISTING_BAD_DELIVERY, {}),
}
#: A listing may go back to draft only while nobody is reviewing or buying it.
_DRAFTABLE = {ListingState.DRAFT, ListingState.REJECTED, ListingState.WITHDRAWN}
_WITHDRAWABLE = {ListingState.SUBMITTED, ListingState.PUBLISHED, ListingState.REJECTED}


@dataclass(frozen=True)
class ListingInput:
    """What the listing form holds. ``listing_id`` None: a new listing."""

    product_id: str
    channel: Channel
    title: str
    price: int
    stock_offered: int = 0
    description: str = ""
    photos: tuple[str, ...] = ()
    delivery: Delivery = field(default_factory=Delivery)
    listing_id: str | None = None


def rule_error(broken: ListingRuleError) -> UserFacingError:
    key, params = _RULE_ERRORS.get(broken.code, (ErrorKey.LISTING_INVALID, {"detail": broken.code}))
    return UserFacingError(key, **params)


class ListingService(JournalledService):
    # ----- photos ---------------------------------------------------------------------

    def add_photo(self, image_bytes: bytes) -> str:
        """Resize (<= 1280 px) and compress (JPEG q82) a picture, keep it; its SHA-256.

        E731 if the bytes are not a picture Qt can read. Adding the same picture twice
        gives the same hash and stores it once.
        """
        return self.keep_photo(self.prepare_photo(image_bytes))

    @staticmethod
    def prepare_photo(image_bytes: bytes) -> bytes:
        """The JPEG to keep (E731 unreadable, E732 too large, E734 too many pixels).

        Touches no database and may take seconds: the UI runs it off its thread, then
        hands the result to :meth:`keep_photo` on its own.
        """
        return prepare_photo(image_bytes)

    def keep_photo(self, jpeg: bytes) -> str:
        """Keep a JPEG made by :meth:`prepare_photo`; its SHA-256."""
        with write_transaction(self._conn) as conn:
            return media.put_media(
                conn, jpeg, CONTENT_TYPE, created_at=format_timestamp(self._clock())
            )

    def photo_bytes(self, sha: str) -> bytes | None:
        """The stored JPEG, to show in the form (None if this PC does not hold it)."""
        blob = media.get_media(self._conn, sha)
        return blob.data if blob else None

    # ----- the listing's life ---------------------------------------------------------

    def new_listing(self, product_id: str, channel: Channel = Channel.MALL) -> ListingInput:
        """A form filled from the product: its name as the title, its price."""
        product = queries.product_by_id(self._conn, product_id)
        if product is None:
            raise UserFacingError(ErrorKey.PRODUCT_UNKNOWN, product_id=product_id)
        return ListingInput(
            product_id=product.product_id,
            channel=channel,
            title=product.name[:MAX_TITLE],
            price=product.price,
        )

    def as_input(self, listing: ListingRecord) -> ListingInput:
        """The stored listing back in the form, to edit and save or submit again."""
        return ListingInput(
            product_id=listing.product_id,
            channel=listing.channel,
            title=listing.title,
            price=listing.price,
            stock_offered=listing.stock_offered,
            description=listing.description,
            photos=listing.photos,
            delivery=listing.delivery,
            listing_id=listing.listing_id,
        )

    def save_draft(self, listing: ListingInput) -> ListingRecord:
        """Keep an unfinished listing (not for sale, not reviewed). E722 once submitted."""
        return self._upsert(listing, ListingState.DRAFT)

    def submit(self, listing: ListingInput) -> ListingRecord:
        """Send for review; a published listing whose content changed goes back to review."""
        return self._upsert(listing, ListingState.SUBMITTED)

    def withdraw(self, listing_id: str) -> ListingRecord:
        """Take it off sale at once (or out of review)."""
        current = self._existing(self._conn, listing_id)
        if current.status not in _WITHDRAWABLE:
            raise UserFacingError(ErrorKey.LISTING_NOT_LISTED)
        return self._upsert(self.as_input(current), ListingState.WITHDRAWN)

    def set_stock_offered(self, listing_id: str, stock_offered: int) -> ListingRecord:
        """Change only how many are offered online: no new review."""
        if (
            isinstance(stock_offered, bool)
            or not isinstance(stock_offered, int)
            or not 0 <= stock_offered <= MAX_STOCK_OFFERED
        ):
            raise UserFacingError(ErrorKey.LISTING_BAD_STOCK, max=f"{MAX_STOCK_OFFERED:,}")
        now = self._clock()
        with write_transaction(self._conn) as conn:
            self._existing(conn, listing_id)
            record(
                conn,
                LISTING_STOCK,
                {"listing_id": listing_id, "stock_offered": stock_offered},
                occurred_at=now,
            )
        self._on_recorded()
        return self._existing(self._conn, listing_id)

    def _upsert(self, listing: ListingInput, state: ListingState) -> ListingRecord:
        listing_id = listing.listing_id or str(uuid.uuid4())
        body = _body(listing, listing_id, state)
        try:
            check_listing(body)
        except ListingRuleError as broken:
            raise rule_error(broken) from broken
        now = self._clock()
        with write_transaction(self._conn) as conn:
            if queries.product_by_id(conn, listing.product_id) is None:
                raise UserFacingError(ErrorKey.PRODUCT_UNKNOWN, product_id=listing.product_id)
            if listing.listing_id is not None:
                current = self._existing(conn, listing_id)
                if state is ListingState.DRAFT and current.status not in _DRAFTABLE:
                    raise UserFacingError(ErrorKey.LISTING_IN_REVIEW)
            # Only photos this PC holds can be uploaded before the event that names them.
            if set(listing.photos) - media.held(conn, listing.photos):
                raise UserFacingError(ErrorKey.LISTING_PHOTO_MISSING)
            record(conn, LISTING_UPSERT, body, occurred_at=now)
        self._on_recorded()
        return self._existing(self._conn, listing_id)

    @staticmethod
    def _existing(conn: sqlite3.Connection, listing_id: str) -> ListingRecord:
        found = listings.listing_by_id(conn, listing_id)
        if found is None:
            raise UserFacingError(ErrorKey.LISTING_UNKNOWN, listing_id=listing_id)
        return found

    # ----- reads ----------------------------------------------------------------------

    def listing(self, listing_id: str) -> ListingRecord | None:
        return listings.listing_by_id(self._conn, listing_id)

    def listings(self, product_id: str | None = None) -> list[ListingRecord]:
        """Newest first; only one product's if ``product_id`` is given."""
        return listings.all_listings(self._conn, product_id)

    @staticmethod
    def split(
        channel: Channel, unit_price: int, quantity: int = 1, delivery_fee: int = 0
    ) -> SaleSplit:
        """What a sale is worth to the merchant: the platform fee (1 % on the mall, on the
        goods only, rounded down) and the payout. For the form, as the price is typed."""
        return sale_split(channel, unit_price, quantity, delivery_fee)


def _body(listing: ListingInput, listing_id: str, state: ListingState) -> dict[str, Any]:
    photos: Sequence[str] = listing.photos
    return {
        "listing_id": listing_id,
        "product_id": listing.product_id,
        "channel": str(listing.channel),
        "title": listing.title.strip(),
        "description": listing.description,
        "photos": list(photos),
        "price": listing.price,
        "stock_offered": listing.stock_offered,
        "delivery": listing.delivery.as_json(),
        "state": state.value,
    }
