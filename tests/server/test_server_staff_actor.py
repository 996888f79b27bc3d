"""Who did it: staff_id / approved_by in any event body are accepted and kept as pushed."""

from __future__ import annotations

import json

import pytest
from server_support import Harness, PosDevice, payment_body, product_body
from sqlalchemy import select

from central_server.schema import journal_events
from pos_app.domain.clock import unix_seconds

CASHIER = "0f6c2c1e-5b7a-4d8e-9a31-6f0e2d1c4b7a"
OWNER = "owner"


@pytest.fixture
def device(harness: Harness) -> PosDevice:
    return harness.enrol()


def stored_bodies(harness: Harness, device: PosDevice) -> dict[str, dict]:
    with harness.engine.connect() as conn:
        rows = conn.execute(
            select(journal_events.c.type, journal_events.c.body).where(
                journal_events.c.device_id == device.device_id
            )
        )
        return {row.type: json.loads(row.body) for row in rows}


def test_events_carrying_their_actor_are_accepted_and_stored(
    harness: Harness, device: PosDevice
) -> None:
    body = payment_body(harness.mint(), scanned_at=unix_seconds(harness.clock()))
    paid = device.record("payment", {**body, "staff_id": CASHIER})
    assert paid["outcome"] == "accepted", paid
    product = device.record("product_upsert", {**product_body(), "staff_id": CASHIER})
    assert product["status"] == "applied", product
    void = device.record(
        "payment_void",
        {
            "payment_id": device.journal.events[0].event_id,
            "receipt_no": body["receipt_no"],
            "reason": "고객 변심",
            "staff_id": CASHIER,
            "approved_by": OWNER,
        },
    )
    assert void["status"] == "applied", void
    staff = device.record(
        "staff_change",
        {
            "member_id": CASHIER,
            "name": "연습 캐셔",
            "role": "cashier",
            "active": True,
            "change": "add",
            "staff_id": OWNER,
        },
    )
    assert staff["status"] == "applied", staff

    bodies = stored_bodies(harness, device)
    assert bodies["payment"]["staff_id"] == CASHIER
    assert bodies["product_upsert"]["staff_id"] == CASHIER
    assert bodies["payment_void"]["approved_by"] == OWNER
    assert bodies["staff_change"]["member_id"] == CASHIER
