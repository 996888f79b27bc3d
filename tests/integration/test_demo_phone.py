"""The demo's customer phone beside the counter, against the real
demo server process the demo starts (``start_demo_backend``):

- the phone pays the merchant QR while the merchant-QR dialog is open (the dialog is modal to
  the POS window only, so the phone's window is not blocked);
- with the demo server gone the phone mints codes itself with the demo issuer key, says so,
  and "Scan into the POS" records an offline payment (the training counter trusts that key).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pos_app.domain.clock import system_clock
from pos_app.services.checkout import open_checkout
from pos_app.services.demo import seed_demo
from pos_app.services.demo_setup import start_demo_backend
from pos_app.services.shop import make_shop_services
from pos_app.services.training_checkout import TrainingMerchantSettings
from pos_app.store.database import connect
from pos_app.sync.credentials import MemoryCredentialStore
from pos_app.sync.engine import default_client_factory
from pos_app.ui.app import PosController
from pos_app.ui.checkout.merchant_qr_dialog import MerchantQrDialog
from pos_app.ui.checkout.tender_dialog import TenderDialog
from pos_app.ui.session import Session, start_sync
from pos_app.ui.training import Training
from pos_app.ui.translations import LanguageSwitcher
from tests.ui.test_catalog_screen import when_dialog_opens
from tests.ui.wedge_clock import WedgeClock

MILK = "8808123000134"


class Demo:
    def __init__(self, controller: PosController, server: Any) -> None:
        self.controller = controller
        self.server = server


@pytest.fixture
def demo(qtbot, tmp_path: Path) -> Iterator[Demo]:
    conn = connect(tmp_path / "pos.sqlite3")
    seed_demo(conn, system_clock)
    credentials = MemoryCredentialStore()
    factory = default_client_factory()
    backend = start_demo_backend(conn, tmp_path, factory, credentials)
    assert backend is not None, "the demo server did not start"
    server, demo_shop = backend.server, backend.shop
    sync = start_sync(tmp_path / "pos.sqlite3", credentials, factory, system_clock)
    service = open_checkout(
        conn,
        system_clock,
        settings=TrainingMerchantSettings(conn),
        is_online=sync.worker.is_online,
        on_recorded=sync.worker.wake,
    )
    app = QApplication.instance()
    shop = make_shop_services(conn, system_clock, on_recorded=sync.worker.wake)
    shop.day_close.open_day(100_000)  # as training starts: ready to sell, no float question
    controller = PosController(
        app,
        Session(
            conn=conn,
            service=service,
            languages=LanguageSwitcher(app),
            language="ko",
            clock=system_clock,
            sync=sync,
            shop=shop,
            scan_clock=WedgeClock(),
            training=Training(demo_shop),
        ),
    )
    controller.show()
    qtbot.waitUntil(lambda: controller.phone is not None and controller.phone.isVisible())
    qtbot.waitUntil(lambda: sync.worker.is_online(), timeout=20_000)
    try:
        yield Demo(controller, server)
    finally:
        controller.shutdown()
        app.removeEventFilter(controller.scanner)
        if controller.phone is not None:
            controller.phone.close()
        controller.window.close()
        controller.window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        controller.languages.apply("en")
        server.stop()
        conn.close()


def ring_up(qtbot, controller: PosController) -> None:
    qtbot.waitUntil(controller.window.isActiveWindow)
    target = controller.scan_target()
    QTest.keyClicks(target, MILK)
    QTest.keyClick(target, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(controller.service.sale) == 1)


def click_as_the_window_system_does(button) -> None:
    """Through the window (as a real click comes), so a window blocked by a modal dialog
    does not get it; QTest.mouseClick on the widget would bypass the blocking."""
    QTest.mouseClick(
        button.window().windowHandle(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        button.mapTo(button.window(), button.rect().center()),
    )


def test_the_phone_pays_the_merchant_qr_while_its_dialog_is_open(demo: Demo, qtbot) -> None:
    controller = demo.controller
    phone = controller.phone
    assert phone is not None
    ring_up(qtbot, controller)
    seen: dict[str, Any] = {}

    def phone_pays(dialog: MerchantQrDialog) -> None:
        qtbot.waitUntil(lambda: controller.training.display_qr_image() is not None)
        click_as_the_window_system_does(phone.mpm_button)
        try:
            # Paid at the server; the news comes down the long poll and the dialog closes.
            qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)
        finally:
            seen["phone"] = phone.mpm_result.text()
            if dialog.isVisible():  # not paid: close both dialogs, so F5 returns and fails
                tender = dialog.parentWidget()
                dialog.reject()
                QTimer.singleShot(0, tender.reject)

    open_tender = when_dialog_opens(
        TenderDialog,
        lambda dialog: QTest.keyClick(dialog, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier),
    )
    pay = when_dialog_opens(MerchantQrDialog, phone_pays)
    QTest.keyClick(controller.window, Qt.Key.Key_F5)  # returns when the dialogs closed
    open_tender.stop()
    pay.stop()
    payment = controller.service.last_payment()
    assert payment is not None and payment.status == "approved", seen
    assert payment.approval_no and payment.approval_no in seen["phone"]
    assert controller.service.sale.is_empty()


def test_with_the_server_down_the_phone_mints_codes_and_the_counter_sells_offline(
    demo: Demo, qtbot
) -> None:
    controller = demo.controller
    phone = controller.phone
    assert phone is not None
    old_code = phone.code_text
    demo.server.stop()
    qtbot.waitUntil(lambda: not controller.sync.worker.is_online(), timeout=20_000)
    with qtbot.waitSignal(phone.code_shown, timeout=10_000):  # the issuer is asked off-thread
        phone.refresh_code()
    assert phone.code_text and phone.code_text != old_code  # not the stale code
    assert phone.offline_note.isVisibleTo(phone)
    assert phone.qr.isVisibleTo(phone)

    ring_up(qtbot, controller)
    phone.send_to_pos()
    qtbot.waitUntil(lambda: controller.service.last_payment() is not None)
    payment = controller.service.last_payment()
    assert payment is not None and payment.status == "pending"  # an offline payment
    assert controller.service.sale.is_empty()


def test_a_phone_that_cannot_mint_says_so_and_sends_nothing(demo: Demo, qtbot) -> None:
    controller = demo.controller
    phone = controller.phone
    assert phone is not None
    phone._mint_offline = None  # a phone without the training key (not the demo's)
    demo.server.stop()
    with qtbot.waitSignal(phone.code_shown, timeout=10_000):
        phone.refresh_code()
    assert phone.code_text == ""
    assert not phone.qr.isVisibleTo(phone)  # no stale code to scan
    assert phone.countdown.text()  # it says plainly that there is no code
    ring_up(qtbot, controller)
    with qtbot.waitSignal(phone.code_shown, timeout=10_000):  # asks the issuer again first
        phone.send_to_pos()
    assert controller.service.last_payment() is None
    assert len(controller.service.sale) == 1
