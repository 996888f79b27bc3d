"""The kinds of change in the server's changes feed (``GET /v1/changes``), and what they meant.

The server writes a :class:`ChangeKind` as each change's ``type``; the device applies it and
tells the screens which kinds arrived, plus the :class:`ChangeMeaning` of what happened here
(an order that waits for the vendor, a payment recorded ...), so a screen knows what to reload
or when to play a sound without reading the database first. One enum on both sides: the
server imports this module, so a kind cannot be spelled two ways.
"""

from __future__ import annotations

from enum import StrEnum


class ChangeKind(StrEnum):
    """A change's ``type`` on the wire (docs/protocol.md)."""

    MERCHANT_PROFILE = "merchant_profile"
    DISCOUNT_POLICY = "discount_policy"
    CASHBACK_POLICY = "cashback_policy"
    ISSUER_KEYS = "issuer_keys"
    NOTICE = "notice"
    ORDER = "order"
    LISTING_STATUS = "listing_status"
    STOCK_MOVEMENT = "stock_movement"
    PAYMENT_REQUEST = "payment_request"  # a merchant-presented payment moved
    APP_RELEASE = "app_release"  # the city published a new latest / minimum app version


class ChangeMeaning(StrEnum):
    """What an applied page meant on this device, reported beside its kinds."""

    ORDERS_NEW = "order.new"  # at least one order arrived that waits for the vendor
    ORDERS_CANCELLED = "order.cancelled"  # a customer cancelled an order we had
    STOCK_CHANGED = "stock.changed"  # a stock level changed (a server movement or a release)
    MPM_PAID = "payment_request.paid"  # a merchant-QR payment was recorded: push it now
