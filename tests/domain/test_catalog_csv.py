"""Catalog CSV: the encodings Excel writes, row errors with Excel's line numbers, export."""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_app.domain import csv_cells
from pos_app.domain.barcodes import gtin_check_digit
from pos_app.domain.catalog_csv import (
    CatalogCsv,
    ImportedProduct,
    column_letter,
    export_products_csv,
    parse_codes,
    parse_price,
    read_catalog_csv,
)
from pos_app.domain.csv_text import split_lines
from pos_app.domain.errors import CATALOG, ErrorKey, UserFacingError
from pos_app.domain.pricing import MAX_UNIT_PRICE
from pos_app.domain.records import Product
from pos_app.domain.tax import TaxCategory

HEADER_KO = "상품ID,상품명,바코드,가격,분류,특별할인제외,판매중"
APPLE = "8808123000028"
PEAR = "8808123000035"
MILK = "8808123000134"

GOOD_ROWS = f"""{HEADER_KO}
P1,부사 사과 5kg,{APPLE},"32,000",과일,N,Y
P2,청주 신고배 3kg,{PEAR},25000원,과일,아니오,예
P3,우유 1L,{MILK}|CJ-MILK1,2980,유제품,Y,N
"""


def csv_bytes(text: str, encoding: str = "utf-8-sig") -> bytes:
    # Excel writes CRLF; so do these files.
    return text.replace("\n", "\r\n").encode(encoding)


def product(line: int, **fields: object) -> ImportedProduct:
    base: dict[str, object] = {
        "product_id": None,
        "codes": (),
        "category": "",
        "excluded_from_discount": False,
        "active": True,
    }
    return ImportedProduct(line=line, **{**base, **fields})  # type: ignore[arg-type]


EXPECTED_GOOD = (
    product(
        2, product_id="P1", name="부사 사과 5kg", codes=(APPLE,), price=32_000, category="과일"
    ),
    product(
        3, product_id="P2", name="청주 신고배 3kg", codes=(PEAR,), price=25_000, category="과일"
    ),
    product(
        4,
        product_id="P3",
        name="우유 1L",
        codes=(MILK, "CJ-MILK1"),
        price=2_980,
        category="유제품",
        excluded_from_discount=True,
        active=False,
    ),
)


def error_keys(result: CatalogCsv) -> list[tuple[int, str, str, str]]:
    return [(e.line, e.column_letter, e.column, e.key) for e in result.errors]


def refused(data: bytes) -> str:
    with pytest.raises(UserFacingError) as caught:
        read_catalog_csv(data)
    return caught.value.key


# --- encodings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "detected"),
    [("utf-8-sig", "utf-8-sig"), ("utf-8", "utf-8"), ("cp949", "cp949")],
)
@pytest.mark.parametrize("chunk_size", [7, 64 * 1024])  # 7: characters cut between chunks
def test_the_encodings_excel_writes_are_detected(
    encoding: str, detected: str, chunk_size: int
) -> None:
    result = read_catalog_csv(csv_bytes(GOOD_ROWS, encoding), chunk_size=chunk_size)

    assert result.encoding == detected
    assert result.products == EXPECTED_GOOD
    assert result.errors == ()
    assert (result.delimiter, result.header_line, result.rows, result.complete) == (",", 1, 3, True)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp949"])
def test_a_crlf_cut_between_chunks_is_still_one_line_end(encoding: str) -> None:
    rows = "".join(f"P{i},상품 {i},,{100 + i},,,\n" for i in range(200))
    data = csv_bytes(f"{HEADER_KO}\n{rows}", encoding)
    assert len(data) > 4 * 1024  # well past the first kilobyte read in one piece

    result = read_catalog_csv(data, chunk_size=1)  # every CR and LF in its own chunk

    assert result.errors == ()
    assert [p.line for p in result.products] == list(range(2, 202))


def test_split_lines_keeps_each_line_end_whole() -> None:
    pieces = ["a,b\r", "\nc,d\r\n", "e\r", "f\n\r", "\r\n", "g"]

    assert list(split_lines(pieces)) == [
        "a,b\r\n", "c,d\r\n", "e\r", "f\n", "\r", "\r\n", "g",
    ]  # fmt: skip


