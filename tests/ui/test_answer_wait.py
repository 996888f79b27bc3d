"""The wait for an online payment's answer survives the window.

F11 rebuilds the main window; a payment taken online over the offline limits just before
must still be voided when its 2 s are up with no answer. The clock is injected: the
controller's tick only asks the service, which decides on that clock.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from pos_app.domain.clock import unix_seconds
from pos_app.services.demo import mint_demo_code
from pos_app.ui.app import PosController
from tests.ui.plain_counter import open_plain_counter, scan

START = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # 12:00 KST
BULGOGI = "8808123000103"  # 18,900; three after the discount: 51,030 > the 50,000 limit


class Ticking:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Ticking:
    return Ticking()


@pytest.fixture
def pos(qtbot, tmp_path, clock):
    with open_plain_counter(qtbot, tmp_path / "pos.sqlite3", clock, online=True) as controller:
        yield controller


def void_reasons(pos: PosController) -> list[str | None]:
    return [row[0] for row in pos._conn.execute("SELECT void_reason FROM payments ORDER BY seq")]


def test_a_language_switch_inside_the_wait_still_voids(pos, qtbot, clock) -> None:
    for _ in range(3):
        scan(pos, BULGOGI)
    qtbot.waitUntil(lambda: len(pos.service.sale) == 1)
    scan(pos, mint_demo_code(unix_seconds(START)))
    qtbot.waitUntil(lambda: void_reasons(pos) == [None])
    banner = pos.window.screen_checkout.totals.paid_banner
    qtbot.waitUntil(lambda: "승인 요청" in banner.text())  # the screen, not only the record
    assert "승인 요청" in pos.window.screen_checkout.totals.paid_banner.text()

    QTest.keyClick(pos.window, Qt.Key.Key_F11)  # inside the 2 s: the window is rebuilt
    assert pos.window.windowTitle() == "Cheongju Pay POS"
    clock.now += timedelta(seconds=2.1)
    qtbot.waitUntil(lambda: void_reasons(pos) == ["no_answer_over_offline_limits"])
    message = pos.window.screen_checkout.message
    qtbot.waitUntil(lambda: "[E411]" in message.text())  # said on the window now in front


def test_the_second_payment_inside_the_wait_does_not_drop_the_first(pos, qtbot, clock) -> None:
    for issued in (0, 1):
        for _ in range(3):
            scan(pos, BULGOGI)
        qtbot.waitUntil(lambda: len(pos.service.sale) == 1)
        scan(pos, mint_demo_code(unix_seconds(START) + issued))
        qtbot.waitUntil(lambda n=issued + 1: len(void_reasons(pos)) == n)
        clock.now += timedelta(seconds=0.5)
    clock.now += timedelta(seconds=2)
    reason = "no_answer_over_offline_limits"
    qtbot.waitUntil(lambda: void_reasons(pos) == [reason, reason])
