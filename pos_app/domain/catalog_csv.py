"""Catalog CSV files that Excel users can write and open: import with row errors, export.

Columns, found by their header in Korean or English, in any order (others are ignored
and listed; rows above the header, such as a sheet's title, are skipped):

=========================  =========================  =======================================
header (ko / en)           required                   value
=========================  =========================  =======================================
상품ID / product_id        no                         the product to update (export writes it)
상품명 / name              yes                        up to 100 characters
바코드 / codes             no                         codes separated by ``|`` or ``;``
가격 / price               yes                        whole won, see below
분류 / category            no                         up to 50 characters
특별할인제외 /             no (default N)             Y/N, 예/아니오, true/false, 1/0, O/X
excluded_from_discount
판매중 / active            no (default Y)             the same
무게판매 / sold_by_weight  no (empty: unchanged)      Y/N: sold by weight (a scale label)
kg당가격 / price_per_kg    with 무게판매 Y            whole won per kg
시가 / market_price        no (empty: unchanged)      Y/N: today's price asked at the counter
과세구분 / tax_category    no (see below)             과세 or 면세 (also taxable / exempt)
재고 / stock               no (empty: unchanged)      the stock counted, a whole number
=========================  =========================  =======================================

과세구분: a file without the column, or an empty cell, does not say: a new product is
과세 (taxable), an existing one keeps its category. Any other word is a row error
(E627): guessing a tax category would put wrong figures on the shop's receipts.

재고: the stock the shop holds, as its old POS or an export of this one says. Import
turns a number that differs from the level into a stock count (재고 실사, a journalled
adjustment); an empty cell changes nothing. Whole numbers within the adjustment bound
(``12``, ``1,200``, Excel's ``12.00``); a negative number is the level of an oversold
product as export writes it. Anything else is a row error (E649).

Prices are whole won and never pass through a float: ``1500``, ``1,500``, ``1500원``,
``₩1,500`` and Excel's ``1,500.00`` read as 1,500; a fraction other than zero, a
negative number, ``1.500`` (a European thousands dot, or a typo) and anything over
the counter's 1억 limit are row errors. Codes are checked as a scan would read them
(EAN-13/EAN-8/UPC-A check digit, store code ``[A-Z0-9-]``) and kept under the key a
scan looks up. A code Excel turned into ``8.80812E+12`` gets its own error that says
how to keep it as text.

A row with any error is reported - line as Excel numbers its rows (a cell with a line
break in it is still one row), column letter and header, an error key of
:data:`pos_app.domain.errors.CATALOG` - and left out; the other rows come through. A
code or product id is claimed by the first *good* row that has it; a later row with
it is an error. Text is NFC-normalised (a Mac's decomposed Hangul would not match a
search) and its runs of whitespace become single spaces.

Export writes UTF-8 with a BOM and CRLF (Excel opens it in Korean without an import
dialog); a text starting with ``= + - @`` gets a leading ``'`` so Excel does not run
it as a formula (read back, the ``'`` is dropped), and an all-digit code is written
``="8801234567890"`` so Excel keeps it as text instead of ``8.80123E+12``.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, BinaryIO, Final

from pos_app.domain.csv_cells import inert_cell, restore_cell
from pos_app.domain.csv_text import (
    CHUNK_SIZE,
    DecodedText,
    Progress,
    UndecodableFile,
    has_undecodable,
    read_chunks,
    split_lines,
)
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.money import parse_won
from pos_app.domain.pricing import MAX_UNIT_PRICE
from pos_app.domain.records import Product
from pos_app.domain.scale_label import is_item_code
from pos_app.domain.scan import ScanKind, classify_scan, product_code_key
from pos_app.domain.stock import MAX_DELTA
from pos_app.domain.tax import TaxCategory

MAX_NAME_LENGTH: Final = 100
MAX_CATEGORY_LENGTH: Final = 50
MAX_PRODUCT_ID_LENGTH: Final = 64
#: Rows above the header that may hold a title (a sheet's "상품 목록" banner).
HEADER_SEARCH_ROWS: Final = 10


@dataclass(frozen=True)
class Column:
    field: str
    ko: str  # the header export writes
    en: str
    aliases: str  # other accepted headers, space-separated, compared after _header_key
    required: bool = False


COLUMNS: Final = (
    Column("product_id", "상품ID", "product_id", "상품아이디 id"),
    Column("name", "상품명", "name", "품명 상품이름 이름 productname", required=True),
    Column("codes", "바코드", "codes", "code barcode barcodes 코드 상품코드"),
    Column("price", "가격", "price", "판매가 판매가격 단가 price(krw)", required=True),
    Column("category", "분류", "category", "카테고리 상품분류"),
    Column("excluded_from_discount", "특별할인제외", "excluded_from_discount", "할인제외"),
    Column("active", "판매중", "active", "판매여부 사용 사용여부"),
    Column("sold_by_weight", "무게판매", "sold_by_weight", "중량판매 저울상품 계량상품"),
    Column("price_per_kg", "kg당가격", "price_per_kg", "kg단가 중량단가 1kg가격"),
    Column("market_price", "시가", "market_price", "시가상품 싯가"),
    Column("tax_category", "과세구분", "tax_category", "과세여부 과세유형 부가세구분 면세구분 tax"),
    Column("stock", "재고", "stock", "재고수량 현재고 현재재고 재고량"),
)

_TRUE = frozenset({"y", "yes", "예", "네", "true", "1", "o"})
_FALSE = frozenset({"n", "no", "아니오", "아니요", "false", "0", "x"})
_SCIENTIFIC = re.compile(r"\d(?:\.\d+)?e\+?\d+", re.IGNORECASE)
_EXCEL_TEXT = re.compile(r'="(.*)"', re.DOTALL)  # ="0123": Excel's "keep this as text"
_CODE_SEPARATORS = re.compile(r"[|;]")
#: csv_text.UndecodableFile reason -> the error the merchant sees.
_UNDECODABLE: Final[Mapping[str, ErrorKey]] = {
    "not_text": ErrorKey.CATALOG_CSV_NOT_TEXT,
    "unknown_encoding": ErrorKey.CATALOG_CSV_UNKNOWN_ENCODING,
}
_PRODUCT_KINDS = frozenset({ScanKind.EAN13, ScanKind.EAN8, ScanKind.UPCA, ScanKind.STORE_CODE})


@dataclass(frozen=True)
class ImportedProduct:
    """One good row: the product as the file describes it."""

    line: int
    product_id: str | None
    name: str
    codes: tuple[str, ...]
    price: int
    category: str
    excluded_from_discount: bool
    active: bool
    #: None: the file does not say (new products are taxable, existing ones keep theirs).
    tax_category: TaxCategory | None = None
    #: The stock the file says the shop holds; None: an empty cell (stock unchanged).
    stock: int | None = None
    #: Scale and 시가 goods; None: the file does not say (an existing product keeps its own).
    sold_by_weight: bool | None = None
    price_per_kg: int | None = None
    market_price: bool | None = None


@dataclass(frozen=True)
class RowError:
    line: int  # Excel's row number
    column: str  # the header as the file spells it ("" for cells past the last header)
    column_letter: str  # A, B, ... AA
    key: ErrorKey
    params: Mapping[str, str] = field(default_factory=dict)

    def message(self, language: str = "ko") -> str:
        return UserFacingError(self.key, **self.params).message(language)


@dataclass(frozen=True)
class CatalogCsv:
    encoding: str  # utf-8-sig, utf-8, utf-16 or cp949
    delimiter: str
    header_line: int
    columns: Mapping[str, str]  # field -> header as written
    ignored_columns: tuple[str, ...]
    products: tuple[ImportedProduct, ...]
    errors: tuple[RowError, ...]
    rows: int  # data rows read, blank ones not counted
    complete: bool  # False when max_rows stopped the read (a preview)


class CellError(ValueError):
    """A cell's value is unusable; ``key`` and ``params`` become the row's :class:`RowError`."""

    def __init__(self, key: ErrorKey, **params: str) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def read_catalog_csv(
    source: bytes | BinaryIO,
    *,
    total_bytes: int | None = None,
    progress: Progress | None = None,
    max_rows: int | None = None,
    chunk_size: int = CHUNK_SIZE,
    header: HeaderChoice | None = None,
) -> CatalogCsv:
    """Read a catalog CSV in chunks; ``max_rows`` stops after that many data rows (a preview).

    Raises :class:`UserFacingError` for a file that cannot be read at all (not text,
    unknown encoding, empty, no header, a required column missing or doubled).
    ``progress`` gets (bytes read, total bytes) per chunk and may raise to cancel.
    ``header`` is the cashier's column mapping (see :class:`HeaderChoice`); without it the
    columns are found by their header names.
    """
    text = DecodedText(
        read_chunks(source, total_bytes=total_bytes, progress=progress, chunk_size=chunk_size)
    )
    try:
        lines = split_lines(text)
        peeked, delimiter = _sniff_delimiter(lines)
        records = enumerate(_records(itertools.chain(peeked, lines), delimiter), start=1)
        result = read_catalog_rows(
            records, encoding="", delimiter=delimiter, max_rows=max_rows, header=header
        )
        # The encoding is known only once the text is read (cp949 may show up late).
        return replace(result, encoding=text.encoding)
    except UndecodableFile as exc:
        raise UserFacingError(_UNDECODABLE[exc.reason]) from exc


def peek_csv_header(source: bytes | BinaryIO) -> tuple[int, list[str]]:
    """The header row of a CSV (see :func:`peek_header`); only the first rows are used."""
    text = DecodedText(read_chunks(source))
    try:
        lines = split_lines(text)
        peeked, delimiter = _sniff_delimiter(lines)
        records = enumerate(_records(itertools.chain(peeked, lines), delimiter), start=1)
        return peek_header(records)
    except UndecodableFile as exc:
        raise UserFacingError(_UNDECODABLE[exc.reason]) from exc


@dataclass(frozen=True)
class HeaderChoice:
    """The cashier's column mapping: which column of which row holds which field.

    ``columns`` maps a header this module reads (a :data:`COLUMNS` Korean header, or any
    header a later column adds, such as ``과세구분``) to a column index of the header row
    on ``line``. The other columns of that row are ignored.
    """

    line: int
    columns: Mapping[str, int]


def read_catalog_rows(
    records: Iterator[tuple[int, Any]],
    *,
    encoding: str,
    delimiter: str = "",
    max_rows: int | None = None,
    header: HeaderChoice | None = None,
) -> CatalogCsv:
    """The CSV rules over rows from anywhere (a CSV, a workbook's sheet).

    ``records`` yields (row number as the spreadsheet shows it, cells); a cell is text or
    a :class:`CellError` the reader of that format already found.
    """
    if header is None:
        header_line, names = _find_header(records)
        written = names
    else:
        header_line, written = _skip_to(records, header.line)
        names = _mapped_header(written, header.columns)
    reader = _RowReader(names)
    complete = True
    for line, cells in records:
        if max_rows is not None and reader.rows >= max_rows and not _blank(cells):
            complete = False
            break
        reader.read(line, cells)
    result = CatalogCsv(
        encoding=encoding,
        delimiter=delimiter,
        header_line=header_line,
        columns={name: names[index] for name, index in reader.positions.items()},
        ignored_columns=reader.ignored,
        products=tuple(reader.products),
        errors=tuple(reader.errors),
        rows=reader.rows,
        complete=complete,
    )
    return result if header is None else _as_written(result, reader, written, header)


def peek_header(records: Iterator[tuple[int, Any]]) -> tuple[int, list[str]]:
    """The row a mapping step shows: the first row (of the first few) with a header this
    module knows, else the first row with any text; UserFacingError for an empty file."""
    first: tuple[int, list[str]] | None = None
    for line, cells in records:
        if isinstance(cells, csv.Error):
            continue
        texts = [cell if isinstance(cell, str) else "" for cell in cells]
        if any(_column_for(cell) is not None for cell in texts):
            return line, texts
        if first is None and any(cell.strip() for cell in texts):
            first = (line, texts)
        if line >= HEADER_SEARCH_ROWS:
            break
    if first is None:
        raise UserFacingError(ErrorKey.CATALOG_CSV_EMPTY)
    return first


def is_canonical_header(cells: list[str]) -> bool:
    """Every non-empty header is one export writes (Korean or English): no mapping needed."""
    canonical = {text for column in COLUMNS for text in (column.ko, column.en)}
    named = [unicodedata.normalize("NFC", cell.strip()) for cell in cells if cell.strip()]
    return bool(named) and all(cell in canonical for cell in named)


def _skip_to(records: Iterator[tuple[int, Any]], line: int) -> tuple[int, list[str]]:
    for number, cells in records:
        if number == line and not isinstance(cells, csv.Error):
            return number, [cell if isinstance(cell, str) else "" for cell in cells]
        if number >= line:
            break
    raise UserFacingError(ErrorKey.CATALOG_CSV_NO_HEADER)


def _mapped_header(written: list[str], columns: Mapping[str, int]) -> list[str]:
    """The header row as the reader should see it: the chosen columns under the names it
    knows, the others blank (so a column the cashier left out is not found by its name)."""
    seen: dict[int, str] = {}
    for name, index in columns.items():
        if index in seen:
            raise UserFacingError(ErrorKey.CATALOG_MAPPING_SAME_COLUMN, column=column_letter(index))
        seen[index] = name
    width = max([len(written), *(index + 1 for index in seen)])
    return [seen.get(index, "") for index in range(width)]


def _as_written(
    result: CatalogCsv, reader: _RowReader, written: list[str], header: HeaderChoice
) -> CatalogCsv:
    """Errors and columns named by the file's own headers (판매단가, not 가격)."""

    def spelled(index: int) -> str:
        return written[index].strip() if index < len(written) else ""

    by_letter = {column_letter(i): spelled(i) for i in range(len(written))}
    errors = tuple(
        replace(error, column=by_letter.get(error.column_letter, error.column))
        if error.column_letter
        else error
        for error in result.errors
    )
    chosen = set(header.columns.values())
    ignored = tuple(spelled(i) for i in range(len(written)) if i not in chosen and spelled(i))
    columns = {name: spelled(index) for name, index in reader.positions.items()}
    return replace(result, errors=errors, ignored_columns=ignored, columns=columns)


def _sniff_delimiter(lines: Iterator[str]) -> tuple[list[str], str]:
    """Comma, or tab for Excel's "text (tab-separated)" and "Unicode text" files."""
    peeked: list[str] = []
    for line in lines:
        peeked.append(line)
        if "," in line or "\t" in line:
            return peeked, "\t" if line.count("\t") > line.count(",") else ","
        if len(peeked) >= HEADER_SEARCH_ROWS:
            break
    return peeked, ","


def _records(lines: Iterable[str], delimiter: str) -> Iterator[list[str] | csv.Error]:
    """Rows as cell lists; a row the csv module refuses is yielded as its error."""
    reader = csv.reader(lines, delimiter=delimiter)
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # e.g. a cell over the csv module's 128 KiB limit
            yield exc


def _blank(cells: list[str] | csv.Error) -> bool:
    return not isinstance(cells, csv.Error) and not any(
        isinstance(cell, CellError) or cell.strip() for cell in cells
    )


def _find_header(records: Iterator[tuple[int, list[str] | csv.Error]]) -> tuple[int, list[str]]:
    seen_any = False
    for line, cells in records:
        if isinstance(cells, csv.Error):
            continue
        seen_any = seen_any or not _blank(cells)
        if any(_column_for(cell) is not None for cell in cells):
            return line, cells
        if line >= HEADER_SEARCH_ROWS:
            break
    raise UserFacingError(
        ErrorKey.CATALOG_CSV_NO_HEADER if seen_any else ErrorKey.CATALOG_CSV_EMPTY
    )


def _header_key(text: str) -> str:
    # "상품 명", "Product_ID", "price (KRW)" and a stray BOM all find their column.
    folded = unicodedata.normalize("NFKC", text).replace("\ufeff", "").casefold()
    return re.sub(r"[\s_\-]", "", folded)


_BY_HEADER: Final = {
    key: column
    for column in COLUMNS
    for key in {_header_key(column.ko), _header_key(column.en), *column.aliases.split()}
}


def _column_for(header: str) -> Column | None:
    return _BY_HEADER.get(_header_key(header))


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the column names Excel shows."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


class _RowReader:
    def __init__(self, header: list[str]) -> None:
        self.header = header
        self.positions: dict[str, int] = {}
        ignored = []
        for index, cell in enumerate(header):
            column = _column_for(cell)
            if column is None:
                if cell.strip():
                    ignored.append(cell.strip())
            elif column.field in self.positions:
                raise UserFacingError(ErrorKey.CATALOG_CSV_DUPLICATE_COLUMN, column=cell.strip())
            else:
                self.positions[column.field] = index
        for column in COLUMNS:
            if column.required and column.field not in self.positions:
                raise UserFacingError(
                    ErrorKey.CATALOG_CSV_MISSING_COLUMN, column=f"{column.ko} ({column.en})"
                )
        self.ignored = tuple(ignored)
        self.products: list[ImportedProduct] = []
        self.errors: list[RowError] = []
        self.rows = 0
        self._code_lines: dict[str, int] = {}
        self._id_lines: dict[str, int] = {}

    def read(self, line: int, cells: list[str] | csv.Error) -> None:
        if isinstance(cells, csv.Error):
            self.rows += 1
            self.errors.append(RowError(line, "", "", ErrorKey.CATALOG_CSV_MALFORMED_ROW))
            return
        if _blank(cells):
            return  # Excel leaves blank rows (",,,,") below the data
        self.rows += 1
        errors: list[RowError] = []
        values: dict[str, Any] = {}
        for column in COLUMNS:
            index = self.positions.get(column.field)
            raw = cells[index] if index is not None and index < len(cells) else ""
            try:
                if isinstance(raw, CellError):  # found by the workbook's reader
                    raise raw
                values[column.field] = _PARSERS[column.field](raw)
            except CellError as exc:
                errors.append(self._error(line, index, exc.key, exc.params))
        item_codes = [c for c in values.get("codes") or () if is_item_code(c)]
        if item_codes and values.get("sold_by_weight") is not True:
            # A bare 4-6 digit code is a scale's item code only on a row sold by weight;
            # elsewhere it is a number Excel shortened (or a typo), as before.
            index = self.positions.get("codes")
            errors.append(
                self._error(line, index, ErrorKey.CATALOG_CSV_BAD_CODE, {"code": item_codes[0]})
            )
            # In the file's column order, as the other cells' errors are.
            errors.sort(key=lambda e: (len(e.column_letter), e.column_letter))
        for index in range(len(self.header), len(cells)):
            if isinstance(cells[index], CellError) or cells[index].strip():
                errors.append(self._error(line, index, ErrorKey.CATALOG_CSV_TOO_MANY_CELLS, {}))
                break
        if not errors:
            errors = self._duplicates(line, values)
        if errors:
            self.errors.extend(errors)
            return
        self._claim(line, values)
        self.products.append(ImportedProduct(line=line, **values))

    def _error(
        self, line: int, index: int | None, key: ErrorKey, params: Mapping[str, str]
    ) -> RowError:
        if index is None:  # a required value of a column the file does not have
            return RowError(line, "", "", key, dict(params))
        header = self.header[index].strip() if index < len(self.header) else ""
        return RowError(line, header, column_letter(index), key, dict(params))

    def _duplicates(self, line: int, values: Mapping[str, Any]) -> list[RowError]:
        errors = []
        product_id = values["product_id"]
        if product_id is not None and product_id in self._id_lines:
            errors.append(
                self._error(
                    line,
                    self.positions["product_id"],
                    ErrorKey.CATALOG_CSV_DUPLICATE_PRODUCT_ID,
                    {"product_id": str(product_id), "line": str(self._id_lines[product_id])},
                )
            )
        for code in values["codes"]:
            if code in self._code_lines:
                errors.append(
                    self._error(
                        line,
                        self.positions["codes"],
                        ErrorKey.CATALOG_CSV_DUPLICATE_CODE,
                        {"code": code, "line": str(self._code_lines[code])},
                    )
                )
        return errors

    def _claim(self, line: int, values: Mapping[str, Any]) -> None:
        if values["product_id"] is not None:
            self._id_lines[values["product_id"]] = line
        for code in values["codes"]:
            self._code_lines[code] = line


# --- cells ----------------------------------------------------------------------------------


def _unescape(raw: str) -> str:
    """Undo what export and Excel do to keep a cell from being read as a formula."""
    text = raw.strip()
    quoted = _EXCEL_TEXT.fullmatch(text)
    if quoted:
        return quoted.group(1)
    return restore_cell(text)


def _text(raw: str) -> str:
    text = unicodedata.normalize("NFC", _unescape(raw))
    if has_undecodable(text) or any(
        unicodedata.category(ch) == "Cc" and not ch.isspace() for ch in text
    ):
        raise CellError(ErrorKey.CATALOG_CSV_BAD_CHARACTERS)
    return " ".join(text.split())


def _product_id(raw: str) -> str | None:
    text = _text(raw)
    if not text:
        return None
    if " " in text or len(text) > MAX_PRODUCT_ID_LENGTH:
        raise CellError(
            ErrorKey.CATALOG_CSV_BAD_PRODUCT_ID,
            max=str(MAX_PRODUCT_ID_LENGTH),
            value=text[:MAX_PRODUCT_ID_LENGTH],
        )
    return text


def _name(raw: str) -> str:
    text = _text(raw)
    if not text:
        raise CellError(ErrorKey.CATALOG_CSV_NAME_MISSING)
    if len(text) > MAX_NAME_LENGTH:
        raise CellError(ErrorKey.CATALOG_CSV_NAME_TOO_LONG, max=str(MAX_NAME_LENGTH))
    return text


def _category(raw: str) -> str:
    text = _text(raw)
    if len(text) > MAX_CATEGORY_LENGTH:
        raise CellError(ErrorKey.CATALOG_CSV_CATEGORY_TOO_LONG, max=str(MAX_CATEGORY_LENGTH))
    return text


def parse_price(raw: str) -> int:
    """Whole won from what Excel users type; see the module docstring for the forms."""
    text = _text(raw)
    if not text:
        raise CellError(ErrorKey.CATALOG_CSV_PRICE_MISSING)
    try:
        price = parse_won(text)
    except ValueError:
        raise CellError(ErrorKey.CATALOG_CSV_BAD_PRICE, value=text) from None
    if price > MAX_UNIT_PRICE:
        raise CellError(ErrorKey.CATALOG_CSV_PRICE_TOO_HIGH, max=f"{MAX_UNIT_PRICE:,}원")
    return price


def parse_codes(raw: str) -> tuple[str, ...]:
    """The lookup keys of the cell's codes, in order, each once."""
    keys: list[str] = []
    for piece in _CODE_SEPARATORS.split(_text(raw)):
        code = unicodedata.normalize("NFKC", piece).strip()
        if not code:
            continue
        if _SCIENTIFIC.fullmatch(code):
            raise CellError(ErrorKey.CATALOG_CSV_CODE_SCIENTIFIC, value=code)
        # Only ASCII: classify_scan would read Hangul as a scan typed in Korean IME
        # mode (두부 -> ENQN), but in a spreadsheet it is a name in the wrong column.
        scan = classify_scan(code)
        if is_item_code(code):  # a label scale's item code, kept as printed
            if code not in keys:
                keys.append(code)
            continue
        if not code.isascii() or scan.kind not in _PRODUCT_KINDS:
            bad = (
                ErrorKey.CATALOG_CSV_CODE_CHECK_DIGIT
                if scan.problem == "bad_check_digit"
                else ErrorKey.CATALOG_CSV_BAD_CODE
            )
            raise CellError(bad, code=code)
        key = product_code_key(scan)
        if key not in keys:
            keys.append(key)
    return tuple(keys)


def _flag(default: bool) -> Callable[[str], bool]:
    def parse(raw: str) -> bool:
        text = unicodedata.normalize("NFKC", _text(raw)).casefold()
        if not text:
            return default
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise CellError(ErrorKey.CATALOG_CSV_BAD_FLAG, value=_text(raw))

    return parse


_TAX_WORDS: Final[Mapping[str, TaxCategory]] = {
    "과세": TaxCategory.TAXABLE,
    "taxable": TaxCategory.TAXABLE,
    "면세": TaxCategory.EXEMPT,
    "exempt": TaxCategory.EXEMPT,
}
#: What export writes, per language (import reads either).
_TAX_EXPORT: Final = {
    "ko": {TaxCategory.TAXABLE: "과세", TaxCategory.EXEMPT: "면세"},
    "en": {TaxCategory.TAXABLE: "taxable", TaxCategory.EXEMPT: "exempt"},
}


def parse_tax_category(raw: str) -> TaxCategory | None:
    """과세 / 면세 (or taxable / exempt, any case); empty: not said."""
    text = _text(raw)
    if not text:
        return None
    found = _TAX_WORDS.get(unicodedata.normalize("NFKC", text).replace(" ", "").casefold())
    if found is None:
        raise CellError(ErrorKey.CATALOG_CSV_BAD_TAX_CATEGORY, value=text)
    return found


def _said_flag(raw: str) -> bool | None:
    """A Y/N cell where empty means "not said" (the product keeps what it had)."""
    return _flag(default=False)(raw) if _text(raw) else None


def _price_per_kg(raw: str) -> int | None:
    return parse_price(raw) if _text(raw) else None


# A count of pieces, not won (so not parse_won): it may be negative, as an oversold
# product's export writes it. Thousands grouped by commas, or none; Excel's ".00" allowed.
_STOCK = re.compile(r"(-?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.0+)?")


def parse_stock(raw: str) -> int | None:
    """A stock count: a whole number within the adjustment bound; empty: not said."""
    text = _text(raw)
    if not text:
        return None
    plain = unicodedata.normalize("NFKC", text).replace(" ", "")
    if plain.endswith("개"):  # "12개", as some POS exports write it
        plain = plain[:-1]
    match = _STOCK.fullmatch(plain)
    if match is None:
        raise CellError(ErrorKey.CATALOG_CSV_BAD_STOCK, value=text, max=f"{MAX_DELTA:,}")
    sign, digits = match.groups()
    count = int(sign + "".join(digits.split(",")))
    if abs(count) > MAX_DELTA:
        raise CellError(ErrorKey.CATALOG_CSV_BAD_STOCK, value=text, max=f"{MAX_DELTA:,}")
    return count


_PARSERS: Final[Mapping[str, Callable[[str], Any]]] = {
    "product_id": _product_id,
    "name": _name,
    "codes": parse_codes,
    "price": parse_price,
    "category": _category,
    "excluded_from_discount": _flag(default=False),
    "active": _flag(default=True),
    "tax_category": parse_tax_category,
    "stock": parse_stock,
    "sold_by_weight": _said_flag,
    "price_per_kg": _price_per_kg,
    "market_price": _said_flag,
}
#: Written only when a product exported is weighed or 시가: a shop without scale goods
#: gets the file it always got.
_SCALE_FIELDS: Final = frozenset({"sold_by_weight", "price_per_kg", "market_price"})


# --- export ---------------------------------------------------------------------------------


def _identifier(text: str) -> str:
    # Excel reads an all-digit cell as a number: leading zeros go, and 13 digits
    # become 8.80812E+12 (and stay so once saved). ="…" keeps it text.
    return f'="{text}"' if text.isdigit() else inert_cell(text)


def export_products_csv(
    products: Iterable[Product],
    *,
    language: str = "ko",
    stock: Mapping[str, int] | None = None,
) -> bytes:
    """The products as a CSV Excel opens directly: UTF-8 with a BOM, CRLF line ends.

    ``stock`` is product id -> the level held now (a product not in it: an empty cell), so
    an export imported back counts no stock.
    """
    levels = stock or {}
    products = list(products)
    scale = any(p.sold_by_weight or p.market_price for p in products)
    columns = [c for c in COLUMNS if scale or c.field not in _SCALE_FIELDS]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column.en if language == "en" else column.ko for column in columns])
    for product in products:
        cells = {
            "product_id": _identifier(product.product_id),
            "name": inert_cell(product.name),
            "codes": _identifier("|".join(product.codes)),
            "price": str(product.price),
            "category": inert_cell(product.category),
            "excluded_from_discount": "Y" if product.excluded_from_discount else "N",
            "active": "Y" if product.active else "N",
            "sold_by_weight": "Y" if product.sold_by_weight else "N",
            "price_per_kg": str(product.price_per_kg or ""),
            "market_price": "Y" if product.market_price else "N",
            "tax_category": _TAX_EXPORT["en" if language == "en" else "ko"][product.tax_category],
            "stock": str(levels[product.product_id]) if product.product_id in levels else "",
        }
        writer.writerow([cells[column.field] for column in columns])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")
