"""The catalogue service: every change a journal event, codes unique, nothing deleted."""

from __future__ import annotations

import sqlite3

import pytest

from pos_app.domain.clock import Clock
from pos_app.domain.errors import UserFacingError
from pos_app.services.catalog import CatalogService, ProductDraft
from pos_app.store.journal import iter_events, verify_journal
from pos_app.store.projection import rebuild_projections
from tests.helpers import dump_projections

APPLE_CODE = "8808123000028"  # 부사 사과 5kg in the demo catalogue


@pytest.fixture
def catalog(db: sqlite3.Connection, clock: Clock) -> CatalogService:
    return CatalogService(db, clock)


def upserts(db: sqlite3.Connection) -> list[dict]:
    return [e.body for e in iter_events(db) if e.type == "product_upsert"]


def test_a_new_product_is_an_event_and_can_be_found_and_scanned(catalog, db) -> None:
    before = len(upserts(db))
    saved = catalog.save(
        ProductDraft(
            name="  햇 감자   1kg ", price=4_500, category="채소", codes=("8801234567893",)
        )
    )
    assert saved.name == "햇 감자 1kg" and saved.codes == ("8801234567893",)
    assert len(upserts(db)) == before + 1 and upserts(db)[-1]["product_id"] == saved.product_id
    assert [p.product_id for p in catalog.search("햇 감자")][:1] == [saved.product_id]
    assert catalog.product_for_code("8801234567893") == saved
    assert verify_journal(db) is None


def test_a_code_belongs_to_one_product(catalog) -> None:
    with pytest.raises(UserFacingError) as caught:
        catalog.save(ProductDraft(name="가짜 사과", price=1, codes=(APPLE_CODE,)))
    assert caught.value.key == "product.code_taken"
    assert "부사 사과" in caught.value.message("ko")


@pytest.mark.parametrize(
    ("draft", "key"),
    [
        (ProductDraft(name="   ", price=100), "product.name_required"),
        (ProductDraft(name="x" * 101, price=100), "product.name_required"),
        (ProductDraft(name="물", price=-1), "product.bad_price"),
        (ProductDraft(name="물", price=100_000_001), "product.bad_price"),
        (ProductDraft(name="물", price=100, codes=("8801234567890",)), "product.bad_code"),
        (ProductDraft(name="물", price=100, codes=("사과!",)), "product.bad_code"),
    ],
)
def test_bad_drafts_are_refused_and_nothing_is_written(catalog, db, draft, key) -> None:
    before = len(upserts(db))
    with pytest.raises(UserFacingError) as caught:
        catalog.save(draft)
    assert caught.value.key == key
    assert len(upserts(db)) == before


def test_deactivating_keeps_the_product_and_its_history(catalog, db) -> None:
    apple = catalog.product_for_code(APPLE_CODE)
    assert apple is not None
    off = catalog.set_active(apple.product_id, False)
    assert not off.active
    assert all(p.product_id != apple.product_id for p in catalog.search("사과"))
    assert catalog.product_for_code(APPLE_CODE) == off  # still known, just not on sale
    assert any(p.product_id == apple.product_id for p in catalog.inactive())
    assert catalog.set_active(apple.product_id, True).active


def test_an_edit_keeps_what_the_form_does_not_show(catalog) -> None:
    apple = catalog.product_for_code(APPLE_CODE)
    catalog.set_favourite(apple.product_id, True)
    catalog.save(catalog.draft_of(apple, price=29_000))
    assert [p.product_id for p in catalog.favourites()] == [apple.product_id]
    assert catalog.product(apple.product_id).price == 29_000


def test_import_in_chunks_reports_progress_and_rebuilds_identically(catalog, db) -> None:
    drafts = [
        ProductDraft(name=f"시장 상품 {i:04d}", price=1_000 + i, category="시장")
        for i in range(1_203)
    ]
    seen: list[int] = []
    summary = catalog.import_products(drafts, seen.append)
    assert (summary.added, summary.updated) == (1_203, 0)
    assert seen == [500, 1_000, 1_203]
    assert len(catalog.search("시장 상품", None)) == 1_203
    before = dump_projections(db)
    rebuild_projections(db)
    assert dump_projections(db) == before


def test_export_then_import_changes_nothing(catalog) -> None:
    from pos_app.domain.catalog_csv import export_products_csv, read_catalog_csv

    everything = catalog.all_products()
    parsed = read_catalog_csv(export_products_csv(everything))
    assert parsed.errors == ()
    summary = catalog.import_products(
        ProductDraft(
            name=p.name, price=p.price, category=p.category, codes=p.codes,
            excluded_from_discount=p.excluded_from_discount, active=p.active,
            product_id=p.product_id,
        )
        for p in parsed.products
    )  # fmt: skip
    assert (summary.added, summary.updated) == (0, len(everything))
    assert catalog.all_products() == everything


def test_a_product_is_taxable_or_exempt_and_an_import_without_the_column_keeps_it(
    catalog, db
) -> None:
    from pos_app.domain.tax import TaxCategory

    cabbage = catalog.save(ProductDraft(name="배추", price=4_000, tax_category=TaxCategory.EXEMPT))
    water = catalog.save(ProductDraft(name="생수", price=1_000))
    assert cabbage.tax_category is TaxCategory.EXEMPT
    assert water.tax_category is TaxCategory.TAXABLE
    assert upserts(db)[-2]["tax_category"] == "exempt"
    # The counter's line carries it.
    assert catalog.product(cabbage.product_id).as_cart_line().tax is TaxCategory.EXEMPT
    # A CSV without the 과세구분 column says nothing: the existing product keeps its own.
    catalog.import_products(
        [ProductDraft(name="배추 1포기", price=4_200, product_id=cabbage.product_id)]
    )
    assert catalog.product(cabbage.product_id).tax_category is TaxCategory.EXEMPT
    # An edit through the form's draft keeps it too, and can change it.
    edited = catalog.save(catalog.draft_of(catalog.product(cabbage.product_id), price=4_500))
    assert edited.tax_category is TaxCategory.EXEMPT
    changed = catalog.save(catalog.draft_of(edited, tax_category=TaxCategory.TAXABLE))
    assert changed.tax_category is TaxCategory.TAXABLE
    before = dump_projections(db)
    rebuild_projections(db)
    assert dump_projections(db) == before


def test_a_new_store_code_typed_through_the_hangul_ime_is_its_code_in_the_form() -> None:
    # The product form's code field holds only codes: a new letter code scanned while the
    # Korean IME is on ("ABC-123" arrives as "ㅁㅠㅊ-123") is repaired even though the catalog
    # does not know it yet; Korean that is no code is still refused, shown as typed.
    from pos_app.domain.hangul_ime import compose_dubeolsik
    from pos_app.services.catalog import code_key

    assert code_key(compose_dubeolsik("abc-123")) == "ABC-123"
    with pytest.raises(UserFacingError) as refused:
        code_key("사과 1kg")
    assert "사과 1kg" in refused.value.message("ko")
