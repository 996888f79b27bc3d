"""An online Cheongju Pay receipt waits for the server's answer before it prints.

Printed when the payment was recorded, the customer's paper said "승인 대기" and
"캐시백 예정(최대)" while the screen showed the approval number a second later. Now the
receipt waits (up to ``RECEIPT_WAIT``, on the injected clock) for the answer; offline, or
when the wait is over, it prints as before; a declined or voided payment prints none;
cash prints at once with its drawer kick. Real window, real SQLite file; the printer is
the edge (a recorder of the rows it is given). The server's answer is applied as the
sync applies it and handed to the controller as the sync bridge does.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pos_app.domain.clock import unix_seconds
from pos_app.domain.money import format_won
from pos_app.domain.printing import Connection, PrinterSettings
from pos_app.domain.receipt import ReceiptRow
from pos_app.services.checkout import open_checkout
from pos_app.services.demo import mint_demo_code, seed_demo
from pos_app.services.receipt_timing import RECEIPT_WAIT
from pos_app.services.shop import make_shop_services
from pos_app.store import sync_state
from pos_app.store.database import connect, write_transaction
from pos_app.ui.app import PosController
from pos_app.ui.checkout.tender_dialog import TenderDialog
from pos_app.ui.printing import counter_printing
from pos_app.ui.session import Session
from pos_app.ui.translations import LanguageSwitcher
from tests.ui.counter import close_counter
from tests.ui.plain_counter import scan
from tests.ui.wedge_clock import WedgeClock, type_keys

START = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # 12:00 KST
MILK = "8808123000134"  # 2,980원
BULGOGI = "8808123000103"  # 18,900; three after the discount: 51,030 > the 50,000 limit


class Ticking:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


class PaperRecorder:
    """The receipt printer: keeps what each job was given (rows, drawer kick)."""

    destination = "escpos"

    def __init__(self) -> None:
        self.jobs: list[tuple[list[ReceiptRow], bool]] = []
        self._lock = threading.Lock()  # written on the print worker, read by the test

    def print_rows(self, rows: list[ReceiptRow], *, open_drawer: bool) -> None:
        with self._lock:
            self.jobs.append((list(rows), open_drawer))

    def printed(self) -> list[tuple[list[ReceiptRow], bool]]:
        with self._lock:
            return list(self.jobs)


class Till:
    def __init__(self, controller: PosController, clock: Ticking, paper: PaperRecorder) -> None:
        self.pos = controller
        self.clock = clock
        self.paper = paper
        self.online = True

    @property
    def printing(self) -> counter_printing.CounterPrinting:
        assert self.pos.shop_pages is not None
        return self.pos.shop_pages.printing

    def nothing_sent(self) -> bool:
        return self.printing.queue.pending == 0 and not self.paper.printed()


@pytest.fixture
def till(qtbot, tmp_path, monkeypatch) -> Iterator[Till]:
    paper = PaperRecorder()
    monkeypatch.setattr(counter_printing, "output_for", lambda _settings: paper)
    clock = Ticking()
    conn = connect(tmp_path / "pos.sqlite3")
    seed_demo(conn, clock)
    shop = make_shop_services(conn, clock)
    shop.day_close.open_day(0)
    shop.printing.save_printer_settings(
        PrinterSettings(connection=Connection.NETWORK, network_host="192.0.2.10")
    )
    state: dict[str, Till] = {}
    app = QApplication.instance()
    controller = PosController(
        app,
        Session(
            conn=conn,
            service=open_checkout(conn, clock, is_online=lambda: state["till"].online),
            languages=LanguageSwitcher(app),
            language="ko",
            clock=clock,
            shop=shop,
            scan_clock=WedgeClock(),
        ),
    )
    state["till"] = Till(controller, clock, paper)
    controller.show()
    qtbot.waitUntil(controller.window.isActiveWindow)
    try:
        yield state["till"]
    finally:
        close_counter(controller, conn)


def pay_by_code(till: Till, qtbot, *barcodes: str) -> str:
    for barcode in barcodes:
        scan(till.pos, barcode)
    qtbot.waitUntil(lambda: len(till.pos.service.sale) > 0)
    scan(till.pos, mint_demo_code(unix_seconds(till.clock.now)))
    qtbot.waitUntil(lambda: till.pos.service.last_payment() is not None)
    payment = till.pos.service.last_payment()
    assert payment is not None and payment.status == "pending"
    return payment.payment_id


def server_answers(till: Till, payment_id: str, **answer: object) -> None:
    """The server's answer, stored as the sync stores it and reported as its bridge does."""
    conn = till.pos.service._conn
    payment = till.pos.service.payment(payment_id)
    assert payment is not None
    with write_transaction(conn):
        applied = sync_state.apply_results(
            conn,
            [{"seq": payment.seq, "event_id": payment_id, "status": "applied", **answer}],
            received_at="2026-11-25T03:00:01.000Z",
        )
    till.pos._on_results(applied)


