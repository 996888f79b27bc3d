"""A receipt whose first print failed, printed from the preview once the printer is back:
the paper, the preview and the message agree (the original, unmarked), and the cash drawer
opens with that copy. The printer is a real TCP listener on 127.0.0.1; first it is off (a
closed port), then on."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from day_sales import record_sale
from helpers import FIXED_NOW
from network_printer import DRAWER_KICK, ListeningPrinter, closed_port
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from pos_app.domain.printing import Connection, PrinterSettings
from pos_app.domain.receipt import REPRINT_MARK
from pos_app.printing.sample import SAMPLE_MERCHANT
from pos_app.services.printing import PrintService
from pos_app.store import queries, settings
from pos_app.store.database import write_transaction
from pos_app.ui.printing.counter_printing import CounterPrinting, sale_receipt
from pos_app.ui.printing.preview import ReceiptPreviewDialog
from pos_app.ui.translations import LanguageSwitcher


def _network(port: int) -> PrinterSettings:
    return PrinterSettings(
        connection=Connection.NETWORK, network_host="127.0.0.1", network_port=port
    )


@pytest.fixture
def db(empty_db: sqlite3.Connection) -> sqlite3.Connection:
    with write_transaction(empty_db):
        settings.save_merchant(empty_db, SAMPLE_MERCHANT)
    return empty_db


@pytest.fixture
def korean() -> Iterator[None]:
    switcher = LanguageSwitcher(QApplication.instance())
    assert switcher.apply("ko")
    yield
    switcher.apply("en")


@pytest.fixture
def printer():
    listening = ListeningPrinter()
    yield listening
    listening.close()


@pytest.fixture
def counter(db: sqlite3.Connection, clock):
    printing = CounterPrinting(PrintService(db, clock))
    yield printing
    printing.close()


def test_the_failed_original_prints_unmarked_with_the_drawer_then_a_marked_copy(
    qtbot, db, counter, printer, korean
) -> None:
    service = PrintService(db, lambda: FIXED_NOW)
    payment_id = record_sale(db, FIXED_NOW, "cash", [(None, "막걸리 750ml", 1_800, 1)])
    off = closed_port()
    service.save_printer_settings(_network(off))
    with qtbot.waitSignal(counter.problem, timeout=15_000) as failed:
        counter.after_payment(queries.payment_by_id(db, payment_id))
    refusal = failed.args[0].display("ko")
    assert refusal.startswith("[E872]") and f"127.0.0.1:{off}" in refusal

    service.save_printer_settings(_network(printer.port))
    seen: dict[str, object] = {}

    def print_then_reprint() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            assert isinstance(dialog, ReceiptPreviewDialog)
            seen["first row"] = dialog._rows[0].left
            seen["button"] = dialog.reprint_button.text()
            qtbot.mouseClick(dialog.reprint_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: dialog.message.property("kind") == "ok", timeout=15_000)
            seen["printed"] = dialog.message.text()
            qtbot.waitUntil(lambda: len(printer.printed()) == 1, timeout=15_000)
            qtbot.mouseClick(dialog.reprint_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: REPRINT_MARK in dialog.message.text(), timeout=15_000)
            seen["reprinted"] = dialog.message.text()
            qtbot.waitUntil(lambda: len(printer.printed()) == 2, timeout=15_000)
        finally:
            if dialog is not None:
                dialog.reject()

    parent = QWidget()
    qtbot.addWidget(parent)
    QTimer.singleShot(0, print_then_reprint)
    counter.preview(sale_receipt(payment_id), "ko", parent)

    assert REPRINT_MARK not in str(seen["first row"])  # the preview shows the original
    assert seen["button"] == "인쇄 (F10)"
    assert seen["printed"] == "인쇄했습니다."
    original, copy = printer.printed()
    assert DRAWER_KICK in original  # the change is handed over with the copy that printed
    assert DRAWER_KICK not in copy  # a deliberate 재발행 leaves the drawer shut
    assert [job.copy_no for job in service.jobs(payment_id)] == [1, 2]