def test_excel_unicode_text_is_utf16_with_tabs() -> None:
    data = codecs.BOM_UTF16_LE + csv_bytes(
        GOOD_ROWS.replace(",", "\t").replace('"32\t000"', "32000"), "utf-16-le"
    )

    result = read_catalog_csv(data, chunk_size=5)

    assert (result.encoding, result.delimiter) == ("utf-16", "\t")
    assert result.products == EXPECTED_GOOD


@pytest.mark.parametrize("chunk_size", [1, 4096])
def test_cp949_after_a_long_ascii_start_is_still_cp949(chunk_size: int) -> None:
    ascii_rows = "".join(f"A{i},Apple {i},,{1000 + i},Fruit,N,Y\n" for i in range(3_000))
    header = "product_id,name,codes,price,category,excluded_from_discount,active"
    # In CP949 청 is C3 BB, which alone is also valid UTF-8 (û): one character is not
    # evidence enough; 주 (C1 D6) is not UTF-8.
    text = f"{header}\n{ascii_rows}K1,청주 사과,,5000,과일,N,Y\n"
    data = csv_bytes(text, "cp949")
    assert len(data) > 64 * 1024  # the first Korean is many chunks in
    assert "청".encode("cp949").decode("utf-8") == "û"

    result = read_catalog_csv(data, chunk_size=chunk_size)

    assert result.encoding == "cp949"
    assert result.errors == ()
    assert result.products[-1] == product(
        3_002, product_id="K1", name="청주 사과", price=5_000, category="과일"
    )


def test_a_broken_byte_in_one_row_of_a_cp949_file_fails_only_that_row() -> None:
    data = csv_bytes(GOOD_ROWS, "cp949").replace("청주".encode("cp949"), b"\xff\xfe")

    result = read_catalog_csv(data)

    assert result.encoding == "cp949"
    assert error_keys(result) == [(3, "B", "상품명", "catalog_csv.bad_characters")]
    assert [p.product_id for p in result.products] == ["P1", "P3"]


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), "catalog_csv.not_text"),  # .xlsx
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), "catalog_csv.not_text"),  # .xls
        ("상품명,가격\n".encode("utf-16-le"), "catalog_csv.not_text"),  # UTF-16, no BOM
        (b"name,price\n" + b"\x80\x81\xff" * 40 + b",1\n", "catalog_csv.unknown_encoding"),
        (b"", "catalog_csv.empty"),
        (codecs.BOM_UTF8 + b"\r\n,,,\r\n", "catalog_csv.empty"),
        ("상품 목록\n2026년 11월\n".encode(), "catalog_csv.no_header"),
        ("상품명,바코드\n사과,\n".encode(), "catalog_csv.missing_column"),
        ("상품명,가격,name\n사과,100,apple\n".encode(), "catalog_csv.duplicate_column"),
    ],
)
def test_files_that_cannot_be_read_at_all_are_refused_with_a_reason(data: bytes, key: str) -> None:
    assert refused(data) == key
    assert CATALOG[key].code.startswith("E60")


def test_the_missing_column_is_named_in_both_languages() -> None:
    with pytest.raises(UserFacingError) as caught:
        read_catalog_csv("상품명,바코드\n사과,\n".encode())

    assert caught.value.display() == "[E605] 꼭 필요한 열이 없습니다: 가격 (price)"


# --- headers and layout ---------------------------------------------------------------------


def test_english_headers_any_order_aliases_tabs_and_a_title_row() -> None:
    text = (
        "2026 catalogue\t\t\n"
        "Price (KRW)\tProduct_ID\tmemo\tBarcode\tName\n"
        f"1500\tE1\tignored\t{APPLE}\tFuji apple\n"
    )

    result = read_catalog_csv(text.encode())

    assert result.delimiter == "\t"
    assert result.header_line == 2
    assert result.ignored_columns == ("memo",)
    assert result.columns == {
        "price": "Price (KRW)",
        "product_id": "Product_ID",
        "codes": "Barcode",
        "name": "Name",
    }
    assert result.products == (
        product(3, product_id="E1", name="Fuji apple", codes=(APPLE,), price=1_500),
    )


def test_korean_header_variants_are_recognised() -> None:
    text = "상품 명,판매가,상품코드,카테고리,할인제외,사용여부\n두부,2200,CJ-TOFU,가공식품,O,X\n"

    (tofu,) = read_catalog_csv(text.encode()).products

    assert tofu == product(
        2,
        name="두부",
        price=2_200,
        codes=("CJ-TOFU",),
        category="가공식품",
        excluded_from_discount=True,
        active=False,
    )


