"""Catalog search: what matches, in which order, and the index kept right by triggers."""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from helpers import FIXED_NOW
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pos_app.domain.barcodes import gtin_check_digit
from pos_app.domain.scan import ScanKind, classify_scan, product_code_key
from pos_app.store.catalog_search import search_products
from pos_app.store.database import connect, write_transaction
from pos_app.store.projection import PRODUCT_UPSERT, rebuild_projections, record
from pos_app.store.queries import active_products


@dataclass(frozen=True)
class Item:
    product_id: str
    name: str
    category: str = ""
    codes: tuple[str, ...] = ()
    active: bool = True
    price: int = 1_000


def upsert(conn: sqlite3.Connection, *items: Item) -> None:
    with write_transaction(conn):
        for item in items:
            body = {
                "product_id": item.product_id,
                "name": item.name,
                "price": item.price,
                "category": item.category,
                "codes": list(item.codes),
                "active": item.active,
            }
            record(conn, PRODUCT_UPSERT, body, occurred_at=FIXED_NOW)


def ids(products: Sequence[object]) -> list[str]:
    return [p.product_id for p in products]  # type: ignore[attr-defined]


def ean13(body12: str) -> str:
    return body12 + str(gtin_check_digit(body12))


@contextmanager
def memory_db() -> Iterator[sqlite3.Connection]:
    """A migrated in-memory file: hypothesis makes a fresh catalog per example."""
    conn = connect(Path(":memory:"))
    try:
        yield conn
    finally:
        conn.close()


def trigrams(key: str) -> set[str]:
    return {key[i : i + 3] for i in range(len(key) - 2)}


def assert_index_matches_products(conn: sqlite3.Connection) -> None:
    """product_search mirrors products, and the FTS index holds exactly its trigrams."""
    mirror = {
        (row[0], row[1], row[2], row[3])
        for row in conn.execute(
            "SELECT product_id, active, name_key, category_key FROM product_search"
        )
    }
    expected = {
        (row[0], row[1], ascii_fold(row[2]) + "\x01\x01", ascii_fold(row[3]) + "\x01\x01")
        for row in conn.execute("SELECT product_id, active, name, category FROM products")
    }
    assert mirror == expected
    conn.execute("INSERT INTO product_fts (product_fts, rank) VALUES ('integrity-check', 1)")
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_instances"
        " USING fts5vocab(main, product_fts, instance)"
    )
    indexed = {tuple(row) for row in conn.execute("SELECT doc, col, term FROM fts_instances")}
    wanted = set()
    for docid, name_key, category_key in conn.execute(
        "SELECT docid, name_key, category_key FROM product_search"
    ):
        wanted |= {(docid, "name_key", gram) for gram in trigrams(name_key)}
        wanted |= {(docid, "category_key", gram) for gram in trigrams(category_key)}
    assert indexed == wanted


# --- the reference: the documented rule, written the slow and obvious way ---------------


def ascii_fold(text: str) -> str:
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text)


def expected_ids(items: Sequence[Item], query: str, limit: int | None = 50) -> list[str]:
    clean = "".join(
        c
        for c in unicodedata.normalize("NFC", query)
        if unicodedata.category(c) not in {"Cc", "Cs"}
    )
    terms = ascii_fold(clean).split()
    text = " ".join(terms)
    active = sorted(
        (item for item in items if item.active),
        key=lambda item: (ascii_fold(item.name) + "\x01\x01", item.product_id),
    )
    if not text:
        return [item.product_id for item in active][:limit]
    code_like = len(terms) == 1 and all(
        c.isascii() and (c.isalnum() or c == "-") for c in clean.strip()
    )
    exact = prefixes = None
    if code_like:
        scan = classify_scan(clean.strip())
        kinds = {ScanKind.EAN13, ScanKind.EAN8, ScanKind.UPCA, ScanKind.STORE_CODE}
        exact = product_code_key(scan) if scan.kind in kinds else None
        upper = clean.strip().upper()
        prefixes = (upper, "0" + upper) if upper.isdigit() else (upper,)

    def keys(item: Item) -> set[str]:
        return {product_code_key(classify_scan(code)) for code in item.codes}

    first = [item for item in active if exact is not None and exact in keys(item)]
    starts = [
        item for item in active if item not in first and ascii_fold(item.name).startswith(text)
    ]
    rest = [
        item
        for item in active
        if item not in first
        and item not in starts
        and (
            all(t in ascii_fold(item.name) or t in ascii_fold(item.category) for t in terms)
            or any(key.startswith(p) for key in keys(item) for p in prefixes or ())
        )
    ]
    return [item.product_id for item in first + starts + rest][:limit]


