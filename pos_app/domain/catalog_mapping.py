"""Which column of a product list is which field: the guess a mapping step starts from.

Product lists come from other Korean POS programs and from suppliers, each with its own
header names (품명, 판매단가, 상품코드 ...). A mapping names, for each field the catalogue
imports, the column of the header row that holds it; the CSV rules then read the rows
(:func:`pos_app.domain.catalog_csv.read_catalog_rows` with a
:class:`~pos_app.domain.catalog_csv.HeaderChoice`).

A field is named by the header the CSV reader knows (its Korean export header), so a field
this module does not parse itself travels by name: ``과세구분`` is mapped here and read by
whichever version of the CSV reader knows that column (a reader without it lists the column
as ignored).

A stock column (재고, 재고수량, 현재고) is mapped like the others; import turns a number that
differs from the level into a stock count (see :func:`pos_app.domain.catalog_csv.parse_stock`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from pos_app.domain.catalog_csv import COLUMNS, Column

#: The header of the tax category column (과세/면세), parsed by the CSV reader.
TAX_HEADER: Final = "과세구분"


@dataclass(frozen=True)
class MappedField:
    header: str  # the name the CSV reader knows the column by (its Korean export header)
    en: str  # the English name the mapping step shows
    aliases: tuple[str, ...]  # header keys (see header_key) other programs write
    required: bool = False


#: Names other Korean POS and supplier exports use, beyond the CSV's own aliases.
_MORE_ALIASES: Final[Mapping[str, tuple[str, ...]]] = {
    "name": ("상품", "상품명칭", "품목명", "제품명", "item", "itemname"),
    "codes": ("바코드번호", "표준바코드", "상품바코드", "sku"),
    "price": ("가격", "판매단가", "소비자가", "소비자가격", "판매금액", "saleprice"),
    "category": ("대분류", "상품구분"),
}


def header_key(text: str) -> str:
    """A header compared as the CSV reader compares it: case, width and spacing folded."""
    folded = unicodedata.normalize("NFKC", text).replace("\ufeff", "").casefold()
    return re.sub(r"[\s_\-]", "", folded)


def _field(column: Column) -> MappedField:
    keys = [column.ko, column.en, *column.aliases.split(), *_MORE_ALIASES.get(column.field, ())]
    return MappedField(
        column.ko, column.en, tuple(dict.fromkeys(header_key(k) for k in keys)), column.required
    )


def _fields() -> tuple[MappedField, ...]:
    fields = [_field(column) for column in COLUMNS]
    if all(field.header != TAX_HEADER for field in fields):
        fields.append(
            MappedField(TAX_HEADER, "tax", tuple(header_key(k) for k in ("과세구분", "tax")))
        )
    tax = next(field for field in fields if field.header == TAX_HEADER)
    # 면세여부 is mapped too: its values are checked by the tax column's own rules.
    more = tuple(header_key(k) for k in ("과세여부", "면세여부", "과세유형", "과세", "taxable"))
    fields[fields.index(tax)] = MappedField(
        tax.header, tax.en, tuple(dict.fromkeys(tax.aliases + more)), tax.required
    )
    return tuple(fields)


#: The fields a mapping step offers, in the order it shows them.
FIELDS: Final = _fields()


def guess(header: Sequence[str]) -> dict[str, int]:
    """Field header -> column index, by the names the header row uses.

    A column named exactly as the field (바코드, or its English name) wins over one named
    by an alias (상품코드 is often an internal code like A001, not a barcode); among
    aliases the first column wins. A column is chosen for one field at most.
    """
    exact = {
        header_key(name): field.header for field in FIELDS for name in (field.header, field.en)
    }
    by_key = {key: field.header for field in FIELDS for key in field.aliases}
    chosen: dict[str, int] = {}
    for names in (exact, by_key):
        for index, cell in enumerate(header):
            name = names.get(header_key(cell))
            if name is not None and name not in chosen and index not in chosen.values():
                chosen[name] = index
    return chosen


def signature(header: Sequence[str]) -> str:
    """What a remembered mapping is filed under: the header row, compared loosely."""
    cells = [header_key(cell) for cell in header]
    while cells and not cells[-1]:
        cells.pop()
    return "\x1f".join(cells)


def usable(columns: Mapping[str, int], header: Sequence[str]) -> dict[str, int]:
    """A remembered mapping, kept to known fields and to columns this header row has."""
    known = {field.header for field in FIELDS}
    return {
        name: index
        for name, index in columns.items()
        if name in known and isinstance(index, int) and 0 <= index < len(header)
    }
