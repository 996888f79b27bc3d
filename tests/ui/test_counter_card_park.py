"""The counter's Cheongju Pay card page (F5, Ctrl+J) and parked sales (Ctrl+B, Ctrl+Shift+B),
with the real window and services on a real SQLite file, keys as the cashier presses them.

The parked sale is recalled after a restart: a new controller and service over the same file.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers import make_demo_template, open_copy
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from pos_app.domain.tenders import Tender
from pos_app.services.checkout import open_checkout
from pos_app.services.day_close import DayCloseService
from pos_app.services.refunds import RefundService
from pos_app.store.database import connect
from pos_app.ui.app import PosController
from pos_app.ui.checkout.parked_dialog import ParkedSalesDialog
from pos_app.ui.checkout.tender_dialog import TenderDialog
from pos_app.ui.day_close.screen import DayCloseScreen
from pos_app.ui.refunds.refund_dialog import RefundDialog
from pos_app.ui.scan_routing import route_scan_to_dialog
from pos_app.ui.session import Session
from pos_app.ui.translations import LanguageSwitcher
from tests.ui.counter import close_counter
from tests.ui.plain_counter import activate, open_plain_counter, scan
from tests.ui.wedge_clock import WedgeClock, type_keys

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # 12:00 KST
MILK = "8808123000134"  # 2,980원; 2,682원 with the demo shop's 10 % Cheongju Pay discount


def clock() -> datetime:
    return NOW


@pytest.fixture
def pos(qtbot, tmp_path: Path) -> Iterator[PosController]:
    with open_plain_counter(qtbot, tmp_path / "pos.sqlite3", clock) as controller:
        yield controller


def in_dialog(kind: type, act) -> None:
    """Run ``act`` on the modal dialog the next key opens (its exec returns when it closes)."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, kind), dialog
        try:
            act(dialog)
        finally:
            # A failed check must not leave the dialog's exec waiting for ever.
            QTimer.singleShot(2_000, dialog.reject)

    QTimer.singleShot(0, answer)


