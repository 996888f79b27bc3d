"""Enrolment (single-use codes) and device authentication (401 / 403)."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from server_support import DEMO_MERCHANT, Harness, assert_problem
from sqlalchemy import select

from central_server import admin
from central_server.enrolment import PENDING_GRANT_TTL
from central_server.schema import devices


def enrol(
    harness: Harness,
    code: str,
    merchant_id: str = DEMO_MERCHANT,
    name: str = "POS-01",
    device_id: str | None = None,
):
    body = {"merchant_id": merchant_id, "enrolment_code": code, "device_name": name}
    if device_id is not None:
        body["device_id"] = device_id
    return harness.client.post("/v1/devices", json=body)


def confirm(harness: Harness, device_id: str, token: str):
    return harness.client.post(
        f"/v1/devices/{device_id}/confirm", headers={"Authorization": f"Bearer {token}"}
    )


def device_rows(harness: Harness) -> list:
    with harness.engine.connect() as conn:
        return list(conn.execute(select(devices)))


def test_enrolment_returns_a_device_and_stores_only_the_token_hash(harness: Harness) -> None:
    response = enrol(harness, harness.seed["enrolment_code"])
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["merchant_id"] == DEMO_MERCHANT
    assert len(body["device_id"]) == 36
    assert len(body["device_token"]) >= 32
    assert body["status"] == "pending"
    assert confirm(harness, body["device_id"], body["device_token"]).json()["status"] == "active"
    with harness.engine.connect() as conn:
        row = conn.execute(select(devices).where(devices.c.device_id == body["device_id"])).one()
    assert row.token_sha256 == hashlib.sha256(body["device_token"].encode()).hexdigest()
    assert body["device_token"] not in row  # no column holds the token itself
    assert row.name == "POS-01"


def test_an_enrolment_code_is_single_use_once_confirmed(harness: Harness) -> None:
    code = harness.seed["enrolment_code"]
    grant = enrol(harness, code).json()
    assert confirm(harness, grant["device_id"], grant["device_token"]).status_code == 200
    assert_problem(enrol(harness, code, name="POS-02"), 403, "enrolment_invalid")


def test_an_unconfirmed_grant_opens_nothing_and_leaves_no_device(harness: Harness) -> None:
    grant = enrol(harness, harness.seed["enrolment_code"]).json()
    headers = {"Authorization": f"Bearer {grant['device_token']}"}
    path = f"/v1/devices/{grant['device_id']}"
    assert_problem(harness.client.get(f"{path}/changes", headers=headers), 401, "unauthorized")
    push = harness.client.post(f"{path}/journal", json={"events": []}, headers=headers)
    assert push.status_code == 401
    assert device_rows(harness) == []  # nothing the city would see as a till


def test_asking_again_before_the_confirm_gives_the_same_device_and_a_new_token(harness):
    """A POS that could not store the token (or crashed) retries with the same code: the
    code is not burned; only the newest token confirms; then there is one device."""
    code = harness.seed["enrolment_code"]
    first = enrol(harness, code).json()
    again = enrol(harness, code).json()
    assert again["device_id"] == first["device_id"]
    assert again["device_token"] != first["device_token"]
    assert_problem(confirm(harness, first["device_id"], first["device_token"]), 401, "unauthorized")
    assert confirm(harness, again["device_id"], again["device_token"]).status_code == 200
    assert confirm(harness, again["device_id"], again["device_token"]).status_code == 200
    (row,) = device_rows(harness)
    assert row.device_id == first["device_id"] and row.revoked_at is None
    headers = {"Authorization": f"Bearer {again['device_token']}"}
    changes = harness.client.get(f"/v1/devices/{row.device_id}/changes", headers=headers)
    assert changes.status_code == 200


def test_a_pending_grant_expires_unconfirmed_and_the_code_can_be_asked_again(harness):
    code = harness.seed["enrolment_code"]
    grant = enrol(harness, code).json()
    harness.clock.advance(PENDING_GRANT_TTL.total_seconds() + 1)
    stale = confirm(harness, grant["device_id"], grant["device_token"])
    assert_problem(stale, 401, "unauthorized")
    assert device_rows(harness) == []
    fresh = enrol(harness, code).json()  # the code itself is still within its 24 h
    assert confirm(harness, fresh["device_id"], fresh["device_token"]).status_code == 200
    assert len(device_rows(harness)) == 1


def test_an_expired_grant_for_a_re_enrolment_leaves_the_device_as_it_was(harness):
    device = harness.enrol()
    code = admin.create_enrolment_code(harness.engine, DEMO_MERCHANT, clock=harness.clock)
    grant = enrol(harness, code, device_id=device.device_id).json()
    assert device.changes().status_code == 200  # the old token works until a confirm
    harness.clock.advance(PENDING_GRANT_TTL.total_seconds() + 1)
    assert_problem(confirm(harness, device.device_id, grant["device_token"]), 401, "unauthorized")
    assert device.changes().status_code == 200
    assert enrol(harness, code).status_code == 403  # asked for that device, not a new one


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
    assert assert_problem(response, 401, "unauthorized")["reason"] == "revoked"
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
    assert confirm(harness, device.device_id, grant["device_token"]).status_code == 200
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
    assert confirm(harness, device.device_id, response.json()["device_token"]).status_code == 200
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


def test_a_second_active_device_with_a_name_the_merchant_uses_is_refused_with_a_free_one(
    harness: Harness,
) -> None:
    first = harness.enrol(name="POS-01")
    code = admin.create_enrolment_code(harness.engine, DEMO_MERCHANT, clock=harness.clock)
    for typed in ("POS-01", " pos-01 "):  # the same name as a person reads it
        body = assert_problem(enrol(harness, code, name=typed), 409, "device_name_taken")
        assert body["suggested_name"] == typed.strip().replace("01", "02")  # their spelling
    # The code was not used: the suggested name enrols a second device with it.
    grant = enrol(harness, code, name="POS-02").json()
    assert confirm(harness, grant["device_id"], grant["device_token"]).status_code == 200
    names = sorted((row.name, row.revoked_at is None) for row in device_rows(harness))
    assert names == [("POS-01", True), ("POS-02", True)]  # the two of this merchant
    # Another merchant's POS-01 is no concern of this one.
    other = admin.create_merchant(
        harness.engine, name="다른 가게", business_number="1048212347", clock=harness.clock
    )["merchant_id"]
    harness.enrol(other, name="POS-01")
    # Re-enrolling the device that has the name is not a clash with itself.
    again = admin.create_enrolment_code(harness.engine, DEMO_MERCHANT, clock=harness.clock)
    response = enrol(harness, again, name="POS-01", device_id=first.device_id)
    assert response.status_code == 201, response.text


def test_a_revoked_devices_name_is_free_again(harness: Harness) -> None:
    old = harness.enrol(name="POS-01")
    admin.revoke_device(harness.engine, old.device_id, clock=harness.clock)
    assert harness.enrol(name="POS-01").device_id != old.device_id


def test_two_grants_for_one_name_the_first_confirmed_keeps_it(harness: Harness) -> None:
    codes = [
        admin.create_enrolment_code(harness.engine, DEMO_MERCHANT, clock=harness.clock)
        for _ in range(2)
    ]
    grants = [enrol(harness, code, name="POS-01").json() for code in codes]  # both pending
    assert confirm(harness, grants[0]["device_id"], grants[0]["device_token"]).status_code == 200
    late = confirm(harness, grants[1]["device_id"], grants[1]["device_token"])
    assert assert_problem(late, 409, "device_name_taken")["suggested_name"] == "POS-02"
    assert [row.name for row in device_rows(harness)] == ["POS-01"]
    # Its code is still unused: asked again under the suggested name, it enrols.
    renamed = enrol(harness, codes[1], name="POS-02").json()
    assert renamed["device_id"] == grants[1]["device_id"]
    assert confirm(harness, renamed["device_id"], renamed["device_token"]).status_code == 200
