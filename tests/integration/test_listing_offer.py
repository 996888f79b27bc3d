"""A listing on the listings screen as the shop day goes (its state and its online quantity
as they change), with the real window, the real sync worker and the real server process
(pytest-qt).

The listing is submitted at the POS and published by the city's review the moment the
server has it (not after the POS has stored the server's answer: the race that left
"심사 중" on screen). Then 10 offered online, an order of 2 comes and is completed: the
screen shows 8, and still 8 after the next changes arrive.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pos_harness import Pos
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from pos_app.domain.clock import system_clock
from pos_app.domain.listings import Channel, Delivery
from pos_app.domain.orders import OrderStatus
from pos_app.services.checkout import open_checkout
from pos_app.services.demo_shop import DemoShop, DemoShopError
from pos_app.services.listings import ListingInput
from pos_app.services.shop import make_shop_services
from pos_app.sync.engine import default_client_factory
from pos_app.ui.app import PosController
from pos_app.ui.online.listing_model import ListingTableModel
from pos_app.ui.session import Session, start_sync
from pos_app.ui.translations import LanguageSwitcher
from tests.integration.test_counter_orders import APPLE_CODE, png
from tests.ui.wedge_clock import WedgeClock


@pytest.fixture
def counter(qtbot, sqlite_till: Pos) -> Iterator[PosController]:
    app = QApplication.instance()
    sync = start_sync(
        sqlite_till.db_path, sqlite_till.credentials, default_client_factory(), system_clock
    )
    service = open_checkout(
        sqlite_till.conn,
        system_clock,
        is_online=sync.worker.is_online,
        on_recorded=sync.worker.wake,
    )
    controller = PosController(
        app,
        Session(
            conn=sqlite_till.conn,
            service=service,
            languages=LanguageSwitcher(app),
            language="ko",
            sync=sync,
            shop=make_shop_services(sqlite_till.conn, system_clock, on_recorded=sync.worker.wake),
            scan_clock=WedgeClock(),
        ),
    )
    controller.show()
    qtbot.waitUntil(controller.window.isActiveWindow)
    qtbot.waitUntil(
        lambda: sync.worker.is_online() and sync.worker.status.pending == 0, timeout=20_000
    )
    yield controller
    controller.shutdown()
    app.removeEventFilter(controller.scanner)
    controller.window.close()
    controller.window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    controller.languages.apply("en")


def on_screen(counter: PosController, column: int) -> str:
    """The first listing's cell as the listings screen shows it."""
    model = counter.shop_pages.listings_screen.model
    if model.rowCount() == 0:
        return ""
    return str(model.data(model.index(0, column), Qt.ItemDataRole.DisplayRole))


def test_published_at_once_then_an_order_of_2_leaves_8_online(
    counter, sqlite_till, sqlite_server, qtbot
):
    shop = counter.shop_pages.shop
    apple = shop.catalog.product_for_code(APPLE_CODE)
    shop.stock.receive(apple.product_id, 30)
    listing = shop.listings.submit(
        ListingInput(
            product_id=apple.product_id,
            channel=Channel.MALL,
            title="부사 사과 5kg",
            price=32_000,
            stock_offered=10,
            photos=(shop.listings.add_photo(png()),),
            delivery=Delivery(pickup=True),
        )
    )
    customer = DemoShop(sqlite_server.url, sqlite_till.wallet_id, sqlite_server.admin_token)

    def published_by_the_city() -> bool:
        try:
            customer.publish(listing.listing_id)  # as soon as the server has it
        except DemoShopError:
            return False
        return True

    qtbot.waitUntil(published_by_the_city, timeout=20_000)
    status = ListingTableModel.STATUS
    qtbot.waitUntil(lambda: on_screen(counter, status) == "판매 중", timeout=20_000)

    stock = ListingTableModel.STOCK
    assert on_screen(counter, stock) == "10"
    [on_sale] = customer.listings()
    order_id = customer.order(on_sale, quantity=2)["order_id"]
    qtbot.waitUntil(lambda: shop.orders.order(order_id) is not None, timeout=20_000)
    qtbot.waitUntil(lambda: on_screen(counter, stock) == "8", timeout=20_000)

    for move in (
        shop.orders.accept,
        shop.orders.preparing,
        shop.orders.ready_for_pickup,
        shop.orders.completed,
    ):
        move(order_id)
    worker = counter.sync.worker
    qtbot.waitUntil(lambda: worker.status.pending == 0, timeout=20_000)
    # The next sync: the server's copy of the completed order comes down the feed.
    qtbot.waitUntil(
        lambda: (
            not shop.orders.order(order_id).pending_sync
            and shop.orders.order(order_id).status is OrderStatus.COMPLETED
        ),
        timeout=20_000,
    )
    assert on_screen(counter, stock) == "8"
    assert on_screen(counter, status) == "판매 중"
    assert [item.available for item in customer.listings()] == [8]  # the customer agrees