# --- examples -----------------------------------------------------------------------------

APPLE = Item("P1", "부사 사과 5kg", "과일", (ean13("880812300002"),))
PEAR = Item("P2", "청주 신고배 3kg", "과일", (ean13("880812300003"),))
JUICE = Item("P3", "사과주스 1L", "음료", (ean13("880812300004"), "CJ-JUICE1"))
MILK = Item("P4", "Fresh Milk 1L", "유제품", (ean13("880812300005"),))
OLD_APPLE = Item("P5", "사과 (단종)", "과일", (ean13("880812300006"),), active=False)
CATALOG = (APPLE, PEAR, JUICE, MILK, OLD_APPLE)


@pytest.fixture
def catalog(db: sqlite3.Connection) -> sqlite3.Connection:
    upsert(db, *CATALOG)
    return db


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("사과", ["P3", "P1"]),  # 사과주스 starts with it; 부사 사과 contains it
        ("과", ["P1", "P3", "P2"]),  # one syllable, in names and the category 과일; 부 < 사 < 청
        ("고배", ["P2"]),  # two syllables inside a word
        ("과일", ["P1", "P2"]),  # category only
        ("사과 5kg", ["P1"]),  # every term, in any order
        ("5KG 사과", ["P1"]),
        ("fresh", ["P4"]),  # A-Z folded both ways
        ("MILK", ["P4"]),
        ("1l", ["P4", "P3"]),  # names by A-Z folded key: "fresh…" < "사과…"
        ("수박", []),
        ("단종", []),  # only an inactive product has it
    ],
)
def test_names_and_categories_match_as_substrings(
    catalog: sqlite3.Connection, query: str, expected: list[str]
) -> None:
    assert ids(search_products(catalog, query)) == expected
    assert ids(search_products(catalog, query, walk_rows=1)) == expected  # the index plan


def test_the_exact_code_comes_first_then_name_prefixes_then_the_rest(
    db: sqlite3.Connection,
) -> None:
    upsert(
        db,
        Item("B", "국산 콩 1kg"),
        Item("C", "콩 500g"),
        Item("D", "검은콩 두유"),
        Item("E", "콩 500g"),  # the same name as C: the product id decides
        Item("A", "콩나물 무침"),
        Item("H", "정수기 필터", codes=("CJ-1",)),
        Item("G", "CJ-1 호환 필터"),
        Item("I", "연수기 필터", codes=("CJ-10",)),
        Item("J", "신형 cj-1 필터"),
    )

    # Name prefixes (by name: "콩 " < "콩나"), then the rest by name (검 < 국).
    assert ids(search_products(db, "콩")) == ["C", "E", "A", "D", "B"]
    # The exact code, a name that starts with it, then code prefixes and names by name.
    assert ids(search_products(db, "cj-1")) == ["H", "G", "J", "I"]
    assert ids(search_products(db, "cj-1", walk_rows=1)) == ["H", "G", "J", "I"]
    assert ids(search_products(db, "cj-1", limit=2)) == ["H", "G"]


def test_codes_match_by_prefix_store_codes_in_any_case_and_upc_a_as_scanned(
    db: sqlite3.Connection,
) -> None:
    upc_a = "036000291452"  # stored under its EAN-13 key, 0036000291452
    upsert(
        db,
        Item("T", "찹쌀떡 6입", codes=("CJ-TTEOK6",)),
        Item("U", "Imported soda", codes=(upc_a,)),
    )

    assert ids(search_products(db, "cj-tt")) == ["T"]
    assert ids(search_products(db, "CJ-TTEOK6")) == ["T"]
    assert ids(search_products(db, upc_a)) == ["U"]  # the scan's key: exact match
    assert ids(search_products(db, "0360002")) == ["U"]  # typed UPC-A digits
    assert ids(search_products(db, "00360002")) == ["U"]  # typed EAN-13 digits
    assert ids(search_products(db, "CJ-TTEOK7")) == []
    (found,) = search_products(db, "cj-tteok6")
    assert found.codes == ("CJ-TTEOK6",) and found.name == "찹쌀떡 6입"


def test_inactive_products_are_never_found_and_come_back_when_reactivated(
    catalog: sqlite3.Connection,
) -> None:
    upsert(catalog, replace(APPLE, active=False))
    assert ids(search_products(catalog, "사과")) == ["P3"]
    assert ids(search_products(catalog, APPLE.codes[0])) == []
    assert "P1" not in ids(search_products(catalog, ""))

    upsert(catalog, replace(APPLE, active=True))
    assert ids(search_products(catalog, "사과")) == ["P3", "P1"]
    assert_index_matches_products(catalog)


