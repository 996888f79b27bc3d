"""Pay by merchant QR at a counter wired to the real server process (SQLite and PostgreSQL).

F5 -> merchant QR: the customer display shows a QR; what a phone's camera reads from it
(a grab of the widget, decoded by zxing) is paid over HTTP as the customer's app would;
the server's confirmation comes down the long poll and the dialog closes by itself.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from pos_harness import MILK, Pos
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from servers import ServerProcess

from pos_app.domain.clock import system_clock
from pos_app.domain.money import format_won
from pos_app.domain.mpm import read_cheongju_mpm
from pos_app.domain.tenders import Tender
from pos_app.scanning.decoders import gray_from_qimage, make_decoder
from pos_app.services.checkout import open_checkout
from pos_app.services.demo_shop import DemoShop, DemoShopError
from pos_app.services.merchant_qr import MerchantQrService, RequestState
from pos_app.services.shop import make_shop_services
from pos_app.sync.engine import default_client_factory
from pos_app.ui.app import PosController
from pos_app.ui.checkout.merchant_qr_dialog import MerchantQrDialog
from pos_app.ui.checkout.tender_dialog import TenderDialog
from pos_app.ui.session import Session, start_sync
from pos_app.ui.translations import LanguageSwitcher
from tests.ui.test_catalog_screen import when_dialog_opens
from tests.ui.wedge_clock import WedgeClock


def open_counter(qtbot, pos: Pos, clock: Callable[[], datetime]) -> PosController:
    app = QApplication.instance()
    sync = start_sync(pos.db_path, pos.credentials, default_client_factory(), system_clock)
    service = open_checkout(
        pos.conn, clock, is_online=sync.worker.is_online, on_recorded=sync.worker.wake
    )
    shop = make_shop_services(pos.conn, clock, on_recorded=sync.worker.wake)
    if shop.day_close.current_day() is None:
        shop.day_close.open_day(0)  # the day is open: F5 goes straight to the tenders
    controller = PosController(
        app,
        Session(
            conn=pos.conn,
            service=service,
            languages=LanguageSwitcher(app),
            language="ko",
            clock=clock,
            sync=sync,
            shop=shop,
            scan_clock=WedgeClock(),
        ),
    )
    controller.show()
    qtbot.waitUntil(controller.window.isActiveWindow)
    controller.display.show()  # switched on: the POS window keeps the keyboard
    qtbot.waitUntil(controller.window.isActiveWindow)
    qtbot.waitUntil(
        lambda: sync.worker.is_online() and sync.worker.status.pending == 0, timeout=20_000
    )
    return controller


def close_counter(controller: PosController) -> None:
    app = QApplication.instance()
    controller.shutdown()
    app.removeEventFilter(controller.scanner)
    controller.window.close()
    controller.window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    controller.languages.apply("en")


@pytest.fixture
def counter(qtbot, pos: Pos) -> Iterator[PosController]:
    controller = open_counter(qtbot, pos, system_clock)
    yield controller
    close_counter(controller)


def ring_up_and_press_f5(qtbot, counter: PosController) -> int:
    target = counter.scan_target()
    QTest.keyClicks(target, MILK)
    QTest.keyClick(target, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(counter.service.sale) == 1)
    return counter.service.sale.quote(Tender.CHEONGJU_PAY).total


def server_state(pos: Pos, counter: PosController, request_id: str) -> RequestState:
    """The request's state as the server has it, asked here (the counter asks on its lane)."""
    service = MerchantQrService(
        pos.conn, counter.service.sale, pos.credentials, default_client_factory()
    )
    return service.refresh(request_id)


def choose_merchant_qr(dialog: TenderDialog) -> None:
    QTest.keyClick(dialog, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)


def camera_reads_display(counter: PosController) -> str:
    image = counter.display.window.qr.grab().toImage()
    [read] = make_decoder("zxing").decode(gray_from_qimage(image))
    return read.text


def tr(text: str) -> str:
    return QCoreApplication.translate("CustomerDisplayWindow", text)


def test_the_customer_pays_the_displayed_qr_and_the_counter_records_it(
    counter, pos, server: ServerProcess, qtbot
) -> None:
    total = ring_up_and_press_f5(qtbot, counter)
    seen: dict[str, Any] = {}

    def customer_pays(dialog: MerchantQrDialog) -> None:
        payload = camera_reads_display(counter)
        seen["qr"] = read_cheongju_mpm(payload)
        seen["answer"] = DemoShop(server.url, pos.wallet_id).pay_merchant_qr(payload)

    open_tender = when_dialog_opens(TenderDialog, choose_merchant_qr)
    pay = when_dialog_opens(MerchantQrDialog, customer_pays)
    QTest.keyClick(counter.window, Qt.Key.Key_F5)  # returns when the dialogs closed
    open_tender.stop()
    pay.stop()

    assert seen["qr"].amount == total and seen["qr"].request_id
    approval = seen["answer"]["approval_no"]
    payment = counter.service.last_payment()
    assert payment is not None and payment.approval_no == approval and payment.total == total
    assert payment.status == "approved" and payment.cashback == seen["answer"]["cashback"]
    assert counter.service.sale.is_empty()
    screen = counter.window.screen_checkout
    assert approval in screen.totals.paid_banner.text()
    display = counter.display.window
    assert display.pages.currentWidget() is display.paid_page
    assert display.paid_title.text() == tr("Payment complete")
    assert approval in display.paid_approval.text()
    assert display.paid_amount.text() == format_won(total)
    # The push that follows is answered with the same approval: one payment, not two.
    qtbot.waitUntil(lambda: counter.sync.worker.status.pending == 0, timeout=20_000)
    assert counter.service.payment(payment.payment_id).approval_no == approval


