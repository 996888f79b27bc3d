"""Demo / training mode (연습 모드): a demo merchant, products and a test issuer key.

Demo data lives in its own database file, so training never mixes with a
merchant's real records. The demo issuer key is public knowledge (it is in
this file) and is trusted only inside that demo file.
"""

from __future__ import annotations

import csv
import secrets
import sqlite3
from collections.abc import Callable, Iterable
from datetime import date
from importlib import resources

from pos_app.domain.clock import Clock, business_date
from pos_app.domain.demo_issuer import DEMO_ISSUER_KEY_ID as DEMO_ISSUER_KEY_ID
from pos_app.domain.demo_issuer import DEMO_ISSUER_SEED as DEMO_ISSUER_SEED
from pos_app.domain.demo_issuer import demo_public_key as demo_public_key
from pos_app.domain.merchant import MerchantProfile, MerchantTerms
from pos_app.domain.offline_rules import OfflineLimits
from pos_app.domain.payment_code import IssuerKey, KeySet, mint_payment_code
from pos_app.domain.pricing import CashbackPolicy, DiscountPolicy
from pos_app.domain.scale_label import LabelValue, ScaleFormat
from pos_app.domain.staff import Role
from pos_app.domain.tax import TaxCategory
from pos_app.services import preferences
from pos_app.services.staff import StaffService
from pos_app.store import settings
from pos_app.store.database import write_transaction
from pos_app.store.projection import PRODUCT_UPSERT, record

DEMO_WALLET_ID = 1_000_000_042
DEMO_MANAGER_PIN = "1234"  # the owner's
DEMO_CASHIER_PIN = "0000"
DEMO_DEVICE_LABEL = "DEMO-01"

DEMO_MERCHANT = MerchantProfile(
    merchant_id="M-DEMO-0001",
    name="청주 한빛마트 (연습)",
    business_number="1048212347",
    representative="김하나",
    address="충북 청주시 흥덕구 직지대로 100",
    phone="043-000-0000",
)


def demo_terms(today: date) -> MerchantTerms:
    """10 % special discount for the whole current year; 2026's cashback (10 %, 30,000원/월)."""
    return MerchantTerms(
        discount=DiscountPolicy(
            rate_bp=1_000, valid_from=date(today.year, 1, 1), valid_to=date(today.year, 12, 31)
        ),
        cashback=CashbackPolicy(rate_bp=1_000, monthly_cap=30_000),
    )


def mint_demo_code(issued_at: int, offline_limit: int = 50_000, ttl_seconds: int = 180) -> str:
    """What the customer's phone would show: a fresh, single-use payment code."""
    return mint_payment_code(
        DEMO_ISSUER_SEED,
        key_id=DEMO_ISSUER_KEY_ID,
        wallet_id=DEMO_WALLET_ID,
        token_id=secrets.token_bytes(16),
        issued_at=issued_at,
        ttl_seconds=ttl_seconds,
        offline_limit=offline_limit,
    )


#: The demo shop's label-scale layout: 21 IIIII WWWWW C (weight in grams, no value check),
#: so ``make_scale_label(DEMO_SCALE, "00101", 532)`` is a label for 0.532 kg of 삼겹살.
DEMO_SCALE = ScaleFormat(prefix="21", item_digits=5, value=LabelValue.WEIGHT)


def _demo_products() -> list[dict[str, object]]:
    text = resources.files("pos_app.resources.demo").joinpath("products.csv").read_text("utf-8")
    return [
        {
            "product_id": row["product_id"],
            "name": row["name"],
            "category": row["category"],
            "price": int(row["price"]),
            "excluded_from_discount": row["excluded_from_discount"] == "1",
            "active": True,
            "codes": [code for code in row["codes"].split(";") if code],
            # 과세구분: the rows before the column are taxable; the 면세 ones say so, so a
            # demo shop sells a mixed basket (fresh produce, eggs, fish are 면세).
            "tax_category": row.get("tax_category") or TaxCategory.TAXABLE.value,
            # Weighed meat and fish (a scale's item code, sold by the kg) and a 시가 crab.
            "sold_by_weight": row.get("sold_by_weight") == "1",
            "price_per_kg": int(row["price_per_kg"]) if row.get("price_per_kg") else None,
            "market_price": row.get("market_price") == "1",
        }
        for row in csv.DictReader(text.splitlines())
    ]


def seed_demo(conn: sqlite3.Connection, clock: Clock) -> None:
    """Make the demo file ready; safe to run at every demo start."""
    now = clock()
    with write_transaction(conn):
        settings.save_merchant(conn, DEMO_MERCHANT)
        settings.save_terms(conn, demo_terms(business_date(now)))
        settings.save_keys(conn, KeySet([IssuerKey(DEMO_ISSUER_KEY_ID, demo_public_key())]))
        settings.save_offline_limits(conn, OfflineLimits())
        settings.set_value(conn, settings.DEVICE_LABEL, DEMO_DEVICE_LABEL)
        if settings.get_value(conn, preferences.SCALE_FORMAT) is None:
            # The demo stall's label scale: 21 + 5-digit item code + grams (DEMO_SCALE).
            settings.set_value(conn, preferences.SCALE_FORMAT, DEMO_SCALE.as_dict())
    # Staff before the products, so a fresh demo's journal still ends with its catalogue.
    _seed_staff(conn, clock)
    with write_transaction(conn):
        has_products = conn.execute("SELECT 1 FROM products LIMIT 1").fetchone()
        if not has_products:
            for product in _demo_products():
                record(conn, PRODUCT_UPSERT, product, occurred_at=now)


def _seed_staff(conn: sqlite3.Connection, clock: Clock) -> None:
    """An owner (PIN 1234, the demo's manager PIN) and a cashier (0000), to practise
    overrides."""
    staff = StaffService(conn, clock)
    if staff.ensure_owner() is None:
        staff.seed("사장", Role.OWNER, DEMO_MANAGER_PIN)
    if not any(member.role is Role.CASHIER for member in staff.members()):
        staff.seed("연습 캐셔", Role.CASHIER, DEMO_CASHIER_PIN)


def seed_demo_stock(
    receive: Callable[[str, int, str], object],
    product_ids: list[str],
    weighed: Iterable[str] = (),
) -> None:
    """Goods on the demo shop's shelves (training only: tests seed none, so counts stay exact).

    Quantities vary by product (5-64) so the stock screen shows a realistic mix; the same
    every time, so screenshots and training notes agree.
    """
    by_weight = set(weighed)
    for index, product_id in enumerate(sorted(product_ids)):
        count = 5 + (index * 37) % 60
        # Goods sold by weight are stocked in grams: the same figure in kg.
        receive(
            product_id, count * 1000 if product_id in by_weight else count, "연습 모드 초기 재고"
        )
