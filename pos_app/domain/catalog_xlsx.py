"""Product lists as Excel workbooks (.xlsx): read a sheet with the CSV's rules, export one.

A shop's product list from its old POS or its supplier is a workbook. Its rows go through
exactly the rules of :mod:`pos_app.domain.catalog_csv` (the same errors, by Excel's row
number and column letter); only turning a cell into text is done here:

- numbers are whole won when Excel stored them as floats (``12000.0``); a fraction stays
  visible (``12000.5``) so the price rule refuses it;
- a code stored as a number is read as Excel shows it (a ``0000000000000`` format's zero
  padding applied); one that cannot be a whole barcode any more (7 or 9-11 digits:
  leading zeros lost) is refused (E646), one past Excel's 15 digits of precision is the
  CSV's scientific-notation error (E618);
- a formula's cached value is read (what Excel last showed); an error value (``#N/A``)
  is refused (E645); TRUE/FALSE read as Y/N; a date as its ISO text.

A workbook is a zip of XML written by someone else, so before openpyxl parses anything the
zip's directory and every part are checked (:func:`check_workbook`): the file size, the
number of parts and their unpacked size are bounded (a zip bomb), no part may declare a
DOCTYPE (XML entities: nothing Excel writes has one), and the rows of every sheet are
counted; the XML parts together are bounded more tightly (openpyxl holds the shared
strings in memory). ``zipfile`` never inflates a part past the size its directory declares (it stops
and fails the CRC), so the declared sizes bound what openpyxl can read too. The sheet is
then read in openpyxl's read-only (streaming) mode, with the row bound enforced again.

Export writes the CSV export's columns with every text cell a string (never a formula, even
one starting with ``=``), codes and ids formatted as text so Excel keeps leading zeros, a
bold header row that stays in view, and columns wide enough to read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Final

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from pos_app.domain.catalog_csv import (
    COLUMNS,
    CatalogCsv,
    CellError,
    HeaderChoice,
    _unescape,
    export_products_csv,
    peek_header,
    read_catalog_rows,
)
from pos_app.domain.catalog_mapping import guess
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.records import Product

log = logging.getLogger(__name__)

MAX_FILE_BYTES: Final = 20 * 1024 * 1024
MAX_UNPACKED_BYTES: Final = 100 * 1024 * 1024
#: Of which XML (what openpyxl parses; the shared strings are held in memory whole).
MAX_XML_BYTES: Final = 40 * 1024 * 1024
MAX_PARTS: Final = 1000
#: Rows of a sheet (blank ones included): far more than a shop's catalogue.
MAX_ROWS: Final = 100_000
_CHUNK: Final = 64 * 1024
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_ROW = re.compile(rb"<(?:\w+:)?row[\s/>]")
_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml", re.IGNORECASE)
#: Digits of a code stored as a number that look like a barcode after losing leading zeros
#: (an EAN-8, UPC-A or EAN-13 shortened); 8, 12 and 13 are whole (a 13-digit EAN that lost
#: its leading 0 is the same article's UPC-A), a short one is no code either way (E616).
_SHORTENED_CODE_LENGTHS: Final = frozenset({7, 9, 10, 11})
_EXCEL_DIGITS: Final = 15
_TEXT_FIELDS: Final = frozenset({"product_id", "codes"})


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.0f}MB"


def check_workbook(
    path: Path,
    *,
    max_file: int = MAX_FILE_BYTES,
    max_unpacked: int = MAX_UNPACKED_BYTES,
    max_rows: int = MAX_ROWS,
) -> dict[str, int]:
    """Refuse a file openpyxl must not be given; the row count of each sheet part.

    Nothing is parsed as XML here: the zip's directory is read and each part is scanned
    as bytes, at most ``max_unpacked`` bytes in all.
    """
    if path.stat().st_size > max_file:
        raise UserFacingError(
            ErrorKey.CATALOG_XLSX_TOO_LARGE, size=_size(path.stat().st_size), max=_size(max_file)
        )
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            unpacked = sum(part.file_size for part in parts)
            if len(parts) > MAX_PARTS or unpacked > max_unpacked:
                raise UserFacingError(
                    ErrorKey.CATALOG_XLSX_TOO_LARGE, size=_size(unpacked), max=_size(max_unpacked)
                )
            xml = sum(p.file_size for p in parts if p.filename.endswith((".xml", ".rels")))
            if xml > MAX_XML_BYTES:
                raise UserFacingError(
                    ErrorKey.CATALOG_XLSX_TOO_LARGE, size=_size(xml), max=_size(MAX_XML_BYTES)
                )
            names = {part.filename for part in parts}
            if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
                raise UserFacingError(ErrorKey.CATALOG_XLSX_NOT_WORKBOOK)
            rows = {}
            for part in parts:
                count = _scan_part(archive, part)
                if _SHEET_PART.fullmatch(part.filename):
                    if count > max_rows:
                        raise UserFacingError(
                            ErrorKey.CATALOG_XLSX_TOO_MANY_ROWS, max=f"{max_rows:,}"
                        )
                    rows[part.filename] = count
            return rows
    except zipfile.BadZipFile as exc:  # not a zip at all (an .xls), or a damaged one
        raise UserFacingError(ErrorKey.CATALOG_XLSX_NOT_WORKBOOK) from exc
    except (zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        raise UserFacingError(ErrorKey.CATALOG_XLSX_UNREADABLE) from exc


def _scan_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> int:
    """The part's ``<row>`` count; UserFacingError for a DOCTYPE or a non-UTF-8 XML part
    (whose declarations a byte scan could not see)."""
    count = 0
    tail = b""
    first = True
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            wide = chunk.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in chunk[:4]
            if first and wide and part.filename.endswith((".xml", ".rels", ".vml")):
                raise UserFacingError(ErrorKey.CATALOG_XLSX_UNSAFE_XML)
            first = False
            buffer = tail + chunk
            # Keep an unfinished tag for the next chunk, so a name split across two
            # chunks is still seen (and a whole one is counted once).
            cut = buffer.rfind(b"<")
            if cut == -1 or len(buffer) - cut > 64:
                cut = len(buffer)
            done, tail = buffer[:cut], buffer[cut:]
            if _DOCTYPE.search(done):
                raise UserFacingError(ErrorKey.CATALOG_XLSX_UNSAFE_XML)
            count += len(_ROW.findall(done))
    if _DOCTYPE.search(tail):
        raise UserFacingError(ErrorKey.CATALOG_XLSX_UNSAFE_XML)
    return count + len(_ROW.findall(tail))


class _OpenWorkbook:
    """A checked workbook opened read-only, closed on exit (read-only mode keeps the zip)."""

    def __init__(self, path: Path, max_rows: int) -> None:
        self.rows = check_workbook(path, max_rows=max_rows)
        self.max_rows = max_rows
        try:
            # data_only: a formula's value as Excel last computed it, never the formula.
            self.book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
        except UserFacingError:
            raise
        except Exception as exc:  # a broken part: openpyxl's many exception types
            log.warning("workbook %s not readable: %r", path.name, exc)
            raise UserFacingError(ErrorKey.CATALOG_XLSX_UNREADABLE) from exc

    def __enter__(self) -> _OpenWorkbook:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.book.close()

    def sheet_names(self) -> tuple[str, ...]:
        return tuple(sheet.title for sheet in self.book.worksheets)

    def records(self, sheet: str | None) -> Iterator[tuple[int, list[Any]]]:
        """(Excel's row number, the row's cells) of the sheet (the first one by default)."""
        names = self.sheet_names()
        if not names:
            raise UserFacingError(ErrorKey.CATALOG_CSV_EMPTY)
        worksheet = self.book[sheet if sheet in names else names[0]]
        worksheet.reset_dimensions()  # a wrong <dimension> must not cut rows or columns off
        try:
            for number, row in enumerate(worksheet.iter_rows(min_row=1), start=1):
                if number > self.max_rows:  # the byte count said otherwise: refuse anyway
                    raise UserFacingError(
                        ErrorKey.CATALOG_XLSX_TOO_MANY_ROWS, max=f"{self.max_rows:,}"
                    )
                yield number, list(row)
        except UserFacingError:
            raise
        except Exception as exc:
            log.warning("sheet %r not readable: %r", worksheet.title, exc)
            raise UserFacingError(ErrorKey.CATALOG_XLSX_UNREADABLE) from exc


def sheet_names(path: Path, *, max_rows: int = MAX_ROWS) -> tuple[str, ...]:
    with _OpenWorkbook(path, max_rows) as book:
        return book.sheet_names()


def peek_xlsx_header(
    path: Path, sheet: str | None = None, *, max_rows: int = MAX_ROWS
) -> tuple[tuple[str, ...], int, list[str]]:
    """The workbook's sheets, and the header row of ``sheet`` (its line and cells)."""
    with _OpenWorkbook(path, max_rows) as book:
        texts = ((line, [_plain_text(cell) for cell in row]) for line, row in book.records(sheet))
        line, header = peek_header(texts)
        return book.sheet_names(), line, header


