"""The demo shop's unprocessed food is 면세 (rice, fruit, vegetables, raw meat and fish, eggs) and
the rest of its catalogue taxable, as a Korean grocer's papers are: a demo basket is mixed and its
receipt shows the split."""

from __future__ import annotations

from pos_app.domain.clock import Clock
from pos_app.domain.receipt import EXEMPT_LABEL, SUPPLY_LABEL, VAT_LABEL
from pos_app.domain.tax import TaxCategory
from pos_app.services.checkout import open_checkout
from pos_app.services.demo import _demo_products, seed_demo
from pos_app.store import queries
from pos_app.store.database import connect

EXEMPT_IDS = {
    "P0001",  # 청원생명쌀 10kg
    "P0002",  # 부사 사과 5kg
    "P0003",  # 청주 신고배 3kg
    "P0004",  # 대추방울토마토 1kg
    "P0006",  # 대파 1단
    "P0007",  # 감자 2kg
    "P0011",  # 돼지 삼겹살 500g
    "P0012",  # 고등어 2마리
    "P0023",  # 계란 30구
    "P0037",  # 국산 콩나물 300g
    "P0039",  # 배추 1포기
    "P0040",  # 유정란 30구
    "P0041",  # 생물 고등어 1손
    "P0042",  # 삼겹살 (국내산), sold by weight (a scale label)
    "P0043",  # 한우 불고기감, sold by weight
    "P0044",  # 생물 갈치, sold by weight
    "P0045",  # 꽃게 (시가)
}


def test_the_demo_catalogue_marks_its_unprocessed_food_exempt(tmp_path, clock: Clock) -> None:
    conn = connect(tmp_path / "demo.sqlite3")
    seed_demo(conn, clock)
    products = {p["product_id"]: p for p in _demo_products()}
    assert {pid for pid, p in products.items() if p["tax_category"] == "exempt"} == EXEMPT_IDS
    assert len(products) == 45
    for pid in EXEMPT_IDS:
        stored = queries.product_by_id(conn, pid)
        assert stored is not None and stored.tax_category is TaxCategory.EXEMPT
    # Processed goods stay taxable (milk, bulgogi, tobacco).
    for pid in ("P0013", "P0035"):
        stored = queries.product_by_id(conn, pid)
        assert stored is not None and stored.tax_category is TaxCategory.TAXABLE


def test_a_mixed_demo_basket_prints_its_split(tmp_path, clock: Clock) -> None:
    conn = connect(tmp_path / "demo.sqlite3")
    seed_demo(conn, clock)
    checkout = open_checkout(conn, clock)
    for code in ("8808123000134", "8808123000370", "8808123000356"):  # 우유, 배추, 담배
        checkout.handle_scan(code)
    paid = checkout.pay_cash(20_000)
    rows = {row.left: row.right for row in checkout.receipt(paid)}
    won = {
        k: int(v.removesuffix("원").replace(",", "")) for k, v in rows.items() if v.endswith("원")
    }
    assert won[EXEMPT_LABEL] == 4_500  # cash: no special discount, the 배추 whole
    assert won[SUPPLY_LABEL] + won[VAT_LABEL] == 2_980 + 4_500
    assert won[SUPPLY_LABEL] + won[VAT_LABEL] + won[EXEMPT_LABEL] == won["결제금액"]
