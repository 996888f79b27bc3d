"""The screens beyond the counter, wired into the app: payments, day close, sales, staff,
and receipts on a network thermal printer.

The printer is the one stand-in: a TCP listener on 127.0.0.1:<port> that keeps the bytes a
network ESC/POS printer would receive (port 9100 printers are exactly that: a socket).
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from network_printer import ListeningPrinter
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from pos_app.domain.clock import unix_seconds
from pos_app.domain.printing import Connection, PrinterSettings
from pos_app.services.demo import DEMO_MANAGER_PIN, mint_demo_code
from pos_app.ui.app import PosController
from pos_app.ui.printing.preview import ReceiptPreviewDialog
from pos_app.ui.refunds.refund_dialog import RefundDialog
from pos_app.ui.staff.sign_in import SignInDialog
from tests.ui.counter import open_counter
from tests.ui.test_catalog_screen import when_dialog_opens
from tests.ui.wedge_clock import type_keys

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
MILK = "8808123000134"
ESC_CUT = b"\x1dV"  # GS V: paper cut
RASTER = b"\x1dv0"  # GS v 0: a raster image (the receipt is one picture)
DRAWER_KICK = b"\x1bp\x00"  # ESC p 0: pulse the cash drawer on pin 2


def clock() -> datetime:
    return NOW


@pytest.fixture
def printer() -> Iterator[ListeningPrinter]:
    device = ListeningPrinter()
    yield device
    device.close()


@pytest.fixture
def pos(qtbot, tmp_path) -> Iterator[PosController]:
    with open_counter(
        qtbot, tmp_path / "pos.sqlite3", clock, signed_in_pin=DEMO_MANAGER_PIN, day_float=50_000
    ) as controller:
        yield controller


def pay_milk(pos: PosController, qtbot) -> None:
    for text in (MILK, mint_demo_code(unix_seconds(NOW))):
        QTest.keyClicks(pos.scan_target(), text)
        QTest.keyClick(pos.scan_target(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: pos.service.last_payment() is not None)


def test_every_screen_is_a_ctrl_number_away(pos) -> None:
    pages = pos.shop_pages
    expected = [
        pages.catalog_screen,
        pages.orders_screen,
        pages.listings_screen,
        pages.payments_screen,
        pages.day_close_screen,
        pages.sales_screen,
        pages.staff_screen,
    ]
    for number, screen in enumerate(expected, start=2):
        QTest.keyClick(
            pos.window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier
        )
        assert pos.window.current_page() is screen
    QTest.keyClick(pos.window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert pos.window.current_page() is pos.window.pages[0]
    assert "사장" in pages.staff_label.text()


def test_a_sale_prints_once_on_the_network_printer_and_f10_previews(pos, qtbot, printer) -> None:
    printing = pos.shop_pages.shop.printing
    printing.save_printer_settings(
        PrinterSettings(
            connection=Connection.NETWORK, network_host="127.0.0.1", network_port=printer.port
        )
    )
    with qtbot.waitSignal(pos.shop_pages.printing.queue.finished, timeout=15_000) as printed:
        pay_milk(pos, qtbot)
    assert printed.args[0].state.value == "sent"
    # The job is sent when the socket closes; the listener keeps it a moment later.
    qtbot.waitUntil(lambda: len(printer.printed()) == 1)
    receipt = printer.printed()[0]
    assert RASTER in receipt and ESC_CUT in receipt  # Korean as a picture, then the cut
    payment = pos.service.last_payment()
    assert [job.state.value for job in printing.jobs(payment.payment_id)] == ["sent"]

    seen: dict[str, object] = {}

    def look(dialog: ReceiptPreviewDialog) -> None:
        seen["shown"] = dialog.isVisible()
        dialog.reject()

    watcher = when_dialog_opens(ReceiptPreviewDialog, look)
    QTest.keyClick(pos.window, Qt.Key.Key_F10)
    watcher.stop()
    assert seen == {"shown": True}
    assert len(printer.printed()) == 1  # looking at it printed nothing more


def use_printer(pos: PosController, printer: ListeningPrinter) -> None:
    pos.shop_pages.shop.printing.save_printer_settings(
        PrinterSettings(
            connection=Connection.NETWORK, network_host="127.0.0.1", network_port=printer.port
        )
    )


def test_a_cash_refund_prints_its_receipt_and_opens_the_drawer(pos, qtbot, printer) -> None:
    use_printer(pos, printer)
    pos.service.sale.add_product(pos.service.sale.search_products("우유")[0])
    cash = pos.service.pay_cash(10_000)  # recorded without the counter screen: no paper
    QTest.keyClick(pos.window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    screen = pos.shop_pages.payments_screen
    screen.search()
    assert screen.selected_payment() is None or screen.table.rowCount() == 1
    screen.table.selectRow(0)

    def refund_everything(dialog: RefundDialog) -> None:
        dialog.take_everything()
        dialog.pin.setFocus()
        type_keys(pos, dialog.pin, DEMO_MANAGER_PIN)
        QTest.keyClick(dialog.pin, Qt.Key.Key_Return)
        dialog.accept()

    watcher = when_dialog_opens(RefundDialog, refund_everything)
    with qtbot.waitSignal(pos.shop_pages.printing.queue.finished, timeout=15_000) as printed:
        screen.refund_selected()
    watcher.stop()
    job = printed.args[0]
    refund = pos.shop_pages.shop.refunds.refundable(cash.payment_id).refunds[0]
    assert job.state.value == "sent" and job.payment_id == refund.refund_id
    qtbot.waitUntil(lambda: len(printer.printed()) == 1)
    [paper] = printer.printed()
    assert RASTER in paper and ESC_CUT in paper
    assert paper.endswith(DRAWER_KICK) or DRAWER_KICK in paper  # cash goes back by hand


def test_the_day_close_prints_its_slip_and_ctrl_p_prints_a_marked_copy(pos, qtbot, printer) -> None:
    use_printer(pos, printer)
    day_close = pos.shop_pages.shop.day_close
    assert day_close.current_day() is not None  # opened with 50,000 by the fixture
    pos.service.sale.add_product(pos.service.sale.search_products("우유")[0])
    pos.service.pay_cash(10_000)
    QTest.keyClick(pos.window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    screen = pos.shop_pages.day_close_screen
    assert pos.window.current_page() is screen
    expected = day_close.settlement().expected_cash
    screen.counted_total.setText(f"{expected:,}")
    with qtbot.waitSignal(pos.shop_pages.printing.queue.finished, timeout=15_000) as printed:
        screen.request_close()
        screen.request_close()  # asked, then confirmed
    day = day_close.last_closed()
    assert day is not None and printed.args[0].payment_id == day.day_id
    assert screen.message.text() == "정산서를 인쇄했습니다."
    qtbot.waitUntil(lambda: len(printer.printed()) == 1)
    assert RASTER in printer.printed()[0]

    screen.print_slip_button.setFocus()
    with qtbot.waitSignal(pos.shop_pages.printing.queue.finished, timeout=15_000) as again:
        QTest.keyClick(screen.print_slip_button, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert again.args[0].copy_no == 2 and again.args[0].reprint
    assert [j.copy_no for j in pos.shop_pages.shop.printing.jobs(day.day_id)] == [1, 2]
    qtbot.waitUntil(lambda: len(printer.printed()) == 2)


def test_printing_waits_off_the_ui_thread(pos, qtbot) -> None:
    """A print job that hangs (a network printer timing out) leaves the counter working."""
    queue = pos.shop_pages.printing.queue
    release = threading.Event()
    ran_on: list[str] = []

    def hanging_printer(_service) -> None:
        ran_on.append(threading.current_thread().name)
        release.wait(30)

    queue.submit(hanging_printer)
    qtbot.waitUntil(lambda: ran_on != [])
    assert queue.pending == 1 and ran_on[0] != threading.main_thread().name
    pay_milk(pos, qtbot)  # the counter takes a whole sale while the printer hangs
    assert pos.service.last_payment() is not None and queue.pending == 1
    with qtbot.waitSignal(queue.finished, timeout=10_000):
        release.set()
    assert queue.pending == 0


def test_a_failing_printer_leaves_the_sale_and_says_why(pos, qtbot) -> None:
    closed = socket.create_server(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there: the printer is off
    pos.shop_pages.shop.printing.save_printer_settings(
        PrinterSettings(connection=Connection.NETWORK, network_host="127.0.0.1", network_port=port)
    )
    pay_milk(pos, qtbot)
    message = pos.window.screen_checkout.message
    qtbot.waitUntil(lambda: message.text().startswith("[E87"))
    assert pos.service.last_payment() is not None  # recorded whatever the paper did


def test_ctrl_l_locks_the_till_until_someone_signs_in(pos, qtbot) -> None:
    seen: dict[str, object] = {}

    def sign_in_as_cashier(dialog: SignInDialog) -> None:
        seen["label_while_locked"] = pos.shop_pages.staff_label.text()
        dialog.reject()  # Escape: the till stays locked, the dialog stays
        seen["still_open"] = dialog.isVisible()
        # A person types slower than the scanner gap, so this is typing, not a scan.
        type_keys(pos, dialog.entry.pin, "0000")
        QTest.keyClick(dialog.entry.pin, Qt.Key.Key_Return)

    watcher = when_dialog_opens(SignInDialog, sign_in_as_cashier)
    QTest.keyClick(pos.window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    watcher.stop()
    assert "로그인한 직원 없음" in str(seen["label_while_locked"])
    assert seen["still_open"] is True
    who = pos.shop_pages.shop.staff.current()
    assert who is not None and who.role.value == "cashier"
    assert who.name in pos.shop_pages.staff_label.text()


def test_the_screen_receipt_shows_the_refund_qr_and_cash_has_no_approval_line(pos) -> None:
    from pos_app.ui.checkout.receipt_view import receipt_html

    pos.service.sale.add_product(pos.service.sale.search_products("우유")[0])
    cash = pos.service.pay_cash(10_000)
    rows = pos.service.receipt(cash)
    html = receipt_html(rows)
    assert "data:image/png;base64," in html and "CJR1:" not in html  # drawn, not spelled
    labels = [row.left for row in rows]
    assert "승인번호" not in labels and "받은 금액" in labels and "거스름돈" in labels
