"""Listings: photos made small and kept by hash, draft -> submitted -> reviewed, withdrawal,
the stock offered, and the 1 % mall fee shown as the price is typed."""

from __future__ import annotations

import io
import sqlite3
from dataclasses import replace

import pytest
from online_support import acknowledge, feed
from pictures import NESTED_SVG, bomb_png, picture
from PIL import Image
from PySide6.QtGui import QImage

from pos_app.domain.clock import Clock
from pos_app.domain.errors import UserFacingError
from pos_app.domain.listings import Channel, Delivery, ListingState
from pos_app.media.photos import MAX_SIDE_PX
from pos_app.services.listings import ListingInput, ListingService
from pos_app.store import media
from pos_app.store.journal import iter_events


@pytest.fixture
def listings(db: sqlite3.Connection, clock: Clock) -> ListingService:
    return ListingService(db, clock)


def events(conn: sqlite3.Connection) -> list[tuple[str, dict]]:
    return [(event.type, event.body) for event in iter_events(conn)]


def apples(listings: ListingService, **changes) -> ListingInput:
    form = listings.new_listing("P0002")
    photo = listings.add_photo(picture(2000, 1500))
    return replace(
        form,
        photos=(photo,),
        stock_offered=5,
        description="청주 과수원에서 바로",
        delivery=Delivery(parcel_fee=3_000, pickup=True),
        **changes,
    )


# ----- photos -----------------------------------------------------------------------------


def test_a_photo_is_resized_compressed_and_kept_by_its_hash(listings, db):
    original = picture(4000, 3000)
    sha = listings.add_photo(original)
    stored = listings.photo_bytes(sha)
    assert stored is not None and stored[:3] == b"\xff\xd8\xff"  # JPEG
    assert media.sha256_hex(stored) == sha
    image = QImage.fromData(stored)
    assert (image.width(), image.height()) == (MAX_SIDE_PX, 960)  # long side 1280, 4:3 kept
    assert len(stored) < len(original)
    assert listings.add_photo(original) == sha  # the same picture: the same row
    assert db.execute("SELECT COUNT(*), MAX(uploaded) FROM media").fetchone()[:] == (1, 0)
    assert events(db)[-1][0] == "product_upsert"  # photos are not journal events


def test_a_small_photo_keeps_its_size_and_transparency_turns_white(listings):
    sha = listings.add_photo(picture(300, 200, alpha=0))
    image = QImage.fromData(listings.photo_bytes(sha))
    assert (image.width(), image.height()) == (300, 200)
    assert image.pixelColor(150, 100).lightness() > 240


def test_something_that_is_not_a_picture_is_refused(listings, db):
    with pytest.raises(UserFacingError) as refused:
        listings.add_photo(b"%PDF-1.7 not a picture")
    assert refused.value.code == "E731"
    assert db.execute("SELECT COUNT(*) FROM media").fetchone()[0] == 0


@pytest.mark.parametrize("kind", ["png", "jpeg", "bmp", "gif", "webp"])
def test_the_five_accepted_formats_are_kept(listings, kind):
    data = io.BytesIO()  # Pillow writes all five (Qt has no GIF writer)
    Image.new("RGB", (40, 30), (30, 90, 150)).save(data, kind.upper())
    sha = listings.add_photo(data.getvalue())
    assert QImage.fromData(listings.photo_bytes(sha)).width() == 40


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (NESTED_SVG, "E731"),  # a format Qt reads, but not a photo: never decoded
        (b"<?xml version='1.0'?>" + NESTED_SVG, "E731"),
        (bomb_png(), "E734"),  # refused from its header, before any pixel is decoded
    ],
    ids=["svg", "svg-xml-prolog", "bomb-30000"],
)
def test_only_photo_formats_within_the_pixel_cap_are_decoded(listings, db, data, code):
    with pytest.raises(UserFacingError) as refused:
        listings.add_photo(data)
    assert refused.value.code == code
    message = refused.value.display("ko")
    assert code in message and "사진" in message
    assert db.execute("SELECT COUNT(*) FROM media").fetchone()[0] == 0


# ----- the listing's life -----------------------------------------------------------------


def test_a_draft_may_be_incomplete_and_is_one_event(listings, db):
    draft = listings.save_draft(listings.new_listing("P0002"))
    assert draft.status is ListingState.DRAFT
    assert (draft.title, draft.price, draft.photos) == ("부사 사과 5kg", 32_000, ())
    kind, body = events(db)[-1]
    assert kind == "listing_upsert" and body["state"] == "draft"
    assert body["listing_id"] == draft.listing_id


def test_submitting_needs_a_photo_and_a_delivery_option(listings, db):
    form = listings.new_listing("P0002")
    head = len(events(db))
    with pytest.raises(UserFacingError) as refused:
        listings.submit(form)
    assert refused.value.code == "E717"
    with pytest.raises(UserFacingError) as refused:
        listings.submit(replace(apples(listings), delivery=Delivery()))
    assert refused.value.code == "E718"
    assert len(events(db)) == head


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"title": " "}, "E712"),
        ({"price": 0}, "E714"),
        ({"stock_offered": -1}, "E715"),
        ({"photos": tuple(f"{n:064x}" for n in range(9))}, "E716"),
        ({"delivery": Delivery(same_day_fee=5_000)}, "E719"),  # same-day is 온시장 only
        ({"photos": ("a" * 64,)}, "E721"),  # not on this PC: could never be uploaded
        ({"product_id": "NOPE"}, "E685"),
    ],
)
def test_a_listing_breaking_a_rule_is_refused_with_its_code(listings, changes, code, db):
    form = replace(apples(listings), **changes)
    head = len(events(db))
    with pytest.raises(UserFacingError) as refused:
        listings.submit(form)
    assert refused.value.code == code
    assert len(events(db)) == head