def test_the_cheongju_pay_card_page_records_the_terminals_approval(pos, qtbot) -> None:
    scan(pos, MILK)
    qtbot.waitUntil(lambda: len(pos.service.sale) == 1)
    seen: dict[str, str] = {}

    def pay_by_card(dialog: TenderDialog) -> None:
        dialog.activateWindow()  # the offscreen platform activates it late
        qtbot.waitUntil(dialog.isActiveWindow)
        QTest.keyClick(dialog, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(dialog.card_approval.hasFocus)
        seen["tab"] = dialog.pages.tabText(dialog.pages.currentIndex())
        seen["hint"] = dialog.findChild(QLabel, "cheongjuCardHint").text()
        seen["total"] = dialog.findChild(QLabel, "tenderTotal").text()
        # Not confirmed yet: a coded Korean error, the focus on the confirmation.
        type_keys(pos, dialog.card_approval, "12345")
        QTest.keyClick(dialog.card_approval, Qt.Key.Key_Return)
        seen["short"] = dialog.error.text()
        dialog.card_approval.clear()
        # The slip's barcode read by the wedge into the focused field (then its Enter).
        dialog.card_approval.setFocus()
        route_scan_to_dialog(dialog, "8765-4321", "ko")
        seen["unconfirmed"] = dialog.error.text()
        qtbot.waitUntil(dialog.cheongju_approved.hasFocus)
        assert dialog.payment is None
        QTest.keyClick(dialog.cheongju_approved, Qt.Key.Key_Space)
        QTest.keyClick(dialog.cheongju_approved, Qt.Key.Key_Return)  # the dialog's Enter

    in_dialog(TenderDialog, pay_by_card)
    QTest.keyClick(pos.window, Qt.Key.Key_F5)

    assert seen["tab"] == "청주페이 카드 (Ctrl+J)"
    assert "2,682원" in seen["hint"] and "청주페이 가격" in seen["hint"]
    assert "2,682원" in seen["total"]  # the price on top is the page's
    assert seen["short"].startswith("[E823]")  # confirmation first
    assert seen["unconfirmed"].startswith("[E823]")
    paid = pos.service.last_payment()
    assert paid is not None and paid.tender is Tender.CHEONGJU_CARD
    assert paid.total == 2_682 and paid.card_approval_no == "87654321"
    totals = pos.window.screen_checkout.totals
    qtbot.waitUntil(totals.paid_banner.isVisible)
    assert totals.paid_banner.text() == "결제 완료 · 청주페이 카드"
    assert pos.service.sale.is_empty()


def test_a_bad_approval_number_is_a_coded_korean_error_and_keeps_the_sale(pos, qtbot) -> None:
    scan(pos, MILK)
    qtbot.waitUntil(lambda: len(pos.service.sale) == 1)
    seen: dict[str, str] = {}

    def bad_number(dialog: TenderDialog) -> None:
        dialog.show_cheongju_card()
        dialog.cheongju_approved.setChecked(True)
        type_keys(pos, dialog.card_approval, "12a4")
        QTest.keyClick(dialog.card_approval, Qt.Key.Key_Return)
        seen["error"] = dialog.error.text()
        seen["visible"] = str(dialog.isVisible())
        dialog.reject()

    in_dialog(TenderDialog, bad_number)
    QTest.keyClick(pos.window, Qt.Key.Key_F5)
    assert seen["error"].startswith("[E362]") and "승인번호" in seen["error"]
    assert seen["visible"] == "True"
    assert len(pos.service.sale) == 1 and pos.service.last_payment() is None


def _restarted(qtbot, db_path: Path) -> PosController:
    """The app started again on the same file: a new connection, service and window."""
    conn = connect(db_path)
    app = QApplication.instance()
    controller = PosController(
        app,
        Session(
            conn=conn,
            service=open_checkout(conn, clock),
            languages=LanguageSwitcher(app),
            language="ko",
            clock=clock,
            scan_clock=WedgeClock(),
        ),
    )
    controller.show()
    qtbot.waitUntil(controller.window.isActiveWindow)
    return controller


def test_a_parked_sale_survives_a_restart_is_recalled_and_paid(qtbot, tmp_path: Path) -> None:
    db_path = tmp_path / "pos.sqlite3"
    with open_plain_counter(qtbot, db_path, clock) as pos:
        scan(pos, MILK)
        scan(pos, MILK)
        qtbot.waitUntil(lambda: sum(line.quantity for line in pos.service.sale.lines) == 2)
        QTest.keyClick(pos.window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(pos.service.sale.is_empty)
        screen = pos.window.screen_checkout
        assert screen.cart_model.rowCount() == 0  # the counter is clear for the next customer
        assert "보류" in screen.message.text() and "5,960원" in screen.message.text()
        assert "목록(1)" in pos.window.parked_button.text()
        assert "Ctrl+B" in pos.window.parked_button.text()
        # The next customer is served meanwhile.
        scan(pos, MILK)
        qtbot.waitUntil(lambda: len(pos.service.sale) == 1)
        pos.service.pay_cash(3_000)

    again = _restarted(qtbot, db_path)
    try:
        assert "목록(1)" in again.window.parked_button.text()
        seen: dict[str, object] = {}

        def recall(dialog: ParkedSalesDialog) -> None:
            table = dialog.table
            seen["row"] = [table.item(0, c).text() for c in range(3)]
            dialog.activateWindow()  # the offscreen platform activates it late
            qtbot.waitUntil(table.hasFocus)
            QTest.keyClick(table, Qt.Key.Key_Return)

        in_dialog(ParkedSalesDialog, recall)
        QTest.keyClick(
            again.window,
            Qt.Key.Key_B,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        assert seen["row"] == ["11-25 12:00", "우유 1L x2", "5,960원"]
        sale = again.service.sale
        qtbot.waitUntil(lambda: len(sale) == 1)
        assert sale.lines[0].quantity == 2
        assert again.window.screen_checkout.cart_model.rowCount() == 1
        assert "목록(0)" in again.window.parked_button.text()

        activate(again, qtbot)

        def pay_cash(dialog: TenderDialog) -> None:
            type_keys(again, dialog.tendered, "10000")
            QTest.keyClick(dialog.tendered, Qt.Key.Key_Return)

        in_dialog(TenderDialog, pay_cash)
        QTest.keyClick(again.window, Qt.Key.Key_F5)
        paid = again.service.last_payment()
        assert paid is not None and paid.total == 5_960 and paid.tender is Tender.CASH
        assert again.service.parked.parked() == []
    finally:
        close_counter(again, again.session.conn)


def test_the_parked_list_says_when_there_is_none_and_esc_goes_back(pos, qtbot) -> None:
    seen: dict[str, str] = {}

    def look(dialog: ParkedSalesDialog) -> None:
        seen["rows"] = str(dialog.table.rowCount())
        QTest.keyClick(dialog.table, Qt.Key.Key_Escape)

    in_dialog(ParkedSalesDialog, look)
    QTest.keyClick(
        pos.window,
        Qt.Key.Key_B,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert seen["rows"] == "0"
    # Ctrl+B on an empty sale: a coded Korean refusal.
    activate(pos, qtbot)
    QTest.keyClick(pos.window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert pos.window.screen_checkout.message.text().startswith("[E363]")


def test_the_close_warns_about_parked_sales_left(qtbot, tmp_path: Path) -> None:
    template = make_demo_template(tmp_path, clock)
    conn = open_copy(template, tmp_path / "pos.sqlite3")
    languages = LanguageSwitcher(QApplication.instance())
    languages.apply("ko")
    try:
        checkout = open_checkout(conn, clock)
        checkout.handle_scan(MILK)
        checkout.parked.park()
        screen = DayCloseScreen(DayCloseService(conn, clock), "ko")
        qtbot.addWidget(screen)
        screen.resize(1024, 700)
        screen.show()
        screen.float_amount.setFocus()
        QTest.keyClicks(screen.float_amount, "0")
        QTest.keyClick(screen.float_amount, Qt.Key.Key_Return)
        qtbot.waitUntil(screen.count_box.isVisible)
        screen.counted_total.setText("0")
        screen.request_close()
        text = screen.message.text()
        assert "보류된 판매 1건(2,980원)" in text and "Ctrl+Shift+B" in text
        assert screen.message.property("kind") == "error"
        screen.request_close()  # closing anyway is the cashier's choice
        assert DayCloseService(conn, clock).current_day() is None
        assert checkout.parked.summary() == (1, 2_980)  # the parked sale is kept
    finally:
        languages.apply("en")
        conn.close()


def test_a_card_refund_says_to_cancel_it_on_the_terminal(qtbot, tmp_path: Path) -> None:
    template = make_demo_template(tmp_path, clock)
    conn = open_copy(template, tmp_path / "pos.sqlite3")
    languages = LanguageSwitcher(QApplication.instance())
    languages.apply("ko")
    try:
        checkout = open_checkout(conn, clock)
        checkout.handle_scan(MILK)
        paid = checkout.pay_cheongju_card("12345678", approved_on_terminal=True)
        dialog = RefundDialog(RefundService(conn, clock), paid.payment_id, "ko")
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.spins[1].setValue(1)
        dialog.pin.setText("1234")
        dialog.submit()
        assert dialog.refund is not None and dialog.refund.amount == 2_682
        assert "카드 단말기에서 이 금액을 승인취소하세요" in dialog.error.text()
        rows = [row.left for row in RefundService(conn, clock).receipt(dialog.refund)]
        assert "카드 단말기에서 승인취소" in rows
    finally:
        languages.apply("en")
        conn.close()


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_dialogs_fit_a_1024x768_screen(qtbot, tmp_path: Path, language: str) -> None:
    template = make_demo_template(tmp_path, clock)
    conn = open_copy(template, tmp_path / "pos.sqlite3")
    languages = LanguageSwitcher(QApplication.instance())
    languages.apply(language)
    try:
        checkout = open_checkout(conn, clock)
        for number in range(3):
            checkout.sale.add_amount(1_000 + number, "아주 긴 이름의 시장 반찬 모둠 세트 " * 2)
            checkout.parked.park()
        checkout.handle_scan(MILK)
        tenders = TenderDialog(checkout.sale, checkout, language)
        parked = ParkedSalesDialog(checkout.parked, language)
        for dialog in (tenders, parked):
            qtbot.addWidget(dialog)
            dialog.show()
            qtbot.waitExposed(dialog)
            hint = dialog.sizeHint()
            assert hint.width() <= 1024 - 40 and hint.height() <= 768 - 80, (dialog, hint)
        tenders.show_cheongju_card()
        bar = tenders.pages.tabBar()
        # Every tab's title whole: no scroll arrows hiding the Ctrl+J page.
        assert sum(bar.tabSizeHint(i).width() for i in range(bar.count())) <= tenders.width()
        assert parked.table.rowCount() == 3
    finally:
        languages.apply("en")
        conn.close()