def test_a_rename_and_a_new_category_are_searchable_at_once(catalog: sqlite3.Connection) -> None:
    upsert(catalog, replace(PEAR, name="나주 배 7.5kg", category="선물세트"))

    assert ids(search_products(catalog, "신고배")) == []
    assert ids(search_products(catalog, "나주")) == ["P2"]
    assert ids(search_products(catalog, "세트")) == ["P2"]
    assert ids(search_products(catalog, "과일")) == ["P1"]
    assert_index_matches_products(catalog)


def test_a_price_change_keeps_the_entry_and_its_fts_rows(catalog: sqlite3.Connection) -> None:
    before = catalog.execute("SELECT docid FROM product_search WHERE product_id = 'P1'").fetchone()
    upsert(catalog, replace(APPLE, price=29_000))

    after = catalog.execute("SELECT docid FROM product_search WHERE product_id = 'P1'").fetchone()
    assert tuple(before) == tuple(after)
    assert [p.price for p in search_products(catalog, "부사")] == [29_000]
    assert_index_matches_products(catalog)


def test_deleted_rows_leave_the_index_rebuild_and_replace_included(
    catalog: sqlite3.Connection,
) -> None:
    with write_transaction(catalog):
        catalog.execute("DELETE FROM product_codes WHERE product_id = 'P2'")
        catalog.execute("DELETE FROM products WHERE product_id = 'P2'")
    assert ids(search_products(catalog, "신고배")) == []
    assert_index_matches_products(catalog)

    with write_transaction(catalog):
        rebuild_projections(catalog)  # deletes every product, then replays the journal
    assert ids(search_products(catalog, "신고배")) == ["P2"]
    assert_index_matches_products(catalog)

    # INSERT OR REPLACE deletes the old row without DELETE triggers: still right.
    with write_transaction(catalog):
        catalog.execute(
            "INSERT OR REPLACE INTO products (product_id, name, price, category, updated_seq)"
            " VALUES ('P2', '영동 포도 2kg', 18000, '과일', 1)"
        )
    assert ids(search_products(catalog, "신고배")) == []
    assert ids(search_products(catalog, "포도")) == ["P2"]
    assert_index_matches_products(catalog)


ODD_NAMES = (
    Item("Q", '19" 모니터 "특가"'),
    Item("R", "100% 국산_참깨 'OR' * (NEAR)"),
    Item("S", "평범한 상품"),
    Item("T", "끝\U0010ffff 상품"),  # the last code point: no string sorts just after it
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"', ["Q"]),
        ('특가"', ["Q"]),
        ("%", ["R"]),
        ("_", ["R"]),
        ("'or'", ["R"]),
        ("*", ["R"]),
        ("a OR b", []),
        ("(near", ["R"]),
        ("NEAR", ["R"]),
        ("끝\U0010ffff", ["T"]),
        ("\U0010ffff", ["T"]),
        ("\ud800평범", ["S"]),  # a lone surrogate cannot be stored or matched: dropped
    ],
)
def test_query_syntax_characters_are_literal(
    db: sqlite3.Connection, query: str, expected: list[str]
) -> None:
    upsert(db, *ODD_NAMES)

    assert ids(search_products(db, query)) == expected == expected_ids(ODD_NAMES, query)
    assert ids(search_products(db, query, walk_rows=1)) == expected


def test_decomposed_hangul_and_control_characters_in_a_query(catalog: sqlite3.Connection) -> None:
    decomposed = unicodedata.normalize("NFD", "신고배")  # as a Mac may hand it over
    assert decomposed != "신고배"

    assert ids(search_products(catalog, decomposed)) == ["P2"]
    assert ids(search_products(catalog, "신고\x01배")) == ["P2"]  # the key padding is no hit
    assert ids(search_products(catalog, "\x01")) == ids(search_products(catalog, ""))


def test_limits_and_the_empty_query(db: sqlite3.Connection) -> None:
    upsert(db, *(Item(f"P{i:03d}", f"상품 {i:03d}", active=i % 10 != 0) for i in range(120)))

    assert len(search_products(db, "상품")) == 50
    assert len(search_products(db, "상품", limit=None)) == 108
    assert search_products(db, "상품", limit=0) == []
    assert ids(search_products(db, "", limit=3)) == ["P001", "P002", "P003"]
    assert ids(search_products(db, "   ", limit=None)) == [
        f"P{i:03d}" for i in range(120) if i % 10
    ]
    # Common 1-character queries, enough to fill the page from the walk alone.
    assert ids(search_products(db, "품", limit=5)) == ["P001", "P002", "P003", "P004", "P005"]
    assert ids(search_products(db, "품", limit=5, walk_rows=1)) == ids(
        search_products(db, "품", limit=5)
    )


