"""Catalog workbooks (.xlsx): real files built with openpyxl, read with the CSV's rules;
hostile files refused before openpyxl parses them; export read back."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from pos_app.domain import catalog_mapping
from pos_app.domain.catalog_csv import HeaderChoice, read_catalog_csv
from pos_app.domain.catalog_xlsx import (
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    MAX_XML_BYTES,
    check_workbook,
    export_products_xlsx,
    peek_xlsx_header,
    read_catalog_xlsx,
)
from pos_app.domain.errors import CATALOG, ErrorKey, UserFacingError
from pos_app.domain.records import Product
from pos_app.domain.tax import TaxCategory

APPLE = "8808123000028"
PEAR = "8808123000035"


def _book(path: Path, rows: list[list[object]], *, more_sheets: tuple[str, ...] = ()) -> Path:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for name in more_sheets:
        book.create_sheet(name)
    book.save(path)
    return path


def _code(error: UserFacingError | ErrorKey) -> str:
    key = error.key if isinstance(error, UserFacingError) else error
    return CATALOG[key].code


def test_an_old_pos_export_is_read_with_its_own_header_names(tmp_path: Path) -> None:
    path = _book(
        tmp_path / "상품.xlsx",
        [
            ["거래처 상품 목록"],  # a title above the header
            [],
            ["품명", "상품코드", "판매단가", "과세여부", "재고수량"],
            ["시장 떡 1kg", int(APPLE), 8000.0, "과세", 3],  # Excel's floats are whole won
            ["참기름", PEAR, "12,000원", "면세", 1],
            ["들기름", None, 12000.5, "면세", 1],  # a fraction of a won
            ["깨", 12345678905, 3000, "면세", 1],  # a UPC-A that lost its leading 0
            ["콩", None, "#N/A", "면세", 1],
        ],
    )
    sheet = load_workbook(path)
    sheet.active["C8"].data_type = "e"  # what Excel writes for a formula that failed
    sheet.save(path)
    sheets, line, header = peek_xlsx_header(path)
    assert (sheets, line) == (("Sheet",), 3)
    assert catalog_mapping.guess(header) == {
        "상품명": 0, "바코드": 1, "가격": 2, "과세구분": 3, "재고": 4
    }  # fmt: skip
    result = read_catalog_xlsx(path)
    assert [(p.line, p.name, p.codes, p.price) for p in result.products] == [
        (4, "시장 떡 1kg", (APPLE,), 8000),
        (5, "참기름", (PEAR,), 12000),
    ]
    errors = {(e.line, e.column_letter, e.column, _code(e.key)) for e in result.errors}
    assert errors == {
        (6, "C", "판매단가", "E614"),
        (7, "B", "상품코드", "E646"),
        (8, "C", "판매단가", "E645"),
    }
    assert result.columns["stock"] == "재고수량"  # the stock column is read, as a count
    assert [p.stock for p in result.products] == [3, 1]


def test_codes_stored_as_numbers(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["상품명", "바코드", "가격"])
    sheet.append(["a", 8.80812e12 + 0.5, 1000])  # not whole: Excel's scientific form
    sheet.append(["b", 1e16, 1000])  # past Excel's 15 digits
    sheet.append(["c", 12345670, 1000])  # EAN-8 as a number, whole
    sheet.append(["d", 1234565, 1000])  # an EAN-8 that lost its leading 0 ...
    sheet["B5"].number_format = "00000000"  # ... but the cell shows the zero: read it so
    sheet.append(["e", 1234567890, 1000])  # a shortened EAN-13 (three zeros lost)
    sheet.append(["f", 1001, 1000])  # as Excel shows it; no code (store codes have letters)
    book.save(tmp_path / "codes.xlsx")
    result = read_catalog_xlsx(tmp_path / "codes.xlsx")
    assert {(e.line, _code(e.key)) for e in result.errors} == {
        (2, "E618"), (3, "E618"), (6, "E646"), (7, "E616")
    }  # fmt: skip
    assert [p.codes for p in result.products] == [("12345670",), ("01234565",)]


def test_a_chosen_mapping_and_a_chosen_sheet(tmp_path: Path) -> None:
    path = _book(
        tmp_path / "two.xlsx",
        [["아무거나"]],
        more_sheets=("상품",),
    )
    book = load_workbook(path)
    book["상품"].append(["이름표", "가격표", "메모"])
    book["상품"].append(["떡", "5000", "맛있음"])
    book.save(path)
    sheets, line, header = peek_xlsx_header(path, "상품")
    assert sheets == ("Sheet", "상품") and header == ["이름표", "가격표", "메모"]
    assert catalog_mapping.guess(header) == {}
    choice = HeaderChoice(line, {"상품명": 0, "가격": 1})
    result = read_catalog_xlsx(path, sheet="상품", header=choice)
    assert [(p.name, p.price) for p in result.products] == [("떡", 5000)]
    assert result.columns == {"name": "이름표", "price": "가격표"}
    assert result.ignored_columns == ("메모",)
    with pytest.raises(UserFacingError) as same:
        read_catalog_xlsx(path, sheet="상품", header=HeaderChoice(line, {"상품명": 0, "가격": 0}))
    assert _code(same.value) == "E647"


def test_a_csv_with_other_names_reads_through_a_mapping() -> None:
    data = '품번,이름표,판매단가\r\nX1,떡,"5,000"\r\nX2,,1000\r\n'.encode()
    result = read_catalog_csv(data, header=HeaderChoice(1, {"상품명": 1, "가격": 2}))
    assert [(p.name, p.price) for p in result.products] == [("떡", 5000)]
    assert [(e.line, e.column_letter, e.column) for e in result.errors] == [(3, "B", "이름표")]


def test_export_then_import_gives_the_same_catalogue(tmp_path: Path) -> None:
    products = [
        Product("P1", "부사 사과 5kg", 32000, "과일", False, True, (APPLE,)),
        Product("P2", '=HYPERLINK("http://x")', 2980, "+양념", True, False, ("01234565",)),
        Product("00123", "'따옴표", 0, "", False, True, (PEAR, "CJ-1"), TaxCategory.EXEMPT),
    ]
    path = tmp_path / "export.xlsx"
    path.write_bytes(export_products_xlsx(products))
    book = load_workbook(path)  # formulas would show as data_type "f"
    sheet = book.active
    assert [cell.value for cell in sheet[1]] == [
        "상품ID", "상품명", "바코드", "가격", "분류", "특별할인제외", "판매중", "과세구분", "재고"
    ]  # fmt: skip
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert sheet["C3"].value == "01234565" and sheet["C3"].number_format == "@"
    assert sheet.column_dimensions["B"].width >= 15
    result = read_catalog_xlsx(path)
    assert result.errors == ()
    read_back = [
        Product(p.product_id or "", p.name, p.price, p.category, p.excluded_from_discount,
                p.active, p.codes, p.tax_category or TaxCategory.TAXABLE)
        for p in result.products
    ]  # fmt: skip
    assert read_back == products


# --- hostile files ------------------------------------------------------------------------


def _rewrite(source: Path, target: Path, replace: dict[str, bytes], extra: bool = False) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for part in old.infolist():
            new.writestr(part.filename, replace.pop(part.filename, None) or old.read(part))
        for name, data in replace.items():
            new.writestr(name, data)
    return target


def test_a_zip_bomb_is_refused_from_the_zip_directory(tmp_path: Path) -> None:
    good = _book(tmp_path / "good.xlsx", [["상품명", "가격"], ["떡", 1000]])
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(good) as old, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as new:
        for part in old.infolist():
            new.writestr(part.filename, old.read(part))
        with new.open("xl/media/image1.bin", "w") as stream:
            zeros = bytes(1024 * 1024)
            for _ in range(MAX_UNPACKED_BYTES // len(zeros) + 1):
                stream.write(zeros)
    assert bomb.stat().st_size < 1024 * 1024  # small on disk, huge unpacked
    with pytest.raises(UserFacingError) as refused:
        read_catalog_xlsx(bomb)
    assert _code(refused.value) == "E642"
    # Shared strings openpyxl would hold in memory: a tighter bound for the XML parts.
    strings = b"<sst>" + b"<si><t>a</t></si>" * (MAX_XML_BYTES // 16) + b"</sst>"
    many = _rewrite(good, tmp_path / "strings.xlsx", {"xl/sharedStrings.xml": strings})
    with pytest.raises(UserFacingError) as refused:
        read_catalog_xlsx(many)
    assert _code(refused.value) == "E642"


def test_a_sheet_over_the_row_bound_is_refused_before_parsing(tmp_path: Path) -> None:
    good = _book(tmp_path / "good.xlsx", [["상품명", "가격"]])
    rows = b"".join(
        b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n) for n in range(1, MAX_ROWS + 2)
    )
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + rows + b"</sheetData></worksheet>"
    )
    big = _rewrite(good, tmp_path / "big.xlsx", {"xl/worksheets/sheet1.xml": sheet})
    with pytest.raises(UserFacingError) as refused:
        read_catalog_xlsx(big)
    assert _code(refused.value) == "E643"
    # The same count, split across the chunks the scan reads, is counted exactly once.
    assert check_workbook(good) == {"xl/worksheets/sheet1.xml": 1}
    assert check_workbook(big, max_rows=MAX_ROWS + 1) == {"xl/worksheets/sheet1.xml": MAX_ROWS + 1}


def test_an_xml_entity_is_refused(tmp_path: Path) -> None:
    good = _book(tmp_path / "good.xlsx", [["상품명", "가격"], ["떡", 1000]])
    with zipfile.ZipFile(good) as archive:
        sheet_part = archive.read("xl/worksheets/sheet1.xml")
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    body = sheet_part.split(b"?>", 1)[-1]  # openpyxl writes no XML declaration
    hostile = _rewrite(good, tmp_path / "lol.xlsx", {"xl/worksheets/sheet1.xml": laughs + body})
    with pytest.raises(UserFacingError) as refused:
        read_catalog_xlsx(hostile)
    assert _code(refused.value) == "E644"


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"\xd0\xcf\x11\xe0 an old .xls", "E641"), (b"PK\x03\x04 cut off", "E641")],
)
def test_not_a_workbook(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    with pytest.raises(UserFacingError) as refused:
        read_catalog_xlsx(path)
    assert _code(refused.value) == code
    assert refused.value.message("ko") and refused.value.message("en")


def test_a_damaged_part_is_a_coded_error_not_a_traceback(tmp_path: Path) -> None:
    good = _book(tmp_path / "good.xlsx", [["상품명", "가격"], ["떡", 1000]])
    broken = _rewrite(good, tmp_path / "broken.xlsx", {"xl/workbook.xml": b"<workbook"})
    with pytest.raises(UserFacingError) as refused:
        read_catalog_xlsx(broken)
    assert _code(refused.value) == "E648"