def test_esc_cancels_at_the_server_and_keeps_the_cart(
    counter, pos, server: ServerProcess, qtbot
) -> None:
    ring_up_and_press_f5(qtbot, counter)
    seen: dict[str, Any] = {}

    def cancel(dialog: MerchantQrDialog) -> None:
        seen["payload"] = camera_reads_display(counter)
        # Back in the tender dialog after the cancel: Esc again, to the cart.
        seen["leave"] = when_dialog_opens(
            TenderDialog, lambda tender: QTest.keyClick(tender, Qt.Key.Key_Escape)
        )
        QTest.keyClick(dialog, Qt.Key.Key_Escape)

    open_tender = when_dialog_opens(TenderDialog, choose_merchant_qr)
    cancel_qr = when_dialog_opens(MerchantQrDialog, cancel)
    QTest.keyClick(counter.window, Qt.Key.Key_F5)
    open_tender.stop()
    cancel_qr.stop()
    assert "payload" in seen
    assert len(counter.service.sale) == 1 and counter.service.last_payment() is None
    assert counter.display.presenter.state.mode.value == "cart"
    # The server says cancelled, and a customer who scans it now is refused.
    request_id = read_cheongju_mpm(seen["payload"]).request_id
    assert server_state(pos, counter, request_id) is RequestState.CANCELLED
    with pytest.raises(DemoShopError):
        DemoShop(server.url, pos.wallet_id).pay_merchant_qr(seen["payload"])


def test_esc_while_the_server_hangs_says_so_and_the_counter_keeps_running(
    counter, pos, server: ServerProcess, qtbot
) -> None:
    # The cancel waits on the server off the UI thread: Esc returns at once, the dialog
    # says it is cancelling, the countdown goes on, a second Esc is not a second cancel.
    ring_up_and_press_f5(qtbot, counter)
    seen: dict[str, Any] = {}

    def cancel_while_hung(dialog: MerchantQrDialog) -> None:
        seen["payload"] = camera_reads_display(counter)
        os.kill(server._process.pid, signal.SIGSTOP)  # no answer, no refusal
        try:
            QTest.keyClick(dialog, Qt.Key.Key_Escape)
            seen["message"] = dialog.message.text()
            seen["cancel enabled"] = dialog.cancel_button.isEnabled()
            before = dialog.countdown.text()
            qtbot.waitUntil(lambda: dialog.countdown.text() != before, timeout=5_000)
            QTest.keyClick(dialog, Qt.Key.Key_Escape)
            seen["still open"] = dialog.isVisible()
        finally:
            os.kill(server._process.pid, signal.SIGCONT)
        seen["leave"] = when_dialog_opens(
            TenderDialog, lambda tender: QTest.keyClick(tender, Qt.Key.Key_Escape)
        )

    open_tender = when_dialog_opens(TenderDialog, choose_merchant_qr)
    cancel_qr = when_dialog_opens(MerchantQrDialog, cancel_while_hung)
    QTest.keyClick(counter.window, Qt.Key.Key_F5)
    open_tender.stop()
    cancel_qr.stop()
    seen["leave"].stop()
    waiting = QCoreApplication.translate("MerchantQrDialog", "Cancelling at the server...")
    assert seen["message"] == waiting and not seen["cancel enabled"] and seen["still open"]
    assert len(counter.service.sale) == 1 and counter.service.last_payment() is None
    request_id = read_cheongju_mpm(seen["payload"]).request_id
    assert server_state(pos, counter, request_id) is RequestState.CANCELLED


def test_an_expired_qr_says_so_and_keeps_the_cart(pos, server: ServerProcess, qtbot) -> None:
    # The counter's clock runs past the request's 120 s: the dialog ends it with E330.
    later = lambda: system_clock() + timedelta(seconds=125)  # noqa: E731
    counter = open_counter(qtbot, pos, later)
    try:
        ring_up_and_press_f5(qtbot, counter)
        open_tender = when_dialog_opens(TenderDialog, choose_merchant_qr)
        QTest.keyClick(counter.window, Qt.Key.Key_F5)
        open_tender.stop()
        screen = counter.window.screen_checkout
        assert "E330" in screen.message.text()
        assert len(counter.service.sale) == 1 and counter.service.last_payment() is None
        assert counter.display.presenter.state.mode.value == "cart"
    finally:
        close_counter(counter)
