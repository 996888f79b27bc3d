"""The product form's code field at the counter, through the real keyboard wedge.

A person types a code at 80-250 ms a key; the wedge holds each key up to 50 ms in case it
starts a scanner's burst. Keys typed while the window is busy (re-laying out the form for
an error line, say) reach the wedge together and read as a burst, so a person's code can
arrive as a "scan": in the code field that must do what typing does (the field's text,
then its Enter), never add a code behind the field's back or leave the old text in it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from itertools import cycle

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pos_app.ui.app import PosController
from pos_app.ui.catalog.product_dialog import ProductDialog
from tests.ui.counter import open_counter
from tests.ui.wedge_clock import WedgeClock

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
BAD_CHECK_DIGIT = "8801234567891"  # 8801234567893 with a wrong check digit: E683
GOOD = "8801234567893"
#: A person's gaps between keys, seconds: all well over the wedge's 50 ms.
HUMAN_GAPS = (0.08, 0.25, 0.12, 0.2, 0.15)


def clock() -> datetime:
    return NOW


@pytest.fixture
def pos(qtbot, tmp_path) -> Iterator[PosController]:
    with open_counter(qtbot, tmp_path / "pos.sqlite3", clock) as controller:
        yield controller


def wedge_clock(pos: PosController) -> WedgeClock:
    scan_clock = pos.session.scan_clock
    assert isinstance(scan_clock, WedgeClock)
    return scan_clock


def type_like_a_person(pos: PosController, dialog: ProductDialog, text: str) -> None:
    """Each key and the Enter 80-250 ms after the one before, into whatever has focus."""
    gaps = cycle(HUMAN_GAPS)
    for char in text:
        wedge_clock(pos).advance(next(gaps))
        QTest.keyClick(dialog.focusWidget(), char)
    wedge_clock(pos).advance(next(gaps))
    QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)


def type_while_busy(pos: PosController, dialog: ProductDialog, text: str) -> None:
    """Typed at a person's pace while the window could not read the keys: they reach the
    wedge together, the way a scanner's burst does."""
    for char in text:
        QTest.keyClick(dialog.focusWidget(), char)
    QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)


def type_two_then_busy(pos: PosController, dialog: ProductDialog, text: str) -> None:
    """The first two keys read one by one, the rest (and the Enter) while busy."""
    gaps = cycle(HUMAN_GAPS)
    for char in text[:2]:
        wedge_clock(pos).advance(next(gaps))
        QTest.keyClick(dialog.focusWidget(), char)
    wedge_clock(pos).advance(next(gaps))
    type_while_busy(pos, dialog, text[2:])


def press_enter(pos: PosController, dialog: ProductDialog) -> None:
    wedge_clock(pos).advance(0.4)
    QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)


def settle(pos: PosController, qtbot) -> None:
    """Let the wedge's timer and a queued scan run (a person's next key is far later)."""
    wedge_clock(pos).advance(1.0)
    pos.scanner.flush()
    qtbot.wait(20)


def run_in_new_product_form(pos: PosController, qtbot, steps: Callable[[ProductDialog], None]):
    """Open 새 상품 from the products screen and run ``steps`` in it; the form's outcome."""
    QTest.keyClick(pos.window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    outcome: dict[str, object] = {}

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, ProductDialog) and dialog.isActiveWindow():
            timer.stop()
            try:
                dialog.name.setText("Garaetteok")
                dialog.price.setValue(3_000)
                dialog.new_code.setFocus()
                qtbot.waitUntil(dialog.new_code.hasFocus)
                steps(dialog)
            except BaseException as error:  # reported by the test, after the form is gone
                outcome["error"] = error
            finally:
                outcome["codes"] = dialog.current_codes()
                outcome["field"] = dialog.new_code.text()
                dialog.save()
                if dialog.isVisible():
                    dialog.reject()

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(check)
    timer.start()
    pos.shop_pages.catalog_screen.add_product()
    timer.stop()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome


def reject_twice(pos: PosController, qtbot, dialog: ProductDialog) -> None:
    """A bad code and Enter, then Enter again on it: the error stays, the code stays
    selected to be typed over, and the focus stays in the field."""
    type_like_a_person(pos, dialog, BAD_CHECK_DIGIT)
    settle(pos, qtbot)
    for _ in range(2):
        assert dialog.error.text().startswith("[E683]")
        assert dialog.new_code.text() == BAD_CHECK_DIGIT
        assert dialog.new_code.selectedText() == BAD_CHECK_DIGIT
        assert dialog.new_code.hasFocus()
        assert dialog.isVisible() and dialog.saved is None
        press_enter(pos, dialog)
        settle(pos, qtbot)
    assert dialog.new_code.hasFocus() and dialog.new_code.selectedText() == BAD_CHECK_DIGIT


