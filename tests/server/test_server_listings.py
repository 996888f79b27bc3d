"""Listings: device upserts, media_missing, the back office's review, the shop, the feed."""

from __future__ import annotations

from typing import Any

import pytest
from server_support import (
    ADMIN_AUTH,
    DEMO_MERCHANT,
    Harness,
    PosDevice,
    assert_problem,
    jpeg,
    listing_body,
    make_test_client,
    open_shop,
    product_body,
    sha256_hex,
)

from central_server import admin


@pytest.fixture
def device(harness: Harness) -> PosDevice:
    return harness.enrol()


def feed(device: PosDevice, cursor: str | None = None) -> tuple[str, list[dict[str, Any]]]:
    response = device.changes(cursor)
    assert response.status_code == 200, response.text
    body = response.json()
    return body["cursor"], body["changes"]


def statuses(changes: list[dict[str, Any]]) -> list[tuple[str, str, str | None]]:
    return [
        (c["data"]["listing_id"], c["data"]["status"], c["data"]["reason"])
        for c in changes
        if c["type"] == "listing_status"
    ]


def shop(harness: Harness, **params: str) -> dict[str, dict[str, Any]]:
    response = harness.client.get("/v1/shop/listings", params=params)
    assert response.status_code == 200, response.text
    return {listing["listing_id"]: listing for listing in response.json()["listings"]}


def test_draft_to_submitted_to_published_with_a_photo(harness: Harness, device: PosDevice):
    cursor, _ = feed(device)
    photo = jpeg("사과 사진")
    digest = sha256_hex(photo)
    device.record("product_upsert", product_body())
    device.record("stock_movement", {"product_id": "P001", "delta": 8, "reason": "receipt"})
    draft = device.record("listing_upsert", listing_body(photos=[digest], state="draft"))
    assert draft["outcome"] == "recorded"  # a draft may name a photo not uploaded yet
    # Submitted before the photo is uploaded: declined, naming what is missing.
    early = device.record("listing_upsert", listing_body(photos=[digest]))
    assert early["outcome"] == "declined"
    assert early["code"] == "media_missing"
    assert early["missing"] == [digest]
    assert early["message"]  # Korean, for the screen
    assert shop(harness) == {}
    assert device.upload(photo).status_code == 201
    submitted = device.record("listing_upsert", listing_body(photos=[digest]))
    assert submitted["outcome"] == "recorded"
    assert shop(harness) == {}  # not on sale before the review
    queue = admin.list_listings(harness.engine)
    assert [item["listing_id"] for item in queue] == ["L-0001"]

    reviewed = harness.review("L-0001", "publish")
    assert reviewed.status_code == 200, reviewed.text
    assert reviewed.json() == {
        "listing_id": "L-0001",
        "status": "published",
        "reason": None,
        "reviewed_at": "2026-11-24T15:30:00.000Z",
        "stock_offered": 5,
        "event_id": submitted["event_id"],  # the device's upsert it stands on
    }
    cursor, changes = feed(device, cursor)
    assert statuses(changes) == [
        ("L-0001", "draft", None),
        ("L-0001", "submitted", None),
        ("L-0001", "published", None),
    ]
    on_sale = shop(harness)["L-0001"]
    assert on_sale == {
        "listing_id": "L-0001",
        "merchant_id": DEMO_MERCHANT,
        "merchant_name": "청주 한빛마트 (연습)",
        "product_id": "P001",
        "channel": "onsijang",
        "title": "부사 사과 5kg (산지 직송)",
        "description": "청주 육거리시장 과일가게의 사과입니다.",
        "photos": [digest],
        "price": 30_000,
        "tax_category": "taxable",  # its product's (a product pushed without one: 과세)
        "delivery": {"parcel_fee": 3_000, "pickup": True, "same_day_fee": 5_000},
        "available": 5,  # min(offered 5, level 8)
    }
    assert shop(harness, channel="mall") == {}
    assert set(shop(harness, channel="onsijang")) == {"L-0001"}
    # The snapshot carries the status of every listing.
    _, snapshot = feed(device)
    assert statuses(snapshot) == [("L-0001", "published", None)]


