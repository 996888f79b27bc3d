"""The Cheongju Pay card on the terminal against the real server process: the sale at the
Cheongju Pay price is recorded (no wallet money moves), its refund too, and the day close the
city reads (``cjpay-central day-closes``) counts it as its own tender, in the special discount
and in the Cheongju Pay net."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import owner_approval
from pos_harness import MILK, MILK_PRICE_CJPAY, Pos

from pos_app.domain.payment_status import PaymentStatus, RefundStatus
from pos_app.domain.refunds import RefundReason
from pos_app.domain.tenders import Tender
from pos_app.services.day_close import DayCloseService
from pos_app.services.refunds import RefundService


def test_a_card_sale_its_refund_and_the_close_reach_the_server(
    sqlite_till: Pos, sqlite_server, tmp_path: Path
) -> None:
    pos = sqlite_till
    pos.drain()  # the catalogue
    days = DayCloseService(pos.conn, pos.service.clock)
    days.open_day(0)
    pos.service.handle_scan(MILK)
    pos.service.handle_scan(MILK)
    card = pos.service.pay_cheongju_card("20261125", approved_on_terminal=True)
    assert card.tender is Tender.CHEONGJU_CARD and card.total == 2 * MILK_PRICE_CJPAY
    assert card.status is PaymentStatus.RECORDED
    assert pos.service.unsynced() == (0, 0)  # no exposure to the offline limits
    refund = RefundService(pos.conn, pos.service.clock).refund(
        card.payment_id,
        reason=RefundReason.CHANGE_OF_MIND,
        approve=owner_approval(pos.conn),
        quantities={1: 1},
    )
    assert refund.status == RefundStatus.RECORDED
    days.close_day(counted=0)

    pos.drain()

    outcomes = dict(
        pos.conn.execute(
            "SELECT j.type, r.outcome FROM journal j JOIN sync_results r USING (seq)"
            " WHERE j.type IN ('payment', 'payment_refund', 'day_close')"
        ).fetchall()
    )
    assert outcomes == {
        "payment": "recorded",
        "payment_refund": "recorded",
        "day_close": "recorded",
    }
    assert pos.service.payment(card.payment_id).status is PaymentStatus.RECORDED  # type: ignore[union-attr]
    (report,) = json.loads(sqlite_server.cli("day-closes", sqlite_server.seed["merchant_id"]))
    discount = 2 * (2_980 - MILK_PRICE_CJPAY)
    kept = card.total - refund.amount
    assert report["tenders"]["cheongju_card"] == kept
    assert report["cheongju_pay_net"] == kept
    assert report["discounts"] == discount - refund.discount_share
