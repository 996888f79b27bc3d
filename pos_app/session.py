"""The counter's services on one data file: the half of start-up that needs no Qt.

``pos_app.ui.session.build_session`` calls these between its dialogs; a tool or a test
that wants the services a real till runs on calls them the same way.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from pos_app.domain.clock import Clock
from pos_app.services.checkout import CheckoutService, open_checkout
from pos_app.services.shop import ShopServices, make_shop_services
from pos_app.services.training_checkout import TrainingMerchantSettings


def shop_services(
    conn: sqlite3.Connection, clock: Clock, *, on_recorded: Callable[[], None]
) -> ShopServices:
    """The back office's services, with the shop's owner in place."""
    shop = make_shop_services(conn, clock, on_recorded=on_recorded)
    shop.staff.ensure_owner()  # the shop's manager PIN is its owner (journalled once)
    return shop


def checkout_service(
    conn: sqlite3.Connection,
    clock: Clock,
    *,
    training: bool,
    is_online: Callable[[], bool],
    on_recorded: Callable[[], None],
) -> CheckoutService:
    """The counter's checkout; ``is_online`` and ``on_recorded`` are the sync worker's."""
    # Training also trusts the demo issuer key: its phone mints codes itself offline.
    service = open_checkout(
        conn,
        clock,
        settings=TrainingMerchantSettings(conn) if training else None,
        is_online=is_online,
        on_recorded=on_recorded,
    )
    service.sale.resume_kept()  # the sale in progress when the app last closed
    return service
