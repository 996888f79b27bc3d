"""Helpers for the central server's tests: a settable clock, a POS-like journal, a harness.

Journal events are made with ``pos_app.domain.journal.make_event`` and payment
bodies have the shape of ``pos_app.services.checkout.CheckoutService._payment_body``,
so the server is tested against what the POS really sends.
"""

from __future__ import annotations

import hashlib
import io
import secrets
import uuid
import warnings
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI
from httpx import Response
from PIL import Image
from sqlalchemy import Engine, select

from central_server import admin
from central_server.db import read_transaction
from central_server.enrolment import next_free_name
from central_server.schema import devices, issuer_keys
from central_server.stock import stock_level

if TYPE_CHECKING:
    from fastapi.testclient import TestClient
from pos_app.domain.clock import unix_seconds
from pos_app.domain.journal import GENESIS_HASH, JournalEvent, format_timestamp, make_event
from pos_app.domain.payment_code import mint_payment_code, parse_payment_code

# 15:30 UTC is 00:30 KST the next day: the business date is 2026-11-25.
START = datetime(2026, 11, 24, 15, 30, tzinfo=UTC)
DEMO_MERCHANT = "M-DEMO-0001"
DEMO_WALLET = "1000000042"
SMALL_WALLET = "1000000043"  # 30,000 won
EMPTY_WALLET = "1000000044"  # 0 won
#: The harness's ``/v1/admin`` bearer token, and the header that carries it.
ADMIN_TOKEN = "test-admin-token-0123456789abcdef"
ADMIN_AUTH = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def make_test_client(app: FastAPI, host: str = "testclient") -> TestClient:
    """A TestClient whose requests come from ``host`` (the default is not loopback)."""
    with warnings.catch_warnings():
        # Starlette 1.x prefers the httpx2 package for its TestClient and warns about httpx,
        # which it still supports; the project's dev dependency is httpx.
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
        from fastapi.testclient import TestClient
    return TestClient(app, client=(host, 50000))


@contextmanager
def seeded_harness(app: FastAPI, clock: MutableClock) -> Iterator[Harness]:
    """``app`` on a database seeded with the demo merchant, wallets and key, behind a test
    client; the engine is disposed at the end."""
    engine = app.state.engine
    seed = admin.seed_demo(engine, clock=clock)
    try:
        with make_test_client(app) as client:
            yield Harness(client=client, engine=engine, clock=clock, seed=seed)
    finally:
        engine.dispose()


def _tiny_image(format_name: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 40, 40)).save(out, format_name)
    return out.getvalue()


_TINY_JPEG = _tiny_image("JPEG")