# --- row errors -----------------------------------------------------------------------------


def test_bad_rows_are_reported_by_excel_row_and_column_while_good_rows_come_through() -> None:
    text = f"""{HEADER_KO}
P1,부사 사과 5kg,{APPLE},32000,과일,N,Y
P2,"청주 신고배
(선물용)",{PEAR},1.500,과일,N,Y
P3,,{MILK},2980,유제품,N,Y
P4,사과즙,{APPLE},4000,음료,N,Y
,,,,,,
P5,막걸리,8808123000172,1800,주류,N,Y
"""

    result = read_catalog_csv(csv_bytes(text))

    # The quoted line break keeps 청주 신고배 on one Excel row (3), so 막걸리 is row 7.
    assert error_keys(result) == [
        (3, "D", "가격", "catalog_csv.bad_price"),
        (4, "B", "상품명", "catalog_csv.name_missing"),
        (5, "C", "바코드", "catalog_csv.duplicate_code"),
    ]
    assert result.errors[2].params == {"code": APPLE, "line": "2"}
    assert result.errors[2].message() == f"바코드 {APPLE}가 2행에도 있습니다."
    assert result.errors[0].message("en") == (
        "Write the price in whole won (e.g. 1500, 1,500, 1500원): 1.500"
    )
    assert [(p.line, p.product_id) for p in result.products] == [(2, "P1"), (7, "P5")]
    assert result.rows == 5  # the blank row is not a data row


def test_every_bad_cell_of_a_row_is_reported() -> None:
    text = f"{HEADER_KO}\nP1,,12345,-100,과일,maybe,Y\n"

    result = read_catalog_csv(text.encode())

    assert error_keys(result) == [
        (2, "B", "상품명", "catalog_csv.name_missing"),
        (2, "C", "바코드", "catalog_csv.bad_code"),
        (2, "D", "가격", "catalog_csv.bad_price"),
        (2, "F", "특별할인제외", "catalog_csv.bad_flag"),
    ]
    assert result.products == ()


def test_a_code_of_a_bad_row_is_not_claimed() -> None:
    text = f"{HEADER_KO}\nP1,사과,{APPLE},??,과일,N,Y\nP2,사과 (새),{APPLE},100,과일,N,Y\n"

    result = read_catalog_csv(text.encode())

    assert error_keys(result) == [(2, "D", "가격", "catalog_csv.bad_price")]
    assert [p.product_id for p in result.products] == ["P2"]


def test_a_repeated_product_id_is_an_error_on_the_later_row() -> None:
    text = f"{HEADER_KO}\nP1,사과,,100,,,\nP1,배,,200,,,\n"

    result = read_catalog_csv(text.encode())

    assert error_keys(result) == [(3, "A", "상품ID", "catalog_csv.duplicate_product_id")]
    assert result.errors[0].params == {"product_id": "P1", "line": "2"}


def test_unreadable_rows_and_stray_cells() -> None:
    huge = "x" * 200_000  # over the csv module's 128 KiB cell limit
    text = f"상품명,가격\n사과,100\n{huge},1\n배,200,,,oops\n\t,\t\n귤,\x00300\n감,400\n"

    result = read_catalog_csv(text.encode())

    assert error_keys(result) == [
        (3, "", "", "catalog_csv.malformed_row"),
        (4, "E", "", "catalog_csv.too_many_cells"),
        (6, "B", "가격", "catalog_csv.bad_characters"),
    ]
    assert [(p.line, p.name) for p in result.products] == [(2, "사과"), (7, "감")]


def test_overlong_and_odd_text() -> None:
    name = "가" * 101
    product_id = "ID WITH SPACE"
    text = f"{HEADER_KO}\n,{name},,100,,,\n{product_id},배,,100,{'분' * 51},,\n"

    result = read_catalog_csv(text.encode())

    assert error_keys(result) == [
        (2, "B", "상품명", "catalog_csv.name_too_long"),
        (3, "A", "상품ID", "catalog_csv.bad_product_id"),
        (3, "E", "분류", "catalog_csv.category_too_long"),
    ]


