"""The counter with its real background sync, against the real server process (pytest-qt).

What a cashier sees: an approval number a moment after the scan, a decline in red,
an enrolment form after the server revoked the till, and a payment over the
offline limits voided when the server does not answer in time.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from counter_harness import synced_counter
from pos_harness import MILK, Pos, open_pos, server_totals
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from servers import ServerProcess, run_server

from pos_app.ui.app import PosController
from pos_app.ui.dialogs.enrolment_dialog import EnrolmentDialog

BULGOGI = "8808123000103"  # 18,900원


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
    with synced_counter(qtbot, till) as controller:
        yield controller


def scan(controller: PosController, text: str) -> None:
    target = controller.scan_target()
    QTest.keyClicks(target, text)
    QTest.keyClick(target, Qt.Key.Key_Return)


def test_online_payment_shows_the_approval_number(counter, till, qtbot):
    scan(counter, MILK)
    scan(counter, till.code())
    screen = counter.window.screen_checkout
    qtbot.waitUntil(lambda: "승인 완료" in screen.totals.paid_banner.text(), timeout=5_000)
    payment = counter.service.last_payment()
    assert payment.status == "approved" and payment.approval_no
    assert payment.approval_no in screen.receipt.plain_text()
    assert "캐시백 적립" in screen.receipt.plain_text()
    assert "온라인" in counter.window.sync_status.connection.text()


def test_declined_payment_is_shown_in_red(counter, till, server, qtbot, tmp_path):
    other_till = open_pos(
        server.url,
        server.cli("enrolment-code", server.seed["merchant_id"]).strip().splitlines()[-1],
        server.seed["merchant_id"],
        tmp_path / "other.sqlite3",
    )
    try:
        code = till.code()
        other_till.pay(MILK, code=code)
        other_till.drain()  # the other till spent the code first
    finally:
        other_till.close()
    scan(counter, MILK)
    scan(counter, code)
    screen = counter.window.screen_checkout
    qtbot.waitUntil(lambda: "[E410]" in screen.message.text(), timeout=5_000)
    assert screen.totals.paid_banner.text() == "결제 거절"
    assert counter.service.last_payment().decline_code == "code_used"


def test_revoked_till_is_led_back_to_enrolment(counter, till, server, qtbot):
    server.cli("revoke-device", till.device_id())
    code = server.cli("enrolment-code", server.seed["merchant_id"]).strip().splitlines()[-1]
    filled: dict[str, bool] = {}

    def fill_enrolment() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, EnrolmentDialog):
            QTimer.singleShot(50, fill_enrolment)
            return
        dialog.server_url.setText(server.url)
        dialog.enrolment_code.setText(code)
        filled["yes"] = True
        QTest.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill_enrolment)
    scan(counter, MILK)
    scan(counter, till.code())
    qtbot.waitUntil(lambda: filled.get("yes", False), timeout=10_000)
    qtbot.waitUntil(lambda: counter.sync.worker.status.pending == 0, timeout=10_000)
    assert counter.service.last_payment().status == "approved"
    _, count, total, _ = server_totals(server.database_url, till.device_id())
    assert (count, total) == till.local_totals()[:2]


def test_unanswered_payment_over_the_offline_limits_is_voided(counter, till, server, qtbot):
    for _ in range(3):
        scan(counter, BULGOGI)  # 56,700 - 10 % = 51,030원: over the 50,000원 floor limit
    code = till.code()  # the customer's app got its code before the server hung
    os.kill(server._process.pid, signal.SIGSTOP)  # the server hangs: no answer, no refusal
    try:
        scan(counter, code)
        screen = counter.window.screen_checkout
        qtbot.waitUntil(lambda: "[E411]" in screen.message.text(), timeout=10_000)
        payment = counter.service.last_payment()
        assert payment.voided and payment.void_reason == "no_answer_over_offline_limits"
    finally:
        os.kill(server._process.pid, signal.SIGCONT)
    qtbot.waitUntil(lambda: counter.sync.worker.status.pending == 0, timeout=30_000)
    _, count, total, _ = server_totals(server.database_url, till.device_id())
    assert (count, total) == till.local_totals()[:2]  # the void reached the server too