def test_products_come_back_whole(catalog: sqlite3.Connection) -> None:
    (juice,) = search_products(catalog, "주스")

    assert juice.product_id == "P3"
    assert (juice.name, juice.price, juice.category) == ("사과주스 1L", 1_000, "음료")
    assert juice.codes == tuple(sorted(JUICE.codes))
    assert juice.active and not juice.excluded_from_discount


def test_active_products_keeps_its_callers_answers(catalog: sqlite3.Connection) -> None:
    # No filter: every active product by category, then name (the picker's first list).
    assert ids(active_products(catalog)) == ["P1", "P2", "P4", "P3"]  # 과일 < 유제품 < 음료
    # A filter: every match, no page limit, best first.
    assert ids(active_products(catalog, "사과")) == ["P3", "P1"]
    assert ids(active_products(catalog, " 과일 ")) == ["P1", "P2"]
    assert active_products(catalog, "수박") == []


# --- properties ---------------------------------------------------------------------------

SYLLABLES = "사과배부청주신고가나다"
LETTERS = "abcXYZ"
name_text = st.text(alphabet=SYLLABLES + LETTERS + " 5%_\"'", min_size=1, max_size=12).filter(
    lambda text: text.strip() != ""
)


@st.composite
def catalogs(draw: st.DrawFn) -> list[Item]:
    count = draw(st.integers(min_value=1, max_value=14))
    bodies = draw(
        st.lists(
            st.integers(min_value=0, max_value=10**4 - 1),
            min_size=count,
            max_size=count,
            unique=True,
        )
    )
    return [
        Item(
            product_id=f"P{i:02d}",
            name=draw(name_text),
            category=draw(st.sampled_from(["", "과일", "Fresh", "가공 식품"])),
            codes=(ean13(f"88080000{body:04d}"),),
            active=draw(st.booleans()),
        )
        for i, body in enumerate(bodies)
    ]


@st.composite
def catalog_and_query(draw: st.DrawFn) -> tuple[list[Item], str]:
    items = draw(catalogs())
    source = draw(st.sampled_from(items))
    kind = draw(st.sampled_from(["substring", "code", "random"]))
    if kind == "random":
        return items, draw(st.text(alphabet=SYLLABLES + LETTERS + " ", max_size=4))
    text = source.name if kind == "substring" else source.codes[0]
    start = draw(st.integers(min_value=0, max_value=len(text) - 1))
    end = draw(st.integers(min_value=start + 1, max_value=len(text)))
    if kind == "code":
        start = 0
    query = text[start:end]
    if draw(st.booleans()):
        query = query.swapcase()
    return items, query


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=catalog_and_query(), walk_rows=st.sampled_from([1, 3, 4_000]))
def test_search_answers_exactly_the_documented_rule(
    case: tuple[list[Item], str], walk_rows: int
) -> None:
    items, query = case
    with memory_db() as conn:
        upsert(conn, *items)
        every = ids(search_products(conn, query, limit=None, walk_rows=walk_rows))
        page = ids(search_products(conn, query, limit=5, walk_rows=walk_rows))

    assert every == expected_ids(items, query, limit=None)
    assert page == expected_ids(items, query, limit=5)
    active = {item.product_id for item in items if item.active}
    assert set(every) <= active
    # The promise, stated directly: every active product whose name
    # contains the typed text (A-Z folded) is found.
    typed = ascii_fold(query.strip())
    if typed:
        assert {
            item.product_id for item in items if item.active and typed in ascii_fold(item.name)
        } <= set(every)


changes = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=5),
        st.sampled_from(["rename", "recategorise", "deactivate", "activate", "price"]),
        name_text,
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(initial=catalogs(), steps=changes)
def test_triggers_keep_the_index_right_through_any_changes(
    initial: list[Item], steps: list[tuple[int, str, str]]
) -> None:
    current = {item.product_id: item for item in initial}
    with memory_db() as conn:
        upsert(conn, *initial)
        for index, change, text in steps:
            item = list(current.values())[index % len(current)]
            item = {
                "rename": replace(item, name=text),
                "recategorise": replace(item, category=text),
                "deactivate": replace(item, active=False),
                "activate": replace(item, active=True),
                "price": replace(item, price=item.price + 100),
            }[change]
            current[item.product_id] = item
            upsert(conn, item)
        assert_index_matches_products(conn)
        for item in current.values():
            query = item.name.strip()
            assert ids(search_products(conn, query, limit=None)) == expected_ids(
                list(current.values()), query, limit=None
            )
