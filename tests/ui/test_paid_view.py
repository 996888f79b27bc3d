"""The paid view names the tender.

A cash sale used to show "결제 완료 · 승인 대기" and "청주페이 결제 금액", as if paid by
Cheongju Pay. Cash and card are final when recorded: the banner names the tender, and a
cash sale shows its change in large type beside the total. Real window, real service, keys
as the cashier presses them (F2 amount, F5 cash/card, F10 last receipt, F11 language).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pos_app.domain.clock import unix_seconds
from pos_app.services.demo import mint_demo_code
from pos_app.ui.app import PosController
from pos_app.ui.checkout.tender_dialog import TenderDialog
from pos_app.ui.theme import apply_theme
from tests.ui.plain_counter import activate, open_plain_counter, scan
from tests.ui.wedge_clock import type_keys

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # 12:00 KST
MILK = "8808123000134"  # 2,980원


def clock() -> datetime:
    return NOW


@pytest.fixture
def pos(qtbot, tmp_path):
    with open_plain_counter(qtbot, tmp_path / "pos.sqlite3", clock) as controller:
        yield controller


@pytest.fixture
def themed():
    """The look the app runs with: the change's large type is the theme's (ui/theme.py)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font, sheet = app.font(), app.styleSheet()
    apply_theme(app)
    yield
    app.setStyleSheet(sheet)
    app.setFont(font)


def type_amount(pos: PosController, qtbot, won: int) -> None:
    QTest.keyClick(pos.window, Qt.Key.Key_F2)
    screen = pos.window.screen_checkout
    type_keys(pos, screen.amount_input, str(won))  # typing, not a scan
    QTest.keyClick(screen.amount_input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(pos.service.sale) == 1)


def pay_in_dialog(pos: PosController, act) -> None:
    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, TenderDialog)
        act(dialog)

    QTimer.singleShot(0, answer)
    QTest.keyClick(pos.window, Qt.Key.Key_F5)  # returns once the dialog closed


def shown_text(pos: PosController) -> str:
    totals = pos.window.screen_checkout.totals
    return " | ".join(
        label.text()
        for label in (totals.paid_banner, totals.total_caption, totals.change, totals.prompt)
        if label.isVisible()
    )


def test_a_cash_sale_names_cash_and_shows_the_change_large(themed, pos, qtbot) -> None:
    type_amount(pos, qtbot, 12_400)

    def pay_cash(dialog: TenderDialog) -> None:
        type_keys(pos, dialog.tendered, "20000")
        QTest.keyClick(dialog.tendered, Qt.Key.Key_Return)

    pay_in_dialog(pos, pay_cash)
    totals = pos.window.screen_checkout.totals
    qtbot.waitUntil(totals.change.isVisible)
    assert totals.paid_banner.text() == "결제 완료 · 현금"
    assert totals.total_caption.text() == "현금 결제 금액"
    assert totals.total.text() == "12,400원"
    assert totals.change.text() == "거스름돈 7,600원"
    assert totals.change.fontInfo().pixelSize() >= 30  # read across the counter
    assert (totals.cashback_caption.text(), totals.cashback.text()) == ("받은 금액", "20,000원")
    assert "승인" not in shown_text(pos) and "청주페이" not in shown_text(pos)

    # F11 then F10: the same sale in English.
    activate(pos, qtbot)
    QTest.keyClick(pos.window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: pos.window.windowTitle() == "Cheongju Pay POS")
    qtbot.waitUntil(pos.window.isActiveWindow)
    QTest.keyClick(pos.window, Qt.Key.Key_F10)
    totals = pos.window.screen_checkout.totals
    assert totals.paid_banner.text() == "Paid - Cash"
    assert totals.total_caption.text() == "Amount paid (Cash)"
    assert totals.change.isVisible() and totals.change.text() == "Change 7,600원"


