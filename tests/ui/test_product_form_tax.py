"""The product form's 과세구분: reached and changed with the keyboard, saved with the product."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFormLayout

from pos_app.domain.tax import TaxCategory
from pos_app.services.shop import make_shop_services
from pos_app.ui.catalog.product_dialog import ProductDialog
from pos_app.ui.translations import LanguageSwitcher


@pytest.fixture
def korean() -> Iterator[None]:
    switcher = LanguageSwitcher(QApplication.instance())
    assert switcher.apply("ko")
    yield
    switcher.apply("en")


def clock() -> datetime:
    return datetime(2026, 11, 25, 3, 0, tzinfo=UTC)


def label_of(dialog: ProductDialog, widget: object) -> str:
    form = dialog.findChild(QFormLayout)
    assert form is not None
    label = form.labelForField(widget)
    return label.text() if label is not None else ""


def test_a_product_is_made_tax_exempt_with_the_keyboard(qtbot, demo_db, korean) -> None:
    catalog = make_shop_services(demo_db, clock).catalog
    dialog = ProductDialog(catalog, "ko")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert label_of(dialog, dialog.tax_category) == "과세구분"
    assert [dialog.tax_category.itemText(i) for i in range(2)] == ["과세", "면세"]
    assert dialog.tax_category.currentData() == "taxable"  # a new product: 과세

    dialog.name.setText("배추")
    dialog.name.setFocus()
    qtbot.waitUntil(dialog.name.hasFocus)
    dialog.price.setValue(4_000)
    # Tab from the name reaches the category choice (never the mouse only).
    for _ in range(10):
        if dialog.tax_category.hasFocus():
            break
        QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.tax_category.hasFocus()
    QTest.keyClick(dialog.tax_category, Qt.Key.Key_Down)
    assert dialog.tax_category.currentText() == "면세"
    dialog.save()

    assert dialog.saved is not None and dialog.saved.tax_category is TaxCategory.EXEMPT
    # Opened again, the form shows what was saved.
    again = ProductDialog(catalog, "ko", dialog.saved)
    qtbot.addWidget(again)
    assert again.tax_category.currentData() == "exempt"


def test_the_choice_reads_in_english(qtbot, demo_db) -> None:
    catalog = make_shop_services(demo_db, clock).catalog
    dialog = ProductDialog(catalog, "en")
    qtbot.addWidget(dialog)
    assert label_of(dialog, dialog.tax_category) == "Tax category"
    assert [dialog.tax_category.itemText(i) for i in range(2)] == ["Taxable", "Tax-exempt"]
