"""The catalogue: add, edit, find and deactivate products; import and export CSV.

Every change is a ``product_upsert`` journal event (projected in the same transaction), so
the server learns the catalogue the way it learns payments, and nothing is ever deleted: a
product the shop stops selling is deactivated and keeps its history.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from pos_app.domain import catalog_mapping
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.money import format_won
from pos_app.domain.pricing import MAX_UNIT_PRICE
from pos_app.domain.records import Product
from pos_app.domain.scale_label import is_item_code
from pos_app.domain.scan import ScanKind, any_store_code, classify_scan, product_code_key
from pos_app.domain.tax import TaxCategory
from pos_app.services import preferences
from pos_app.services.journalled import JournalledService
from pos_app.services.stock import count_movement
from pos_app.store import catalog_queries, queries, stock_movements
from pos_app.store.catalog_search import search_products
from pos_app.store.database import write_transaction
from pos_app.store.projection import PRODUCT_UPSERT, STOCK_MOVEMENT, record

MAX_NAME = 100
MAX_CATEGORY = 50
IMPORT_CHUNK = 500  # rows per transaction: progress moves, and the counter is never held long
_CODE_KINDS = frozenset({ScanKind.EAN13, ScanKind.EAN8, ScanKind.UPCA, ScanKind.STORE_CODE})


@dataclass(frozen=True)
class ProductDraft:
    """What the catalogue form (or a CSV row) says a product should be."""

    name: str
    price: int
    category: str = ""
    codes: tuple[str, ...] = ()
    excluded_from_discount: bool = False
    active: bool = True
    product_id: str | None = None  # None: a new product
    #: 과세 / 면세; None (a CSV without the column): a new product is taxable, an existing
    #: one keeps its category.
    tax_category: TaxCategory | None = None
    #: Sold by weight at ``price_per_kg`` won per kg (a scale's weight label prices it, the
    #: stock is kept in grams); None (a CSV without the columns): an existing product keeps
    #: what it had, a new one is sold by the piece.
    sold_by_weight: bool | None = None
    price_per_kg: int | None = None
    #: 시가: today's price is asked at the counter. None: kept / off, as above.
    market_price: bool | None = None
    #: Fields the form does not edit travel through untouched (photo, low-stock mark, ...).
    extra: dict[str, object] = field(default_factory=dict)
    #: Import only: the stock a product list says is held; a different level is counted
    #: to it (재고 실사). None: stock is left as it is.
    stock_count: int | None = None


@dataclass(frozen=True)
class ImportSummary:
    added: int
    updated: int
    stock_counted: int = 0  # products whose stock the list changed by a count


def _clean_text(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def code_key(code: str) -> str:
    """The key a scan of ``code`` looks up; UserFacingError if no scanner could read it so."""
    scan = classify_scan(code.strip(), known_code=any_store_code)
    if is_item_code(scan.text):
        return scan.text  # a label scale's item code: the label finds the product by it
    if scan.kind not in _CODE_KINDS:
        raise UserFacingError(ErrorKey.PRODUCT_BAD_CODE, code=code.strip())
    return product_code_key(scan)


class CatalogService(JournalledService):
    # ----- reading ----------------------------------------------------------------------

    def search(self, query: str, limit: int | None = 200) -> list[Product]:
        return search_products(self._conn, query, limit)

    def product(self, product_id: str) -> Product | None:
        return queries.product_by_id(self._conn, product_id)

    def inactive(self) -> list[Product]:
        return catalog_queries.inactive_products(self._conn)

    def all_products(self) -> list[Product]:
        """Every product, on sale first (for export: nothing is left out)."""
        return self.search("", None) + catalog_queries.inactive_products(self._conn, -1)

    def stock_levels(self) -> dict[str, int]:
        """Product id -> the stock held now, every product (an export's 재고 column)."""
        levels = stock_movements.product_levels(self._conn, active_only=False)
        return {level.product_id: level.level for level in levels}

    def favourites(self) -> list[Product]:
        return catalog_queries.favourite_products(self._conn)

    def set_favourite(self, product_id: str, favourite: bool) -> Product:
        current = self.product(product_id)
        if current is None:
            raise UserFacingError(ErrorKey.PRODUCT_UNKNOWN, product_id=product_id)
        draft = self.draft_of(current)
        return self.save(replace(draft, extra={**draft.extra, "favourite": favourite}))

    def extras(self, product_id: str) -> dict[str, object]:
        """The product's photo, low-stock mark and favourite flag."""
        return catalog_queries.product_extras(self._conn, product_id)

    def counts(self) -> tuple[int, int]:
        return catalog_queries.product_count(self._conn)

    def product_for_code(self, code: str) -> Product | None:
        """The product, active or not, that a scan of ``code`` would name."""
        try:
            owner = catalog_queries.code_owner(self._conn, code_key(code))
        except UserFacingError:
            return None
        return self.product(owner[0]) if owner else None

    # ----- import column mappings -------------------------------------------------------

    def remembered_mapping(self, header: Sequence[str]) -> dict[str, int] | None:
        """The columns the cashier chose last time for a file with this header row."""
        stored = preferences.import_mapping(self._conn, catalog_mapping.signature(header))
        return None if stored is None else catalog_mapping.usable(stored, header)

    def remember_mapping(self, header: Sequence[str], columns: Mapping[str, int]) -> None:
        """Offer these columns next time a file with this header row is imported."""
        signature = catalog_mapping.signature(header)
        preferences.remember_import_mapping(self._conn, signature, dict(columns))

    # ----- writing ----------------------------------------------------------------------

    def save(self, draft: ProductDraft) -> Product:
        """Add or change a product; UserFacingError (nothing written) if the draft is wrong."""
        with write_transaction(self._conn):
            body = self._checked_body(draft)
            record(self._conn, PRODUCT_UPSERT, body, occurred_at=self._clock())
        self._on_recorded()
        saved = self.product(str(body["product_id"]))
        assert saved is not None
        return saved

    def set_active(self, product_id: str, active: bool) -> Product:
        current = self.product(product_id)
        if current is None:
            raise UserFacingError(ErrorKey.PRODUCT_UNKNOWN, product_id=product_id)
        return self.save(self.draft_of(current, active=active))

    def draft_of(self, product: Product, **changes: object) -> ProductDraft:
        draft = ProductDraft(
            name=product.name,
            price=product.price,
            category=product.category,
            codes=product.codes,
            excluded_from_discount=product.excluded_from_discount,
            active=product.active,
            product_id=product.product_id,
            tax_category=product.tax_category,
            sold_by_weight=product.sold_by_weight,
            price_per_kg=product.price_per_kg,
            market_price=product.market_price,
        )
        return replace(draft, **changes)  # type: ignore[arg-type]

    def import_products(
        self,
        drafts: Iterable[ProductDraft],
        progress: Callable[[int], None] | None = None,
        *,
        stock_note: str = "",
    ) -> ImportSummary:
        """Save many products, IMPORT_CHUNK per transaction; ``progress(rows done)``.

        A draft's ``stock_count`` that differs from the product's level is a stock count
        (재고 실사) in the same transaction as the product, journalled as a count the owner
        makes at the counter, with ``stock_note`` (which file it came from) as its note.

        A row that breaks a rule here (its code already held by another product in the
        file or the shop) raises UserFacingError; chunks already saved stay saved and the
        error names the product, so the owner can fix that row and import again (saving
        an unchanged product again is harmless).
        """
        added = updated = done = counted = 0
        chunk: list[ProductDraft] = []

        def flush() -> None:
            nonlocal added, updated, done, counted
            with write_transaction(self._conn):
                for draft in chunk:
                    is_new = draft.product_id is None or self.product(draft.product_id) is None
                    body = self._checked_body(draft)
                    record(self._conn, PRODUCT_UPSERT, body, occurred_at=self._clock())
                    added += is_new
                    updated += not is_new
                    if draft.stock_count is None:
                        continue
                    movement = count_movement(
                        self._conn, str(body["product_id"]), draft.stock_count, stock_note
                    )
                    if movement is not None:
                        record(self._conn, STOCK_MOVEMENT, movement, occurred_at=self._clock())
                        counted += 1
            done += len(chunk)
            chunk.clear()
            self._on_recorded()
            if progress is not None:
                progress(done)

        for draft in drafts:
            chunk.append(draft)
            if len(chunk) >= IMPORT_CHUNK:
                flush()
        if chunk:
            flush()
        return ImportSummary(added, updated, counted)

    def _checked_body(self, draft: ProductDraft) -> dict[str, object]:
        name = _clean_text(draft.name)
        if not name or len(name) > MAX_NAME:
            raise UserFacingError(ErrorKey.PRODUCT_NAME_REQUIRED)
        if (
            not isinstance(draft.price, int)
            or isinstance(draft.price, bool)
            or not 0 <= draft.price <= MAX_UNIT_PRICE
        ):
            raise UserFacingError(ErrorKey.PRODUCT_BAD_PRICE, max=format_won(MAX_UNIT_PRICE))
        product_id = draft.product_id or str(uuid.uuid4())
        keys: list[str] = []
        for code in draft.codes:
            if not code.strip():
                continue
            key = code_key(code)
            owner = catalog_queries.code_owner(self._conn, key)
            if owner is not None and owner[0] != product_id:
                raise UserFacingError(ErrorKey.PRODUCT_CODE_TAKEN, code=key, other=owner[1])
            if key not in keys:
                keys.append(key)
        previous = queries.product_by_id(self._conn, product_id)
        body: dict[str, object] = {}
        if previous is not None:
            body.update(self._stored_extras(product_id))
        body.update(draft.extra)
        body.update(
            {
                "product_id": product_id,
                "name": name,
                "price": draft.price,
                "category": _clean_text(draft.category)[:MAX_CATEGORY],
                "excluded_from_discount": bool(draft.excluded_from_discount),
                "active": bool(draft.active),
                "codes": keys,
                "tax_category": (
                    draft.tax_category
                    or (previous.tax_category if previous is not None else TaxCategory.TAXABLE)
                ).value,
            }
        )
        body.update(_weight_fields(draft, previous))
        return body

    def _stored_extras(self, product_id: str) -> dict[str, object]:
        """Fields of the last upsert this form does not edit, so an edit keeps them."""
        return catalog_queries.product_extras(self._conn, product_id)


def _weight_fields(draft: ProductDraft, previous: Product | None) -> dict[str, object]:
    """sold_by_weight / price_per_kg / market_price, checked: a product sold by weight has a
    price per kg (a weight label cannot be priced without it)."""
    by_weight = (
        draft.sold_by_weight
        if draft.sold_by_weight is not None
        else (previous.sold_by_weight if previous is not None else False)
    )
    per_kg = draft.price_per_kg
    if per_kg is None and draft.sold_by_weight is None and previous is not None:
        per_kg = previous.price_per_kg
    market = (
        draft.market_price
        if draft.market_price is not None
        else (previous.market_price if previous is not None else False)
    )
    if per_kg is not None and (
        not isinstance(per_kg, int) or isinstance(per_kg, bool) or not 1 <= per_kg <= MAX_UNIT_PRICE
    ):
        raise UserFacingError(ErrorKey.PRODUCT_BAD_PRICE_PER_KG, max=format_won(MAX_UNIT_PRICE))
    if by_weight and per_kg is None:
        raise UserFacingError(ErrorKey.PRODUCT_BAD_PRICE_PER_KG, max=format_won(MAX_UNIT_PRICE))
    return {
        "sold_by_weight": bool(by_weight),
        "price_per_kg": per_kg if by_weight else None,
        "market_price": bool(market),
    }
