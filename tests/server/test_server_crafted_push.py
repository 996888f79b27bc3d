"""Crafted pushes a POS cannot produce are ``422``, never ``500``: timestamps that match
the digit pattern but are not dates (30 February, Arabic-Indic digits), and JSON nested
thousands of levels deep."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from server_support import Harness, PosDevice, assert_problem, open_shop, payment_body, product_body

from pos_app.domain.clock import unix_seconds
from pos_app.domain.journal import make_event

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.fixture
def device(harness: Harness) -> PosDevice:
    device = harness.enrol()
    open_shop(harness, device)
    return device


def _event(
    device: PosDevice, event_type: str, body: dict[str, Any], occurred_at: str
) -> dict[str, Any]:
    """The device's next event, correctly hashed, with any ``occurred_at`` text."""
    return make_event(
        seq=len(device.journal.events) + 1,
        event_id=str(uuid.uuid4()),
        type=event_type,
        occurred_at=occurred_at,
        body=body,
        prev_hash=device.journal.head_hash,
    ).to_wire()


def _raw_push(harness: Harness, device: PosDevice, raw: bytes):
    return harness.client.post(
        f"/v1/devices/{device.device_id}/journal",
        content=raw,
        headers={**device.headers, "Content-Type": "application/json"},
    )


@pytest.mark.parametrize(
    "occurred_at",
    [
        "2026-02-30T03:00:00.000Z",
        "2026-13-01T03:00:00.000Z",
        "2026-11-25T24:00:00.000Z",
        "2026-11-25T03:00:00.000Z".translate(ARABIC_INDIC),
        "2026-11-25T03:00:00.00٣Z",
    ],
)
@pytest.mark.parametrize("event_type", ["payment", "product_upsert"])
def test_a_timestamp_that_is_not_a_date_is_422(
    harness: Harness, device: PosDevice, event_type: str, occurred_at: str
):
    body = (
        payment_body(harness.mint(), scanned_at=unix_seconds(harness.clock()))
        if event_type == "payment"
        else product_body()
    )
    response = device.push([_event(device, event_type, body, occurred_at)])
    problem = assert_problem(response, 422, "invalid_event")
    assert "occurred_at" in problem["detail"]


@pytest.mark.parametrize("depth", [900, 5_000, 50_000])
def test_json_nested_thousands_deep_is_422(harness: Harness, device: PosDevice, depth: int):
    raw = b'{"events": ' + b"[" * depth + b"]" * depth + b"}"
    problem = assert_problem(_raw_push(harness, device, raw), 422, "invalid_event")
    assert "deep" in problem["detail"]


@pytest.mark.parametrize("depth", [900, 5_000])
def test_a_deep_event_body_is_422(harness: Harness, device: PosDevice, depth: int):
    # 900 parses, but would overflow the recursive canonical-JSON encoder after it.
    nested = "[" * depth + "]" * depth
    event = json.dumps(_event(device, "product_upsert", product_body(), "2026-11-25T03:00:00.000Z"))
    raw = ('{"events": [' + event[:-1] + ', "extra": ' + nested + "}]}").encode()
    assert_problem(_raw_push(harness, device, raw), 422, "invalid_event")


@pytest.mark.parametrize("path", ["/v1/devices", "/v1/shop/orders"])
def test_deep_json_to_a_model_route_is_4xx_not_500(harness: Harness, path: str):
    raw = b'{"a": ' + b"[" * 5_000 + b"]" * 5_000 + b"}"
    response = harness.client.post(path, content=raw, headers={"Content-Type": "application/json"})
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("number", ["²", "١٢٣", "9" * 40])
def test_a_cursor_with_non_ascii_or_huge_digits_is_4xx(
    harness: Harness, device: PosDevice, number: str
):
    cursor = device.changes().json()["cursor"]
    owner = cursor.partition(".")[0]
    response = device.changes(after=f"{owner}.{number}")
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
