"""Product lists from Excel with real widgets: the mapping step (guessed, changed by
keyboard, remembered), a sheet chooser, CSVs with other headers, export and import back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from pos_app.services.catalog import ProductDraft
from pos_app.ui.app import PosController
from pos_app.ui.catalog.import_dialog import CsvImportDialog, write_catalogue
from tests.ui.counter import open_counter

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
APPLE = "8801234567909"  # not in the demo catalogue the counter starts with
PEAR = "8801234567916"


def clock() -> datetime:
    return NOW


@pytest.fixture
def pos(qtbot, tmp_path) -> Iterator[PosController]:
    with open_counter(qtbot, tmp_path / "pos.sqlite3", clock) as controller:
        yield controller


def _supplier_list(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["품명", "상품코드", "판매단가", "구분명", "메모"])
    sheet.append(["부사 사과 5kg", int(APPLE), 32000.0, "과일", "인기"])
    sheet.append(["청주 신고배 3kg", PEAR, "25,000", "과일", ""])
    sheet.append(["배추", None, "한 포기", "채소", ""])
    book.save(path)
    return path


def _open(pos: PosController, qtbot, path: Path) -> CsvImportDialog:
    dialog = CsvImportDialog(pos.shop_pages.shop.catalog, "ko", pos.window, path=path)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_an_excel_list_is_mapped_changed_by_keyboard_and_remembered(pos, qtbot, tmp_path) -> None:
    path = _supplier_list(tmp_path / "거래처.xlsx")
    dialog = _open(pos, qtbot, path)
    qtbot.waitUntil(lambda: dialog.mapping.isVisible() and not dialog.busy)
    assert not dialog.tabs.isVisible() and not dialog.import_button.isEnabled()
    assert not dialog.message.isVisible()  # "reading ..." went once the header was read
    assert dialog.mapping.columns() == {"상품명": 0, "바코드": 1, "가격": 2}
    assert not dialog.mapping.sheet.isVisible()  # one sheet: nothing to choose
    # The category is under a name no POS export uses: the cashier picks column D.
    category = dialog.mapping.boxes["분류"]
    category.setFocus()
    for _ in range(4):  # (not in this file), A, B, C, D
        QTest.keyClick(category, Qt.Key.Key_Down)
    assert category.currentText() == "D: 구분명"
    dialog.mapping.preview.setFocus()
    QTest.keyClick(dialog.mapping.preview, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.tabs.isVisible() and dialog.parsed is not None)
    assert dialog.good.rowCount() == 2 and dialog.bad.rowCount() == 1
    assert dialog.good.item(0, 4).text() == "과일"
    assert (dialog.bad.item(0, 0).text(), dialog.bad.item(0, 1).text()) == ("4", "C (판매단가)")
    assert "E614" in dialog.bad.item(0, 2).text()
    assert dialog.parsed.ignored_columns == ("메모",)
    dialog.import_rows()
    assert dialog.imported is not None, dialog.message.text()
    assert dialog.imported.added == 2
    catalog = pos.shop_pages.shop.catalog
    assert catalog.product_for_code(APPLE).category == "과일"
    assert catalog.product_for_code(PEAR).price == 25_000
    dialog.close()

    again = _open(pos, qtbot, path)  # the same supplier's list next month
    qtbot.waitUntil(lambda: again.mapping.isVisible() and not again.busy)
    assert again.mapping.columns() == {"상품명": 0, "바코드": 1, "가격": 2, "분류": 3}
    assert "지난번" in again.mapping.intro.text()
    again.close()


def test_the_cashier_picks_the_sheet(pos, qtbot, tmp_path) -> None:
    book = Workbook()
    book.active.title = "표지"
    book.active.append(["2026년 11월 단가표"])
    goods = book.create_sheet("상품")
    goods.append(["상품명", "가격"])
    goods.append(["떡", 5000])
    book.save(tmp_path / "two.xlsx")
    dialog = _open(pos, qtbot, tmp_path / "two.xlsx")
    qtbot.waitUntil(lambda: dialog.mapping.isVisible() and not dialog.busy)
    assert dialog.mapping.sheet.isVisible()
    assert dialog.mapping.columns() == {}  # the cover sheet has no header
    dialog.mapping.sheet.setCurrentIndex(1)
    dialog.mapping.sheet.activated.emit(1)  # what a keyboard or mouse choice sends
    qtbot.waitUntil(
        lambda: not dialog.busy and dialog.mapping.columns() == {"상품명": 0, "가격": 1}
    )
    dialog.confirm_mapping()
    qtbot.waitUntil(lambda: dialog.parsed is not None)
    assert [p.name for p in dialog.parsed.products] == ["떡"]
    dialog.close()


def test_a_required_field_left_out_is_named(pos, qtbot, tmp_path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("이름표,값\r\n떡,5000\r\n", encoding="utf-8")
    dialog = _open(pos, qtbot, path)
    assert dialog.mapping.isVisible()  # a CSV with other headers goes through the step too
    assert dialog.mapping.columns() == {}
    dialog.confirm_mapping()
    assert "E605" in dialog.message.text() and dialog.parsed is None
    dialog.mapping.set_column("상품명", 0)
    dialog.mapping.set_column("가격", 0)
    dialog.confirm_mapping()
    assert "E647" in dialog.message.text() and dialog.parsed is None
    dialog.mapping.set_column("가격", 1)
    dialog.confirm_mapping()
    assert dialog.parsed is not None and [p.price for p in dialog.parsed.products] == [5000]
    dialog.close()


def test_a_workbook_that_is_not_one_gets_a_coded_korean_message(pos, qtbot, tmp_path) -> None:
    path = tmp_path / "옛날.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + bytes(512))  # an old .xls renamed
    dialog = _open(pos, qtbot, path)
    qtbot.waitUntil(lambda: "E641" in dialog.message.text() and not dialog.busy)
    assert "엑셀" in dialog.message.text() and not dialog.mapping.isVisible()
    dialog.close()


def test_the_mapping_step_fits_a_1024_by_768_screen(pos, qtbot, tmp_path) -> None:
    dialog = _open(pos, qtbot, _supplier_list(tmp_path / "a.xlsx"))
    qtbot.waitUntil(lambda: dialog.mapping.isVisible() and not dialog.busy)
    needed = dialog.minimumSizeHint()
    assert needed.width() <= 1024 and needed.height() <= 768 - 40  # the taskbar
    dialog.close()


def test_export_xlsx_then_import_it_gives_the_same_catalogue(
    pos, qtbot, tmp_path, monkeypatch
) -> None:
    catalog = pos.shop_pages.shop.catalog
    catalog.save(ProductDraft("부사 사과 5kg", 32000, "과일", (APPLE,)))
    catalog.save(ProductDraft("=위험한 이름", 1000, "-양념", (PEAR, "CJ-1"), True, False))
    before = {(p.product_id, p.name, p.price, p.category, p.codes, p.excluded_from_discount,
               p.active) for p in catalog.all_products()}  # fmt: skip
    path = tmp_path / "products.xlsx"
    write_catalogue(catalog, "ko", path)
    with open_counter(qtbot, tmp_path / "other.sqlite3", clock) as other:
        dialog = _open(other, qtbot, path)
        qtbot.waitUntil(lambda: dialog.mapping.isVisible() and not dialog.busy)
        dialog.confirm_mapping()
        qtbot.waitUntil(lambda: dialog.parsed is not None)
        assert dialog.parsed.errors == ()
        dialog.import_rows()
        after = {(p.product_id, p.name, p.price, p.category, p.codes, p.excluded_from_discount,
                  p.active) for p in other.shop_pages.shop.catalog.all_products()}  # fmt: skip
        dialog.close()
    assert after == before


def _stock_list(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["상품ID", "품명", "바코드", "판매단가", "과세여부", "현재고"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_a_stock_column_counts_stock_where_it_differs(pos, qtbot, tmp_path) -> None:
    shop = pos.shop_pages.shop
    kept = shop.catalog.save(ProductDraft("청주 신고배 3kg", 25000, "과일", (PEAR,)))
    shop.stock.receive(kept.product_id, 5)
    same = shop.catalog.save(ProductDraft("대파 1단", 3000, "채소"))
    shop.stock.receive(same.product_id, 4)
    path = _stock_list(
        tmp_path / "옛포스.xlsx",
        [
            [None, "부사 사과 5kg", int(APPLE), 32000, "과세", 12],
            [kept.product_id, "청주 신고배 3kg", PEAR, 25000, "면세", None],  # empty: unchanged
            [None, "무 1개", "8801234567923", 2000, "면세", "열두 개"],
            [same.product_id, "대파 1단", None, 3000, "면세", 4],  # as held: nothing recorded
        ],
    )
    dialog = _open(pos, qtbot, path)
    qtbot.waitUntil(lambda: dialog.mapping.isVisible() and not dialog.busy)
    assert dialog.mapping.columns()["재고"] == 5  # 현재고 is guessed as the stock
    dialog.confirm_mapping()
    qtbot.waitUntil(lambda: dialog.parsed is not None and dialog.tabs.isVisible())
    headers = [dialog.good.horizontalHeaderItem(i).text() for i in range(dialog.good.columnCount())]
    assert headers[-2:] == ["과세구분", "재고"]
    assert [dialog.good.item(0, i).text() for i in (5, 6)] == ["과세", "12"]
    assert [dialog.good.item(1, i).text() for i in (5, 6)] == ["면세", ""]
    assert (dialog.bad.item(0, 0).text(), dialog.bad.item(0, 1).text()) == ("4", "F (현재고)")
    assert "E649" in dialog.bad.item(0, 2).text()
    dialog.import_rows()
    assert dialog.imported is not None, dialog.message.text()
    assert dialog.imported.stock_counted == 1
    assert "재고" in dialog.message.text()
    apple = shop.catalog.product_for_code(APPLE)
    assert shop.stock.level(apple.product_id).level == 12
    [count] = shop.stock.movements(apple.product_id)
    assert (count.delta, count.adjust_reason) == (12, "count_correction")
    assert "옛포스.xlsx" in count.note and "가져오기" in count.note
    assert shop.stock.level(kept.product_id).level == 5
    assert len(shop.stock.movements(kept.product_id)) == 1  # only the receipt
    assert len(shop.stock.movements(same.product_id)) == 1
    assert shop.catalog.product(same.product_id).tax_category.value == "exempt"


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_an_export_carries_the_stock_and_importing_it_back_counts_nothing(
    pos, qtbot, tmp_path, suffix
) -> None:
    shop = pos.shop_pages.shop
    apple = shop.catalog.save(ProductDraft("부사 사과 5kg", 32000, "과일", (APPLE,)))
    shop.stock.receive(apple.product_id, 7)
    path = tmp_path / f"products{suffix}"
    write_catalogue(shop.catalog, "ko", path)
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(path).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][-1] == "재고"
        row = next(r for r in rows if r[0] == apple.product_id)
        assert row[-1] == 7
    else:
        text = path.read_bytes().decode("utf-8-sig").splitlines()
        assert text[0].split(",")[-1] == "재고"
        assert next(line for line in text if apple.product_id in line).endswith(",7")
    movements = len(shop.stock.movements(apple.product_id))
    dialog = _open(pos, qtbot, path)
    if suffix == ".xlsx":
        qtbot.waitUntil(lambda: dialog.mapping.isVisible() and not dialog.busy)
        dialog.confirm_mapping()
    qtbot.waitUntil(lambda: dialog.parsed is not None)
    assert dialog.parsed.errors == ()
    dialog.import_rows()
    assert dialog.imported is not None and dialog.imported.stock_counted == 0
    assert len(shop.stock.movements(apple.product_id)) == movements
    assert shop.stock.level(apple.product_id).level == 7


def test_a_column_named_barcode_wins_over_the_product_code_alias(pos, qtbot, tmp_path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["상품코드", "품명", "판매단가", "과세여부", "바코드"])
    sheet.append(["A001", "배추 1포기", 4500, "면세", int(APPLE)])
    book.save(tmp_path / "supplier.xlsx")
    dialog = _open(pos, qtbot, tmp_path / "supplier.xlsx")
    qtbot.waitUntil(lambda: dialog.mapping.isVisible() and not dialog.busy)
    assert dialog.mapping.columns() == {"상품명": 1, "가격": 2, "과세구분": 3, "바코드": 4}
    assert dialog.mapping.boxes["바코드"].currentText() == "E: 바코드"
