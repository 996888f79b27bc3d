"""One running app per data file, and an app that ends when the machine asks, even locked.

Real QLockFile and QLocalSocket between two claims on one file (the two-process version,
with the real app, is tests/test_two_apps.py); the real counter for what the first app
shows and keeps.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pos_app.services.demo import DEMO_MANAGER_PIN
from pos_app.services.sale import KEPT_SALE
from pos_app.session import checkout_service
from pos_app.store import settings
from pos_app.ui.app import PosController
from pos_app.ui.end_session import EndSession
from pos_app.ui.single_instance import SingleInstance
from pos_app.ui.staff.sign_in import SignInDialog
from tests.ui.counter import open_counter
from tests.ui.test_catalog_screen import when_dialog_opens

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)


def clock() -> datetime:
    return NOW


@pytest.fixture
def pos(qtbot, tmp_path) -> Iterator[PosController]:
    with open_counter(
        qtbot, tmp_path / "pos.sqlite3", clock, signed_in_pin=DEMO_MANAGER_PIN, day_float=0
    ) as controller:
        yield controller


def test_a_second_claim_on_a_file_is_refused_and_calls_the_first(qtbot, tmp_path: Path) -> None:
    db_path = tmp_path / "data" / "pos.sqlite3"
    first, second = SingleInstance(db_path), SingleInstance(db_path)
    try:
        assert first.claim()
        assert not second.claim()
        assert second.holder_pid() == os.getpid()
        with qtbot.waitSignal(first.second_start, timeout=5000):
            assert second.tell_first()
        # Another data file is another app's: no lock in common.
        other = SingleInstance(tmp_path / "other" / "pos.sqlite3")
        assert other.claim()
        other.release()
    finally:
        first.release()
    assert second.claim()  # the file is free once the first has let go
    second.release()


def test_the_running_counter_comes_forward_and_says_why(pos, qtbot, tmp_path: Path) -> None:
    db_path = tmp_path / "pos.sqlite3"
    first, second = SingleInstance(db_path), SingleInstance(db_path)
    try:
        assert first.claim()
        first.second_start.connect(pos.bring_to_front)
        pos.window.showMinimized()
        assert not second.claim() and second.tell_first()
        message = pos.window.screen_checkout.message
        qtbot.waitUntil(lambda: message.text().startswith("[E911]"))
        assert "앞으로 가져왔습니다" in message.text()
        assert not pos.window.isMinimized()
    finally:
        first.release()


def test_a_second_start_on_a_locked_till_is_said_on_the_lock_screen(
    pos, qtbot, tmp_path: Path
) -> None:
    db_path = tmp_path / "pos.sqlite3"
    first, second = SingleInstance(db_path), SingleInstance(db_path)
    seen: dict[str, object] = {}

    def at_the_lock_screen(dialog: SignInDialog) -> None:
        seen["told"] = not second.claim() and second.tell_first()
        # A timeout is reported below: the dialog must still be closed, or the test hangs.
        with contextlib.suppress(qtbot.TimeoutError):
            qtbot.waitUntil(lambda: dialog.error.text().startswith("[E911]"), timeout=3000)
        seen["on_the_dialog"] = dialog.error.isVisible() and "앞으로 가져왔습니다" in (
            dialog.error.text()
        )
        seen["dialog_on_top"] = QApplication.activeModalWidget() is dialog
        QTest.keyClicks(dialog.entry.pin, DEMO_MANAGER_PIN)  # the cashier signs in again
        QTest.keyClick(dialog.entry.pin, Qt.Key.Key_Return)

    try:
        assert first.claim()
        first.second_start.connect(pos.bring_to_front)
        watcher = when_dialog_opens(SignInDialog, at_the_lock_screen)
        try:
            pos.shop_pages.lock_till()  # returns once signed in again
        finally:
            watcher.stop()
    finally:
        first.release()
    assert seen == {"told": True, "on_the_dialog": True, "dialog_on_top": True}
    # Once the lock screen is gone the counter's line still says it.
    assert pos.window.screen_checkout.message.text().startswith("[E911]")


def test_the_lock_screen_closes_when_the_session_ends_and_the_sale_is_kept(pos, qtbot) -> None:
    app = QApplication.instance()
    sale = pos.service.sale
    sale.add_product(sale.search_products("우유")[0])
    sale.add_amount(3_000, "떡")
    lines = sale.lines
    ending = EndSession(app, pos.keep_sale)
    seen: dict[str, bool] = {}

    def at_the_lock_screen(dialog: SignInDialog) -> None:
        dialog.close()  # a person closing it: refused, the till stays locked
        seen["refused_a_person"] = dialog.isVisible()
        # What Qt's quit() delivers first (Windows' end of session, an installer, SIGTERM).
        ending.eventFilter(app, QEvent(QEvent.Type.Quit))
        seen["gone_for_the_session_end"] = not dialog.isVisible()

    watcher = when_dialog_opens(SignInDialog, at_the_lock_screen)
    try:
        pos.shop_pages.lock_till()  # returns once the lock screen is gone
    finally:
        watcher.stop()
        ending.remove()
    assert seen == {"refused_a_person": True, "gone_for_the_session_end": True}
    assert ending.ending
    assert pos.shop_pages.shop.staff.current() is None  # nobody signed in on the way out
    assert pos.window.close()  # nothing else holds the app open

    # The sale is in the file, and the next start rings it up again (once).
    conn = pos.session.conn
    assert len(settings.get_value(conn, KEPT_SALE)) == 2
    again = checkout_service(
        conn, clock, training=False, is_online=lambda: False, on_recorded=lambda: None
    )
    assert again.sale.lines == lines
    assert settings.get_value(conn, KEPT_SALE) is None
