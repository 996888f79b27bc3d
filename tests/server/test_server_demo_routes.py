"""The customer's routes trust whoever calls with a wallet id: a demo server's only.

A production app (the default) answers 404 for minting a wallet's code, paying a merchant
QR and ordering from the shop; a demo app serves them. The issuer caps what a code stands
behind offline, whatever the caller asks.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from server_support import DEMO_WALLET, Harness, MutableClock, assert_problem, seeded_harness

from central_server.app import create_app
from central_server.issuance import MAX_OFFLINE_LIMIT
from central_server.schema import wallets
from pos_app.domain.payment_code import parse_payment_code

#: (path, body) of each customer route, with a body a demo server would act on.
CUSTOMER_CALLS = [
    (f"/v1/wallets/{DEMO_WALLET}/codes", {"offline_limit": 4_294_967_295}),
    (f"/v1/wallets/{DEMO_WALLET}/mpm-payments", {"payload": "000201"}),
    ("/v1/shop/orders", {"wallet_id": DEMO_WALLET, "listing_id": "L-1", "quantity": 1}),
    ("/v1/shop/orders/O-1/cancel", {}),
]


@pytest.fixture
def production(database_url: str, clock: MutableClock) -> Iterator[Harness]:
    """The app as ``serve`` without ``--demo`` builds it, on a seeded database."""
    with seeded_harness(create_app(database_url, clock=clock), clock) as harness:
        yield harness


def balances(harness: Harness) -> dict[str, int]:
    with harness.engine.connect() as conn:
        rows = conn.execute(wallets.select()).mappings().all()
    return {str(row["wallet_id"]): int(row["balance"]) for row in rows}


@pytest.mark.parametrize(("path", "body"), CUSTOMER_CALLS, ids=lambda value: str(value)[:30])
def test_a_production_server_has_no_customer_routes(production: Harness, path: str, body: dict):
    before = balances(production)
    assert_problem(production.client.post(path, json=body), 404, "not_found")
    assert balances(production) == before
    # The public shop window and the device routes stay.
    assert production.client.get("/v1/shop/listings").status_code == 200
    assert production.client.get("/v1/keys").status_code == 200


def test_a_production_server_does_not_publish_the_customer_routes(production: Harness):
    paths = production.client.get("/openapi.json").json()["paths"]
    assert not [path for path in paths if "/wallets/" in path or "/shop/orders" in path]
    assert "/v1/shop/listings" in paths


def test_a_demo_server_serves_the_customer_routes(harness: Harness):
    code = harness.client.post(f"/v1/wallets/{DEMO_WALLET}/codes")
    assert code.status_code == 201
    # Each route is there: it answers for the request, not "no such route".
    paid = harness.client.post(f"/v1/wallets/{DEMO_WALLET}/mpm-payments", json={"payload": "x"})
    assert paid.status_code == 422
    assert harness.client.post("/v1/shop/orders", json={}).status_code == 422
    assert_problem(harness.client.post("/v1/shop/orders/O-1/cancel"), 404, "order_unknown")


def test_the_issuer_caps_a_codes_offline_limit(harness: Harness):
    response = harness.client.post(
        f"/v1/wallets/{DEMO_WALLET}/codes", json={"offline_limit": 4_294_967_295}
    )
    assert response.status_code == 201
    assert parse_payment_code(response.json()["text"]).offline_limit == MAX_OFFLINE_LIMIT
    # At or under the cap, the code has what was asked.
    under = harness.client.post(f"/v1/wallets/{DEMO_WALLET}/codes", json={"offline_limit": 7})
    assert parse_payment_code(under.json()["text"]).offline_limit == 7


def test_the_cap_is_a_server_setting(database_url: str, clock: MutableClock):
    app = create_app(database_url, clock=clock, demo=True, max_offline_limit=10_000)
    with seeded_harness(app, clock) as harness:
        response = harness.client.post(
            f"/v1/wallets/{DEMO_WALLET}/codes", json={"offline_limit": 50_000}
        )
    assert parse_payment_code(response.json()["text"]).offline_limit == 10_000
