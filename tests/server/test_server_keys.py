"""Issuer keys: publication, rotation with the old key kept for its codes, minting."""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from server_support import DEMO_WALLET, Harness, assert_problem

from central_server import admin
from central_server.state import KEY_GRACE_SECONDS
from pos_app.domain.clock import unix_seconds
from pos_app.domain.payment_code import KeySet, parse_payment_code, verify_payment_code


def published(harness: Harness) -> list[dict]:
    response = harness.client.get("/v1/keys")
    assert response.status_code == 200
    return response.json()["keys"]


def test_keys_are_published_in_the_pos_format(harness: Harness):
    (key,) = published(harness)
    assert key["key_id"] == 1
    assert key["not_before"] == unix_seconds(harness.clock())
    assert key["not_after"] is None
    _, seed = harness.signing_seed(1)
    public = Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes_raw()
    assert base64.b64decode(key["public_key"]) == public
    # The POS loads exactly this shape, and a minted code verifies against it.
    keys = KeySet.from_json(published(harness))
    code = harness.mint()
    assert verify_payment_code(code, keys, unix_seconds(harness.clock())).key_id == 1


def test_a_minted_code_has_the_requested_limits(harness: Harness):
    response = harness.client.post(
        f"/v1/wallets/{DEMO_WALLET}/codes", json={"offline_limit": 12_345, "ttl_seconds": 60}
    )
    assert response.status_code == 201
    body = response.json()
    code = parse_payment_code(body["text"])
    assert (code.offline_limit, code.ttl_seconds, code.wallet_id) == (12_345, 60, int(DEMO_WALLET))
    assert body["issued_at"] == unix_seconds(harness.clock())
    assert body["expires_at"] == body["issued_at"] + 60
    assert body["key_id"] == code.key_id
    # Defaults: 50,000 won offline, 180 s.
    default = parse_payment_code(
        harness.client.post(f"/v1/wallets/{DEMO_WALLET}/codes").json()["text"]
    )
    assert (default.offline_limit, default.ttl_seconds) == (50_000, 180)


def test_minting_refuses_unknown_wallets_and_bad_options(harness: Harness):
    assert_problem(harness.client.post("/v1/wallets/999/codes"), 404, "wallet_unknown")
    assert_problem(harness.client.post("/v1/wallets/00042/codes"), 404, "wallet_unknown")
    assert_problem(
        harness.client.post(f"/v1/wallets/{DEMO_WALLET}/codes", json={"ttl_seconds": 601}),
        422,
        "invalid_request",
    )


def test_rotation_keeps_the_old_key_published_until_its_codes_expire(harness: Harness):
    device = harness.enrol()
    old_code = harness.mint()
    harness.clock.advance(10)
    rotated_at = unix_seconds(harness.clock())
    new_key = admin.rotate_key(harness.engine, clock=harness.clock)
    assert new_key["key_id"] == 2
    keys = {key["key_id"]: key for key in published(harness)}
    assert keys[1]["not_after"] == rotated_at
    assert keys[2]["not_before"] == rotated_at
    # New codes are signed with the new key; the old code still pays.
    assert parse_payment_code(harness.mint()).key_id == 2
    harness.clock.advance(30)
    assert device.pay(old_code)["outcome"] == "accepted"
    # Published until not_after + 600 s, then gone from /v1/keys ...
    harness.clock.advance(rotated_at + KEY_GRACE_SECONDS - unix_seconds(harness.clock()))
    assert [key["key_id"] for key in published(harness)] == [1, 2]
    harness.clock.advance(1)
    assert [key["key_id"] for key in published(harness)] == [2]
    # ... but the server still judges late-synced offline payments by it.
    late = harness.mint_raw(key_id=1, seed=harness.signing_seed(1)[1], issued_at=rotated_at - 5)
    assert device.pay(late, scanned_at=rotated_at)["outcome"] == "accepted"
    # A code signed by the old key after its not_after is an unknown key.
    forged_late = harness.mint_raw(
        key_id=1, seed=harness.signing_seed(1)[1], issued_at=rotated_at + 1
    )
    result = device.pay(forged_late, scanned_at=rotated_at + 2)
    assert (result["outcome"], result["code"]) == ("declined", "unknown_key")


def test_health_reports_the_server_time(harness: Harness):
    response = harness.client.get("/v1/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "time": "2026-11-24T15:30:00.000Z"}


def test_every_answer_carries_the_servers_clock_in_milliseconds(harness: Harness):
    """The POS's NTP-style clock wants more than Date's whole seconds."""
    expected = str(round(harness.clock().timestamp() * 1000))
    for path in ("/v1/health", "/v1/keys", "/v1/no-such-thing"):
        response = harness.client.get(path)
        assert response.headers["X-Server-Time-Ms"] == expected, path


def test_the_demo_issuer_key_is_trusted_by_a_demo_seeded_server_only(harness: Harness):
    """The training phone mints with the demo issuer key while the demo server is down;
    back up, the server declined those payments E410 (unknown key). The POS's demo server
    (``seed-demo --trust-demo-issuer``) trusts that key; any other server refuses it."""
    from pos_app.services.demo import DEMO_ISSUER_KEY_ID, mint_demo_code

    device = harness.enrol()
    refused = device.pay(mint_demo_code(unix_seconds(harness.clock())))
    assert (refused["outcome"], refused["code"]) == ("declined", "unknown_key")
    assert DEMO_ISSUER_KEY_ID not in [key["key_id"] for key in published(harness)]

    seed = admin.seed_demo(harness.engine, clock=harness.clock, trust_demo_key=True)
    assert DEMO_ISSUER_KEY_ID in seed["key_ids"]
    admin.seed_demo(harness.engine, clock=harness.clock, trust_demo_key=True)  # idempotent
    harness.clock.advance(5)
    accepted = device.pay(mint_demo_code(unix_seconds(harness.clock())))
    assert accepted["outcome"] == "accepted"
    # Trusted for verifying only: the server still signs with its own key, numbers its next
    # key after its own, and a rotation leaves the demo key as it was.
    assert parse_payment_code(harness.mint()).key_id == 1
    assert admin.rotate_key(harness.engine, clock=harness.clock)["key_id"] == 2
    keys = {key["key_id"]: key for key in published(harness)}
    assert keys[DEMO_ISSUER_KEY_ID]["not_after"] is None
    assert parse_payment_code(harness.mint()).key_id == 2