def test_text_is_nfc_and_single_spaced() -> None:
    decomposed = unicodedata.normalize("NFD", "청주  신고배\t3kg ")
    text = f"상품명,가격,분류\n{decomposed},100,{unicodedata.normalize('NFD', '과일')}\n"

    (pear,) = read_catalog_csv(text.encode()).products

    assert (pear.name, pear.category) == ("청주 신고배 3kg", "과일")


@pytest.mark.parametrize(
    ("cell", "won"),
    [
        ("1500", 1_500),
        ("1,500", 1_500),
        ("1500원", 1_500),
        ("1,500 원", 1_500),
        ("₩1,500", 1_500),
        ("￦１，５００", 1_500),  # full-width, as a Korean IME types it
        ("1,500.00", 1_500),  # Excel's number format with decimals
        ("  0 ", 0),
        ("1,234,567", 1_234_567),
        (f"{MAX_UNIT_PRICE}", MAX_UNIT_PRICE),
    ],
)
def test_prices_excel_users_type(cell: str, won: int) -> None:
    assert parse_price(cell) == won
    assert isinstance(parse_price(cell), int)


@pytest.mark.parametrize(
    ("cell", "key"),
    [
        ("1.500", "catalog_csv.bad_price"),  # a European thousands dot, or a typo: never 1.5
        ("1500.5", "catalog_csv.bad_price"),
        ("-100", "catalog_csv.bad_price"),
        ("1,50", "catalog_csv.bad_price"),
        ("12,3456", "catalog_csv.bad_price"),
        ("1e3", "catalog_csv.bad_price"),
        ("1 500", "catalog_csv.bad_price"),
        ("천오백원", "catalog_csv.bad_price"),
        ("", "catalog_csv.price_missing"),
        (f"{MAX_UNIT_PRICE + 1}", "catalog_csv.price_too_high"),
    ],
)
def test_prices_that_are_refused(cell: str, key: str) -> None:
    text = f'상품명,가격\n사과,"{cell}"\n'

    result = read_catalog_csv(text.encode())

    assert error_keys(result) == [(2, "B", "가격", key)]


@pytest.mark.parametrize(
    ("cell", "keys"),
    [
        (APPLE, (APPLE,)),
        ("036000291452", ("0036000291452",)),  # UPC-A: the key a scan looks up
        ("96385074", ("96385074",)),  # EAN-8 stays 8 digits
        ("cj-milk1", ("CJ-MILK1",)),
        (f"{APPLE} | cj-1 ; {PEAR}", (APPLE, "CJ-1", PEAR)),
        (f"{APPLE}|{APPLE}", (APPLE,)),
        (f'="{APPLE}"', (APPLE,)),  # Excel's "keep as text" formula
        ("８８０８１２３００００２８", (APPLE,)),  # full-width digits
        ("", ()),
    ],
)
def test_codes_become_the_keys_a_scan_looks_up(cell: str, keys: tuple[str, ...]) -> None:
    assert parse_codes(cell) == keys


@pytest.mark.parametrize(
    ("cell", "key"),
    [
        ("8808123000029", "catalog_csv.code_check_digit"),
        ("8.80812E+12", "catalog_csv.code_scientific"),
        ("8.80812e12", "catalog_csv.code_scientific"),
        ("두부", "catalog_csv.bad_code"),
        ("AB", "catalog_csv.bad_code"),
        (f"{APPLE}|12345", "catalog_csv.bad_code"),
    ],
)
def test_codes_that_are_refused(cell: str, key: str) -> None:
    result = read_catalog_csv(f'상품명,가격,바코드\n사과,100,"{cell}"\n'.encode())

    assert error_keys(result) == [(2, "C", "바코드", key)]


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("Y", True), ("y", True), ("yes", True), ("TRUE", True), ("1", True), ("예", True),
        ("네", True), ("O", True), ("N", False), ("no", False), ("false", False), ("0", False),
        ("아니오", False), ("아니요", False), ("x", False), ("Ｙ", True),
    ],
)  # fmt: skip
def test_yes_no_cells(cell: str, value: bool) -> None:
    (row,) = read_catalog_csv(f"상품명,가격,특별할인제외\n사과,100,{cell}\n".encode()).products

    assert row.excluded_from_discount is value


def test_column_letters_are_excels() -> None:
    assert [column_letter(i) for i in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA",
    ]  # fmt: skip


# --- previews and large files ---------------------------------------------------------------


