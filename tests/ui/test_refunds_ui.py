"""Tenders and refunds with real widgets, from the keyboard: F5 cash with change, and a
refund found on the payments page (Enter, or a scanned receipt QR), approved by PIN."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest
from helpers import owner_approval
from network_printer import DRAWER_KICK, ListeningPrinter
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from pos_app.domain.clock import unix_seconds
from pos_app.domain.printing import Connection, PrinterSettings
from pos_app.domain.refunds import RefundReason, receipt_qr_text
from pos_app.domain.tenders import Tender
from pos_app.services.checkout import open_checkout
from pos_app.services.demo import DEMO_MANAGER_PIN, mint_demo_code, seed_demo
from pos_app.services.printing import PrintService
from pos_app.services.refunds import RefundService
from pos_app.store.database import connect
from pos_app.ui.app import PosController
from pos_app.ui.checkout.tender_dialog import TenderDialog
from pos_app.ui.printing.counter_printing import CounterPrinting
from pos_app.ui.refunds.payments_screen import PaymentsScreen
from pos_app.ui.refunds.refund_dialog import RefundDialog
from pos_app.ui.session import Session
from pos_app.ui.theme import apply_theme
from pos_app.ui.training import Training
from pos_app.ui.translations import LanguageSwitcher
from tests.ui.wedge_clock import WedgeClock, type_keys

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # 12:00 KST
BULGOGI = "8808123000103"  # 18,900원
MILK = "8808123000134"  # 2,980원


def clock() -> datetime:
    return NOW


@pytest.fixture
def conn(tmp_path):
    conn = connect(tmp_path / "pos.sqlite3")
    seed_demo(conn, clock)
    yield conn
    conn.close()


def _closing(step) -> None:  # type: ignore[no-untyped-def]
    """Run a dialog step; if it fails, close the dialog so exec() returns and the test
    reports the failure instead of hanging."""
    try:
        step()
    finally:
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            dialog.reject()


def scan(target, text: str) -> None:
    QTest.keyClicks(target, text)
    QTest.keyClick(target, Qt.Key.Key_Return)


@pytest.fixture
def controller(qtbot, tmp_path):
    conn = connect(tmp_path / "till.sqlite3")
    seed_demo(conn, clock)
    app = QApplication.instance()
    pos = PosController(
        app,
        Session(
            conn=conn,
            service=open_checkout(conn, clock),
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


def test_f5_cash_sale_shows_change_and_records_it(qtbot, controller) -> None:
    pos = controller
    scan(pos.scan_target(), MILK)
    qtbot.waitUntil(lambda: len(pos.service.sale) == 1)
    seen: dict[str, str] = {}

    def pay_cash() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, TenderDialog)
        type_keys(pos, dialog.tendered, "2000")
        seen["short"] = dialog.change.text()
        QTest.keyClick(dialog.tendered, Qt.Key.Key_Return)
        seen["refused"] = dialog.error.text()
        dialog.tendered.clear()
        type_keys(pos, dialog.tendered, "5000")
        seen["change"] = dialog.change.text()
        QTest.keyClick(dialog.tendered, Qt.Key.Key_Return)

    QTimer.singleShot(0, lambda: _closing(pay_cash))
    QTest.keyClick(pos.window, Qt.Key.Key_F5)
    assert "980원" in seen["short"]
    assert "[E821]" in seen["refused"]
    assert "2,020원" in seen["change"]  # no special discount for cash: 5,000 - 2,980
    payment = pos.service.last_payment()
    assert payment is not None
    assert (payment.tender, payment.total, payment.tendered, payment.change) == (
        "cash",
        2_980,
        5_000,
        2_020,
    )
    assert "현금" in pos.window.screen_checkout.receipt.plain_text()


@pytest.fixture
def paid(conn: sqlite3.Connection) -> str:
    checkout = open_checkout(conn, clock)
    checkout.handle_scan(BULGOGI)
    checkout.handle_scan(MILK)
    return checkout.pay_with_code(mint_demo_code(unix_seconds(NOW))).payment_id


def test_refund_one_line_from_the_keyboard_with_the_manager_pin(qtbot, conn, paid) -> None:
    screen = PaymentsScreen(RefundService(conn, clock), "ko")
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitExposed(screen)
    assert screen.table.rowCount() == 1  # today's payments by default
    seen: dict[str, str] = {}

    def refund_milk() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, RefundDialog)
        milk = dialog.spins[2]
        milk.setFocus()
        milk.lineEdit().selectAll()
        QTest.keyClicks(milk.lineEdit(), "1")
        seen["preview"] = dialog.preview.text()
        dialog.pin.setFocus()
        QTest.keyClicks(dialog.pin, "0000")
        QTest.keyClick(dialog.pin, Qt.Key.Key_Return)
        seen["wrong"] = dialog.error.text()
        QTest.keyClicks(dialog.pin, "1234")
        QTest.keyClick(dialog.pin, Qt.Key.Key_Return)
        seen["receipt"] = dialog.receipt.plain_text()
        QTest.keyClick(dialog.close_button, Qt.Key.Key_Return)

    QTimer.singleShot(0, lambda: _closing(refund_milk))
    screen.table.setFocus()
    QTest.keyClick(screen.table, Qt.Key.Key_Return)
    # 2,980 less its 10 % discount share (298): what the customer paid for it.
    assert "2,682원" in seen["preview"]
    assert "[E838]" in seen["wrong"]
    assert "환불 영수증" in seen["receipt"] and "2,682원" in seen["receipt"]
    (amount, reason) = conn.execute("SELECT amount, reason FROM refunds").fetchone()
    assert (amount, reason) == (2_682, "change_of_mind")
    assert screen.table.item(0, 4).text() == "2,682원"  # the list shows what went back


def test_a_scanned_receipt_qr_opens_that_payments_refund(qtbot, conn, paid) -> None:
    screen = PaymentsScreen(RefundService(conn, clock), "ko")
    qtbot.addWidget(screen)
    opened: dict[str, object] = {}

    def look_and_cancel() -> None:
        dialog = QApplication.activeModalWidget()
        opened["dialog"] = type(dialog)
        opened["payment"] = dialog._payment_id  # type: ignore[union-attr]
        dialog.reject()  # type: ignore[union-attr]

    QTimer.singleShot(0, look_and_cancel)
    assert screen.handle_scan(receipt_qr_text(paid)) is True
    assert opened == {"dialog": RefundDialog, "payment": paid}
    assert screen.handle_scan("8808123000103") is False  # not a receipt: not ours
    assert screen.handle_scan("CJR1:00000000-0000-0000-0000-000000000000") is True
    assert "[E831]" in screen.message.text()


@pytest.mark.parametrize(
    ("language", "names"),
    [
        ("ko", ["현금", "카드(단말기)", "청주페이"]),
        ("en", ["Cash", "Card (terminal)", "Cheongju Pay"]),
    ],
)
def test_the_payment_list_names_the_tender_in_the_ui_language_and_shows_receipts_whole(
    qtbot, conn, paid, language: str, names: list[str]
) -> None:
    """In English the tender column said 청주페이/현금; at 1024 px the receipt numbers were
    elided (20261125…) while the approval column stretched over the room left."""
    languages = LanguageSwitcher(QApplication.instance())  # type: ignore[arg-type]
    languages.apply(language)
    try:
        checkout = open_checkout(conn, clock)
        checkout.handle_scan(MILK)
        checkout.pay_card_terminal(True)
        checkout.handle_scan(MILK)
        checkout.pay_cash(5_000)
        screen = PaymentsScreen(RefundService(conn, clock), language)
        qtbot.addWidget(screen)
        screen.resize(1000, 600)  # the room the maximised window gives it on 1024x768
        screen.show()
        qtbot.waitExposed(screen)
        assert screen.table.rowCount() == 3
        assert [screen.table.item(row, 2).text() for row in range(3)] == names
        metrics = screen.table.fontMetrics()
        for row in range(3):
            receipt = screen.table.item(row, 0).text()
            assert metrics.horizontalAdvance(receipt) < screen.table.columnWidth(0)
    finally:
        languages.apply("en")  # as the other tests leave it: no translator


def test_the_demo_phone_opens_on_the_screen_beside_a_maximised_till(controller) -> None:
    """It was placed right of the window: off the screen of a one-screen PC."""
    pos = controller
    assert pos.phone is not None and pos.phone.isVisible()
    area = pos.window.screen().availableGeometry()
    assert area.contains(pos.phone.frameGeometry())


def _colour_share(image, wanted) -> int:  # type: ignore[no-untyped-def]
    """Pixels of ``image`` whose colour is about ``wanted`` (anti-aliasing aside)."""
    count = 0
    for x in range(0, image.width(), 2):
        for y in range(0, image.height(), 2):
            colour = image.pixelColor(x, y)
            if all(abs(a - b) < 40 for a, b in zip(colour.getRgb()[:3], wanted, strict=True)):
                count += 1
    return count


def test_short_cash_is_red_and_change_green(qtbot, conn) -> None:
    """ "13,490원 부족" was drawn in the change's green."""
    checkout = open_checkout(conn, clock)
    checkout.handle_scan(MILK)
    dialog = TenderDialog(checkout.sale, checkout, "ko")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    red, green = (0xB3, 0x26, 0x1E), (0x0A, 0x7D, 0x32)
    dialog.tendered.setText("1000")
    short = dialog.change.grab().toImage()
    assert _colour_share(short, red) > 20 and _colour_share(short, green) == 0
    dialog.tendered.setText("5000")
    change = dialog.change.grab().toImage()
    assert _colour_share(change, green) > 20 and _colour_share(change, red) == 0


