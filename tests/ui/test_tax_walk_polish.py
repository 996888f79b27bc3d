"""Small things a cashier met on the tax and product-list screens: the catalogue buttons
say what they do and Ctrl+E works from the search box, the import dialog starts clean for
each file, the refund says it cancelled the cash receipt, F12's "no camera" note sits
under the camera row."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFormLayout, QPushButton

from pos_app.services import preferences
from pos_app.services.refunds import RefundService
from pos_app.ui.app import PosController
from pos_app.ui.catalog.import_dialog import CsvImportDialog
from pos_app.ui.dialogs.camera_settings_dialog import CameraSettingsDialog
from pos_app.ui.refunds.refund_dialog import RefundDialog
from tests.ui.counter import open_counter

NOW = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)


def clock() -> datetime:
    return NOW


@pytest.fixture
def pos(qtbot, tmp_path) -> Iterator[PosController]:
    with open_counter(qtbot, tmp_path / "pos.sqlite3", clock) as controller:
        yield controller


def test_catalogue_buttons_name_the_product_list_and_ctrl_e_works_in_search(pos, qtbot) -> None:
    QTest.keyClick(pos.window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    screen = pos.shop_pages.catalog_screen
    labels = [button.text() for button in screen.findChildren(QPushButton)]
    assert "가져오기 (엑셀·CSV) (Ctrl+I)" in labels
    assert "내보내기 (Ctrl+E)" in labels
    assert not any("CSV 내보내기" in label for label in labels)
    asked: list[str] = []
    screen.export_requested.disconnect()  # not the real save dialog (modal) in a test
    screen.export_requested.connect(lambda: asked.append("export"))
    screen.search.setFocus()
    qtbot.waitUntil(screen.search.hasFocus)
    QTest.keyClick(screen.search, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["export"]


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["품명", "판매단가"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_the_import_dialog_starts_clean_for_each_file(pos, qtbot, tmp_path) -> None:
    bad = _workbook(tmp_path / "bad.xlsx", [["배추", "한 포기"]])
    dialog = CsvImportDialog(pos.shop_pages.shop.catalog, "ko", pos.window, path=bad)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.mapping.isVisible() and not dialog.busy)
    dialog.confirm_mapping()
    qtbot.waitUntil(lambda: dialog.parsed is not None and dialog.tabs.isVisible())
    assert dialog.tabs.currentWidget() is dialog.bad  # nothing to import: the problems
    assert dialog.import_button.text() == "0행 가져오기"
    good = _workbook(tmp_path / "good.xlsx", [["배추", 4500]])
    dialog.load(good)
    qtbot.waitUntil(lambda: dialog.mapping.isVisible() and not dialog.busy)
    assert dialog.import_button.text() == "가져오기" and not dialog.import_button.isEnabled()
    assert dialog.good.rowCount() == 0 and dialog.bad.rowCount() == 0
    dialog.confirm_mapping()
    qtbot.waitUntil(lambda: dialog.parsed is not None and dialog.tabs.isVisible())
    assert dialog.tabs.currentWidget() is dialog.good
    assert dialog.tabs.tabText(1) == "문제가 있는 행 (0)"


def test_the_refund_says_it_cancelled_the_cash_receipt(pos, qtbot) -> None:
    conn = pos.session.conn
    preferences.set_cash_receipt_mandatory(conn, True)
    service = pos.session.service
    service.sale.add_amount(120_000, "선물세트")
    paid = service.pay_cash(120_000)
    dialog = RefundDialog(RefundService(conn, clock), paid.payment_id, "ko")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.spins[1].setValue(1)
    dialog.pin.setText("1234")
    dialog.submit()
    assert dialog.refund is not None
    assert "120,000원 환불했습니다." in dialog.error.text()
    assert "현금영수증도 취소했습니다" in dialog.error.text()


def test_no_camera_note_sits_under_the_camera_row(qtbot) -> None:
    dialog = CameraSettingsDialog([], {}, camera_id="off", decoder="zxing",
                                  preview_visible=True)  # fmt: skip
    qtbot.addWidget(dialog)
    form = dialog.findChild(QFormLayout)
    row_of = {}
    for row in range(form.rowCount()):
        item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        if item is not None and item.widget() is not None:
            row_of[item.widget()] = row
    assert row_of[dialog.no_camera] == row_of[dialog.camera] + 1
    assert row_of[dialog.no_camera] < row_of[dialog.cash_receipt_mandatory]


def test_an_export_says_where_the_product_list_went(pos, qtbot, tmp_path, monkeypatch) -> None:
    # The save dialog closing was all a shop owner saw (a walk): the screen now says so.
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "상품목록.xlsx"
    monkeypatch.setattr(  # the modal save dialog is Qt's; its answer is what matters here
        QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), "")
    )
    QTest.keyClick(pos.window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    screen = pos.shop_pages.catalog_screen
    pos.shop_pages.export_catalogue()
    qtbot.waitUntil(lambda: str(target) in screen.message.text())
    assert target.stat().st_size > 0
    assert "상품 목록을 저장했습니다" in screen.message.text()
