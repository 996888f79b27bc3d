"""An online order reaching a counter mid-sale, end to end (pytest-qt, real server process).

The listing is made at the POS (photo uploaded by hash, event pushed by the real sync
worker), published through the server's review route, and ordered through the customer's
shop API (``DemoShop``, the demo phone's client). The order then has to come down the
changes feed's long poll and alert the cashier without disturbing the sale in progress.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pos_harness import MILK, Pos, open_pos
from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from servers import ServerProcess, run_server

from pos_app.domain.clock import system_clock
from pos_app.domain.listings import Channel, Delivery, ListingState
from pos_app.domain.orders import OrderStatus
from pos_app.services.checkout import open_checkout
from pos_app.services.demo_shop import DemoShop
from pos_app.services.listings import ListingInput
from pos_app.services.shop import make_shop_services
from pos_app.sync.engine import default_client_factory
from pos_app.ui.app import PosController
from pos_app.ui.session import Session, start_sync
from pos_app.ui.translations import LanguageSwitcher
from tests.ui.test_camera_scanning import CountingSounds
from tests.ui.wedge_clock import WedgeClock

APPLE_CODE = "8808123000028"


def png() -> bytes:
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor(200, 40, 40))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    url = f"sqlite:///{(tmp_path / 'central.sqlite3').as_posix()}"
    with run_server(url, tmp_path / "server") as process:
        yield process


@pytest.fixture
def till(server: ServerProcess, tmp_path: Path) -> Iterator[Pos]:
    pos = open_pos(
        server.url,
        server.seed["enrolment_code"],
        server.seed["merchant_id"],
        tmp_path / "pos.sqlite3",
    )
    yield pos
    pos.close()


@pytest.fixture
def counter(qtbot, till: Pos) -> Iterator[PosController]:
    app = QApplication.instance()
    sync = start_sync(till.db_path, till.credentials, default_client_factory(), system_clock)
    service = open_checkout(
        till.conn, system_clock, is_online=sync.worker.is_online, on_recorded=sync.worker.wake
    )
    shop = make_shop_services(till.conn, system_clock, on_recorded=sync.worker.wake)
    if shop.day_close.current_day() is None:
        shop.day_close.open_day(0)  # the day is open: the cashier's scans go straight on
    controller = PosController(
        app,
        Session(
            conn=till.conn,
            service=service,
            languages=LanguageSwitcher(app),
            language="ko",
            sync=sync,
            sounds=CountingSounds(),
            shop=shop,
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


def test_an_order_placed_online_alerts_the_counter_mid_sale(counter, till, server, qtbot) -> None:
    shop = counter.shop_pages.shop
    apple = shop.catalog.product_for_code(APPLE_CODE)
    shop.stock.receive(apple.product_id, 5)
    listing = shop.listings.submit(
        ListingInput(
            product_id=apple.product_id,
            channel=Channel.ONSIJANG,
            title="부사 사과 5kg",
            price=32_000,
            stock_offered=3,
            photos=(shop.listings.add_photo(png()),),
            delivery=Delivery(pickup=True),
        )
    )
    worker = counter.sync.worker
    qtbot.waitUntil(lambda: worker.status.pending == 0, timeout=20_000)  # photo, then event

    customer = DemoShop(server.url, till.wallet_id, server.admin_token)
    customer.publish(listing.listing_id)
    qtbot.waitUntil(
        lambda: shop.listings.listing(listing.listing_id).status is ListingState.PUBLISHED,
        timeout=20_000,
    )

    # The cashier is ringing up a sale when the order comes in.
    QTest.keyClicks(counter.scan_target(), MILK)
    QTest.keyClick(counter.scan_target(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(counter.service.sale) == 1)
    [on_sale] = customer.listings()
    assert on_sale.available == 3
    order = customer.order(on_sale, quantity=2)

    window = counter.window
    qtbot.waitUntil(window.order_alert.isVisible, timeout=20_000)  # long poll, not a timer
    assert "1" in window.order_alert.text()
    assert counter.sounds.played == ["order"]
    assert window.current_page() is window.pages[0] and len(counter.service.sale) == 1

    # Ordered, the 2 are taken off the offer (3 - 2 left) and wait on the stock: min(1, 5 - 2).
    assert [item.available for item in customer.listings()] == [1]

    # The vendor takes it: stock reserved here at once, and on the server after the push.
    assert shop.orders.accept(order["order_id"]).status is OrderStatus.ACCEPTED
    assert shop.stock.level(apple.product_id).level == 3
    qtbot.waitUntil(lambda: not shop.orders.order(order["order_id"]).pending_sync, timeout=20_000)
    # Accepted, the 2 are reserved out of the level; the offer does not get them back.
    assert [item.available for item in customer.listings()] == [1]
