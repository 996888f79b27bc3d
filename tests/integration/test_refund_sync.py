"""A refund of a payment still pending sync, against the real server process: with the
server down the counter takes a payment and refunds it in two parts; once the server is
back the journal drains in order, and the wallet ends where it started, exactly once."""

from __future__ import annotations

import sqlalchemy as sa
from helpers import owner_approval
from pos_harness import MILK, Pos
from servers import ServerProcess

from pos_app.domain.refunds import RefundReason
from pos_app.services.refunds import RefundService

BULGOGI = "8808123000103"


def _balance(server: ServerProcess, wallet_id: str) -> int:
    engine = sa.create_engine(server.database_url)
    try:
        with engine.connect() as db:
            return int(
                db.execute(
                    sa.text("SELECT balance FROM wallets WHERE wallet_id = :w"), {"w": wallet_id}
                ).scalar_one()
            )
    finally:
        engine.dispose()


def test_refunds_of_a_pending_payment_sync_in_order_exactly_once(
    server: ServerProcess, pos: Pos
) -> None:
    pos.drain()  # the catalogue first, so only the sale and its refunds wait below
    start = _balance(server, pos.wallet_id)
    code = pos.code()
    server.stop()

    paid = pos.pay(BULGOGI, MILK, MILK, code=code)
    refunds = RefundService(pos.conn, pos.service.clock)
    manager = owner_approval(pos.conn)
    first = refunds.refund(
        paid.payment_id, reason=RefundReason.DEFECTIVE, approve=manager, quantities={2: 1}
    )
    rest = refunds.refund(
        paid.payment_id,
        reason=RefundReason.CHANGE_OF_MIND,
        approve=manager,
        quantities={1: 1, 2: 1},
    )
    assert first.amount + rest.amount == paid.total
    assert first.seq > paid.seq and rest.seq > first.seq  # later in the journal
    assert pos.service.payment(paid.payment_id).status == "pending"  # type: ignore[union-attr]

    server.start()
    pos.drain()
    pos.drain()  # a second round sends nothing again

    payment = pos.service.payment(paid.payment_id)
    assert payment is not None and payment.status == "approved" and payment.cashback
    done = [refunds.refund_by_id(r.refund_id) for r in (first, rest)]
    assert [r.status for r in done] == ["accepted", "accepted"]  # type: ignore[union-attr]
    reversed_ = sum(r.cashback_reversed or 0 for r in done)  # type: ignore[union-attr]
    assert reversed_ == payment.cashback  # all the cashback, in two parts
    # Debited the total, credited the cashback, refunded the total, reversed the cashback.
    assert _balance(server, pos.wallet_id) == start
    engine = sa.create_engine(server.database_url)
    try:
        with engine.connect() as db:
            stored = db.execute(
                sa.text(
                    "SELECT COUNT(*) FROM journal_events WHERE device_id = :d"
                    " AND type = 'payment_refund'"
                ),
                {"d": pos.device_id()},
            ).scalar_one()
            refunded = db.execute(
                sa.text("SELECT refunded FROM payments WHERE payment_id = :p"),
                {"p": paid.payment_id},
            ).scalar_one()
    finally:
        engine.dispose()
    assert (stored, refunded) == (2, paid.total)
