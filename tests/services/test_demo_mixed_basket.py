"""The demo shop sells 면세 goods too (배추, 유정란, 고등어) beside its taxable catalogue, so a
demo basket is mixed and its receipt shows the split."""

from __future__ import annotations

from pos_app.domain.clock import Clock
from pos_app.domain.receipt import EXEMPT_LABEL, SUPPLY_LABEL, VAT_LABEL
from pos_app.domain.tax import TaxCategory
from pos_app.services.checkout import open_checkout
from pos_app.services.demo import _demo_products, seed_demo
from pos_app.store import queries
from pos_app.store.database import connect

EXEMPT_IDS = {"P0039", "P0040", "P0041"}


def test_the_demo_catalogue_has_exempt_goods_and_the_old_products_stay_taxable(
    tmp_path, clock: Clock
) -> None:
    conn = connect(tmp_path / "demo.sqlite3")
    seed_demo(conn, clock)
    products = {p["product_id"]: p for p in _demo_products()}
    assert {pid for pid, p in products.items() if p["tax_category"] == "exempt"} == EXEMPT_IDS
    # The products many tests use are unchanged: all taxable, the same 38.
    assert len(products) == 41
    for pid in EXEMPT_IDS:
        stored = queries.product_by_id(conn, pid)
        assert stored is not None and stored.tax_category is TaxCategory.EXEMPT
    milk = queries.product_by_id(conn, "P0013")
    assert milk is not None and milk.tax_category is TaxCategory.TAXABLE


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