def test_a_card_sale_names_the_card_and_has_no_cashback_or_change(pos, qtbot) -> None:
    type_amount(pos, qtbot, 5_000)

    def pay_card(dialog: TenderDialog) -> None:
        dialog.pages.setCurrentIndex(1)
        dialog.approved.setChecked(True)
        dialog.pay_card()

    pay_in_dialog(pos, pay_card)
    totals = pos.window.screen_checkout.totals
    qtbot.waitUntil(totals.paid_banner.isVisible)
    assert totals.paid_banner.text() == "결제 완료 · 카드"
    assert totals.total_caption.text() == "카드 결제 금액"
    assert not totals.change.isVisible() and not totals.cashback.isVisible()
    assert "승인" not in shown_text(pos)

    # The next sale's quote brings the Cheongju Pay rows back.
    activate(pos, qtbot)
    QTest.keyClick(pos.window, Qt.Key.Key_Escape)
    assert totals.cashback.isVisible() and not totals.change.isVisible()


def test_a_cheongju_pay_sale_still_awaits_its_approval(pos, qtbot) -> None:
    scan(pos, MILK)
    qtbot.waitUntil(lambda: len(pos.service.sale) == 1)
    scan(pos, mint_demo_code(unix_seconds(NOW)))
    totals = pos.window.screen_checkout.totals
    qtbot.waitUntil(totals.paid_banner.isVisible)
    assert totals.paid_banner.text() == "결제 완료 · 승인 대기"  # offline: approval follows
    assert totals.total_caption.text() == "청주페이 결제 금액"
    assert not totals.change.isVisible()


def test_a_merchant_qr_payment_is_named_so_and_a_voided_cash_sale_shows_no_change(
    pos, qtbot
) -> None:
    scan(pos, MILK)
    qtbot.waitUntil(lambda: len(pos.service.sale) == 1)
    scan(pos, mint_demo_code(unix_seconds(NOW)))
    qtbot.waitUntil(lambda: pos.service.last_payment() is not None)
    paid = pos.service.last_payment()
    totals = pos.window.screen_checkout.totals
    # As the merchant QR records it: approved when recorded, no customer code scanned.
    totals.show_paid(replace(paid, status="approved", approval_no="A0000000042", merchant_qr=True))
    assert totals.paid_banner.text() == "승인 완료 · A0000000042"
    assert totals.total_caption.text() == "청주페이 QR 결제 금액"

    cash = replace(paid, tender="cash", tendered=10_000, change=7_320, discount=0)
    totals.show_paid(cash)
    assert totals.change.isVisible() and totals.change.text() == "거스름돈 7,320원"
    totals.show_paid(replace(cash, voided=True))
    assert totals.paid_banner.text() == "결제 취소됨"
    assert not totals.change.isVisible()  # no change is handed back for a voided sale


def test_a_voided_sale_shows_its_total_struck_and_grey_and_a_void_mark(pos, qtbot, themed) -> None:
    """After F9 the paid view kept the total large and green under "결제 취소됨"."""
    scan(pos, MILK)
    qtbot.waitUntil(lambda: len(pos.service.sale) == 1)
    scan(pos, mint_demo_code(unix_seconds(NOW)))
    qtbot.waitUntil(lambda: pos.service.last_payment() is not None)
    screen = pos.window.screen_checkout
    total = screen.totals.total
    paid = pos.service.last_payment()
    assert total.property("kind") != "bad" and not total.font().strikeOut()
    screen.show_receipt(replace(paid, voided=True))
    assert total.property("kind") == "bad"
    assert total.font().strikeOut()
    assert total.palette().color(total.foregroundRole()).name() == "#888888"
    assert "** 결제 취소됨 **" in screen.receipt.plain_text()
    # The next sale's total is the normal one again.
    scan(pos, MILK)
    qtbot.waitUntil(lambda: not screen.totals.paid_banner.isVisible())
    assert total.property("kind") == "" and not total.font().strikeOut()