def test_a_preview_reads_only_the_first_rows() -> None:
    rows = "".join(f"P{i},상품 {i},,{100 + i},,,\n" for i in range(500))
    data = csv_bytes(f"{HEADER_KO}\n{rows}")

    preview = read_catalog_csv(data, max_rows=20)
    whole = read_catalog_csv(data, max_rows=500)

    assert [p.line for p in preview.products] == list(range(2, 22))
    assert (preview.rows, preview.complete) == (20, False)
    assert (whole.rows, whole.complete) == (500, True)


def large_file(rows: int) -> bytes:
    lines = [HEADER_KO]
    for i in range(rows):
        body = f"880{i:09d}"
        lines.append(
            f"P{i:06d},청주 상품 {i},{body}{gtin_check_digit(body)},{i % 990 + 10}00,과일,N,Y"
        )
    lines.insert(1_001, "PX,,,,과일,N,Y")  # one bad row in the middle
    return csv_bytes("\n".join(lines) + "\n")


def test_a_large_file_reports_progress_to_100_percent() -> None:
    data = large_file(30_000)
    calls: list[tuple[int, int]] = []

    result = read_catalog_csv(
        data, progress=lambda done, total: calls.append((done, total)), chunk_size=16 * 1024
    )

    assert len(result.products) == 30_000
    assert error_keys(result) == [
        (1_002, "B", "상품명", "catalog_csv.name_missing"),
        (1_002, "D", "가격", "catalog_csv.price_missing"),
    ]
    assert result.products[-1].line == 30_002
    assert len(calls) > len(data) // (16 * 1024)
    assert all(total == len(data) for _, total in calls)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert calls[-1] == (len(data), len(data))


class OneWayStream(io.RawIOBase):
    """A pipe-like stream: no seek, so the total must be given."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_streams_seekable_or_not() -> None:
    data = large_file(2_000)
    seen: list[tuple[int, int]] = []

    from_file = read_catalog_csv(io.BytesIO(data), progress=lambda d, t: seen.append((d, t)))
    assert seen[0][1] == len(data) and seen[-1] == (len(data), len(data))
    seen.clear()
    piped = read_catalog_csv(
        io.BufferedReader(OneWayStream(data)),  # type: ignore[arg-type]
        total_bytes=len(data),
        progress=lambda d, t: seen.append((d, t)),
    )

    assert piped.products == from_file.products
    assert seen[-1] == (len(data), len(data))


def test_a_progress_callback_can_cancel_the_read() -> None:
    class Cancelled(Exception):
        pass

    def cancel_at_half(done: int, total: int) -> None:
        if done * 2 >= total:
            raise Cancelled

    with pytest.raises(Cancelled):
        read_catalog_csv(large_file(5_000), progress=cancel_at_half, chunk_size=4096)


# --- export ---------------------------------------------------------------------------------

SAMPLE = (
    Product("P1", "부사 사과 5kg", 32_000, "과일", False, True, (APPLE,), TaxCategory.EXEMPT),
    Product("000123", "=1+1 이벤트", 1_000, "@행사", True, False, (MILK, "CJ-MILK1")),
    Product("P3", 'Fresh "Milk", 1L', 2_980, "", False, True, ()),
    Product("P4", "'=2 묶음", 500, "'분류", False, True, ()),  # a leading ' of its own
)


def test_export_is_what_excel_opens_without_a_dialog() -> None:
    data = export_products_csv(SAMPLE, stock={"P1": 12, "000123": -2})

    assert data.startswith(codecs.BOM_UTF8)
    text = data[3:].decode("utf-8")
    assert text.count("\r\n") == 5 and "\n" not in text.replace("\r\n", "")
    # The 과세구분 and 재고 columns are last: a file written before them still reads (as 과세,
    # stock unchanged). A product without a level has an empty 재고 cell.
    assert text.splitlines() == [
        HEADER_KO + ",과세구분,재고",
        f'P1,부사 사과 5kg,"=""{APPLE}""",32000,과일,N,Y,면세,12',
        f'"=""000123""",\'=1+1 이벤트,{MILK}|CJ-MILK1,1000,\'@행사,Y,N,과세,-2',
        'P3,"Fresh ""Milk"", 1L",,2980,,N,Y,과세,',
        "P4,''=2 묶음,,500,''분류,N,Y,과세,",
    ]
    english = export_products_csv(SAMPLE, language="en")
    assert english[3:].decode().splitlines()[0] == (
        "product_id,name,codes,price,category,excluded_from_discount,active,tax_category,stock"
    )
    assert english[3:].decode().splitlines()[1].endswith(",exempt,")


