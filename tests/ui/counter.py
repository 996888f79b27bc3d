"""One counter for the screen tests: a demo-seeded file, the real controller and shop services.

Shared so each test file states only what differs (sounds to count, someone signed in).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from pos_app.services.checkout import open_checkout
from pos_app.services.demo import seed_demo
from pos_app.services.shop import make_shop_services
from pos_app.store.database import connect
from pos_app.ui.app import PosController
from pos_app.ui.session import Session
from pos_app.ui.sounds import ScanSounds
from pos_app.ui.translations import LanguageSwitcher
from tests.ui.wedge_clock import WedgeClock


@contextmanager
def open_counter(
    qtbot,
    db_path: Path,
    clock: Callable[[], datetime],
    *,
    sounds: ScanSounds | None = None,
    signed_in_pin: str | None = None,
    day_float: int | None = 0,
    scan_clock: Callable[[], float] | None = None,
) -> Iterator[PosController]:
    """``day_float``: the business day is open with this float, so a sale goes straight
    on; None leaves no day open (the first sale then asks for the float)."""
    conn = connect(db_path)
    seed_demo(conn, clock)
    app = QApplication.instance()
    shop = make_shop_services(conn, clock)
    if day_float is not None:
        shop.day_close.open_day(day_float)
    if signed_in_pin is not None:
        shop.staff.sign_in(signed_in_pin)
    controller = PosController(
        app,
        Session(
            conn=conn,
            service=open_checkout(conn, clock),
            languages=LanguageSwitcher(app),
            language="ko",
            clock=clock,
            sounds=sounds,
            shop=shop,
            scan_clock=scan_clock or WedgeClock(),
        ),
    )
    controller.show()
    qtbot.waitUntil(controller.window.isActiveWindow)  # function keys are window shortcuts
    try:
        yield controller
    finally:
        close_counter(controller, conn)


def close_counter(controller: PosController, conn: sqlite3.Connection) -> None:
    """Undo everything a test's counter installed on the shared QApplication."""
    controller.shutdown()
    QApplication.instance().removeEventFilter(controller.scanner)
    controller.window.close()
    controller.window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    controller.languages.apply("en")
    conn.close()
