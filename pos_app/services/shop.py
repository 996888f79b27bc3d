"""The services beyond the counter, made together because they share a file and a clock."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from pos_app.domain.clock import Clock
from pos_app.services.catalog import CatalogService
from pos_app.services.listings import ListingService
from pos_app.services.orders import OrderService
from pos_app.services.stock import StockService


@dataclass(frozen=True)
class ShopServices:
    catalog: CatalogService
    stock: StockService
    orders: OrderService
    listings: ListingService


def make_shop_services(
    conn: sqlite3.Connection, clock: Clock, on_recorded: Callable[[], None] = lambda: None
) -> ShopServices:
    """``on_recorded`` wakes the sync worker, so an order step reaches the server at once."""
    return ShopServices(
        catalog=CatalogService(conn, clock),
        stock=StockService(conn, clock, on_recorded=on_recorded),
        orders=OrderService(conn, clock, on_recorded=on_recorded),
        listings=ListingService(conn, clock, on_recorded=on_recorded),
    )
