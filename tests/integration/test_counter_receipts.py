"""The customer's paper at a till synced with the real server process (pytest-qt).

An online Cheongju Pay sale's receipt waits for the server's approval and carries its
number and the cashback the server credited; with the server stopped it prints at once
(승인 대기); a declined payment prints no sale receipt; cash prints at once with the drawer.
The printer is the edge: a recorder of the rows each job is given.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from counter_harness import synced_counter
from pos_harness import MILK, Pos, open_pos
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from servers import ServerProcess

from pos_app.domain.clock import system_clock
from pos_app.domain.money import format_won
from pos_app.domain.printing import Connection, PrinterSettings
from pos_app.domain.receipt import ReceiptRow
from pos_app.services.printing import PrintService
from pos_app.ui.app import PosController
from pos_app.ui.checkout.tender_dialog import TenderDialog
from pos_app.ui.printing import counter_printing
from tests.ui.wedge_clock import type_keys


class PaperRecorder:
    destination = "escpos"

    def __init__(self) -> None:
        self._jobs: list[tuple[list[ReceiptRow], bool]] = []
        self._lock = threading.Lock()  # written on the print worker, read by the test

    def print_rows(self, rows: list[ReceiptRow], *, open_drawer: bool) -> None:
        with self._lock:
            self._jobs.append((list(rows), open_drawer))

    def jobs(self) -> list[tuple[list[ReceiptRow], bool]]:
        with self._lock:
            return list(self._jobs)


@pytest.fixture
def server(sqlite_server: ServerProcess) -> ServerProcess:
    return sqlite_server  # one SQLite server (conftest's ``server`` runs both databases)


@pytest.fixture
def till(sqlite_till: Pos) -> Pos:
    PrintService(sqlite_till.conn, system_clock).save_printer_settings(
        PrinterSettings(connection=Connection.NETWORK, network_host="192.0.2.10")
    )
    return sqlite_till


@pytest.fixture
def paper(monkeypatch) -> PaperRecorder:
    recorder = PaperRecorder()
    monkeypatch.setattr(counter_printing, "output_for", lambda _settings: recorder)
    return recorder


@pytest.fixture
def counter(qtbot, till: Pos, paper: PaperRecorder) -> Iterator[PosController]:
    with synced_counter(qtbot, till, with_shop=True) as controller:
        yield controller


def scan(controller: PosController, text: str) -> None:
    target = controller.scan_target()
    QTest.keyClicks(target, text)
    QTest.keyClick(target, Qt.Key.Key_Return)


def printing(controller: PosController) -> counter_printing.CounterPrinting:
    assert controller.shop_pages is not None
    return controller.shop_pages.printing


def pairs(rows: list[ReceiptRow]) -> list[tuple[str, str]]:
    return [(row.left, row.right) for row in rows]


def test_online_the_receipt_carries_the_approval_and_cash_opens_the_drawer(
    counter, till, paper, qtbot
) -> None:
    scan(counter, MILK)
    qtbot.waitUntil(lambda: len(counter.service.sale) == 1)
    scan(counter, till.code())
    qtbot.waitUntil(lambda: len(paper.jobs()) == 1, timeout=10_000)
    payment = counter.service.last_payment()
    assert payment.status == "approved" and payment.approval_no and payment.cashback
    rows, drawer = paper.jobs()[0]
    assert ("승인번호", payment.approval_no) in pairs(rows)
    assert ("캐시백 적립", format_won(payment.cashback)) in pairs(rows)
    assert "승인" in counter.window.screen_checkout.totals.paid_banner.text()
    assert all(right != "승인 대기" for _left, right in pairs(rows)) and not drawer

    scan(counter, MILK)
    qtbot.waitUntil(lambda: len(counter.service.sale) == 1)

    def pay_cash() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, TenderDialog)
        type_keys(counter, dialog.tendered, "5000")
        QTest.keyClick(dialog.tendered, Qt.Key.Key_Return)

    QTimer.singleShot(0, pay_cash)
    QTest.keyClick(counter.window, Qt.Key.Key_F5)  # returns once the dialog closed
    assert printing(counter).waits.waiting() == ()  # cash never waits for the server
    qtbot.waitUntil(lambda: len(paper.jobs()) == 2)
    rows, drawer = paper.jobs()[1]
    assert drawer and ("결제수단", "현금") in pairs(rows)


def test_a_declined_payment_prints_no_receipt(counter, till, server, paper, qtbot, tmp_path):
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
    qtbot.waitUntil(lambda: len(counter.service.sale) == 1)
    scan(counter, code)
    screen = counter.window.screen_checkout
    qtbot.waitUntil(lambda: "[E410]" in screen.message.text(), timeout=5_000)
    assert screen.totals.paid_banner.text() == "결제 거절"
    assert printing(counter).waits.waiting() == ()
    assert printing(counter).queue.pending == 0 and paper.jobs() == []


def test_with_the_server_stopped_the_receipt_prints_at_once_pending(
    counter, till, server, paper, qtbot
) -> None:
    code = till.code()  # the customer's app got its code before the server went away
    server.stop()
    qtbot.waitUntil(lambda: not counter.sync.worker.is_online(), timeout=20_000)
    scan(counter, MILK)
    qtbot.waitUntil(lambda: len(counter.service.sale) == 1)
    scan(counter, code)
    qtbot.waitUntil(lambda: counter.service.last_payment() is not None)
    assert printing(counter).waits.waiting() == ()  # nothing to wait for
    qtbot.waitUntil(lambda: len(paper.jobs()) == 1)
    rows, drawer = paper.jobs()[0]
    assert ("승인번호", "승인 대기") in pairs(rows) and not drawer
