"""Bad input to the shop surface (catalogue, stock, listings, orders) is a 4xx problem,
never a 5xx: odd strings (NUL, which PostgreSQL text cannot hold), wrong types, huge
numbers, long ids, in requests and in events."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from server_support import (
    ADMIN_AUTH,
    Harness,
    PosDevice,
    assert_problem,
    jpeg,
    make_test_client,
    open_shop,
)

NUL = "\x00"


@pytest.fixture
def device(harness: Harness) -> PosDevice:
    device = harness.enrol()
    open_shop(harness, device)
    return device


def good_order(**changes: Any) -> dict[str, Any]:
    return {
        "listing_id": "L-0001",
        "quantity": 1,
        "delivery_method": "pickup",
        "wallet_id": "1000000042",
        "customer_name": "이고객",
        "customer_phone": "010-1234-5678",
        **changes,
    }


@pytest.mark.parametrize(
    "body",
    [
        good_order(customer_name=f"이{NUL}고객"),
        good_order(address=NUL),
        good_order(listing_id=NUL),
        good_order(listing_id="L" * 10_000),
        good_order(wallet_id=f"1{NUL}"),
        good_order(wallet_id="99999999999999999999"),  # over u64
        good_order(quantity=2**63),
        good_order(quantity=-1),
        good_order(quantity="1"),
        good_order(quantity=1.5),
        good_order(delivery_method=None),
        {},
        [],
        "order",
        None,
    ],
)
def test_bad_orders_are_4xx(harness: Harness, device: PosDevice, body: Any):
    response = harness.client.post("/v1/shop/orders", json=body)
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    "raw", [b"{", b"\xff\xfe", b'{"listing_id": "L-0001", "quantity": 1e999}', b"null"]
)
def test_unparseable_order_bodies_are_422(harness: Harness, device: PosDevice, raw: bytes):
    response = harness.client.post(
        "/v1/shop/orders", content=raw, headers={"Content-Type": "application/json"}
    )
    assert_problem(response, 422, "invalid_request")


@pytest.mark.parametrize("order_id", ["%00", "O-" + "A" * 100, "a%2Fb", "..", "O-%E2%82%AC", "%20"])
def test_odd_order_ids_in_the_path_are_4xx(harness: Harness, device: PosDevice, order_id: str):
    response = harness.client.post(f"/v1/shop/orders/{order_id}/cancel")
    assert 400 <= response.status_code < 500, response.text


@pytest.mark.parametrize(
    "body", [{"reason": NUL}, {"reason": 5}, {"reason": "x" * 1_000}, [], "cancel"]
)
def test_bad_cancel_bodies_are_422(harness: Harness, device: PosDevice, body: Any):
    order = harness.order_ok()
    response = harness.client.post(f"/v1/shop/orders/{order['order_id']}/cancel", json=body)
    assert_problem(response, 422, "invalid_request")


@pytest.mark.parametrize(
    ("listing_id", "body"),
    [
        ("L-0001", {"decision": "publish", "reason": NUL}),
        ("L-0001", {"decision": None}),
        ("L-0001", {}),
        ("%00", {"decision": "publish"}),
        ("L" * 65, {"decision": "publish"}),
    ],
)
def test_bad_reviews_are_4xx(harness: Harness, device: PosDevice, listing_id: str, body: Any):
    with make_test_client(harness.client.app, host="127.0.0.1") as local:
        answer = local.post(
            f"/v1/admin/listings/{listing_id}/review", json=body, headers=ADMIN_AUTH
        )
    assert 400 <= answer.status_code < 500, answer.text


def test_bad_shop_queries_are_422(harness: Harness, device: PosDevice):
    response = harness.client.get("/v1/shop/listings", params={"channel": "ebay"})
    assert_problem(response, 422, "invalid_request")


def test_a_nul_in_an_event_id_is_invalid_not_a_crash(harness: Harness, device: PosDevice):
    from pos_app.domain.journal import format_timestamp, make_event

    event = make_event(
        seq=len(device.journal.events) + 1,
        event_id=f"e{NUL}1",
        type="product_upsert",
        occurred_at=format_timestamp(harness.clock()),
        body={"product_id": "P9", "name": "x", "price": 1},
        prev_hash=device.journal.head_hash,
    )
    assert_problem(device.push([event.to_wire()]), 422, "invalid_event")


def test_a_nul_in_a_voided_payment_id_is_invalid_not_a_crash(harness: Harness, device: PosDevice):
    event = device.journal.append("payment_void", {"payment_id": f"p{NUL}", "reason": "x"})
    assert_problem(device.push([event]), 422, "invalid_event")


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53) + 1, 2**53 - 1)
    | st.text(alphabet=st.characters(codec="utf-8"), max_size=70),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", max_size=12), children)
    ),
    max_leaves=12,
)
field_names = {
    "listing_upsert": [
        "listing_id",
        "product_id",
        "channel",
        "title",
        "description",
        "photos",
        "price",
        "stock_offered",
        "delivery",
        "state",
    ],
    "listing_stock": ["listing_id", "stock_offered"],
    "order_status": ["order_id", "status", "reason", "tracking_no"],
    "stock_movement": ["product_id", "delta", "reason", "adjust_reason", "note"],
    "product_upsert": ["product_id", "name", "price", "codes", "photo", "low_stock_at"],
}


@st.composite
def events(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    event_type = draw(st.sampled_from(sorted(field_names)))
    keys = draw(st.lists(st.sampled_from(field_names[event_type]), unique=True))
    return event_type, {key: draw(json_values) for key in keys}


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(event=events())
def test_random_event_bodies_are_stored_or_refused_never_a_500(
    harness: Harness, device: PosDevice, event: tuple[str, dict[str, Any]]
):
    event_type, body = event
    wire = device.journal.append(event_type, body)
    response = device.push([wire])
    assert response.status_code in (200, 422), response.text
    if response.status_code == 422:
        device.journal.events.pop()  # not stored: the next event takes its seq
    else:
        (result,) = response.json()["results"]
        assert result["outcome"] in ("recorded", "accepted", "declined")


def test_uploads_with_odd_headers_are_4xx(harness: Harness, device: PosDevice):
    photo = jpeg()
    for headers in (
        {"Content-Type": "image/jpeg", "Content-Length": "abc"},
        {"Content-Type": "image/jpeg; charset=utf-8"},
        {"Content-Type": "IMAGE/JPEG"},
    ):
        response = harness.client.put(
            f"/v1/media/{'0' * 64}", content=photo, headers={**device.headers, **headers}
        )
        assert 400 <= response.status_code < 500, (headers, response.text)