@pytest.mark.parametrize("typing", [type_like_a_person, type_while_busy, type_two_then_busy])
def test_a_code_typed_over_a_rejected_one_is_added_whole(pos, qtbot, typing) -> None:
    def steps(dialog: ProductDialog) -> None:
        reject_twice(pos, qtbot, dialog)
        typing(pos, dialog, "TTEOK03")
        settle(pos, qtbot)
        assert dialog.current_codes() == ("TTEOK03",)
        assert dialog.new_code.text() == "" and dialog.new_code.hasFocus()
        assert "TTEOK03" in dialog.error.text() and "E683" not in dialog.error.text()

    outcome = run_in_new_product_form(pos, qtbot, steps)
    saved = pos.shop_pages.shop.catalog.product_for_code("TTEOK03")
    assert saved is not None and saved.codes == ("TTEOK03",)
    assert pos.shop_pages.shop.catalog.product_for_code("EOK03") is None
    assert outcome["codes"] == ("TTEOK03",)


def test_keys_typed_over_a_rejected_code_all_land_in_the_field(pos, qtbot) -> None:
    def steps(dialog: ProductDialog) -> None:
        reject_twice(pos, qtbot, dialog)
        gaps = cycle(HUMAN_GAPS)
        for char in "TTEOK03":  # no Enter yet
            wedge_clock(pos).advance(next(gaps))
            QTest.keyClick(dialog.focusWidget(), char)
        settle(pos, qtbot)
        assert dialog.new_code.text() == "TTEOK03" and dialog.new_code.hasFocus()
        assert dialog.current_codes() == ()

    outcome = run_in_new_product_form(pos, qtbot, steps)
    assert outcome["field"] == "TTEOK03"


@pytest.mark.parametrize("typing", [type_like_a_person, type_while_busy])
def test_a_good_code_after_a_rejected_one_clears_the_field(pos, qtbot, typing) -> None:
    def steps(dialog: ProductDialog) -> None:
        reject_twice(pos, qtbot, dialog)
        typing(pos, dialog, GOOD)
        settle(pos, qtbot)
        assert dialog.current_codes() == (GOOD,)  # once
        assert dialog.new_code.text() == ""  # not the rejected code back
        assert dialog.new_code.hasFocus()
        qtbot.wait(50)
        assert dialog.new_code.text() == ""

    outcome = run_in_new_product_form(pos, qtbot, steps)
    assert outcome["codes"] == (GOOD,) and outcome["field"] == ""
    saved = pos.shop_pages.shop.catalog.product_for_code(GOOD)
    assert saved is not None and saved.codes == (GOOD,)


def test_a_scan_into_the_field_over_a_rejected_code_is_the_same_as_typing(pos, qtbot) -> None:
    def steps(dialog: ProductDialog) -> None:
        reject_twice(pos, qtbot, dialog)
        type_while_busy(pos, dialog, BAD_CHECK_DIGIT)  # the scanner reads the bad one again
        settle(pos, qtbot)
        assert dialog.error.text().startswith("[E683]")
        assert dialog.new_code.selectedText() == BAD_CHECK_DIGIT
        assert dialog.new_code.hasFocus() and dialog.current_codes() == ()
        type_while_busy(pos, dialog, GOOD)
        settle(pos, qtbot)
        assert dialog.current_codes() == (GOOD,) and dialog.new_code.text() == ""
        assert dialog.new_code.hasFocus()

    outcome = run_in_new_product_form(pos, qtbot, steps)
    assert outcome["codes"] == (GOOD,)


def test_a_rejected_burst_into_an_empty_field_stays_there_to_correct(pos, qtbot) -> None:
    def steps(dialog: ProductDialog) -> None:
        reject_twice(pos, qtbot, dialog)
        wedge_clock(pos).advance(0.3)
        QTest.keyClick(dialog.new_code, Qt.Key.Key_Backspace)  # the rejected code away
        assert dialog.new_code.text() == ""
        type_while_busy(pos, dialog, BAD_CHECK_DIGIT)
        settle(pos, qtbot)
        assert dialog.error.text().startswith("[E683]")
        assert dialog.new_code.selectedText() == BAD_CHECK_DIGIT  # there to correct
        press_enter(pos, dialog)  # Enter on it again: the focus never moves on
        settle(pos, qtbot)
        assert dialog.new_code.hasFocus() and dialog.new_code.selectedText() == BAD_CHECK_DIGIT
        type_like_a_person(pos, dialog, GOOD)
        settle(pos, qtbot)
        assert dialog.current_codes() == (GOOD,) and dialog.new_code.text() == ""
        assert dialog.new_code.hasFocus()

    outcome = run_in_new_product_form(pos, qtbot, steps)
    assert outcome["codes"] == (GOOD,)


def test_a_scan_with_the_focus_elsewhere_still_becomes_a_code(pos, qtbot) -> None:
    def steps(dialog: ProductDialog) -> None:
        dialog.category.setFocus()
        qtbot.waitUntil(dialog.category.hasFocus)
        type_while_busy(pos, dialog, GOOD)
        settle(pos, qtbot)
        assert dialog.current_codes() == (GOOD,)
        assert dialog.category.text() == "" and dialog.category.hasFocus()

    outcome = run_in_new_product_form(pos, qtbot, steps)
    assert outcome["codes"] == (GOOD,)
