"""A day close carries its VAT split; the server checks it adds up and reports it."""

from __future__ import annotations

from typing import Any

import pytest
from server_support import DEMO_MERCHANT, Harness, PosDevice, assert_problem

from central_server.day_report import day_closes
from pos_app.domain.day_close import RefundFact, SaleFact, close_body, settle
from pos_app.domain.tax import VatSplit


@pytest.fixture
def device(harness: Harness) -> PosDevice:
    return harness.enrol()


def a_close() -> dict[str, Any]:
    mixed = VatSplit(taxable=11_000, vat=1_000, exempt=5_000)
    settlement = settle(
        float_amount=0,
        sales=[
            SaleFact("cheongju_pay", 16_000, 0, "approved", tax_split=mixed),
            SaleFact("cash", 2_200, 0, "recorded", tax_split=VatSplit(2_200, 200, 0)),
        ],
        refunds=[RefundFact("cheongju_pay", 5_000, False, tax_split=VatSplit(0, 0, 5_000))],
        counted_cash=2_200,
    )
    return close_body("d1", settlement, None)


def test_the_close_carries_its_split_and_the_report_gives_it_back(
    harness: Harness, device: PosDevice
) -> None:
    body = a_close()
    assert body["tax"] == {"taxable": 13_200, "vat": 1_200, "exempt": 0}
    assert body["tenders_tax"]["cheongju_pay"] == {"taxable": 11_000, "vat": 1_000, "exempt": 0}
    result = device.record("day_close", body)
    assert result["outcome"] == "recorded"
    (report,) = day_closes(harness.engine, DEMO_MERCHANT)
    assert report["net_sales"] == 13_200 and report["tax"] == body["tax"]
    assert report["tenders_tax"] == body["tenders_tax"]


def test_a_close_from_before_splits_reports_all_taxable(
    harness: Harness, device: PosDevice
) -> None:
    body = {"day_id": "d", "counted_cash": 0, "net_sales": 11_000, "tenders": {"cash": 11_000}}
    device.record("day_close", body)
    (report,) = day_closes(harness.engine, DEMO_MERCHANT)
    assert report["tax"] == {"taxable": 11_000, "vat": 1_000, "exempt": 0}
    assert report["tenders_tax"] == {"cash": {"taxable": 11_000, "vat": 1_000, "exempt": 0}}


def _broken(change: str) -> dict[str, Any]:
    body = a_close()
    if change == "sum":
        body["tax"]["exempt"] += 1
    elif change == "vat":
        body["tax"]["vat"] = body["tax"]["taxable"] + 1
    elif change == "tender":
        body["tenders_tax"]["cash"]["taxable"] -= 1
    elif change == "missing tender":
        del body["tenders_tax"]["cash"]
    elif change == "text":
        body["tax"]["vat"] = "1200"
    return body


@pytest.mark.parametrize("change", ["sum", "vat", "tender", "missing tender", "text"])
def test_a_split_that_does_not_add_up_is_refused(
    harness: Harness, device: PosDevice, change: str
) -> None:
    event = device.journal.append("day_close", _broken(change), occurred_at=harness.clock())
    assert_problem(device.push([event]), 422, "invalid_event")
    assert day_closes(harness.engine, DEMO_MERCHANT) == []
