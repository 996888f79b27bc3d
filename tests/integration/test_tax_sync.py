"""A mixed basket (과세 + 면세) paid by Cheongju Pay with the special discount, and a refund of
its exempt line, against the real server process: the server recomputes the POS's VAT split,
accepts it and stores the same figures."""

from __future__ import annotations

import sqlalchemy as sa
from helpers import owner_approval
from pos_harness import Pos
from servers import ServerProcess

from pos_app.domain.refunds import RefundReason
from pos_app.domain.tax import TaxCategory, VatSplit
from pos_app.services.refunds import RefundService

BULGOGI = "8808123000103"


def test_a_mixed_basket_and_its_exempt_refund_sync_with_the_same_split(
    server: ServerProcess, pos: Pos
) -> None:
    pos.drain()
    pos.service.sale.add_amount(8_000, "배추", TaxCategory.EXEMPT)
    paid = pos.pay(BULGOGI)
    assert paid.discount > 0  # the merchant's special discount fell on both lines
    split = paid.tax_split
    assert split is not None and split.exempt > 0 and split.taxable > 0
    assert split.taxable + split.exempt == paid.total and split.vat == split.taxable // 11
    refund = RefundService(pos.conn, pos.service.clock).refund(
        paid.payment_id,
        reason=RefundReason.DEFECTIVE,
        approve=owner_approval(pos.conn),
        quantities={1: 1},  # the cabbage
    )
    assert refund.tax_split == VatSplit(0, 0, refund.amount)

    pos.drain()
    payment = pos.service.payment(paid.payment_id)
    assert payment is not None and payment.status == "approved"
    assert (
        RefundService(pos.conn, pos.service.clock).refund_by_id(refund.refund_id).status
        == "accepted"
    )  # type: ignore[union-attr]
    engine = sa.create_engine(server.database_url)
    try:
        with engine.connect() as db:
            stored = db.execute(
                sa.text(
                    "SELECT taxable_total, vat, exempt_total FROM payments WHERE payment_id = :p"
                ),
                {"p": paid.payment_id},
            ).one()
    finally:
        engine.dispose()
    assert tuple(stored) == (split.taxable, split.vat, split.exempt)