def test_the_refundable_amount_is_read_fresh_after_a_refund_and_on_opening(
    qtbot, conn: sqlite3.Connection
) -> None:
    """It said "환불 가능 5,364원" after 2,682원 of that sale had gone back."""

    def summary(dialog: RefundDialog) -> str:
        label = dialog.findChild(QLabel, "merchantName")
        assert label is not None
        return label.text()

    checkout = open_checkout(conn, clock)
    checkout.handle_scan(MILK)
    checkout.handle_scan(MILK)
    payment_id = checkout.pay_with_code(mint_demo_code(unix_seconds(NOW))).payment_id
    service = RefundService(conn, clock)
    dialog = RefundDialog(service, payment_id, "ko")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert summary(dialog).endswith("5,364원")
    dialog.spins[1].setValue(1)
    dialog.pin.setText("1234")
    dialog.submit()
    assert dialog.refund is not None and dialog.refund.amount == 2_682
    assert summary(dialog).endswith("2,682원")

    # A dialog built before a refund made elsewhere reads it again when it opens.
    later = RefundDialog(service, payment_id, "ko")
    qtbot.addWidget(later)
    service.refund(
        payment_id, reason=RefundReason.CHANGE_OF_MIND, approve=owner_approval(conn), amount=1_000
    )
    later.show()
    qtbot.waitExposed(later)
    assert summary(later).endswith("1,682원")