@pytest.mark.parametrize(
    ("cell", "stock"),
    [("12", 12), ("1,200", 1200), ("12.00", 12), (" 7개 ", 7), ("-2", -2), ("", None)],
)
def test_a_stock_cell_is_a_whole_number_or_empty(cell: str, stock: int | None) -> None:
    result = read_catalog_csv(f'상품명,가격,재고\n사과,1000,"{cell}"\n'.encode())

    assert result.errors == ()
    assert result.products[0].stock == stock


@pytest.mark.parametrize("cell", ["열두 개", "1.5", "12,00", "2000000"])
def test_a_bad_stock_cell_is_named_by_row_and_column(cell: str) -> None:
    result = read_catalog_csv(f"상품명,가격,재고\n사과,1000,{cell!r}\n".replace("'", '"').encode())

    [error] = result.errors
    assert (error.line, error.column_letter, error.column) == (2, "C", "재고")
    assert error.key is ErrorKey.CATALOG_CSV_BAD_STOCK
    assert error.message().startswith("재고는")


@pytest.mark.parametrize("language", ["ko", "en"])
def test_export_reads_back_as_the_same_products(language: str) -> None:
    result = read_catalog_csv(export_products_csv(SAMPLE, language=language))

    assert result.errors == ()
    assert [as_product(row) for row in result.products] == list(SAMPLE)


def as_product(row: ImportedProduct) -> Product:
    return Product(
        product_id=row.product_id or "",
        name=row.name,
        price=row.price,
        category=row.category,
        excluded_from_discount=row.excluded_from_discount,
        active=row.active,
        codes=row.codes,
        tax_category=row.tax_category or TaxCategory.TAXABLE,
    )


HANGUL = "".join(chr(c) for c in range(0xAC00, 0xAC00 + 40)) + "사과배청주"
TEXT_CHARS = HANGUL + "abcXYZ019 ,;|\"'=+-@()%_."


def clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


names = st.text(alphabet=TEXT_CHARS, min_size=1, max_size=40).map(clean).filter(bool)
categories = st.text(alphabet=TEXT_CHARS, max_size=12).map(clean)


def ean13(body: int) -> str:
    digits = f"880{body:09d}"
    return digits + str(gtin_check_digit(digits))


codes = st.one_of(
    st.integers(min_value=0, max_value=10**9 - 1).map(ean13),
    st.from_regex(r"[A-Z][A-Z0-9-]{2,11}", fullmatch=True).filter(
        lambda c: not c.startswith("CJP1")
    ),
)
product_ids = st.one_of(
    st.from_regex(r"[A-Za-z0-9_-]{1,16}", fullmatch=True),
    st.integers(0, 10**6).map(lambda n: f"{n:08d}"),
)


@st.composite
def catalogues(draw: st.DrawFn) -> list[Product]:
    ids = draw(st.lists(product_ids, min_size=1, max_size=12, unique=True))
    all_codes = draw(st.lists(codes, max_size=3 * len(ids), unique=True))
    products = []
    for i, product_id in enumerate(ids):
        products.append(
            Product(
                product_id=product_id,
                name=draw(names),
                price=draw(st.integers(min_value=0, max_value=MAX_UNIT_PRICE)),
                category=draw(categories),
                excluded_from_discount=draw(st.booleans()),
                active=draw(st.booleans()),
                codes=tuple(all_codes[i :: len(ids)]),
                tax_category=draw(st.sampled_from(list(TaxCategory))),
            )
        )
    return products


@settings(max_examples=200, deadline=None)
@given(
    products=catalogues(),
    language=st.sampled_from(["ko", "en"]),
    chunk_size=st.sampled_from([3, 1024]),
)
def test_any_catalogue_survives_export_and_import(
    products: list[Product], language: str, chunk_size: int
) -> None:
    result = read_catalog_csv(
        export_products_csv(products, language=language), chunk_size=chunk_size
    )

    assert result.errors == ()
    assert [as_product(row) for row in result.products] == products
    assert [row.line for row in result.products] == list(range(2, len(products) + 2))


