"""The vendor's services on an integration POS, a customer and a reviewer of the real server,
and the server's own books (its database) to compare against.

Waiting is by condition: ``pull_until`` long-polls the changes feed (the server answers as
soon as something changes) until the POS's state satisfies the test, never by sleeping.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests
import sqlalchemy as sa
from pos_harness import Pos

from pos_app.domain.clock import system_clock
from pos_app.domain.listings import Channel, Delivery
from pos_app.services.listings import ListingInput, ListingService
from pos_app.services.orders import OrderService
from pos_app.services.stock import StockService
from pos_app.store import stock_movements

APPLE = "8808123000028"  # P0002 부사 사과 5kg, 32,000원 (28,800원 after the 10 % discount)
APPLE_ID = "P0002"
CUSTOMER_WALLET = "1000000042"


@dataclass
class Vendor:
    """The merchant's screens' services on the POS's own connection."""

    pos: Pos
    stock: StockService = field(init=False)
    listings: ListingService = field(init=False)
    orders: OrderService = field(init=False)

    def __post_init__(self) -> None:
        self.stock = StockService(self.pos.conn, system_clock)
        self.listings = ListingService(self.pos.conn, system_clock)
        self.orders = OrderService(self.pos.conn, system_clock)

    def level(self, product_id: str = APPLE_ID) -> int:
        return stock_movements.level_of(self.pos.conn, product_id)

    def levels(self) -> dict[str, int]:
        return {k: v for k, v in stock_movements.summed_levels(self.pos.conn).items() if v}

    def pull_until(self, condition: Callable[[], bool], rounds: int = 40) -> set[str]:
        """Apply pages of the feed until ``condition`` holds; every kind reported meanwhile."""
        kinds: set[str] = set()
        for _ in range(rounds):
            if condition():
                return kinds
            kinds |= self.pos.engine.pull_once(wait_s=5)
        if condition():
            return kinds
        raise AssertionError("the changes feed never brought what the test waits for")

    def apple_listing(self, *photos: bytes, stock_offered: int = 10) -> ListingInput:
        form = self.listings.new_listing(APPLE_ID, Channel.MALL)
        return ListingInput(
            product_id=form.product_id,
            channel=Channel.MALL,
            title="청주 부사 사과 5kg 산지직송",
            price=form.price,
            stock_offered=stock_offered,
            description="청주 과수원에서 아침에 딴 사과",
            photos=tuple(self.listings.add_photo(photo) for photo in photos),
            delivery=Delivery(parcel_fee=3_000, pickup=True),
        )


class Shop:
    """The customer's app and the city's reviewer, over HTTP to the real server."""

    def __init__(self, server_url: str, admin_token: str) -> None:
        self.url = server_url
        self._http = requests.Session()
        self._admin = {"Authorization": f"Bearer {admin_token}"}

    def close(self) -> None:
        self._http.close()

    def _post(
        self, path: str, payload: dict[str, Any], headers: dict[str, str] | None = None
    ) -> requests.Response:
        return self._http.post(f"{self.url}{path}", json=payload, headers=headers, timeout=10)

    def review(self, listing_id: str, decision: str, reason: str = "") -> dict[str, Any]:
        reply = self._post(
            f"/v1/admin/listings/{listing_id}/review",
            {"decision": decision, "reason": reason},
            self._admin,
        )
        assert reply.status_code == 200, reply.text
        return dict(reply.json())

    def listings(self) -> dict[str, dict[str, Any]]:
        reply = self._http.get(f"{self.url}/v1/shop/listings", timeout=10)
        assert reply.status_code == 200, reply.text
        return {item["listing_id"]: item for item in reply.json()["listings"]}

    def photo(self, sha: str) -> requests.Response:
        return self._http.get(f"{self.url}/v1/media/{sha}", timeout=10)

    def order(
        self, listing_id: str, quantity: int, delivery_method: str = "parcel"
    ) -> dict[str, Any]:
        reply = self._post(
            "/v1/shop/orders",
            {
                "listing_id": listing_id,
                "quantity": quantity,
                "delivery_method": delivery_method,
                "wallet_id": CUSTOMER_WALLET,
                "customer_name": "이수진",
                "customer_phone": "010-1234-5678",
                "address": "충북 청주시 상당구 상당로 82",
                "request_note": "부재 시 경비실에 맡겨 주세요",
            },
        )
        assert reply.status_code == 201, reply.text
        return dict(reply.json())

    def cancel(self, order_id: str, reason: str = "") -> requests.Response:
        return self._post(f"/v1/shop/orders/{order_id}/cancel", {"reason": reason})


# ----- the server's books -------------------------------------------------------------------


def _query(database_url: str, sql: str, **params: Any) -> list[sa.Row[Any]]:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as db:
            return list(db.execute(sa.text(sql), params))
    finally:
        engine.dispose()


def server_levels(database_url: str, merchant_id: str) -> dict[str, int]:
    """product_id -> SUM(delta) of the server's movements for the merchant (non-zero only)."""
    rows = _query(
        database_url,
        "SELECT product_id, SUM(delta) FROM stock_movements WHERE merchant_id = :m"
        " GROUP BY product_id",
        m=merchant_id,
    )
    return {row[0]: int(row[1]) for row in rows if int(row[1])}


def server_movement_ids(database_url: str, merchant_id: str) -> set[str]:
    rows = _query(
        database_url,
        "SELECT movement_id FROM stock_movements WHERE merchant_id = :m",
        m=merchant_id,
    )
    return {row[0] for row in rows}


def server_order(database_url: str, order_id: str) -> tuple[str, str]:
    """(status, tracking_no) as the server has them."""
    rows = _query(
        database_url,
        "SELECT status, tracking_no FROM orders WHERE order_id = :o",
        o=order_id,
    )
    assert rows, f"the server has no order {order_id}"
    return str(rows[0][0]), str(rows[0][1] or "")