def read_catalog_xlsx(
    path: Path,
    *,
    sheet: str | None = None,
    header: HeaderChoice | None = None,
    max_rows: int = MAX_ROWS,
) -> CatalogCsv:
    """The sheet's products and row errors, as :func:`read_catalog_csv` gives a CSV's.

    Without ``header`` the header row and its columns are guessed from the names.
    """
    if header is None:
        _sheets, line, cells = peek_xlsx_header(path, sheet, max_rows=max_rows)
        header = HeaderChoice(line, guess(cells))
    text_columns = {
        index for name, index in header.columns.items() if _field_of(name) in _TEXT_FIELDS
    }
    with _OpenWorkbook(path, max_rows) as book:
        records = (
            (line, [_cell(cell, i in text_columns) for i, cell in enumerate(row)])
            for line, row in book.records(sheet)
        )
        return read_catalog_rows(records, encoding="xlsx", header=header)


def _field_of(header: str) -> str | None:
    return next((column.field for column in COLUMNS if column.ko == header), None)


# --- cells ----------------------------------------------------------------------------------


def _plain_text(cell: Any) -> str:
    value = _cell(cell, identifier=False)
    return value if isinstance(value, str) else ""


def _cell(cell: Any, identifier: bool) -> str | CellError:
    """The cell as the text the CSV rules read, or the error it already is."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if getattr(cell, "data_type", None) == "e":  # #N/A, #REF!, #DIV/0! ...
        return CellError(ErrorKey.CATALOG_XLSX_CELL_ERROR, value=str(value))
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, int | float):
        return _identifier(cell, value) if identifier else _number(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


def _number(value: float) -> str:
    """12000.0 is 12000 won; a fraction stays, for the price rule to refuse."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value) if isinstance(value, int) else repr(value)