def test_the_demo_phone_paid_line_follows_a_refund_and_a_void(qtbot, controller) -> None:
    """The phone kept "… 결제 완료 · 승인 A…" after that sale was refunded or voided."""
    from pos_app.store import sync_state
    from pos_app.store.database import write_transaction

    phone, conn = controller.phone, controller.service._conn
    assert phone is not None
    checkout, refunds = controller.service, RefundService(conn, clock)

    def paid_by_phone(approval: str) -> str:
        checkout.handle_scan(MILK)
        payment = checkout.pay_with_code(mint_demo_code(unix_seconds(NOW)))
        with write_transaction(conn):  # the server's answer, as the sync applies it
            sync_state.apply_results(
                conn,
                [
                    {
                        "seq": payment.seq,
                        "event_id": payment.payment_id,
                        "status": "applied",
                        "outcome": "accepted",
                        "approval_no": approval,
                    }
                ],
                received_at="2026-11-25T03:00:01.000Z",
            )
        phone.mpm_answered.emit({"amount": payment.total, "approval_no": approval})
        qtbot.waitUntil(lambda: approval in phone.mpm_result.text())
        return payment.payment_id

    screen = controller.window.screen_checkout
    refunded = paid_by_phone("A0000000101")
    refunds.refund(
        refunded, reason=RefundReason.CHANGE_OF_MIND, approve=owner_approval(conn), amount=1_000
    )
    screen.payment_changed(refunded)  # as the refund dialog's owner tells the checkout
    qtbot.waitUntil(lambda: "1,000원" in phone.mpm_result.text())
    assert "환불" in phone.mpm_result.text() and "완료" not in phone.mpm_result.text()

    voided = paid_by_phone("A0000000102")
    record = checkout.void_last_payment(DEMO_MANAGER_PIN, "잘못 결제", voided)
    screen.show_receipt(record)  # as F9 draws the voided sale
    qtbot.waitUntil(lambda: "취소" in phone.mpm_result.text())
    assert "A0000000102" in phone.mpm_result.text() and "완료" not in phone.mpm_result.text()


def test_a_cash_refunds_receipt_and_drawer_go_out_before_the_dialog_closes(
    qtbot, conn, tmp_path
) -> None:
    """The drawer opens to hand the money back when the refund is recorded, while the
    dialog still shows the refund receipt; not when 닫기 is pressed."""
    checkout = open_checkout(conn, clock)
    checkout.handle_scan(MILK)
    checkout.pay_cash(5_000)
    printer = ListeningPrinter()
    printing = PrintService(conn, clock)
    printing.save_printer_settings(
        PrinterSettings(
            connection=Connection.NETWORK, network_host="127.0.0.1", network_port=printer.port
        )
    )
    counter = CounterPrinting(PrintService(connect(tmp_path / "pos.sqlite3"), clock))
    screen = PaymentsScreen(RefundService(conn, clock), "ko")
    screen.refunded.connect(counter.after_refund)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitExposed(screen)
    seen: dict[str, object] = {}

    def refund_everything() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, RefundDialog)
        dialog.take_everything()
        dialog.pin.setFocus()
        QTest.keyClicks(dialog.pin, DEMO_MANAGER_PIN)
        QTest.keyClick(dialog.pin, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: len(printer.printed()) == 1, timeout=15_000)
        seen["open"] = dialog.isVisible()
        QTest.keyClick(dialog.close_button, Qt.Key.Key_Return)

    try:
        QTimer.singleShot(0, lambda: _closing(refund_everything))
        screen.table.setFocus()
        QTest.keyClick(screen.table, Qt.Key.Key_Return)
        assert seen["open"] is True
        [job] = printer.printed()
        assert DRAWER_KICK in job  # a cash refund: the drawer opened with its receipt
    finally:
        counter.close()
        printer.close()


