"""Column mappings the cashier confirmed are offered again for the same header row."""

from __future__ import annotations

import sqlite3

from pos_app.domain.clock import Clock
from pos_app.services import preferences
from pos_app.services.catalog import CatalogService

SUPPLIER = ["품명", "상품코드", "판매단가", "구분명"]


def test_a_mapping_is_remembered_by_its_header_row(db: sqlite3.Connection, clock: Clock) -> None:
    catalog = CatalogService(db, clock)
    assert catalog.remembered_mapping(SUPPLIER) is None
    catalog.remember_mapping(SUPPLIER, {"상품명": 0, "바코드": 1, "가격": 2, "분류": 3})
    # Spelled a little differently (spacing, width, a trailing blank cell): the same list.
    again = [" 품명", "상품 코드", "판매단가", "구분명", ""]
    assert catalog.remembered_mapping(again) == {"상품명": 0, "바코드": 1, "가격": 2, "분류": 3}
    # Another header row is another list; a column it lacks or an unknown field is dropped.
    assert catalog.remembered_mapping(["품명", "단가"]) is None
    catalog.remember_mapping(["품명", "단가"], {"상품명": 0, "가격": 1, "원가": 1})
    assert catalog.remembered_mapping(["품명", "단가"]) == {"상품명": 0, "가격": 1}


def test_only_the_most_recent_mappings_are_kept(db: sqlite3.Connection, clock: Clock) -> None:
    catalog = CatalogService(db, clock)
    for n in range(preferences.IMPORT_MAPPINGS_KEPT + 1):
        catalog.remember_mapping([f"목록{n}", "가격"], {"상품명": 0, "가격": 1})
    catalog.remember_mapping(["목록1", "가격"], {"상품명": 0, "가격": 1})  # used again
    assert catalog.remembered_mapping(["목록0", "가격"]) is None  # the oldest went
    assert catalog.remembered_mapping(["목록1", "가격"]) is not None
    assert catalog.remembered_mapping([f"목록{preferences.IMPORT_MAPPINGS_KEPT}", "가격"])
