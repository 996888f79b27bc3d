"""A plain till for the screen tests: a demo-seeded file, the real controller, no shop pages.

Without the shop services there is no back office (and no business day to open), so a
test about the counter itself states only the clock and whether the server is reachable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pos_app.services.checkout import open_checkout
from pos_app.services.demo import seed_demo
from pos_app.store.database import connect
from pos_app.ui.app import PosController
from pos_app.ui.session import Session
from pos_app.ui.translations import LanguageSwitcher
from tests.ui.counter import close_counter
from tests.ui.wedge_clock import WedgeClock


@contextmanager
def open_plain_counter(
    qtbot, db_path: Path, clock: Callable[[], datetime], *, online: bool = False
) -> Iterator[PosController]:
    conn = connect(db_path)
    seed_demo(conn, clock)
    app = QApplication.instance()
    controller = PosController(
        app,
        Session(
            conn=conn,
            service=open_checkout(conn, clock, is_online=lambda: online),
            languages=LanguageSwitcher(app),
            language="ko",
            clock=clock,
            scan_clock=WedgeClock(),
        ),
    )
    controller.show()
    qtbot.waitUntil(controller.window.isActiveWindow)  # function keys are window shortcuts
    try:
        yield controller
    finally:
        close_counter(controller, conn)


def scan(pos: PosController, text: str) -> None:
    """What a keyboard-wedge scanner does: a burst of key presses, then Enter."""
    target = pos.scan_target()
    QTest.keyClicks(target, text)
    QTest.keyClick(target, Qt.Key.Key_Return)


def activate(pos: PosController, qtbot) -> None:
    """After a dialog closed the offscreen platform may leave no window active."""
    pos.window.activateWindow()
    qtbot.waitUntil(pos.window.isActiveWindow)
