"""과세/면세 on the server: products and listings carry it, a payment's VAT split is checked
against its lines (the server trusts no device) and stored; old events are all taxable."""

from __future__ import annotations

from typing import Any

import pytest
from server_support import (
    Harness,
    PosDevice,
    assert_problem,
    open_shop,
    payment_body,
    product_body,
)
from sqlalchemy import select

from central_server.schema import payments, products
from pos_app.domain.clock import unix_seconds
from pos_app.domain.tax import TaxCategory, sale_split


@pytest.fixture
def device(harness: Harness) -> PosDevice:
    return harness.enrol()


def mixed_payment(harness: Harness) -> dict[str, Any]:
    """과세 22,000 + 면세 8,000 (eligible) + 과세 5,000 excluded, 5 % off: as the POS writes it."""
    body = payment_body(
        harness.mint(),
        scanned_at=unix_seconds(harness.clock()),
        lines=((11_000, 2, False), (4_000, 2, False), (5_000, 1, True)),
        discount_rate_bp=500,
    )
    taxes = [TaxCategory.TAXABLE, TaxCategory.EXEMPT, TaxCategory.TAXABLE]
    for line, tax in zip(body["lines"], taxes, strict=True):
        line["tax"] = tax.value
    split = sale_split(
        [
            (line["amount"], tax, not line["excluded_from_discount"])
            for line, tax in zip(body["lines"], taxes, strict=True)
        ],
        body["discount"],
    )
    body["tax_split"] = split.as_body()
    return body


def stored_split(harness: Harness, payment_id: str) -> tuple[int, int, int]:
    with harness.engine.connect() as conn:
        row = conn.execute(
            select(payments.c.taxable_total, payments.c.vat, payments.c.exempt_total).where(
                payments.c.payment_id == payment_id
            )
        ).one()
    return tuple(row)  # type: ignore[return-value]


def test_a_mixed_payment_is_accepted_and_its_split_stored(harness: Harness, device: PosDevice):
    body = mixed_payment(harness)
    assert body["tax_split"] == {"taxable": 25_900, "vat": 2_354, "exempt": 7_600}
    result = device.record("payment", body)
    assert result["outcome"] == "accepted", result
    assert stored_split(harness, result["event_id"]) == (25_900, 2_354, 7_600)


def test_an_old_payment_without_the_keys_is_all_taxable(harness: Harness, device: PosDevice):
    result = device.pay(amount=10_999)
    assert result["outcome"] == "accepted", result
    assert stored_split(harness, result["event_id"]) == (10_999, 999, 0)


@pytest.mark.parametrize(
    ("change", "detail"),
    [
        # A device that moved VAT out of the taxable part (or a forged receipt).
        (lambda b: b["tax_split"].update(vat=0), "tax_split does not match"),
        (lambda b: b["tax_split"].update(taxable=30_000, exempt=3_500), "tax_split does not match"),
        # The split says exempt, the lines do not.
        (lambda b: b["lines"][1].update(tax="taxable"), "tax_split does not match"),
        (lambda b: b["lines"][0].update(tax="영세"), "tax must be taxable or exempt"),
        (lambda b: b["tax_split"].update(vat=-1), "tax_split.vat"),
        (lambda b: b.update(tax_split=[1, 2, 3]), "tax_split must be dict"),
    ],
)
def test_a_split_that_does_not_match_the_lines_is_422(
    harness: Harness, device: PosDevice, change: Any, detail: str
):
    body = mixed_payment(harness)
    change(body)
    wire = device.journal.append("payment", body, occurred_at=harness.clock())
    problem = assert_problem(device.push([wire]), 422, "invalid_event")
    assert detail in problem["detail"], problem


def test_products_and_listings_carry_the_category(harness: Harness, device: PosDevice):
    device.record("product_upsert", product_body("P009", name="배추", tax_category="exempt"))
    device.record("product_upsert", product_body("P010", name="생수", codes=["8801234567800"]))
    with harness.engine.connect() as conn:
        stored = dict(conn.execute(select(products.c.product_id, products.c.tax_category)).all())
    assert stored["P009"] == "exempt" and stored["P010"] == "taxable"
    # An upsert that does not say (an older writer) keeps it; a listing without its own
    # says what its product says.
    open_shop(harness, device, product_id="P009", listing_id="L-CABBAGE")
    response = harness.client.get("/v1/shop/listings")
    assert response.status_code == 200, response.text
    (listing,) = [x for x in response.json()["listings"] if x["listing_id"] == "L-CABBAGE"]
    assert listing["tax_category"] == "exempt"


def test_a_bad_product_category_is_422(harness: Harness, device: PosDevice):
    wire = device.journal.append(
        "product_upsert", product_body(tax_category="zero_rated"), occurred_at=harness.clock()
    )
    problem = assert_problem(device.push([wire]), 422, "invalid_event")
    assert "tax_category" in problem["detail"]


def test_the_upgrade_fills_old_payments_as_taxable_in_sql(harness: Harness, device: PosDevice):
    from alembic import command

    from central_server import migrate
    from central_server.db import write_transaction

    paid = device.pay(amount=10_999)
    device.record("product_upsert", product_body("P009", tax_category="exempt"))
    config = migrate._config()
    with write_transaction(harness.engine) as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0007_rate_limits")  # the database as 0007 left it
    migrate.upgrade(harness.engine)
    assert migrate.current_revision(harness.engine) == migrate.head_revision()
    assert stored_split(harness, paid["event_id"]) == (10_999, 999, 0)
    with harness.engine.connect() as conn:
        assert conn.execute(select(products.c.tax_category)).scalars().all() == ["taxable"]


@pytest.mark.parametrize(
    ("split", "accepted"),
    [
        ({"taxable": 1_100, "vat": 100, "exempt": 0}, True),
        ({"taxable": 0, "vat": 0, "exempt": 1_100}, True),
        ({"taxable": 1_000, "vat": 100, "exempt": 0}, False),  # parts short of the amount
        ({"taxable": 50, "vat": 100, "exempt": 1_050}, False),  # more VAT than taxable
        ({"taxable": "1100", "vat": 100, "exempt": 0}, False),
    ],
)
def test_a_refunds_split_must_make_its_amount(
    harness: Harness, device: PosDevice, split: dict[str, Any], accepted: bool
):
    paid = device.pay(amount=1_100)
    body = {
        "payment_id": paid["event_id"],
        "receipt_no": "20261125-0001",
        "refund_no": "R-20261125-0001",
        "business_date": "2026-11-25",
        "tender": "cheongju_pay",
        "reason": "defective",
        "note": "",
        "lines": [],
        "gross": 1_100,
        "discount_share": 0,
        "amount": 1_100,
        "approved_by": "manager",
        "tax_split": split,
    }
    wire = device.journal.append("payment_refund", body, occurred_at=harness.clock())
    response = device.push([wire])
    if accepted:
        assert response.status_code == 200, response.text
    else:
        problem = assert_problem(response, 422, "invalid_event")
        assert "tax_split" in problem["detail"]
