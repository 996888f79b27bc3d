"""Scale labels and 시가 goods at the counter, on a real SQLite file: the product found by
the label's item code, the line's weight and price, stock moved in grams, a bad label
never sold, and today's market price remembered for the business day."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from helpers import FIXED_NOW, fixed_clock

from pos_app.domain.clock import Clock
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.scale_label import LabelValue, ScaleFormat, make_scale_label
from pos_app.services import preferences
from pos_app.services.catalog import CatalogService, ProductDraft
from pos_app.services.checkout import CheckoutService, ScanAction
from pos_app.services.demo import DEMO_MANAGER_PIN
from pos_app.services.sale import Sale
from pos_app.store import stock_movements
from pos_app.store.journal import iter_events

WEIGHT = ScaleFormat(prefix="21", item_digits=5, value=LabelValue.WEIGHT)
PRICE_CHECKED = ScaleFormat(prefix="20", item_digits=4, value=LabelValue.PRICE, value_check=True)


@pytest.fixture
def catalog(db: sqlite3.Connection, clock: Clock) -> CatalogService:
    return CatalogService(db, clock)


@pytest.fixture
def pork(catalog: CatalogService):
    return catalog.save(
        ProductDraft(
            name="삼겹살",
            price=0,
            codes=("00123",),
            sold_by_weight=True,
            price_per_kg=18_900,
        )
    )


def test_a_weight_label_prices_the_line_by_the_kg_and_moves_grams(
    service: CheckoutService, db: sqlite3.Connection, pork
) -> None:
    preferences.set_scale_format(db, WEIGHT)
    before = stock_movements.level_of(db, pork.product_id)
    label = make_scale_label(WEIGHT, "00123", 532)
    outcome = service.handle_scan(label)
    assert outcome.action is ScanAction.PRODUCT_ADDED and outcome.product == pork
    service.handle_scan(label)  # a second package of the same weight: a line of its own
    first, second = service.sale.lines
    assert (first.weight_g, first.price_per_kg, first.unit_price) == (532, 18_900, 10_054)
    assert second == first and len(service.sale.lines) == 2
    paid = service.pay_cash(30_000)
    body = next(e.body for e in iter_events(db) if e.event_id == paid.payment_id)
    assert body["lines"][0]["weight_g"] == 532 and body["lines"][0]["price_per_kg"] == 18_900
    receipt = "\n".join(f"{row.left} {row.right}" for row in service.receipt(paid))
    assert "0.532 kg x 18,900원/kg" in receipt  # the paper shows what the label said
    assert stock_movements.level_of(db, pork.product_id) == before - 2 * 532
    service.void_last_payment(DEMO_MANAGER_PIN, "고객 변심", paid.payment_id)
    assert stock_movements.level_of(db, pork.product_id) == before


def test_an_unweighed_line_has_no_weight_keys_in_its_body(
    service: CheckoutService, db: sqlite3.Connection
) -> None:
    service.handle_scan("8808123000134")  # 우유 1L
    paid = service.pay_cash(10_000)
    body = next(e.body for e in iter_events(db) if e.event_id == paid.payment_id)
    assert "weight_g" not in body["lines"][0] and "price_per_kg" not in body["lines"][0]


def test_a_price_label_is_the_lines_price(
    service: CheckoutService, db: sqlite3.Connection, catalog: CatalogService
) -> None:
    preferences.set_scale_format(db, PRICE_CHECKED)
    fish = catalog.save(
        ProductDraft(
            name="고등어", price=0, codes=("4321",), sold_by_weight=True, price_per_kg=12_000
        )
    )
    service.handle_scan(make_scale_label(PRICE_CHECKED, "4321", 14_685))
    (line,) = service.sale.lines
    assert line.product_id == fish.product_id and line.unit_price == 14_685
    assert line.weight_g == 1_223 and line.price_per_kg == 12_000  # 14,685 / 12,000 kg


@pytest.mark.parametrize(
    ("fmt", "position", "key"),
    [
        (WEIGHT, 12, ErrorKey.SCALE_BAD_CHECK_DIGIT),  # the EAN-13 check digit
        (PRICE_CHECKED, 6, ErrorKey.SCALE_BAD_VALUE_CHECK),  # the price's own check digit
    ],
)
def test_a_label_with_a_bad_check_digit_is_refused_and_nothing_is_sold(
    service: CheckoutService, db: sqlite3.Connection, pork, fmt, position, key
) -> None:
    preferences.set_scale_format(db, fmt)
    good = make_scale_label(fmt, "00123" if fmt is WEIGHT else "0123", 532)
    digits = list(good)
    digits[position] = str((int(digits[position]) + 1) % 10)
    bad = "".join(digits)
    if key is ErrorKey.SCALE_BAD_VALUE_CHECK:
        from pos_app.domain.barcodes import gtin_check_digit

        bad = bad[:12] + str(gtin_check_digit(bad[:12]))
    with pytest.raises(UserFacingError) as caught:
        service.handle_scan(bad)
    assert caught.value.key is key and caught.value.code.startswith("E65")
    assert service.sale.is_empty()


def test_a_weight_label_for_a_product_without_a_price_per_kg_is_refused(
    service: CheckoutService, db: sqlite3.Connection, catalog: CatalogService
) -> None:
    preferences.set_scale_format(db, WEIGHT)
    catalog.save(ProductDraft(name="두부", price=2_000, codes=("00777",)))
    with pytest.raises(UserFacingError) as caught:
        service.handle_scan(make_scale_label(WEIGHT, "00777", 300))
    assert caught.value.key is ErrorKey.SCALE_NO_PRICE_PER_KG
    with pytest.raises(UserFacingError) as caught:
        service.handle_scan(make_scale_label(WEIGHT, "00999", 300))
    assert caught.value.key is ErrorKey.SCALE_UNKNOWN_ITEM


def test_without_a_scale_setting_a_2_code_is_a_store_code_as_before(
    service: CheckoutService, db: sqlite3.Connection, pork
) -> None:
    preferences.set_scale_format(db, None)  # the demo shop has one: a shop without
    with pytest.raises(UserFacingError) as caught:
        service.handle_scan(make_scale_label(WEIGHT, "00123", 532))
    assert caught.value.key is ErrorKey.SCAN_UNKNOWN_PRODUCT


def test_sold_by_weight_needs_a_price_per_kg(catalog: CatalogService) -> None:
    with pytest.raises(UserFacingError) as caught:
        catalog.save(ProductDraft(name="소고기", price=0, sold_by_weight=True))
    assert caught.value.key is ErrorKey.PRODUCT_BAD_PRICE_PER_KG


def test_a_market_price_item_asks_and_remembers_todays_price_for_the_day(
    service: CheckoutService, db: sqlite3.Connection, catalog: CatalogService
) -> None:
    crab = catalog.save(
        ProductDraft(name="꽃게", price=20_000, codes=("8801234567893",), market_price=True)
    )
    outcome = service.handle_scan("8801234567893")
    assert outcome.action is ScanAction.MARKET_PRICE_NEEDED and service.sale.is_empty()
    sale = service.sale
    assert sale.market_price_default(crab) == 20_000  # nothing typed today: the list price
    sale.add_at_market_price(crab, 23_000)
    assert sale.lines[0].unit_price == 23_000
    assert sale.market_price_default(crab) == 23_000
    with pytest.raises(UserFacingError) as caught:
        sale.add_at_market_price(crab, 0)
    assert caught.value.code == "E658"
    tomorrow = Sale(db, fixed_clock(FIXED_NOW + timedelta(days=1)), service.settings)
    assert tomorrow.market_price_default(crab) == 20_000  # a new day: yesterday's is no default


def test_a_refunded_weighed_line_puts_its_grams_back(
    service: CheckoutService, db: sqlite3.Connection, clock: Clock, pork
) -> None:
    from helpers import owner_approval

    from pos_app.domain.refunds import RefundReason
    from pos_app.services.refunds import RefundService

    preferences.set_scale_format(db, WEIGHT)
    before = stock_movements.level_of(db, pork.product_id)
    service.handle_scan(make_scale_label(WEIGHT, "00123", 532))
    paid = service.pay_cash(20_000)
    assert stock_movements.level_of(db, pork.product_id) == before - 532
    refund = RefundService(db, clock).refund(
        paid.payment_id,
        reason=RefundReason.DEFECTIVE,
        approve=owner_approval(db),
        quantities={1: 1},
    )
    body = next(e.body for e in iter_events(db) if e.event_id == refund.refund_id)
    assert body["lines"][0]["weight_g"] == 532
    assert stock_movements.level_of(db, pork.product_id) == before


def test_the_demo_shelves_hold_weighed_goods_in_grams() -> None:
    from pos_app.services.demo import seed_demo_stock

    received: dict[str, int] = {}
    seed_demo_stock(
        lambda pid, qty, _note: received.__setitem__(pid, qty), ["P0001", "P0042"], ["P0042"]
    )
    assert received == {"P0001": 5, "P0042": 42_000}  # 42 kg of 삼겹살, in grams
