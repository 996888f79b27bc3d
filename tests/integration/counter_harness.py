"""The counter wired to the real sync worker, for tests against the real server process."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from pos_harness import Pos
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from pos_app.domain.clock import system_clock
from pos_app.services.checkout import open_checkout
from pos_app.services.shop import make_shop_services
from pos_app.sync.engine import default_client_factory
from pos_app.ui.app import PosController
from pos_app.ui.session import Session, start_sync
from pos_app.ui.translations import LanguageSwitcher
from tests.ui.wedge_clock import WedgeClock


@contextmanager
def synced_counter(
    qtbot, till: Pos, language: str = "ko", *, with_shop: bool = False
) -> Iterator[PosController]:
    """The till's file behind a real window and a real sync worker, online and drained
    (``with_shop``: with the back-office pages too, a business day open)."""
    app = QApplication.instance()
    sync = start_sync(till.db_path, till.credentials, default_client_factory(), system_clock)
    service = open_checkout(
        till.conn, system_clock, is_online=sync.worker.is_online, on_recorded=sync.worker.wake
    )
    shop = None
    if with_shop:
        shop = make_shop_services(till.conn, system_clock, on_recorded=sync.worker.wake)
        shop.staff.ensure_owner()
        shop.day_close.open_day(100_000)  # or the first sale would ask for the float
    controller = PosController(
        app,
        Session(
            conn=till.conn,
            service=service,
            languages=LanguageSwitcher(app),
            language=language,
            sync=sync,
            shop=shop,
            scan_clock=WedgeClock(),
        ),
    )
    controller.show()
    qtbot.waitExposed(controller.window)
    qtbot.waitUntil(
        lambda: sync.worker.is_online() and sync.worker.status.pending == 0, timeout=20_000
    )
    try:
        yield controller
    finally:
        controller.shutdown()
        app.removeEventFilter(controller.scanner)
        controller.window.close()
        controller.window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        controller.languages.apply("en")
