"""The catalogue at the counter, with real widgets: find, add by scanning, favourites, CSV."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pos_app.domain.clock import unix_seconds
from pos_app.services.demo import mint_demo_code
from pos_app.ui.app import PosController
from pos_app.ui.catalog.import_dialog import CsvImportDialog
from pos_app.ui.catalog.product_dialog import ProductDialog
from tests.ui.counter import open_counter

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
NEW_CODE = "8801234567893"
MILK = "8808123000134"


def clock() -> datetime:
    return NOW


@pytest.fixture
def pos(qtbot, tmp_path) -> Iterator[PosController]:
    with open_counter(qtbot, tmp_path / "pos.sqlite3", clock) as controller:
        yield controller


def when_dialog_opens(kind: type, action) -> QTimer:
    """Run ``action(dialog)`` as soon as a modal ``kind`` is open and has the keyboard (it
    blocks the test). Active, not only modal: a shortcut such as Ctrl+M fires only in the
    active window, and Qt may activate a dialog a few events after it became modal."""
    timer = QTimer()
    timer.setInterval(10)

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isActiveWindow():
            timer.stop()
            action(dialog)

    timer.timeout.connect(check)
    timer.start()
    return timer


def scan(pos: PosController, text: str) -> None:
    target = QApplication.focusWidget() or pos.window
    QTest.keyClicks(target, text)
    QTest.keyClick(target, Qt.Key.Key_Return)


def test_search_as_you_type_finds_korean_substrings(pos, qtbot) -> None:
    QTest.keyClick(pos.window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    screen = pos.shop_pages.catalog_screen
    assert pos.window.current_page() is screen and screen.search.hasFocus()
    screen.search.setText("사과")
    names = [p.name for p in screen.model.products]
    assert names and all("사과" in n for n in names) and "부사 사과 5kg" in names


def test_a_new_barcode_scanned_on_the_products_screen_becomes_a_product(pos, qtbot) -> None:
    QTest.keyClick(pos.window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)

    seen: dict[str, object] = {}

    def fill_form(dialog: ProductDialog) -> None:
        seen["codes"] = dialog.current_codes()  # the scan opened the form with its code
        scan(pos, "8808123000011")  # another scan while the form is open: a taken code
        try:
            qtbot.waitUntil(lambda: "청원생명쌀" in dialog.error.text())
            seen["error"] = dialog.error.text()
        finally:  # whatever happened, let the test go on
            dialog.name.setText("햇 감자 1kg")
            dialog.price.setValue(4_500)
            dialog.save()

    watcher = when_dialog_opens(ProductDialog, fill_form)
    scan(pos, NEW_CODE)
    qtbot.waitUntil(lambda: pos.shop_pages.shop.catalog.product_for_code(NEW_CODE) is not None)
    watcher.stop()
    assert seen["codes"] == (NEW_CODE,)
    assert "청원생명쌀" in str(seen["error"])
    assert pos.shop_pages.catalog_screen.selected().name == "햇 감자 1kg"

    pos.window.activateWindow()  # what the window manager does when a dialog closes
    qtbot.waitUntil(pos.window.isActiveWindow)
    QTest.keyClick(pos.window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert pos.window.current_page() is pos.window.pages[0]
    scan(pos, NEW_CODE)
    qtbot.waitUntil(lambda: len(pos.service.sale) == 1)
    assert pos.service.sale.lines[0].unit_price == 4_500


def test_a_payment_scanned_elsewhere_goes_to_the_checkout(pos, qtbot, tmp_path) -> None:
    scan(pos, MILK)
    qtbot.waitUntil(lambda: len(pos.service.sale) == 1)
    QTest.keyClick(pos.window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(pos.window, Qt.Key.Key_F8)  # the counter's keys do nothing here
    assert len(pos.service.sale) == 1
    scan(pos, mint_demo_code(unix_seconds(NOW)))
    paid_banner = pos.window.screen_checkout.totals.paid_banner
    qtbot.waitUntil(
        lambda: pos.window.current_page() is pos.window.pages[0] and paid_banner.isVisible()
    )
    assert pos.window.current_page() is pos.window.pages[0]


def test_favourite_and_deactivate_from_the_keyboard(pos, qtbot) -> None:
    QTest.keyClick(pos.window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    screen = pos.shop_pages.catalog_screen
    screen.search.setText("부사 사과")
    QTest.keyClick(screen.search, Qt.Key.Key_Return)  # to the list
    assert screen.table.hasFocus() and screen.selected().name == "부사 사과 5kg"
    QTest.keyClick(screen.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    grid = pos.window.screen_checkout.favourites
    assert [b.text().split("\n")[0] for b in grid.buttons] == ["부사 사과 5kg"]

    QTest.keyClick(screen.table, Qt.Key.Key_Delete)
    apple = pos.shop_pages.shop.catalog.product_for_code("8808123000028")
    assert not apple.active and screen.show_inactive.isChecked()
    assert "판매 중지" in screen.message.text() or "Not on sale" in screen.message.text()
    assert grid.buttons == []  # not on sale: no one-tap button

    QTest.keyClick(screen.table, Qt.Key.Key_Delete)  # back on sale
    assert pos.shop_pages.shop.catalog.product_for_code("8808123000028").active
    QTest.keyClick(pos.window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    grid.buttons[0].click()
    assert pos.service.sale.lines[0].name == "부사 사과 5kg"


def test_csv_import_previews_errors_and_imports_the_good_rows(pos, qtbot, tmp_path) -> None:
    path = tmp_path / "상품.csv"
    path.write_bytes(
        (
            "상품명,바코드,가격,분류\r\n"
            '시장 떡 1kg,8801234567893,"8,000",떡\r\n'
            ",,1000,\r\n"  # no name
            "참기름 350ml,,12000원,양념\r\n"
            "들기름 350ml,,열두원,양념\r\n"  # not a price
        ).encode("cp949")
    )
    dialog = CsvImportDialog(pos.shop_pages.shop.catalog, "ko", pos.window, path=path)
    assert dialog.good.rowCount() == 2 and dialog.bad.rowCount() == 2
    problems = {
        (dialog.bad.item(r, 0).text(), dialog.bad.item(r, 1).text()[0])
        for r in range(dialog.bad.rowCount())
    }
    assert problems == {("3", "A"), ("5", "C")}  # Excel's row numbers, column letters
    assert dialog.import_button.isEnabled()
    dialog.import_rows()
    assert dialog.imported is not None and dialog.imported.added == 2
    assert pos.shop_pages.shop.catalog.product_for_code("8801234567893").price == 8_000
    assert "참기름 350ml" in [p.name for p in pos.shop_pages.shop.catalog.search("참기름")]
    dialog.close()


def test_the_product_form_keeps_a_photo_and_a_low_stock_mark(pos, qtbot) -> None:
    from pos_app.domain.stock import StockState
    from pos_app.store.journal import iter_events
    from tests.pictures import picture

    shop = pos.shop_pages.shop
    apple = shop.catalog.product_for_code("8808123000028")
    shop.stock.receive(apple.product_id, 8)
    QTest.keyClick(pos.window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    screen = pos.shop_pages.catalog_screen
    screen.search.setText("부사 사과")
    QTest.keyClick(screen.search, Qt.Key.Key_Return)
    seen: dict[str, object] = {}

    def fill(dialog: ProductDialog) -> None:
        dialog.add_photo_bytes(b"not a picture")  # refused, with its code (off the UI thread)
        qtbot.waitUntil(lambda: dialog.error.text().startswith("[E731]"))
        seen["error"] = dialog.error.text()
        dialog.add_photo_bytes(picture(2000, 1500))
        qtbot.waitUntil(lambda: dialog.photo is not None)
        dialog.low_stock_at.setValue(10)
        dialog.save()

    watcher = when_dialog_opens(ProductDialog, fill)
    QTest.keyClick(screen.table, Qt.Key.Key_Return)  # edit
    watcher.stop()
    assert str(seen["error"]).startswith("[E731]")
    extras = shop.catalog.extras(apple.product_id)
    assert extras["low_stock_at"] == 10 and isinstance(extras["photo"], str)
    last = [e for e in iter_events(pos._conn) if e.type == "product_upsert"][-1]
    assert last.body["photo"] == extras["photo"]  # what the sync uploads before the event
    assert shop.listings.photo_bytes(extras["photo"])[:2] == b"\xff\xd8"  # a JPEG now
    assert shop.stock.level(apple.product_id).state is StockState.LOW  # 8 <= 10
    assert "재고 부족" in screen.warnings.text()
