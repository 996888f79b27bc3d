"""A typed amount (F2) is 과세 or 면세: the shop's default, switched for one line by F2 again;
the default is a setting (F12). All by keyboard, at the real counter."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pos_app.domain.tax import TaxCategory, VatSplit
from pos_app.domain.tenders import Tender
from pos_app.services import preferences
from pos_app.ui.app import PosController
from tests.ui.counter import open_counter
from tests.ui.wedge_clock import type_keys

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)


def clock() -> datetime:
    return NOW


@pytest.fixture
def pos(qtbot, tmp_path) -> Iterator[PosController]:
    with open_counter(qtbot, tmp_path / "pos.sqlite3", clock) as controller:
        yield controller


def type_amount(pos: PosController, qtbot, won: int, *, switch: bool = False) -> None:
    screen = pos.window.screen_checkout
    lines = len(pos.service.sale)
    QTest.keyClick(pos.window, Qt.Key.Key_F2)
    assert screen.amount_input.hasFocus()
    type_keys(pos, screen.amount_input, str(won))
    if switch:
        QTest.keyClick(pos.window, Qt.Key.Key_F2)  # F2 again: the other category
    QTest.keyClick(screen.amount_input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(pos.service.sale) == lines + 1)


def test_f2_again_makes_the_typed_amount_tax_exempt_for_that_line(pos, qtbot) -> None:
    screen = pos.window.screen_checkout
    assert screen.amount_tax.currentText() == "과세"  # the shop's default: 과세
    type_amount(pos, qtbot, 4_000, switch=True)
    type_amount(pos, qtbot, 11_000)  # back to the default for the next line
    assert [line.tax for line in pos.service.sale.lines] == [
        TaxCategory.EXEMPT,
        TaxCategory.TAXABLE,
    ]
    body = pos.service.sale.counter_payment_body(
        pos.service.sale.quote(Tender.CASH),
        receipt_no="x",
        business_date="2026-11-25",
        code=None,
        scanned_at=0,
        offline=True,
    )
    assert [line["tax"] for line in body["lines"]] == ["exempt", "taxable"]
    assert body["tax_split"] == VatSplit(11_000, 1_000, 4_000).as_body()


def test_the_default_for_typed_amounts_is_a_setting(pos, qtbot) -> None:
    def choose_exempt() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog.findChild(type(dialog.open_amount_tax), "openAmountTax") is not None
        dialog.open_amount_tax.setFocus()
        QTest.keyClick(dialog.open_amount_tax, Qt.Key.Key_Down)  # by keyboard
        dialog.accept()

    QTimer.singleShot(0, choose_exempt)
    QTest.keyClick(pos.window, Qt.Key.Key_F12)  # returns once the dialog closed
    assert preferences.open_amount_tax(pos._conn) is TaxCategory.EXEMPT
    assert pos.window.screen_checkout.amount_tax.currentText() == "면세"
    pos.window.activateWindow()  # the counter again, as after any closed dialog
    qtbot.waitUntil(pos.window.isActiveWindow)
    type_amount(pos, qtbot, 3_000)
    type_amount(pos, qtbot, 2_000, switch=True)
    assert [line.tax for line in pos.service.sale.lines] == [
        TaxCategory.EXEMPT,
        TaxCategory.TAXABLE,
    ]


def test_a_typed_amount_keeps_its_korean_name_in_an_english_session(qtbot, tmp_path) -> None:
    from pos_app.domain.cart import OPEN_AMOUNT_NAME

    with open_counter(qtbot, tmp_path / "pos.sqlite3", clock) as english:
        english.languages.apply("en")  # the cashier switched the screens to English
        try:
            type_amount(english, qtbot, 4_000)
            # The receipt and the sales figures name it as a Korean session does.
            assert [line.name for line in english.service.sale.lines] == [OPEN_AMOUNT_NAME]
        finally:
            english.languages.apply("ko")
