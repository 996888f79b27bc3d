"""The services beyond the scan-and-pay counter, made together: one file, one clock, one sync."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from pos_app.domain.clock import Clock
from pos_app.services.catalog import CatalogService
from pos_app.services.day_close import DayCloseService
from pos_app.services.listings import ListingService
from pos_app.services.notices import NoticeService
from pos_app.services.orders import OrderService
from pos_app.services.printing import PrintService
from pos_app.services.refunds import RefundService
from pos_app.services.sales_report import SalesReportService
from pos_app.services.staff import StaffService
from pos_app.services.stock import StockService


@dataclass(frozen=True)
class ShopServices:
    catalog: CatalogService
    stock: StockService
    orders: OrderService
    listings: ListingService
    refunds: RefundService
    day_close: DayCloseService
    sales: SalesReportService
    staff: StaffService
    printing: PrintService
    notices: NoticeService


def make_shop_services(
    conn: sqlite3.Connection, clock: Clock, on_recorded: Callable[[], None] = lambda: None
) -> ShopServices:
    """``on_recorded`` wakes the sync worker, so an order step reaches the server at once."""
    return ShopServices(
        catalog=CatalogService(conn, clock),
        stock=StockService(conn, clock, on_recorded=on_recorded),
        orders=OrderService(conn, clock, on_recorded=on_recorded),
        listings=ListingService(conn, clock, on_recorded=on_recorded),
        refunds=RefundService(conn, clock, on_recorded=on_recorded),
        day_close=DayCloseService(conn, clock, on_recorded=on_recorded),
        sales=SalesReportService(conn, clock),
        staff=StaffService(conn, clock, on_recorded=on_recorded),
        printing=PrintService(conn, clock),
        notices=NoticeService(conn),
    )