def test_a_rejection_carries_the_reviewers_reason_and_can_be_resubmitted(
    harness: Harness, device: PosDevice
):
    open_shop(harness, device, listing_id="L-0002")
    cursor, _ = feed(device)
    photo = jpeg("L-0001")
    device.upload(photo)
    device.record("listing_upsert", listing_body(photos=[sha256_hex(photo)]))
    response = harness.review("L-0001", "reject", "사진이 상품과 다릅니다")
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "rejected"
    cursor, changes = feed(device, cursor)
    assert statuses(changes)[-1] == ("L-0001", "rejected", "사진이 상품과 다릅니다")
    assert "L-0001" not in shop(harness)
    # Fixed and sent again: back to review, the old reason gone.
    device.record("listing_upsert", listing_body(photos=[sha256_hex(photo)], title="사과 5kg"))
    _, changes = feed(device, cursor)
    assert statuses(changes) == [("L-0001", "submitted", None)]


def test_withdrawing_takes_a_listing_off_sale_at_once(harness: Harness, device: PosDevice):
    body = open_shop(harness, device)
    assert "L-0001" in shop(harness)
    cursor, _ = feed(device)
    device.record("listing_upsert", {**body, "state": "withdrawn"})
    assert shop(harness) == {}
    _, changes = feed(device, cursor)
    assert statuses(changes) == [("L-0001", "withdrawn", None)]
    assert_problem(harness.order(), 404, "listing_unknown")


def test_editing_a_published_listing_sends_it_back_to_review(harness: Harness, device: PosDevice):
    body = open_shop(harness, device)
    device.record("listing_upsert", {**body, "price": 28_000})
    assert shop(harness) == {}
    assert harness.review("L-0001").status_code == 200
    assert shop(harness)["L-0001"]["price"] == 28_000


def test_listing_stock_changes_the_offer_without_a_review(harness: Harness, device: PosDevice):
    open_shop(harness, device, stock=10)
    cursor, _ = feed(device)
    result = device.record("listing_stock", {"listing_id": "L-0001", "stock_offered": 2})
    assert result["outcome"] == "recorded"
    assert shop(harness)["L-0001"]["available"] == 2
    device.record("listing_stock", {"listing_id": "L-0001", "stock_offered": 50})
    assert shop(harness)["L-0001"]["available"] == 10  # the shared stock is the limit now
    # Still published; the device hears the server's figure (orders will take from it).
    offers = [
        (c["data"]["status"], c["data"]["stock_offered"])
        for c in feed(device, cursor)[1]
        if c["type"] == "listing_status"
    ]
    assert offers == [("published", 2), ("published", 50)]
    unknown = device.record("listing_stock", {"listing_id": "L-NOPE", "stock_offered": 1})
    assert (unknown["outcome"], unknown["code"]) == ("declined", "listing_unknown")
    bad = device.record("listing_stock", {"listing_id": "L-0001", "stock_offered": -1})
    assert (bad["outcome"], bad["code"]) == ("declined", "bad_stock")


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"title": ""}, "bad_title"),
        ({"price": 0}, "bad_price"),
        ({"channel": "mall"}, "bad_delivery"),  # same-day delivery is 온시장's
        ({"state": "published"}, "bad_state"),  # only the review publishes
        ({"photos": []}, "photo_required"),
        ({"delivery": {}}, "delivery_required"),
        ({"stock_offered": "5"}, "bad_stock"),
    ],
)
def test_a_listing_breaking_a_rule_is_declined_and_not_kept(
    harness: Harness, device: PosDevice, changes: dict[str, Any], code: str
):
    photo = jpeg()
    device.upload(photo)
    body = {**listing_body(photos=[sha256_hex(photo)]), **changes}
    result = device.record("listing_upsert", body)
    assert (result["outcome"], result["code"]) == ("declined", code)
    _, snapshot = feed(device)
    assert statuses(snapshot) == []


