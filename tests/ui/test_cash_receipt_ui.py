"""The cash dialog's cash receipt (현금영수증): F4 opens it, a bad mobile number is a coded
Korean error and the sale is kept, a good one is recorded with the sale; a mandatory shop is
told about the self-issue; it fits at 1024x768."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from pos_app.domain.cash_receipt import CashReceiptTotals
from pos_app.domain.day_close import settle
from pos_app.services import preferences
from pos_app.services.checkout import open_checkout
from pos_app.services.demo import seed_demo
from pos_app.store.database import connect
from pos_app.ui.checkout.tender_dialog import TenderDialog
from pos_app.ui.day_close.settlement_view import SettlementView
from pos_app.ui.dialogs.camera_settings_dialog import CameraSettingsDialog

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
BULGOGI = "8808123000103"  # 18,900원


def clock() -> datetime:
    return NOW


@pytest.fixture
def conn(tmp_path):
    conn = connect(tmp_path / "pos.sqlite3")
    seed_demo(conn, clock)
    yield conn
    conn.close()


def _dialog(qtbot, checkout) -> TenderDialog:
    dialog = TenderDialog(checkout.sale, checkout, "ko")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_a_bad_mobile_number_is_e341_and_keeps_the_sale_then_a_good_one_records(
    qtbot, conn
) -> None:
    checkout = open_checkout(conn, clock)
    checkout.handle_scan(BULGOGI)
    dialog = _dialog(qtbot, checkout)
    assert not dialog.receipt_fields.isVisible()
    QTest.keyClick(dialog.tendered, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: dialog.receipt_number.hasFocus())
    assert dialog.receipt_fields.isVisible()
    dialog.tendered.setText("20000")
    QTest.keyClicks(dialog.receipt_number, "010-123-4567")  # 010 needs 8 digits
    QTest.keyClick(dialog.receipt_number, Qt.Key.Key_Return)
    assert "[E341]" in dialog.error.text() and "휴대전화" in dialog.error.text()
    assert dialog.payment is None and len(checkout.sale) == 1  # the sale is kept
    assert dialog.isVisible()

    dialog.receipt_number.clear()
    QTest.keyClicks(dialog.receipt_number, "010-1234-5678")  # a scanner types the same way
    QTest.keyClick(dialog.receipt_number, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.payment is not None)
    assert dialog.cash_receipt is not None
    assert dialog.cash_receipt.masked == "010-****-5678" and not dialog.cash_receipt.self_issued
    rows = "\n".join(row.left + " " + row.right for row in checkout.receipt(dialog.payment))
    assert "현금영수증(소득공제)" in rows and "010-****-5678" in rows and "승인 대기" in rows


def test_expense_proof_checks_the_business_number(qtbot, conn) -> None:
    checkout = open_checkout(conn, clock)
    checkout.handle_scan(BULGOGI)
    dialog = _dialog(qtbot, checkout)
    dialog.ask_receipt.setChecked(True)
    dialog.purpose.setCurrentIndex(dialog.purpose.findData("expense_proof"))
    dialog.receipt_number.setText("123-45-67890")  # check digit is 1, not 0
    dialog.tendered.setText("20000")
    dialog.pay_cash()
    assert "[E344]" in dialog.error.text() and dialog.payment is None
    dialog.receipt_number.setText("123-45-67891")
    dialog.pay_cash()
    assert dialog.payment is not None and dialog.cash_receipt is not None
    assert dialog.cash_receipt.masked == "123-45-67891"


def test_a_mandatory_shop_is_told_and_self_issues(qtbot, conn) -> None:
    preferences.set_cash_receipt_mandatory(conn, True)
    checkout = open_checkout(conn, clock)
    checkout.sale.add_amount(120_000, "선물세트")
    dialog = _dialog(qtbot, checkout)
    assert dialog.mandatory_note.isVisible() and "010-000-1234" in dialog.mandatory_note.text()
    dialog.resize(1024, 768)
    assert dialog.minimumSizeHint().width() <= 1024 and dialog.minimumSizeHint().height() <= 768
    dialog.tendered.setText("120000")
    QTest.keyClick(dialog.tendered, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.payment is not None)
    assert dialog.cash_receipt is not None and dialog.cash_receipt.self_issued


def test_the_settlement_shows_issued_and_cancelled_cash_receipts(qtbot) -> None:
    view = SettlementView()
    qtbot.addWidget(view)
    totals = CashReceiptTotals(issued_count=1, issued_amount=120_000, cancelled_count=1,
                               cancelled_amount=20_000)  # fmt: skip
    view.show_settlement(settle(float_amount=0, sales=[], cash_receipts=totals), "정산")
    texts = [label.text() for label in view.findChildren(QLabel) if label.isVisibleTo(view)]
    assert "Cash receipts issued" in texts and "120,000원" in texts
    assert "Cash receipts cancelled" in texts and "-20,000원" in texts
    # Counted as receipts, not sales (in English, where the plural is spelled out).
    from pos_app.ui.translations import LanguageSwitcher

    languages = LanguageSwitcher(QApplication.instance())  # type: ignore[arg-type]
    languages.apply("en")
    try:
        view.show_settlement(settle(float_amount=0, sales=[], cash_receipts=totals), "정산")
        texts = [label.text() for label in view.findChildren(QLabel) if label.isVisibleTo(view)]
        assert texts.count("1 cash receipt") == 2 and "1 sale" not in texts
    finally:
        languages.apply("en")  # the tests' own state: no Korean catalogue installed
    view.show_settlement(settle(float_amount=0, sales=[]), "정산")
    texts = [label.text() for label in view.findChildren(QLabel) if label.isVisibleTo(view)]
    assert "Cash receipts issued" not in texts  # a day without any: the slip stays as it was


def test_the_settings_dialog_has_the_mandatory_trade_checkbox(qtbot) -> None:
    dialog = CameraSettingsDialog([], {}, camera_id="off", decoder="zxing",
                                  preview_visible=True, cash_receipt_mandatory=True)  # fmt: skip
    qtbot.addWidget(dialog)
    assert dialog.chosen_cash_receipt_mandatory()
    dialog.cash_receipt_mandatory.setFocus()
    QTest.keyClick(dialog.cash_receipt_mandatory, Qt.Key.Key_Space)  # keyboard reachable
    assert not dialog.chosen_cash_receipt_mandatory()
    assert dialog.cash_receipt_mandatory.focusPolicy() & Qt.FocusPolicy.TabFocus
