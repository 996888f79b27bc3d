"""Training mode's stand-ins for the people on the other side of an online sale.

The customer (browse the shop, order, cancel) and the city's reviewer (publish a submitted
listing) talk to the local demo server exactly as their own apps would talk to the real one:
the customer through ``/v1/shop``, the reviewer through the admin route with the server's
admin token. Only
the demo wires this in; a real POS never reviews its own listings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests

TIMEOUT_S = 5
DEMO_OFFLINE_LIMIT = 50_000  # what the demo wallet's codes may pay with no server
DEMO_CUSTOMER = {
    "customer_name": "김청주",
    "customer_phone": "010-1234-5678",
    "address": "충북 청주시 상당구 상당로 82",
    "request_note": "연습 주문입니다",
}


class DemoShopError(RuntimeError):
    """The demo server refused or did not answer; the message is fit to show."""


@dataclass(frozen=True)
class ShopListing:
    listing_id: str
    title: str
    channel: str
    price: int
    available: int
    delivery_methods: tuple[str, ...]


class DemoShop:
    def __init__(self, server_url: str, wallet_id: str, admin_token: str = "") -> None:
        self._url = server_url.rstrip("/")
        self._wallet_id = wallet_id
        self._admin_token = admin_token

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            reply = requests.request(method, f"{self._url}{path}", timeout=TIMEOUT_S, **kwargs)
        except requests.RequestException as exc:
            raise DemoShopError(f"demo server: {exc.__class__.__name__}") from exc
        if reply.status_code >= 400:
            try:
                problem = reply.json()
                detail = problem.get("detail") or problem.get("code") or reply.reason
            except ValueError:
                detail = reply.reason
            raise DemoShopError(str(detail))
        return reply.json()

    def listings(self) -> list[ShopListing]:
        """What a customer's app shows: the published listings with how many can be had."""
        found = []
        for item in self._call("GET", "/v1/shop/listings")["listings"]:
            delivery = item["delivery"]
            methods = tuple(
                method
                for method, offered in (
                    ("parcel", delivery.get("parcel_fee") is not None),
                    ("pickup", bool(delivery.get("pickup"))),
                    ("same_day", delivery.get("same_day_fee") is not None),
                )
                if offered
            )
            found.append(
                ShopListing(
                    listing_id=item["listing_id"],
                    title=item["title"],
                    channel=item["channel"],
                    price=int(item["price"]),
                    available=int(item["available"]),
                    delivery_methods=methods,
                )
            )
        return found

    def order(self, listing: ShopListing, quantity: int = 1) -> dict[str, Any]:
        """Order as the demo customer, paid from the demo wallet, first delivery offered."""
        if not listing.delivery_methods:
            raise DemoShopError("no delivery option")
        body = {
            "listing_id": listing.listing_id,
            "quantity": quantity,
            "delivery_method": listing.delivery_methods[0],
            "wallet_id": self._wallet_id,
            **DEMO_CUSTOMER,
        }
        return dict(self._call("POST", "/v1/shop/orders", json=body))

    def cancel(self, order_id: str) -> dict[str, Any]:
        return dict(self._call("POST", f"/v1/shop/orders/{order_id}/cancel", json={}))

    def mint_code(self) -> str:
        """The customer's app asking its issuer for a fresh payment code to show."""
        path = f"/v1/wallets/{self._wallet_id}/codes"
        return str(self._call("POST", path, json={"offline_limit": DEMO_OFFLINE_LIMIT})["text"])

    def pay_merchant_qr(self, payload: str) -> dict[str, Any]:
        """The customer's app paying the merchant QR it scanned (amount, approval_no, ...)."""
        path = f"/v1/wallets/{self._wallet_id}/mpm-payments"
        return dict(self._call("POST", path, json={"payload": payload}))

    def publish(self, listing_id: str) -> None:
        """The city's review, played by the trainer: publish a submitted listing."""
        self._call(
            "POST",
            f"/v1/admin/listings/{listing_id}/review",
            json={"decision": "publish"},
            headers={"Authorization": f"Bearer {self._admin_token}"},
        )
