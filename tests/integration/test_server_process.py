"""The central server as an operator runs it: a real process, killed and restarted.

A payment pushed before a SIGKILL is acknowledged for good: pushed again after the
restart, it is a duplicate with the same approval number.
"""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from servers import ServerProcess, run_server

from pos_app.domain.journal import GENESIS_HASH, format_timestamp, make_event
from pos_app.domain.payment_code import parse_payment_code
from pos_app.services.demo_server import start_demo_server


@pytest.fixture(params=["sqlite", "postgres"])
def server(request: pytest.FixtureRequest) -> ServerProcess:
    return request.getfixturevalue(f"{request.param}_server")


def payment_event(code_text: str, amount: int) -> dict[str, Any]:
    code = parse_payment_code(code_text)
    now = datetime.now(UTC)
    body = {
        "receipt_no": "20261125-0001",
        "business_date": "2026-11-25",
        "tender": "cheongju_pay",
        "lines": [
            {
                "line_no": 1,
                "product_id": "P001",
                "name": "청주 사과 1kg",
                "unit_price": amount,
                "quantity": 1,
                "amount": amount,
                "excluded_from_discount": False,
            }
        ],
        "subtotal": amount,
        "eligible": amount,
        "discount": 0,
        "discount_rate_bp": 0,
        "total": amount,
        "cashback_preview": amount // 10,
        "payment_code": {
            "text": code.text,
            "token_id": code.token_id_hex,
            "wallet_id": str(code.wallet_id),
            "key_id": code.key_id,
            "scanned_at": int(time.time()),
        },
        "offline": True,
    }
    return make_event(
        seq=1,
        event_id=str(uuid.uuid4()),
        type="payment",
        occurred_at=format_timestamp(now),
        body=body,
        prev_hash=GENESIS_HASH,
    ).to_wire()


def test_a_payment_survives_a_crash_and_is_a_duplicate_after_restart(server: ServerProcess):
    seed = server.seed
    device_id, headers = server.enrol_device()
    journal = f"{server.url}/v1/devices/{device_id}/journal"

    minted = requests.post(f"{server.url}/v1/wallets/{seed['wallet_ids'][0]}/codes", timeout=10)
    assert minted.status_code == 201, minted.text
    batch = {"events": [payment_event(minted.json()["text"], 12_000)]}

    first = requests.post(journal, json=batch, headers=headers, timeout=10)
    assert first.status_code == 200, first.text
    (result,) = first.json()["results"]
    assert (result["status"], result["outcome"]) == ("applied", "accepted")
    assert result["cashback"] == 1_200

    server.kill()
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{server.url}/v1/health", timeout=2)
    port = server.port
    server.restart()
    assert server.port == port

    again = requests.post(journal, json=batch, headers=headers, timeout=10)
    assert again.status_code == 200, again.text
    (repeat,) = again.json()["results"]
    assert repeat["status"] == "duplicate"
    assert repeat["approval_no"] == result["approval_no"]
    assert again.json()["last_seq"] == 1


def test_the_cli_works_on_the_servers_database(server: ServerProcess):
    code = server.cli("issue-code", server.seed["wallet_ids"][0], "--offline-limit", "0").strip()
    assert parse_payment_code(code).offline_limit == 0
    keys = requests.get(f"{server.url}/v1/keys", timeout=10).json()["keys"]
    assert parse_payment_code(code).key_id in {key["key_id"] for key in keys}


def test_serve_without_demo_has_no_customer_routes(tmp_path: Path):
    """What an operator starts in production: nobody mints or spends a wallet's money."""
    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    with run_server(url, tmp_path / "server", demo=False) as production:
        wallet = production.seed["wallet_ids"][0]
        minted = requests.post(f"{production.url}/v1/wallets/{wallet}/codes", timeout=10)
        assert minted.status_code == 404
        assert minted.json()["code"] == "not_found"
        order = requests.post(f"{production.url}/v1/shop/orders", json={}, timeout=10)
        assert order.status_code == 404
        assert requests.get(f"{production.url}/v1/shop/listings", timeout=10).status_code == 200


def test_the_pos_demo_server_serves_the_customer_routes(tmp_path: Path):
    """Training's phone mints and pays through them: the POS starts its server with --demo."""
    demo = start_demo_server(tmp_path)
    try:
        wallet = demo.seed["wallet_ids"][0]
        minted = requests.post(f"{demo.url}/v1/wallets/{wallet}/codes", timeout=10)
        assert minted.status_code == 201, minted.text
    finally:
        demo.stop()
