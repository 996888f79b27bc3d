"""The product form's code field: Enter is about the code, never the whole form.

The line edit used to pass Enter on to the dialog's default button: the form was saved
(without the bad code) and closed, taking the code's error with it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from pos_app.services.shop import make_shop_services
from pos_app.ui.catalog.product_dialog import ProductDialog


def clock() -> datetime:
    return datetime(2026, 11, 25, 3, 0, tzinfo=UTC)


def test_enter_in_the_code_field_checks_the_code_and_never_saves_the_form(qtbot, demo_db) -> None:
    catalog = make_shop_services(demo_db, clock).catalog
    before = len(catalog.all_products())
    dialog = ProductDialog(catalog, "ko")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.name.setText("호두과자")
    dialog.price.setValue(5_000)
    dialog.new_code.setFocus()
    qtbot.waitUntil(dialog.new_code.hasFocus)

    QTest.keyClicks(dialog.new_code, "12 34")  # no scanner reads a code like this
    QTest.keyClick(dialog.new_code, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.saved is None  # the form stays open, unsaved
    assert dialog.error.text().startswith("[E683]") and "12 34" in dialog.error.text()
    assert dialog.new_code.text() == "12 34" and dialog.new_code.hasFocus()  # to correct
    assert len(catalog.all_products()) == before

    dialog.new_code.clear()
    QTest.keyClicks(dialog.new_code, "8809000000018")
    QTest.keyClick(dialog.new_code, Qt.Key.Key_Enter)  # the keypad's Enter too
    assert dialog.isVisible() and dialog.saved is None
    assert dialog.current_codes() == ("8809000000018",)
    assert dialog.new_code.text() == ""  # ready for the next code

    QTest.keyClick(dialog.new_code, Qt.Key.Key_Return)  # nothing typed: on to the next field
    assert dialog.isVisible() and dialog.saved is None
    assert not dialog.new_code.hasFocus()
