"""The counter with real widgets: a scale label's line shows its weight and price per kg;
a 시가 product opens today's-price dialog (Enter adds at the typed price, remembered as the
next default; Esc adds nothing); a bad label is refused with its code, nothing sold."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pos_app.domain.scale_label import make_scale_label
from pos_app.services.checkout import open_checkout
from pos_app.services.demo import DEMO_SCALE, seed_demo
from pos_app.store.database import connect
from pos_app.ui.app import PosController
from pos_app.ui.session import Session
from pos_app.ui.training import Training
from pos_app.ui.translations import LanguageSwitcher
from tests.ui.wedge_clock import WedgeClock

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # 12:00 KST
CRAB = "8808123000400"  # 꽃게 (시가), list price 20,000원
PORK_0532 = make_scale_label(DEMO_SCALE, "00101", 532)  # 삼겹살 0.532 kg at 18,900원/kg


def clock() -> datetime:
    return NOW


@pytest.fixture
def controller(qtbot, tmp_path):
    conn = connect(tmp_path / "pos.sqlite3")
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


def scan(target, text: str) -> None:
    QTest.keyClicks(target, text)
    QTest.keyClick(target, Qt.Key.Key_Return)


def test_a_scale_label_line_shows_weight_and_price_per_kg(controller, qtbot) -> None:
    screen = controller.window.screen_checkout
    scan(controller.scan_target(), PORK_0532)
    qtbot.waitUntil(lambda: len(controller.service.sale) == 1)
    model = screen.cart_model
    name = model.index(0, model.NAME).data()
    assert "삼겹살" in name and "0.532 kg × 18,900원/kg" in name
    assert model.index(0, model.AMOUNT).data() == "10,054원"
    scan(controller.scan_target(), PORK_0532)
    qtbot.waitUntil(lambda: len(controller.service.sale) == 2)  # never merged
    bad = PORK_0532[:12] + str((int(PORK_0532[12]) + 1) % 10)
    scan(controller.scan_target(), bad)
    qtbot.waitUntil(lambda: "E651" in screen.message.text())
    assert len(controller.service.sale) == 2


def test_a_market_price_item_asks_todays_price_and_remembers_it(controller, qtbot) -> None:
    screen = controller.window.screen_checkout
    scan(controller.scan_target(), CRAB)
    qtbot.waitUntil(lambda: screen.market_price_dialog is not None)
    dialog = screen.market_price_dialog
    qtbot.waitExposed(dialog)
    assert dialog.price.text() == "20,000" and controller.service.sale.is_empty()
    dialog.price.setText("23,000")
    QTest.keyClick(dialog.price, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(controller.service.sale) == 1)
    assert controller.service.sale.lines[0].unit_price == 23_000
    assert screen.market_price_dialog is None

    # The next crab offers today's price; Esc cancels the line.
    scan(controller.scan_target(), CRAB)
    qtbot.waitUntil(lambda: screen.market_price_dialog is not None)
    dialog = screen.market_price_dialog
    qtbot.waitExposed(dialog)
    assert dialog.price.text() == "23,000"
    QTest.keyClick(dialog.price, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: screen.market_price_dialog is None)
    assert len(controller.service.sale) == 1


def test_a_bad_market_price_stays_in_the_dialog_with_its_code(controller, qtbot) -> None:
    screen = controller.window.screen_checkout
    scan(controller.scan_target(), CRAB)
    qtbot.waitUntil(lambda: screen.market_price_dialog is not None)
    dialog = screen.market_price_dialog
    qtbot.waitExposed(dialog)
    dialog.price.setText("0")
    QTest.keyClick(dialog.price, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "E658" in dialog.error.text())
    assert dialog.isVisible() and controller.service.sale.is_empty()
    dialog.reject()


def test_the_scale_layout_is_set_by_keyboard_and_an_impossible_one_refused(qtbot) -> None:
    from pos_app.domain.scale_label import LabelValue, ScaleFormat
    from pos_app.ui.dialogs.scale_settings_dialog import ScaleSettingsDialog

    saved: list[ScaleFormat | None] = []
    dialog = ScaleSettingsDialog(None, saved.append, "ko")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.pattern.text() == "끔" or dialog.pattern.text() == "Off"
    QTest.keyClick(dialog.enabled, Qt.Key.Key_Space)
    dialog.prefix.setText("28")
    dialog.item_digits.setValue(4)
    dialog.value.setCurrentIndex(dialog.value.findData(LabelValue.WEIGHT.value))
    dialog.value_check.setChecked(True)
    assert dialog.pattern.text() == "28IIIIVWWWWWC"
    dialog.item_digits.setValue(6)  # 28 + 6 + V leaves 3 digits: impossible
    assert "E656" in dialog.error.text()
    QTest.keyClick(dialog, Qt.Key.Key_Return)
    assert saved == [] and dialog.isVisible()
    dialog.item_digits.setValue(4)
    QTest.keyClick(dialog, Qt.Key.Key_Return)
    assert saved == [
        ScaleFormat(prefix="28", item_digits=4, value=LabelValue.WEIGHT, value_check=True)
    ]


def test_the_product_form_sets_sold_by_weight_and_market_price_by_keyboard(qtbot, demo_db) -> None:
    from pos_app.services.shop import make_shop_services
    from pos_app.ui.catalog.product_dialog import ProductDialog

    catalog = make_shop_services(demo_db, clock).catalog
    dialog = ProductDialog(catalog, "ko")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.name.setText("한우 등심")
    dialog.price.setValue(90_000)
    assert not dialog.price_per_kg.isEnabled()
    dialog.sold_by_weight.setFocus()
    qtbot.waitUntil(dialog.sold_by_weight.hasFocus)
    QTest.keyClick(dialog.sold_by_weight, Qt.Key.Key_Space)
    assert dialog.price_per_kg.isEnabled()
    dialog.save()  # sold by weight without a price per kg: refused, the form stays
    assert "E659" in dialog.error.text() and dialog.saved is None
    dialog.price_per_kg.setValue(90_000)
    QTest.keyClick(dialog.market_price, Qt.Key.Key_Space)
    dialog.save()
    saved = dialog.saved
    assert saved is not None
    assert (saved.sold_by_weight, saved.price_per_kg, saved.market_price) == (True, 90_000, True)
