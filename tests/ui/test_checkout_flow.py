"""The counter, end to end with real widgets: scan goods, scan a payment code, see it stored.

Key events go through QTest into the application, so they pass the same
application-wide keyboard-wedge filter a USB scanner's keys would.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pos_app.domain.clock import unix_seconds
from pos_app.domain.hangul_ime import compose_dubeolsik
from pos_app.domain.money import format_won
from pos_app.services.checkout import open_checkout
from pos_app.services.demo import mint_demo_code, seed_demo
from pos_app.store.database import connect
from pos_app.ui.app import PosController
from pos_app.ui.dialogs.void_dialog import VoidDialog
from pos_app.ui.session import Session
from pos_app.ui.training import Training
from pos_app.ui.translations import LanguageSwitcher
from tests.ui.wedge_clock import WedgeClock, type_keys

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # 12:00 KST

BULGOGI = "8808123000103"  # 18,900원
MILK = "8808123000134"  # 2,980원
CIGARETTES = "8808123000356"  # 4,500원, excluded from the special discount


def clock() -> datetime:
    return NOW


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "pos.sqlite3"


@pytest.fixture
def controller(qtbot, db_path):
    conn = connect(db_path)
    seed_demo(conn, clock)
    app = QApplication.instance()
    service = open_checkout(conn, clock)
    pos = PosController(
        app,
        Session(
            conn=conn,
            service=service,
            languages=LanguageSwitcher(app),
            language="ko",
            clock=clock,
            scan_clock=WedgeClock(),
            training=Training(),
        ),
    )
    pos.show()
    qtbot.waitExposed(pos.window)
    yield pos
    app.removeEventFilter(pos.scanner)
    if pos.phone is not None:
        pos.phone.close()
    pos.window.close()
    pos.languages.apply("en")
    conn.close()


def scan(target, text: str) -> None:
    """What a keyboard-wedge scanner does: a burst of key presses, then Enter."""
    QTest.keyClicks(target, text)
    QTest.keyClick(target, Qt.Key.Key_Return)


def stored_payments(db_path) -> list[sqlite3.Row]:
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute("SELECT * FROM payments ORDER BY seq").fetchall()
    finally:
        conn.close()


def test_ring_up_and_pay_through_simulated_scanner_keys(controller, qtbot, db_path):
    window = controller.window
    target = controller.scan_target()
    assert target is window.screen_checkout.cart_view  # no text field needs clicking first

    for code in (BULGOGI, MILK, MILK, CIGARETTES):
        scan(target, code)
    qtbot.waitUntil(lambda: len(controller.service.sale) == 3)
    assert [line.quantity for line in controller.service.sale.lines] == [1, 2, 1]

    totals = window.screen_checkout.totals
    # Eligible 18,900 + 5,960 = 24,860 -> 10 % = 2,486; cigarettes are not discounted.
    assert totals.subtotal.text() == "29,360원"
    assert totals.discount.text() == "-2,486원"
    assert totals.total.text() == "26,874원"

    scan(controller.scan_target(), mint_demo_code(unix_seconds(NOW)))
    qtbot.waitUntil(lambda: len(stored_payments(db_path)) == 1)

    payment = stored_payments(db_path)[0]
    assert (payment["subtotal"], payment["discount"], payment["total"]) == (29_360, 2_486, 26_874)
    assert payment["status"] == "pending"
    assert payment["receipt_no"] == "20261125-0001"
    assert controller.service.sale.is_empty()
    screen = window.screen_checkout
    assert screen.main_area.currentWidget() is screen.receipt
    receipt = screen.receipt.plain_text()
    assert "청주페이 특별할인 10%" in receipt and "-2,486원" in receipt and "승인 대기" in receipt
    assert totals.total.text() == format_won(26_874)
    pending = window.sync_status.pending.text()
    assert "26,874원" in pending  # unconfirmed, awaiting the server


def test_a_used_code_is_refused_with_its_own_message(controller, qtbot, db_path):
    code = mint_demo_code(unix_seconds(NOW))
    scan(controller.scan_target(), MILK)
    scan(controller.scan_target(), code)
    qtbot.waitUntil(lambda: len(stored_payments(db_path)) == 1)

    scan(controller.scan_target(), MILK)
    scan(controller.scan_target(), code)
    message = controller.window.screen_checkout.message
    qtbot.waitUntil(lambda: "[E106]" in message.text())
    assert "이미 사용된 결제 코드" in message.text()
    assert len(stored_payments(db_path)) == 1
    assert len(controller.service.sale) == 1  # the cart is kept for a fresh code


def test_over_the_offline_limit_nothing_is_recorded(controller, qtbot, db_path):
    for _ in range(3):
        scan(controller.scan_target(), BULGOGI)  # 56,700 - 10 % = 51,030 > 50,000
    scan(controller.scan_target(), mint_demo_code(unix_seconds(NOW)))
    message = controller.window.screen_checkout.message
    qtbot.waitUntil(lambda: "[E108]" in message.text())
    assert stored_payments(db_path) == []


def test_code_typed_through_hangul_ime_still_pays(controller, qtbot, db_path):
    scan(controller.scan_target(), MILK)
    phone = controller.phone
    assert phone is not None
    phone.hangul_mode.setChecked(True)
    qtbot.waitUntil(lambda: bool(phone.code_text))  # the phone asks for its code off-thread
    mangled = compose_dubeolsik(phone.code_text)
    assert mangled != phone.code_text and any("가" <= ch <= "힣" for ch in mangled)
    phone.send_to_pos()
    qtbot.waitUntil(lambda: len(stored_payments(db_path)) == 1)
    assert stored_payments(db_path)[0]["total"] == 2_682  # 2,980 - 298


def test_typed_amount_and_function_keys(controller, qtbot):
    window = controller.window
    screen = window.screen_checkout
    QTest.keyClick(window, Qt.Key.Key_F2)
    assert screen.amount_input.hasFocus()
    # A person types slower than the scanner gap, so this is typing, not a scan.
    type_keys(controller, screen.amount_input, "7000")
    QTest.keyClick(screen.amount_input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.totals.total.text() == "6,300원")
    assert controller.service.sale.lines[0].unit_price == 7_000
    assert screen.totals.total.text() == "6,300원"

    QTest.keyClick(window, Qt.Key.Key_F3)
    assert screen.picker.filter.hasFocus()
    screen.picker.filter.setText("두부")
    QTest.keyClick(screen.picker.filter, Qt.Key.Key_Return)
    assert [line.name for line in controller.service.sale.lines] == ["금액 입력 상품", "두부 300g"]

    QTest.keyClick(screen.cart_view, Qt.Key.Key_Delete)
    assert len(controller.service.sale) == 1
    QTest.keyClick(window, Qt.Key.Key_F8)
    assert controller.service.sale.is_empty()


def test_void_last_payment_with_manager_pin(controller, qtbot, db_path):
    scan(controller.scan_target(), MILK)
    scan(controller.scan_target(), mint_demo_code(unix_seconds(NOW)))
    qtbot.waitUntil(lambda: len(stored_payments(db_path)) == 1)

    seen: dict[str, str] = {}

    def answer_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, VoidDialog)
        type_keys(controller, dialog.pin, "9876")  # nobody's (0000 is the demo cashier's)
        QTest.keyClick(dialog.pin, Qt.Key.Key_Return)
        seen["wrong"] = dialog.error.text()
        type_keys(controller, dialog.pin, "1234")
        QTest.keyClick(dialog.pin, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer_dialog)
    QTest.keyClick(controller.window, Qt.Key.Key_F9)
    assert "[E801]" in seen["wrong"]  # the staff service's wrong PIN, with tries left
    payment = stored_payments(db_path)[0]
    assert payment["voided_seq"] is not None
    assert payment["void_reason"] == "고객 요청"
    assert "취소된 결제" in controller.window.screen_checkout.receipt.plain_text()
    assert "미승인 0원" in controller.window.sync_status.pending.text()


def test_language_switch_rebuilds_the_window_in_english(controller, qtbot):
    scan(controller.scan_target(), MILK)
    qtbot.waitUntil(lambda: len(controller.service.sale) == 1)
    assert controller.window.windowTitle() == "청주페이 POS"
    QTest.keyClick(controller.window, Qt.Key.Key_F11)
    assert controller.window.windowTitle() == "Cheongju Pay POS"
    assert controller.window.screen_checkout.totals.subtotal_caption.text() == "Subtotal"
    assert len(controller.service.sale) == 1  # the sale survives the switch
    qtbot.waitUntil(controller.window.isActiveWindow)
    QTest.keyClick(controller.window, Qt.Key.Key_F11)
    assert controller.window.windowTitle() == "청주페이 POS"


def test_a_scan_behind_an_open_dialog_is_refused_in_the_dialog(controller, qtbot, db_path):
    scan(controller.scan_target(), MILK)
    scan(controller.scan_target(), mint_demo_code(unix_seconds(NOW)))
    qtbot.waitUntil(lambda: len(stored_payments(db_path)) == 1)
    outcome: dict[str, str] = {}

    def scan_while_dialog_open() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, VoidDialog)
        dialog.reason.setFocus()  # no text field has the focus: nowhere for the code to go
        scan(dialog.reason, MILK)
        try:
            # Refused where the cashier is looking, not on the tab.
            qtbot.waitUntil(lambda: "[E214]" in dialog.error.text())
        finally:
            outcome["checkout"] = controller.window.screen_checkout.message.text()
            outcome["pin"] = dialog.pin.text()
            dialog.reject()

    QTimer.singleShot(0, scan_while_dialog_open)
    QTest.keyClick(controller.window, Qt.Key.Key_F9)
    assert "[E214]" not in outcome["checkout"]
    assert outcome["pin"] == ""  # the scanner's keys did not land in the PIN field
    assert controller.service.sale.is_empty()
    assert stored_payments(db_path)[0]["voided_seq"] is None