def jpeg(seed: str = "photo", size: int = 1_000) -> bytes:
    """A real (4x3) JPEG padded after its end to ``size`` bytes, distinct per seed: the server
    reads the header, so the bytes must be an image, and readers ignore what follows the end."""
    body = hashlib.sha256(seed.encode()).digest() * (size // 32 + 1)
    return (_TINY_JPEG + body)[:size]


def png(width: int = 4, height: int = 3) -> bytes:
    """A real PNG of that size."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), (40, 200, 40)).save(out, "PNG")
    return out.getvalue()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def product_body(product_id: str = "P001", **changes: Any) -> dict[str, Any]:
    body = {
        "product_id": product_id,
        "name": "부사 사과 5kg",
        "price": 32_000,
        "category": "과일",
        "excluded_from_discount": False,
        "active": True,
        "codes": ["8801234567893"],
    }
    body.update(changes)
    return body


def listing_body(
    listing_id: str = "L-0001",
    *,
    photos: Sequence[str] = (),
    state: str = "submitted",
    **changes: Any,
) -> dict[str, Any]:
    """A listing_upsert body as the POS writes it (온시장, parcel/pickup/same-day)."""
    body: dict[str, Any] = {
        "listing_id": listing_id,
        "product_id": "P001",
        "channel": "onsijang",
        "title": "부사 사과 5kg (산지 직송)",
        "description": "청주 육거리시장 과일가게의 사과입니다.",
        "photos": list(photos),
        "price": 30_000,
        "stock_offered": 5,
        "delivery": {"parcel_fee": 3_000, "pickup": True, "same_day_fee": 5_000},
        "state": state,
    }
    body.update(changes)
    return body


class MutableClock:
    """A clock tests move by hand; the app and the admin functions share it."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)

    def set(self, moment: datetime) -> None:
        self.now = moment


Line = tuple[int, int, bool]  # unit_price, quantity, excluded_from_discount


def payment_body(
    code_text: str,
    *,
    scanned_at: int,
    lines: Sequence[Line] = ((1_000, 1, False),),
    discount_rate_bp: int = 0,
    offline: bool = True,
    receipt_no: str = "20261125-0001",
    business_date: str = "2026-11-25",
) -> dict[str, Any]:
    """A payment body as the POS's checkout writes it, with consistent arithmetic."""
    code = parse_payment_code(code_text)
    body_lines = [
        {
            "line_no": number,
            "product_id": f"P{number:03d}",
            "name": f"상품 {number}",
            "unit_price": unit_price,
            "quantity": quantity,
            "amount": unit_price * quantity,
            "excluded_from_discount": excluded,
        }
        for number, (unit_price, quantity, excluded) in enumerate(lines, start=1)
    ]
    subtotal = sum(line["amount"] for line in body_lines)
    eligible = sum(line["amount"] for line in body_lines if not line["excluded_from_discount"])
    discount = eligible * discount_rate_bp // 10_000
    total = subtotal - discount
    return {
        "receipt_no": receipt_no,
        "business_date": business_date,
        "tender": "cheongju_pay",
        "lines": body_lines,
        "subtotal": subtotal,
        "eligible": eligible,
        "discount": discount,
        "discount_rate_bp": discount_rate_bp,
        "total": total,
        "cashback_preview": 0,
        "payment_code": {
            "text": code.text,
            "token_id": code.token_id_hex,
            "wallet_id": str(code.wallet_id),
            "key_id": code.key_id,
            "scanned_at": scanned_at,
        },
        "offline": offline,
    }


@dataclass
class Journal:
    """A device's hash-chained journal, built the way the POS builds it."""

    events: list[JournalEvent] = field(default_factory=list)

    @property
    def head_hash(self) -> str:
        return self.events[-1].hash if self.events else GENESIS_HASH

    def append(
        self, event_type: str, body: dict[str, Any], *, occurred_at: datetime = START
    ) -> dict[str, Any]:
        event = make_event(
            seq=len(self.events) + 1,
            event_id=str(uuid.uuid4()),
            type=event_type,
            occurred_at=format_timestamp(occurred_at),
            body=body,
            prev_hash=self.head_hash,
        )
        self.events.append(event)
        return event.to_wire()

    def wire(self, seqs: Iterable[int] | None = None) -> list[dict[str, Any]]:
        chosen = self.events if seqs is None else [self.events[seq - 1] for seq in seqs]
        return [event.to_wire() for event in chosen]


@dataclass
class PosDevice:
    harness: Harness
    device_id: str
    token: str
    journal: Journal = field(default_factory=Journal)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def push(self, events: list[dict[str, Any]]) -> Response:
        return self.harness.client.post(
            f"/v1/devices/{self.device_id}/journal", json={"events": events}, headers=self.headers
        )

    def push_ok(self, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        response = self.push(events)
        assert response.status_code == 200, response.text
        return response.json()["results"]

    def record(self, event_type: str, body: dict[str, Any]) -> dict[str, Any]:
        """Append one event and push it; returns its result."""
        wire = self.journal.append(event_type, body, occurred_at=self.harness.clock())
        (result,) = self.push_ok([wire])
        return result

    def pay(
        self,
        code_text: str | None = None,
        *,
        amount: int | None = None,
        scanned_at: int | None = None,
        **body_options: Any,
    ) -> dict[str, Any]:
        """Record a payment (a fresh code for the demo wallet unless one is given)."""
        code_text = code_text or self.harness.mint()
        if amount is not None:
            body_options.setdefault("lines", ((amount, 1, False),))
        if scanned_at is None:
            scanned_at = unix_seconds(self.harness.clock())
        return self.record(
            "payment", payment_body(code_text, scanned_at=scanned_at, **body_options)
        )

    def void(self, payment_id: str, reason: str = "고객 요청") -> dict[str, Any]:
        return self.record(
            "payment_void", {"payment_id": payment_id, "receipt_no": "x", "reason": reason}
        )

    def upload(self, data: bytes, content_type: str = "image/jpeg") -> Response:
        return self.harness.client.put(
            f"/v1/media/{sha256_hex(data)}",
            content=data,
            headers={**self.headers, "Content-Type": content_type},
        )

    def order_status(self, order_id: str, status: str, **fields: str) -> dict[str, Any]:
        return self.record("order_status", {"order_id": order_id, "status": status, **fields})

    def changes(self, after: str | None = None, wait: int = 0) -> Response:
        params: dict[str, Any] = {"wait": wait}
        if after is not None:
            params["after"] = after
        return self.harness.client.get(
            f"/v1/devices/{self.device_id}/changes", params=params, headers=self.headers
        )


@dataclass
class Harness:
    """The app under test with its database, clock and the demo seed."""

    client: TestClient
    engine: Engine
    clock: MutableClock
    seed: dict[str, Any]

    def enrol(self, merchant_id: str = DEMO_MERCHANT, name: str | None = None) -> PosDevice:
        """A confirmed device; unnamed, it gets the merchant's first free ``POS-NN`` (the
        server refuses a name another active device of the merchant has)."""
        if name is None:
            with self.engine.connect() as conn:
                rows = conn.execute(
                    select(devices.c.name).where(
                        devices.c.merchant_id == merchant_id, devices.c.revoked_at.is_(None)
                    )
                )
                taken = {row.name.strip().casefold() for row in rows}
            name = "POS-01" if "pos-01" not in taken else next_free_name(taken, "POS-01")
        code = admin.create_enrolment_code(self.engine, merchant_id, clock=self.clock)
        response = self.client.post(
            "/v1/devices",
            json={"merchant_id": merchant_id, "enrolment_code": code, "device_name": name},
        )
        assert response.status_code == 201, response.text
        body = response.json()
        device = PosDevice(self, body["device_id"], body["device_token"])
        confirmed = self.client.post(
            f"/v1/devices/{device.device_id}/confirm", headers=device.headers
        )
        assert confirmed.status_code == 200, confirmed.text
        return device

    def mint(
        self, wallet_id: str = DEMO_WALLET, *, offline_limit: int = 50_000, ttl: int = 180
    ) -> str:
        """A code from the server's own issuance path (POST /v1/wallets/{id}/codes)."""
        response = self.client.post(
            f"/v1/wallets/{wallet_id}/codes",
            json={"offline_limit": offline_limit, "ttl_seconds": ttl},
        )
        assert response.status_code == 201, response.text
        return response.json()["text"]

    def signing_seed(self, key_id: int | None = None) -> tuple[int, bytes]:
        with self.engine.connect() as conn:
            query = select(issuer_keys.c.key_id, issuer_keys.c.private_seed).order_by(
                issuer_keys.c.key_id.desc()
            )
            if key_id is not None:
                query = query.where(issuer_keys.c.key_id == key_id)
            row = conn.execute(query).first()
        assert row is not None
        return row.key_id, bytes(row.private_seed)

    def mint_raw(
        self,
        wallet_id: int = int(DEMO_WALLET),
        *,
        key_id: int | None = None,
        seed: bytes | None = None,
        issued_at: int | None = None,
        ttl: int = 180,
        offline_limit: int = 50_000,
    ) -> str:
        """A code minted directly (any wallet, key id, seed or time), as a forger might."""
        if seed is None or key_id is None:
            default_id, default_seed = self.signing_seed()
            key_id = default_id if key_id is None else key_id
            seed = default_seed if seed is None else seed
        return mint_payment_code(
            seed,
            key_id=key_id,
            wallet_id=wallet_id,
            token_id=secrets.token_bytes(16),
            issued_at=unix_seconds(self.clock()) if issued_at is None else issued_at,
            ttl_seconds=ttl,
            offline_limit=offline_limit,
        )

    def balance(self, wallet_id: str = DEMO_WALLET) -> int | None:
        return admin.wallet_balance(self.engine, wallet_id)

    def level(self, product_id: str = "P001", merchant_id: str = DEMO_MERCHANT) -> int:
        """The server's stock level: the sum of the product's movements."""
        with read_transaction(self.engine) as conn:
            return stock_level(conn, merchant_id, product_id)

    def review(self, listing_id: str, decision: str = "publish", reason: str = "") -> Response:
        """The back office's review: the admin token, from a loopback client."""
        with make_test_client(self.client.app, host="127.0.0.1") as admin_client:
            return admin_client.post(
                f"/v1/admin/listings/{listing_id}/review",
                json={"decision": decision, "reason": reason},
                headers=ADMIN_AUTH,
            )

    def order(
        self,
        listing_id: str = "L-0001",
        quantity: int = 1,
        delivery_method: str = "pickup",
        wallet_id: str = DEMO_WALLET,
        **fields: Any,
    ) -> Response:
        """The customer's app orders (POST /v1/shop/orders)."""
        body = {
            "listing_id": listing_id,
            "quantity": quantity,
            "delivery_method": delivery_method,
            "wallet_id": wallet_id,
            "customer_name": "이고객",
            "customer_phone": "010-1234-5678",
            "address": "충북 청주시 상당구 상당로 1",
            "request_note": "",
            **fields,
        }
        return self.client.post("/v1/shop/orders", json=body)

    def order_ok(self, listing_id: str = "L-0001", quantity: int = 1, **fields: Any) -> dict:
        response = self.order(listing_id, quantity, **fields)
        assert response.status_code == 201, response.text
        return response.json()

    def cancel(self, order_id: str, reason: str = "") -> Response:
        return self.client.post(f"/v1/shop/orders/{order_id}/cancel", json={"reason": reason})


def assert_problem(response: Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"] == f"https://cjpay.invalid/problems/{code}"
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["detail"], str)
    return body


def open_shop(
    harness: Harness,
    device: PosDevice,
    *,
    stock: int = 10,
    listing_id: str = "L-0001",
    product_id: str = "P001",
    **listing_changes: Any,
) -> dict[str, Any]:
    """A product with ``stock`` received, its photo uploaded and its listing published."""
    photo = jpeg(listing_id)
    assert device.upload(photo).status_code in (200, 201)
    device.record("product_upsert", product_body(product_id))
    if stock:
        device.record(
            "stock_movement", {"product_id": product_id, "delta": stock, "reason": "receipt"}
        )
    body = listing_body(
        listing_id, photos=[sha256_hex(photo)], product_id=product_id, **listing_changes
    )
    result = device.record("listing_upsert", body)
    assert result["outcome"] == "recorded", result
    response = harness.review(listing_id)
    assert response.status_code == 200, response.text
    return body