@settings(max_examples=100, deadline=None)
@given(products=catalogues())
def test_an_exported_catalogue_saved_again_as_cp949_reads_the_same(products: list[Product]) -> None:
    # What Excel does when the user opens the export and saves it as plain "CSV".
    text = export_products_csv(products)[3:].decode("utf-8")

    result = read_catalog_csv(text.encode("cp949"))

    assert result.encoding in {"cp949", "utf-8"}  # all-ASCII text reads the same either way
    assert [as_product(row) for row in result.products] == products


@pytest.mark.parametrize(
    "name",
    ["=cmd|' /C calc'!A0", "+82 10-1234", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"],
)
def test_a_hostile_product_name_is_exported_inert_and_reads_back_the_same(name: str) -> None:
    hostile = Product("P9", name, 1_000, "", False, True, ())
    data = export_products_csv([hostile])
    (row,) = list(csv.reader(io.StringIO(data[3:].decode("utf-8"))))[1:]
    assert row[1] == "'" + name  # a spreadsheet shows it as text and runs nothing
    assert row[3] == "1000"
    assert csv_cells.restore_cell(row[1]) == name


# --- 과세구분 ---------------------------------------------------------------------------------


def test_a_file_without_the_tax_column_does_not_say() -> None:
    result = read_catalog_csv(csv_bytes(GOOD_ROWS))
    assert result.errors == ()
    assert {row.tax_category for row in result.products} == {None}  # new ones: 과세


@pytest.mark.parametrize(
    ("cell", "category"),
    [
        ("과세", TaxCategory.TAXABLE),
        ("면세", TaxCategory.EXEMPT),
        (" 면 세 ", TaxCategory.EXEMPT),
        ("Taxable", TaxCategory.TAXABLE),
        ("EXEMPT", TaxCategory.EXEMPT),
        ("", None),
    ],
)
def test_tax_category_cells(cell: str, category: TaxCategory | None) -> None:
    text = f"상품명,가격,과세구분\n배추,4000,{cell}\n"
    result = read_catalog_csv(csv_bytes(text))
    assert result.errors == ()
    assert result.products[0].tax_category == category


def test_a_bad_tax_category_is_named_by_excel_row_and_column() -> None:
    text = "상품명,가격,분류,부가세구분\n배추,4000,채소,면세\n생수,1000,음료,영세\n"
    result = read_catalog_csv(csv_bytes(text))
    assert error_keys(result) == [(3, "D", "부가세구분", "catalog_csv.bad_tax_category")]
    assert result.errors[0].message() == "과세구분은 과세 또는 면세로 적어 주세요: 영세"
    assert result.errors[0].message("en") == (
        "Write the tax category as taxable (과세) or exempt (면세): 영세"
    )
    assert CATALOG[result.errors[0].key].code == "E627"
    assert [(p.line, p.tax_category) for p in result.products] == [(2, TaxCategory.EXEMPT)]


def test_scale_and_market_price_columns_round_trip_and_a_bare_item_code_needs_weight() -> None:
    from pos_app.domain.records import Product as Record

    pork = Record(
        "P9", "삼겹살", 18_900, "정육", codes=("00101",), sold_by_weight=True, price_per_kg=18_900
    )
    crab = Record("P8", "꽃게", 20_000, "수산", codes=(MILK,), market_price=True)
    data = export_products_csv([pork, crab])
    header = data[3:].decode().splitlines()[0]
    assert header == HEADER_KO + ",무게판매,kg당가격,시가,과세구분,재고"
    parsed = read_catalog_csv(data)
    assert not parsed.errors
    by_id = {p.product_id: p for p in parsed.products}
    assert (by_id["P9"].sold_by_weight, by_id["P9"].price_per_kg, by_id["P9"].codes) == (
        True,
        18_900,
        ("00101",),
    )
    assert (by_id["P8"].market_price, by_id["P8"].sold_by_weight) == (True, False)
    # Without 무게판매 Y a bare 4-6 digit code is refused, as before (a shortened number).
    refused = read_catalog_csv(f"{HEADER_KO}\nP1,삼겹살,00101,18900,정육,N,Y\n".encode())
    assert [e.key for e in refused.errors] == [ErrorKey.CATALOG_CSV_BAD_CODE]
    # A file without the columns says nothing: existing products keep their own.
    plain = read_catalog_csv(GOOD_ROWS.encode())
    assert {p.sold_by_weight for p in plain.products} == {None}
