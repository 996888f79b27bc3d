"""Enrolment (single-use codes) and device authentication (401 / 403)."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from server_support import DEMO_MERCHANT, Harness, assert_problem
from sqlalchemy import select

from central_server import admin
from central_server.schema import devices


def enrol(harness: Harness, code: str, merchant_id: str = DEMO_MERCHANT, name: str = "POS-01"):
    return harness.client.post(
        "/v1/devices",
        json={"merchant_id": merchant_id, "enrolment_code": code, "device_name": name},
    )


def test_enrolment_returns_a_device_and_stores_only_the_token_hash(harness: Harness) -> None:
    response = enrol(harness, harness.seed["enrolment_code"])
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["merchant_id"] == DEMO_MERCHANT
    assert len(body["device_id"]) == 36
    assert len(body["device_token"]) >= 32
    with harness.engine.connect() as conn:
        row = conn.execute(select(devices).where(devices.c.device_id == body["device_id"])).one()
    assert row.token_sha256 == hashlib.sha256(body["device_token"].encode()).hexdigest()
    assert body["device_token"] not in row  # no column holds the token itself
    assert row.name == "POS-01"


def test_an_enrolment_code_is_single_use(harness: Harness) -> None:
    code = harness.seed["enrolment_code"]
    assert enrol(harness, code).status_code == 201
    assert_problem(enrol(harness, code, name="POS-02"), 403, "enrolment_invalid")


def test_codes_are_typed_forgivingly(harness: Harness) -> None:
    code = harness.seed["enrolment_code"]  # XXXX-XXXX
    assert enrol(harness, f" {code.replace('-', '').lower()} ").status_code == 201


@pytest.mark.parametrize("case", ["wrong_code", "other_merchant", "unknown_merchant", "expired"])
def test_enrolment_refusals_are_403(harness: Harness, case: str) -> None:
    other = admin.create_merchant(
        harness.engine, name="다른 가게", business_number="1048212347", clock=harness.clock
    )["merchant_id"]
    code = harness.seed["enrolment_code"]
    if case == "wrong_code":
        response = enrol(harness, "AAAA-AAAA")
    elif case == "other_merchant":
        response = enrol(harness, code, merchant_id=other)
    elif case == "unknown_merchant":
        response = enrol(harness, code, merchant_id="M-NOPE")
    else:
        harness.clock.advance(timedelta(hours=24, seconds=1).total_seconds())
        response = enrol(harness, code)
    assert_problem(response, 403, "enrolment_invalid")


def test_enrolment_with_missing_fields_is_422(harness: Harness) -> None:
    response = harness.client.post("/v1/devices", json={"merchant_id": DEMO_MERCHANT})
    body = assert_problem(response, 422, "invalid_request")
    assert {tuple(error["loc"]) for error in body["errors"]} >= {("body", "enrolment_code")}


def test_device_calls_need_the_devices_own_valid_token(harness: Harness) -> None:
    device = harness.enrol(name="POS-01")
    other = harness.enrol(name="POS-02")
    path = f"/v1/devices/{device.device_id}/changes"

    assert harness.client.get(path, headers=device.headers).status_code == 200
    missing = assert_problem(harness.client.get(path), 401, "unauthorized")
    assert missing["detail"]
    assert_problem(
        harness.client.get(path, headers={"Authorization": "Bearer not-a-token"}),
        401,
        "unauthorized",
    )
    assert_problem(
        harness.client.get(path, headers={"Authorization": f"Basic {device.token}"}),
        401,
        "unauthorized",
    )
    assert_problem(harness.client.get(path, headers=other.headers), 403, "forbidden")
    journal = harness.client.post(
        f"/v1/devices/{device.device_id}/journal", json={"events": []}, headers=other.headers
    )
    assert_problem(journal, 403, "forbidden")


def test_a_revoked_device_gets_401(harness: Harness) -> None:
    device = harness.enrol()
    admin.revoke_device(harness.engine, device.device_id, clock=harness.clock)
    response = device.changes()
    assert_problem(response, 401, "unauthorized")
    assert response.headers["www-authenticate"] == "Bearer"
    with pytest.raises(admin.AdminError):
        admin.revoke_device(harness.engine, device.device_id, clock=harness.clock)


def test_re_enrolment_keeps_the_device_and_its_journal(harness: Harness):
    device = harness.enrol()
    first = device.pay(amount=1_000)
    admin.revoke_device(harness.engine, device.device_id, clock=harness.clock)
    old_token = device.token
    code = admin.create_enrolment_code(harness.engine, DEMO_MERCHANT, clock=harness.clock)
    response = harness.client.post(
        "/v1/devices",
        json={
            "merchant_id": DEMO_MERCHANT,
            "enrolment_code": code,
            "device_name": "POS-01 (새 PC)",
            "device_id": device.device_id,
        },
    )
    assert response.status_code == 201, response.text
    grant = response.json()
    assert grant["device_id"] == device.device_id
    assert grant["device_token"] != old_token
    device.token = grant["device_token"]
    # The journal continues from the stored head; what was stored stays stored.
    assert device.pay(amount=1_000)["seq"] == 2
    (repeat,) = device.push_ok(device.journal.wire([1]))
    assert (repeat["status"], repeat["approval_no"]) == ("duplicate", first["approval_no"])
    stale = harness.client.get(
        f"/v1/devices/{device.device_id}/changes",
        headers={"Authorization": f"Bearer {old_token}"},
    )
    assert_problem(stale, 401, "unauthorized")


def test_re_enrolment_replaces_a_lost_token(harness: Harness):
    device = harness.enrol()
    code = admin.create_enrolment_code(harness.engine, DEMO_MERCHANT, clock=harness.clock)
    response = harness.client.post(
        "/v1/devices",
        json={
            "merchant_id": DEMO_MERCHANT,
            "enrolment_code": code,
            "device_name": "POS-01",
            "device_id": device.device_id,
        },
    )
    assert response.status_code == 201
    assert_problem(device.changes(), 401, "unauthorized")  # the old token is gone


@pytest.mark.parametrize("whose", ["unknown", "other_merchant"])
def test_re_enrolment_of_a_device_that_is_not_the_merchants_is_refused(
    harness: Harness, whose: str
):
    other = admin.create_merchant(
        harness.engine, name="다른 가게", business_number="1048212347", clock=harness.clock
    )["merchant_id"]
    foreign = harness.enrol(other)
    device_id = "00000000-0000-4000-8000-000000000000" if whose == "unknown" else foreign.device_id
    code = harness.seed["enrolment_code"]
    response = harness.client.post(
        "/v1/devices",
        json={
            "merchant_id": DEMO_MERCHANT,
            "enrolment_code": code,
            "device_name": "POS-01",
            "device_id": device_id,
        },
    )
    assert_problem(response, 403, "enrolment_invalid")
    assert foreign.changes().status_code == 200  # the other merchant's device is untouched
    assert enrol(harness, code).status_code == 201  # a refused attempt does not use the code
