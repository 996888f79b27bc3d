"""A weighed sale line (a scale label) carries weight_g and price_per_kg: the server takes
them within their bounds, moves the product's stock by the grams, and refuses absurd ones."""

from __future__ import annotations

from typing import Any

import pytest
from server_support import Harness, PosDevice, assert_problem, open_shop

from central_server.event_bounds import MAX_LINE_WEIGHT_G


@pytest.fixture
def device(harness: Harness) -> PosDevice:
    device = harness.enrol()
    open_shop(harness, device)
    return device


def weighed_sale(weight_g: Any, price_per_kg: Any = 18_900) -> dict[str, Any]:
    amount = 10_054
    return {
        "receipt_no": "20261125-0001",
        "business_date": "2026-11-25",
        "tender": "cash",
        "lines": [
            {
                "line_no": 1,
                "product_id": "P001",
                "name": "삼겹살",
                "unit_price": amount,
                "quantity": 1,
                "amount": amount,
                "excluded_from_discount": False,
                "weight_g": weight_g,
                "price_per_kg": price_per_kg,
            }
        ],
        "subtotal": amount,
        "eligible": amount,
        "discount": 0,
        "total": amount,
        "offline": False,
    }


def test_a_weighed_line_is_accepted_and_moves_its_grams(
    harness: Harness, device: PosDevice
) -> None:
    before = harness.level()
    result = device.record("payment", weighed_sale(532))
    assert result["outcome"] == "recorded", result
    assert harness.level() == before - 532


@pytest.mark.parametrize(
    ("weight_g", "price_per_kg"),
    [(0, 18_900), (MAX_LINE_WEIGHT_G + 1, 18_900), ("532", 18_900), (532, 0), (532, True)],
)
def test_a_weighed_line_out_of_bounds_is_an_invalid_event(
    device: PosDevice, weight_g: Any, price_per_kg: Any
) -> None:
    wire = device.journal.append("payment", weighed_sale(weight_g, price_per_kg))
    assert_problem(device.push([wire]), 422, "invalid_event")