def test_another_merchants_listing_id_is_not_taken_over(harness: Harness, device: PosDevice):
    open_shop(harness, device)
    other = admin.create_merchant(
        harness.engine, name="다른 가게", business_number="1048212347", clock=harness.clock
    )
    intruder = harness.enrol(other["merchant_id"])
    photo = jpeg("침입")
    intruder.upload(photo)
    result = intruder.record(
        "listing_upsert", listing_body(photos=[sha256_hex(photo)], title="가짜")
    )
    assert (result["outcome"], result["code"]) == ("declined", "listing_conflict")
    assert shop(harness)["L-0001"]["title"] == "부사 사과 5kg (산지 직송)"
    stock = intruder.record("listing_stock", {"listing_id": "L-0001", "stock_offered": 0})
    assert stock["code"] == "listing_unknown"


def test_the_review_route_answers_loopback_clients_only(harness: Harness, device: PosDevice):
    photo = jpeg()
    device.upload(photo)
    device.record("listing_upsert", listing_body(photos=[sha256_hex(photo)]))
    url = "/v1/admin/listings/L-0001/review"
    decision = {"decision": "publish", "reason": ""}
    # The right token from elsewhere is refused all the same.
    remote = harness.client.post(url, json=decision, headers=ADMIN_AUTH)  # "testclient"
    assert_problem(remote, 403, "forbidden")
    with make_test_client(harness.client.app, host="203.0.113.7") as remote:
        assert_problem(remote.post(url, json=decision, headers=ADMIN_AUTH), 403, "forbidden")
    with make_test_client(harness.client.app, host="127.0.0.1") as local:
        # Through a reverse proxy on this machine: loopback, but forwarded from elsewhere.
        forwarded = {"X-Forwarded-For": "203.0.113.7", **ADMIN_AUTH}
        assert_problem(local.post(url, json=decision, headers=forwarded), 403, "forbidden")
    assert shop(harness) == {}  # none of them published it
    with make_test_client(harness.client.app, host="::1") as local6:
        assert local6.post(url, json=decision, headers=ADMIN_AUTH).status_code == 200
    assert "L-0001" in shop(harness)


def test_review_refusals(harness: Harness, device: PosDevice):
    assert_problem(harness.review("L-NOPE"), 404, "listing_unknown")
    photo = jpeg()
    device.upload(photo)
    device.record("listing_upsert", listing_body(photos=[sha256_hex(photo)]))
    assert_problem(harness.review("L-0001", "reject", "   "), 422, "reason_required")
    assert_problem(harness.review("L-0001", "maybe"), 422, "invalid_request")
    assert harness.review("L-0001").status_code == 200
    body = assert_problem(harness.review("L-0001"), 409, "listing_not_submitted")
    assert body["state"] == "published"
    with pytest.raises(admin.AdminError, match="listing_not_submitted"):
        admin.review_listing(harness.engine, "L-0001", "reject", "늦은 심사")


def test_the_cli_shows_the_queue_and_reviews(
    harness: Harness, device: PosDevice, database_url: str, capsys: pytest.CaptureFixture[str]
):
    import json

    from central_server.cli import main

    photo = jpeg()
    device.upload(photo)
    device.record("listing_upsert", listing_body(photos=[sha256_hex(photo)]))
    url = ["--database-url", database_url]
    assert main([*url, "listings"]) == 0
    (queued,) = json.loads(capsys.readouterr().out)
    assert (queued["listing_id"], queued["photos"]) == ("L-0001", [sha256_hex(photo)])
    assert main([*url, "review-listing", "L-0001", "reject"]) == 2
    assert "reason_required" in capsys.readouterr().err
    assert main([*url, "review-listing", "L-0001", "reject", "--reason", "가격 오류"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert (status["status"], status["reason"]) == ("rejected", "가격 오류")
    assert main([*url, "listings"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    _, changes = feed(device)
    assert statuses(changes) == [("L-0001", "rejected", "가격 오류")]