def _identifier(cell: Any, value: float) -> str | CellError:
    if isinstance(value, float) and (not value.is_integer() or abs(value) >= 10**_EXCEL_DIGITS):
        return CellError(ErrorKey.CATALOG_CSV_CODE_SCIENTIFIC, value=f"{value:.6G}")
    if value < 0 or abs(value) >= 10**_EXCEL_DIGITS:
        return CellError(ErrorKey.CATALOG_CSV_CODE_SCIENTIFIC, value=f"{value:.6G}")
    digits = str(int(value))
    number_format = str(getattr(cell, "number_format", "") or "")
    if number_format and set(number_format) == {"0"}:  # "0000000000000": Excel shows zeros
        digits = digits.zfill(len(number_format))
    if len(digits) in _SHORTENED_CODE_LENGTHS:
        return CellError(ErrorKey.CATALOG_XLSX_CODE_AS_NUMBER, value=digits)
    return digits


# --- export ---------------------------------------------------------------------------------


def _text_cell(text: str) -> str:
    # openpyxl refuses control characters an XML file cannot hold.
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _display_width(text: str) -> int:
    # Hangul and other wide characters take two columns of Excel's default font.
    return sum(2 if ord(ch) > 0x1100 else 1 for ch in text)


def export_products_xlsx(
    products: Iterable[Product],
    *,
    language: str = "ko",
    stock: Mapping[str, int] | None = None,
) -> bytes:
    """The products as a workbook with exactly the CSV export's columns and values.

    The rows are the CSV export's, read back (its ``'`` and ``="…"`` undone): a column the
    CSV export gains is in the workbook too, with nothing to keep in step here.
    """
    exported = export_products_csv(products, language=language, stock=stock).decode("utf-8-sig")
    rows = csv.reader(io.StringIO(exported, newline=""))
    headers = next(rows)
    fields = [_field_by_header(header) for header in headers]
    book = Workbook()
    sheet = book.active
    sheet.title = "상품" if language != "en" else "products"
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [_display_width(text) for text in headers]
    for row_number, row in enumerate(rows, start=2):
        for index, raw in enumerate(row):
            cell = sheet.cell(row=row_number, column=index + 1)
            field_name = fields[index] if index < len(fields) else None
            text = _unescape(raw)
            if field_name in _NUMBER_FIELDS and text.lstrip("-").isdigit():
                cell.value = int(text)
                cell.number_format = "#,##0"
            else:
                cell.value = _text_cell(text)
                # Assigned text starting with "=" would be written as a formula: a string
                # cell it is, whatever it starts with.
                cell.data_type = "s"
                if field_name in _TEXT_FIELDS:
                    cell.number_format = "@"  # Excel keeps leading zeros if edited
            if index < len(widths):
                widths[index] = max(widths[index], _display_width(text))
    for index, width in enumerate(widths, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


#: Columns written as numbers (Excel sums and sorts them); the others are text.
_NUMBER_FIELDS: Final = frozenset({"price", "stock", "price_per_kg"})


def _field_by_header(header: str) -> str | None:
    return next((c.field for c in COLUMNS if header in (c.ko, c.en)), None)