MAKGEOLLI = "8808123000172"  # 막걸리 750ml, 1,800원
TYPICAL_NAME = "청주 쌀 막걸리 750ml"
LONG_NAME = "청주 오창 유기농 쌀로 빚은 생 막걸리 750ml 2병"  # 30 characters


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_refund_dialog_shows_product_names_whole_at_1024(qtbot, conn, language) -> None:
    """The name column was cut to "막걸리 …" at 1024x768 while the refund-quantity column
    stretched over the room: a typical name and a 30-character one now show whole."""
    assert len(LONG_NAME) == 30
    with conn:
        conn.execute("UPDATE products SET name = ? WHERE name = '막걸리 750ml'", (TYPICAL_NAME,))
        conn.execute("UPDATE products SET name = ? WHERE name = '우유 1L'", (LONG_NAME,))
    checkout = open_checkout(conn, clock)
    for code in (MAKGEOLLI, MILK):
        checkout.handle_scan(code)
    payment_id = checkout.pay_cash(10_000).payment_id
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font, sheet = app.font(), app.styleSheet()
    apply_theme(app)  # the app's type sizes decide what fits
    languages = LanguageSwitcher(app)
    languages.apply(language)
    try:
        dialog = RefundDialog(RefundService(conn, clock), payment_id, language)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        table = dialog.lines
        assert dialog.width() <= 1024 - 40  # inside the window a 1024x768 screen gives
        metrics = table.fontMetrics()
        names = [table.item(row, 0).text() for row in range(table.rowCount())]
        assert names == [TYPICAL_NAME, LONG_NAME]
        for row, name in enumerate(names):
            assert metrics.horizontalAdvance(name) <= table.columnWidth(0) - 8, name
            assert table.item(row, 0).toolTip() == name
        # The figures and the quantity box keep what they need beside the names.
        for column in (1, 2, 3):
            assert table.columnWidth(column) >= table.sizeHintForColumn(column)
        assert table.horizontalHeader().length() <= table.viewport().width()
    finally:
        languages.apply("en")  # as the other tests leave it: no translator
        app.setStyleSheet(sheet)
        app.setFont(font)


@pytest.mark.parametrize("language", ["ko", "en"])
def test_every_tender_has_a_name_in_the_payment_list(qtbot, conn, language: str) -> None:
    """A split sale's row said "split" (the journal's key) on a Korean screen."""
    languages = LanguageSwitcher(QApplication.instance())  # type: ignore[arg-type]
    languages.apply(language)
    try:
        screen = PaymentsScreen(RefundService(conn, clock), language)
        qtbot.addWidget(screen)
        for tender in Tender:
            name = screen._tender_name(tender)
            assert name != tender.value
            if language == "ko":
                assert not any(ch.isascii() and ch.isalpha() for ch in name), name
    finally:
        languages.apply("en")  # as the other tests leave it: no translator


def test_a_split_sales_refund_says_how_much_goes_back_in_each_tender(qtbot, conn) -> None:
    """The dialog said only "17,963원 환불했습니다": a cashier could hand it all back in cash."""
    checkout = open_checkout(conn, clock)
    checkout.handle_scan(MILK)
    checkout.handle_scan(MILK)  # 5,960원, 10 % with Cheongju Pay
    # 3,000 by the Cheongju Pay card earns 333 off: 5,627, of which 2,627 in cash.
    rest = checkout.sale.quote_split(3_000).rest
    paid = checkout.pay_split(3_000, card_approval_no="12345678", cash=rest, tendered=rest)
    dialog = RefundDialog(RefundService(conn, clock), paid.payment_id, "ko")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.spins[1].setValue(1)  # one 우유 back: cash first, then the card
    # 2,814원 back (the 166원 discount of that 우유 kept): the cash part first, then the card.
    by_tender = dialog.preview.text().splitlines()[1]
    assert by_tender.split(" · ") == [
        f"{dialog.tr('Cash')} 2,627원",
        f"{dialog.tr('Cheongju Pay card')} 187원",
    ]
    dialog.pin.setText(DEMO_MANAGER_PIN)
    dialog.submit()
    assert dialog.refund is not None and dialog.refund.amount == 2_814
    assert by_tender in dialog.error.text()
