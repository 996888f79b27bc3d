"""Manual price changes and discounts at the real counter, all by keyboard: Ctrl+D on the
selected line, Ctrl+K on the whole sale, a manager's PIN when the shop's threshold asks;
the owner's threshold in F12."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pos_app.domain.manual_discounts import ApprovalThreshold
from pos_app.services import preferences
from pos_app.services.demo import DEMO_CASHIER_PIN, DEMO_MANAGER_PIN
from pos_app.ui.app import PosController
from pos_app.ui.checkout.discount_dialog import DiscountDialog
from tests.ui.counter import open_counter
from tests.ui.wedge_clock import type_keys

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
MILK = "8808123000134"  # 우유 1L, 2,980


def clock() -> datetime:
    return NOW


@pytest.fixture
def pos(qtbot, tmp_path) -> Iterator[PosController]:
    with open_counter(
        qtbot, tmp_path / "pos.sqlite3", clock, signed_in_pin=DEMO_CASHIER_PIN
    ) as controller:
        yield controller


FAILED: list[BaseException] = []


def _in_dialog(qtbot, steps) -> None:
    """Run ``steps(dialog)`` once the discount dialog is up (it is modal: exec blocks); a
    failed step closes it and fails the test, rather than leaving it open."""

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, DiscountDialog) or not dialog.isActiveWindow():
            QTimer.singleShot(10, run)
            return
        try:
            steps(dialog)
        except BaseException as exc:  # reported by the test, after the dialog closed
            FAILED.append(exc)
            dialog.reject()

    FAILED.clear()
    QTimer.singleShot(0, run)


def _no_failed_step() -> None:
    if FAILED:
        raise FAILED[0]


def test_ctrl_d_gives_the_selected_line_a_discount_without_approval(pos, qtbot) -> None:
    pos.window.on_scanned(MILK)
    screen = pos.window.screen_checkout
    seen: list[bool] = []

    def steps(dialog: DiscountDialog) -> None:
        assert dialog.value.hasFocus()
        QTest.keyClick(dialog.kind, Qt.Key.Key_Down)  # new price -> won off
        type_keys(pos, dialog.value, "200")
        seen.append(dialog.pin.isEnabled())
        QTest.keyClick(dialog.value, Qt.Key.Key_Return)

    _in_dialog(qtbot, steps)
    QTest.keyClick(pos.window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    _no_failed_step()
    assert seen == [False]  # 200 of 2,980 is under 10 %
    qtbot.waitUntil(lambda: pos.service.sale.lines[0].line_discount == 200)
    assert "할인" in screen.cart_model.index(0, 0).data()
    assert screen.discount_button.text() == "할인 Ctrl+D"  # short: the row fits 1024 pixels
    assert "Ctrl+K" in screen.discount_button.toolTip()


def test_a_price_change_asks_for_the_managers_pin(pos, qtbot) -> None:
    pos.window.on_scanned(MILK)
    errors: list[str] = []

    def steps(dialog: DiscountDialog) -> None:
        type_keys(pos, dialog.value, "2500")  # new price (the first choice)
        QTest.keyClick(dialog.value, Qt.Key.Key_Return)
        assert dialog.pin.isEnabled() and dialog.pin.hasFocus()
        type_keys(pos, dialog.pin, DEMO_CASHIER_PIN)  # a cashier's own PIN: refused
        QTest.keyClick(dialog.pin, Qt.Key.Key_Return)
        errors.append(dialog.error.text())
        type_keys(pos, dialog.pin, DEMO_MANAGER_PIN)
        QTest.keyClick(dialog.pin, Qt.Key.Key_Return)

    _in_dialog(qtbot, steps)
    QTest.keyClick(pos.window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    _no_failed_step()
    qtbot.waitUntil(lambda: pos.service.sale.lines[0].unit_price == 2_500)
    assert errors and errors[0].startswith("[E804]")
    assert pos.service.sale.lines[0].list_price == 2_980
    assert pos.service.sale.line_change(0).approved_by is not None


def test_ctrl_k_discounts_the_whole_sale(pos, qtbot) -> None:
    pos.window.on_scanned(MILK)
    pos.window.on_scanned("8808123000103")

    def steps(dialog: DiscountDialog) -> None:
        QTest.keyClick(dialog.kind, Qt.Key.Key_Down)  # won off -> % off
        type_keys(pos, dialog.value, "5")
        QTest.keyClick(dialog.value, Qt.Key.Key_Return)

    before = sum(line.amount for line in pos.service.sale.lines)
    _in_dialog(qtbot, steps)
    QTest.keyClick(pos.window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    _no_failed_step()
    qtbot.waitUntil(lambda: pos.service.sale.sale_discount() is not None)
    after = sum(line.amount for line in pos.service.sale.lines)
    assert before - after == before * 5 // 100


def test_the_owner_sets_the_threshold_in_f12(tmp_path, qtbot) -> None:
    with open_counter(
        qtbot, tmp_path / "pos.sqlite3", clock, signed_in_pin=DEMO_MANAGER_PIN
    ) as pos:

        def loosen() -> None:
            dialog = QApplication.activeModalWidget()
            assert dialog.price_change_approval.isEnabled()
            dialog.price_change_approval.setChecked(False)
            dialog.discount_limit.setValue(20)
            dialog.accept()

        QTimer.singleShot(0, loosen)
        QTest.keyClick(pos.window, Qt.Key.Key_F12)
        assert preferences.discount_threshold(pos._conn) == ApprovalThreshold(False, 20)


def test_a_cashier_cannot_change_the_threshold(pos, qtbot) -> None:
    def try_it() -> None:
        dialog = QApplication.activeModalWidget()
        assert not dialog.discount_limit.isEnabled()
        dialog.discount_limit.setValue(90)
        dialog.accept()

    QTimer.singleShot(0, try_it)
    QTest.keyClick(pos.window, Qt.Key.Key_F12)
    assert preferences.discount_threshold(pos._conn) == ApprovalThreshold()


@pytest.mark.parametrize("line", [0, None])
def test_the_dialog_fits_and_speaks_korean(pos, qtbot, line) -> None:
    from tests.acceptance.fit import cut_texts, english_in_korean_ui

    pos.window.on_scanned(MILK)
    dialog = DiscountDialog(pos.service.sale, line, "ko", pos.window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isVisible)
    type_keys(pos, dialog.value, "1000")  # over the limit: the PIN row and the hint show
    qtbot.waitUntil(dialog.pin.isEnabled)
    qtbot.waitUntil(lambda: not cut_texts(dialog))  # once the layout took the hint in
    assert dialog.width() <= 1024 and dialog.height() <= 768 - 79
    assert not english_in_korean_ui(dialog, typed=["우유 1L"])
    dialog.reject()