def test_from_draft_to_published_then_back_to_review_on_an_edit(listings, db):
    draft = listings.save_draft(apples(listings))
    submitted = listings.submit(listings.as_input(draft))
    assert (submitted.listing_id, submitted.status) == (draft.listing_id, ListingState.SUBMITTED)
    with pytest.raises(UserFacingError) as refused:
        listings.save_draft(listings.as_input(submitted))
    assert refused.value.code == "E722"

    acknowledge(db)
    feed(db, ("listing_status", {"listing_id": draft.listing_id, "status": "published"}))
    assert listings.listing(draft.listing_id).status is ListingState.PUBLISHED

    edited = replace(listings.as_input(submitted), price=30_000)
    assert listings.submit(edited).status is ListingState.SUBMITTED  # a new review


def test_a_rejection_shows_the_reason_and_a_resubmission_clears_it(listings, db):
    submitted = listings.submit(apples(listings))
    acknowledge(db)
    feed(
        db,
        (
            "listing_status",
            {"listing_id": submitted.listing_id, "status": "rejected", "reason": "사진이 흐립니다"},
        ),
    )
    rejected = listings.listing(submitted.listing_id)
    assert (rejected.status, rejected.review_reason) == (ListingState.REJECTED, "사진이 흐립니다")
    again = listings.submit(listings.as_input(rejected))
    assert (again.status, again.review_reason) == (ListingState.SUBMITTED, None)


def test_a_media_missing_decline_is_shown_until_submitted_again(listings, db):
    submitted = listings.submit(apples(listings))
    seq = max(e.seq for e in iter_events(db) if e.body.get("listing_id") == submitted.listing_id)
    acknowledge(db, {seq: ("declined", {"code": "media_missing", "message": "사진 없음"})})
    declined = listings.listing(submitted.listing_id)
    # The server never had it: not in review, not on sale.
    assert (declined.status, declined.decline_code) == (ListingState.DRAFT, "media_missing")
    again = listings.submit(listings.as_input(submitted))
    assert (again.status, again.decline_code) == (ListingState.SUBMITTED, None)


def test_a_declined_edit_of_a_published_listing_shows_it_still_on_sale(listings, db):
    submitted = listings.submit(apples(listings))
    acknowledge(db)
    # The server's state follows our upsert, then the review (docs/protocol.md).
    feed(db, ("listing_status", {"listing_id": submitted.listing_id, "status": "submitted"}))
    assert listings.listing(submitted.listing_id).status is ListingState.SUBMITTED
    feed(db, ("listing_status", {"listing_id": submitted.listing_id, "status": "published"}))
    edited = listings.submit(replace(listings.as_input(submitted), title="새 제목"))
    assert edited.status is ListingState.SUBMITTED
    seq = max(e.seq for e in iter_events(db))
    acknowledge(db, {seq: ("declined", {"code": "bad_title", "message": "제목"})})
    shown = listings.listing(submitted.listing_id)
    assert (shown.status, shown.decline_code) == (ListingState.PUBLISHED, "bad_title")


def test_withdrawing_and_the_stock_offered(listings, db):
    with pytest.raises(UserFacingError) as refused:
        listings.withdraw(listings.save_draft(apples(listings)).listing_id)
    assert refused.value.code == "E723"  # a draft is not on sale
    submitted = listings.submit(apples(listings))
    withdrawn = listings.withdraw(submitted.listing_id)
    assert withdrawn.status is ListingState.WITHDRAWN
    assert events(db)[-1][1]["state"] == "withdrawn"

    changed = listings.set_stock_offered(submitted.listing_id, 2)
    assert (changed.stock_offered, changed.status) == (2, ListingState.WITHDRAWN)
    assert events(db)[-1] == (
        "listing_stock",
        {"listing_id": submitted.listing_id, "stock_offered": 2},
    )
    for bad in (-1, 100_001):
        with pytest.raises(UserFacingError) as refused:
            listings.set_stock_offered(submitted.listing_id, bad)
        assert refused.value.code == "E715"
    with pytest.raises(UserFacingError) as refused:
        listings.set_stock_offered("no-such-listing", 1)
    assert refused.value.code == "E711"


def test_the_mall_fee_and_payout_are_shown_in_won(listings):
    split = listings.split(Channel.MALL, 32_000, 2, delivery_fee=3_000)
    assert (split.goods, split.fee, split.payout) == (64_000, 640, 66_360)
    assert listings.split(Channel.MALL, 199).fee == 1  # 1.99 won, rounded down
    assert listings.split(Channel.ONSIJANG, 32_000).fee == 0
    listed = listings.save_draft(replace(apples(listings), price=18_900))
    assert (listed.split.fee, listed.split.payout) == (189, 18_711)
    assert all(isinstance(v, int) for v in (split.fee, split.payout, listed.split.payout))