def pairs(rows: list[ReceiptRow]) -> list[tuple[str, str]]:
    return [(row.left, row.right) for row in rows]


def test_an_online_receipt_prints_after_the_approval_with_its_number(till, qtbot) -> None:
    payment_id = pay_by_code(till, qtbot, MILK)
    assert till.printing.waits.waiting() == (payment_id,)
    assert till.nothing_sent()  # not on paper before the answer

    till.clock.now += timedelta(seconds=1)
    server_answers(till, payment_id, outcome="accepted", approval_no="A0000000042", cashback=268)
    qtbot.waitUntil(lambda: len(till.paper.printed()) == 1)
    rows, drawer = till.paper.printed()[0]
    assert ("승인번호", "A0000000042") in pairs(rows)
    assert ("캐시백 적립", format_won(268)) in pairs(rows)
    assert all("승인 대기" not in right and "예정" not in left for left, right in pairs(rows))
    assert not drawer  # no cash changed hands
    assert till.printing.waits.waiting() == ()
    screen = till.pos.window.screen_checkout
    assert "A0000000042" in screen.receipt.plain_text()  # the screen and the paper agree


def test_unanswered_it_prints_pending_when_the_wait_is_over(till, qtbot) -> None:
    pay_by_code(till, qtbot, MILK)
    till.clock.now += RECEIPT_WAIT - timedelta(milliseconds=100)
    till.printing.check_waits()
    assert till.nothing_sent()  # still inside the wait (the counter's 2 s let it stand)

    till.clock.now += timedelta(milliseconds=100)
    qtbot.waitUntil(lambda: len(till.paper.printed()) == 1)  # the tick sees the time is up
    rows, drawer = till.paper.printed()[0]
    assert ("승인번호", "승인 대기") in pairs(rows)
    assert any(left == "캐시백 예정(최대)" for left, _ in pairs(rows))
    assert not drawer


def test_offline_the_receipt_prints_at_once(till, qtbot) -> None:
    till.online = False
    pay_by_code(till, qtbot, MILK)
    assert till.printing.waits.waiting() == ()
    qtbot.waitUntil(lambda: len(till.paper.printed()) == 1)  # same clock: no wait at all
    rows, _drawer = till.paper.printed()[0]
    assert ("승인번호", "승인 대기") in pairs(rows)


def test_a_declined_payment_prints_no_sale_receipt(till, qtbot) -> None:
    payment_id = pay_by_code(till, qtbot, MILK)
    server_answers(till, payment_id, outcome="declined", code="code_used", message="이미 사용")
    screen = till.pos.window.screen_checkout
    assert "[E410]" in screen.message.text()  # the counter says so
    assert screen.totals.paid_banner.text() == "결제 거절"
    assert till.printing.waits.waiting() == ()
    till.clock.now += RECEIPT_WAIT * 2
    till.printing.check_waits()
    assert till.nothing_sent()


def test_a_payment_voided_for_want_of_an_answer_prints_nothing(till, qtbot) -> None:
    payment_id = pay_by_code(till, qtbot, BULGOGI, BULGOGI, BULGOGI)
    till.clock.now += timedelta(seconds=2.1)  # the counter's answer wait voids it
    qtbot.waitUntil(lambda: till.pos.service.payment(payment_id).voided)
    till.clock.now += RECEIPT_WAIT
    till.printing.check_waits()
    assert till.printing.waits.waiting() == ()
    assert till.nothing_sent()


def test_cash_prints_at_once_with_the_drawer_while_online(till, qtbot) -> None:
    scan(till.pos, MILK)
    qtbot.waitUntil(lambda: len(till.pos.service.sale) == 1)

    def pay_cash() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, TenderDialog)
        type_keys(till.pos, dialog.tendered, "5000")
        QTest.keyClick(dialog.tendered, Qt.Key.Key_Return)

    QTimer.singleShot(0, pay_cash)
    QTest.keyClick(till.pos.window, Qt.Key.Key_F5)  # returns once the dialog closed
    qtbot.waitUntil(lambda: len(till.paper.printed()) == 1)  # same clock: no wait
    rows, drawer = till.paper.printed()[0]
    assert drawer
    assert ("거스름돈", format_won(5000 - 2980)) in pairs(rows)
    assert till.printing.waits.waiting() == ()
