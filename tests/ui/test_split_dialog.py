"""The 복합결제 dialog: prices shown, the amount's discount, total and rest live, Enter
through the fields records by the 청주페이 카드 or the QR; a bad amount is a coded Korean error
and keeps the sale; F5 offers it on Ctrl+S."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pos_app.domain.clock import unix_seconds
from pos_app.domain.payment_status import PaymentStatus
from pos_app.domain.tenders import Tender
from pos_app.services.checkout import open_checkout
from pos_app.services.demo import mint_demo_code, seed_demo
from pos_app.store.database import connect
from pos_app.ui.checkout.split_dialog import SplitPaymentDialog
from pos_app.ui.checkout.tender_dialog import TenderDialog
from pos_app.ui.translations import LanguageSwitcher
from tests.acceptance.fit import cut_texts, english_in_korean_ui

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
BULGOGI = "8808123000103"  # 18,900원; 10 % special discount with Cheongju Pay


def clock() -> datetime:
    return NOW


@pytest.fixture
def checkout(tmp_path):
    conn = connect(tmp_path / "pos.sqlite3")
    seed_demo(conn, clock)
    service = open_checkout(conn, clock)
    service.handle_scan(BULGOGI)
    yield service
    conn.close()


def _shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_the_amount_prices_live_and_enter_records_by_the_cheongju_pay_card(qtbot, checkout) -> None:
    dialog = _shown(qtbot, SplitPaymentDialog(checkout.sale, checkout, "ko"))
    assert dialog.cash_price == 18_900 and dialog.all_cheongju_pay_price == 17_010
    assert "18,900원" in dialog.findChild(type(dialog.total), "splitPrices").text()
    qtbot.waitUntil(dialog.amount.hasFocus)
    dialog.amount.selectAll()
    QTest.keyClicks(dialog.amount, "9000")
    assert "-1,000원" in dialog.discount.text()
    assert "17,900원" in dialog.total.text() and "8,900원" in dialog.rest.text()
    QTest.keyClick(dialog.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.means.hasFocus)
    QTest.keyClicks(dialog.means, "12345678")
    QTest.keyClick(dialog.means, Qt.Key.Key_Return)
    # Cash is still to be counted: the cash handed over comes first (the change is printed).
    qtbot.waitUntil(dialog.tendered.hasFocus)
    assert dialog.payment is None
    QTest.keyClicks(dialog.tendered, "10000")
    assert "1,100원" in dialog.change.text()
    QTest.keyClick(dialog.tendered, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.payment is not None)
    paid = dialog.payment
    assert [(p.tender, p.amount) for p in paid.parts] == [
        (Tender.CHEONGJU_CARD, 9_000),
        (Tender.CASH, 8_900),
    ]
    assert paid.parts[0].card_approval_no == "12345678"
    assert (paid.parts[1].tendered, paid.parts[1].change) == (10_000, 1_100)


def test_a_qr_scanned_into_the_dialog_pays_the_cheongju_pay_part(qtbot, checkout) -> None:
    dialog = _shown(qtbot, SplitPaymentDialog(checkout.sale, checkout, "ko"))
    dialog.amount.setText("5000")
    dialog.tendered.setText("20000")
    assert "거스름돈" in dialog.change.text() or "Change" in dialog.change.text()
    QTest.keyClicks(dialog.means, mint_demo_code(unix_seconds(NOW)))
    QTest.keyClick(dialog.means, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.payment is not None)
    assert dialog.payment.status is PaymentStatus.PENDING
    assert dialog.payment.parts[0].tender is Tender.CHEONGJU_PAY
    assert dialog.payment.parts[1].tendered == 20_000


def test_more_than_the_all_cheongju_pay_price_is_e351_and_keeps_the_sale(qtbot, checkout) -> None:
    dialog = _shown(qtbot, SplitPaymentDialog(checkout.sale, checkout, "ko"))
    dialog.amount.setText("17011")
    assert "[E351]" in dialog.rest.text()
    dialog.means.setText("12345678")
    dialog.record()
    assert "[E351]" in dialog.error.text() and "청주페이" in dialog.error.text()
    assert dialog.payment is None and len(checkout.sale) == 1


def test_a_reopened_sale_comes_pre_filled(qtbot, checkout) -> None:
    dialog = SplitPaymentDialog(
        checkout.sale, checkout, "ko", cheongju_pay=15_000, tendered=2_000, card_terminal=0
    )
    _shown(qtbot, dialog)
    assert dialog.amount.text() == "15000" and dialog.tendered.text() == "2000"
    assert dialog.amount.hasFocus() and dialog.amount.selectedText() == "15000"


def test_f5_offers_the_split_payment_on_ctrl_s(qtbot, checkout) -> None:
    dialog = _shown(qtbot, TenderDialog(checkout.sale, checkout, "ko"))
    titles = [dialog.pages.tabText(i) for i in range(dialog.pages.count())]
    assert any("Ctrl+S" in title for title in titles)


@pytest.fixture(params=["ko", "en"])
def language(request):
    switcher = LanguageSwitcher(QApplication.instance())
    switcher.apply(request.param)
    yield request.param
    switcher.apply("en")


def test_the_dialogs_fit_1024x768_with_every_text_whole(qtbot, checkout, language) -> None:
    for dialog in (
        SplitPaymentDialog(checkout.sale, checkout, language),
        TenderDialog(checkout.sale, checkout, language),
    ):
        _shown(qtbot, dialog)
        hint = dialog.minimumSizeHint()
        assert hint.width() <= 1024 and hint.height() <= 700, (type(dialog).__name__, hint)
        dialog.resize(dialog.sizeHint().boundedTo(QSize(1024, 700)))
        qtbot.wait(10)
        assert cut_texts(dialog) == []
        if language == "ko":
            assert english_in_korean_ui(dialog, ["한우 불고기 300g"]) == []
