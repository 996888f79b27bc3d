"""A cash receipt through the real server process: a mandatory-issuance shop's 120,000원 cash
sale, recorded while the server is down, is self-issued to 010-000-1234 once the network is
back; its refund cancels it; a second push answers nothing new."""

from __future__ import annotations

import sqlalchemy as sa
from helpers import owner_approval
from pos_harness import Pos
from servers import ServerProcess

from pos_app.domain.cash_receipt import CashReceiptStatus
from pos_app.domain.receipt import render_text
from pos_app.domain.refunds import RefundReason
from pos_app.services import preferences
from pos_app.services.refunds import RefundService
from pos_app.store import cash_receipts


def _server_rows(server: ServerProcess) -> list[tuple[str, str, str, int, str | None]]:
    engine = sa.create_engine(server.database_url)
    try:
        with engine.connect() as db:
            return [
                tuple(row)  # type: ignore[misc]
                for row in db.execute(
                    sa.text(
                        "SELECT action, status, identifier_masked, amount, original_approval_no"
                        " FROM cash_receipts ORDER BY receipt_id"
                    )
                )
            ]
    finally:
        engine.dispose()


def test_a_120000_won_cash_sale_is_self_issued_and_its_refund_cancels_it(
    sqlite_server: ServerProcess, sqlite_till: Pos
) -> None:
    pos = sqlite_till
    pos.drain()
    preferences.set_cash_receipt_mandatory(pos.conn, True)
    sqlite_server.stop()  # offline: the sale and the request are recorded all the same

    pos.service.sale.add_amount(120_000, "한우 선물세트")
    paid = pos.service.pay_cash(120_000)
    waiting = "\n".join(render_text(pos.service.receipt(paid)))
    assert "010-000-1234" in waiting and "자진발급" in waiting and "승인 대기" in waiting

    sqlite_server.start()
    pos.drain()
    issued = pos.service.cash_receipt(paid.payment_id)
    assert issued is not None and issued.status is CashReceiptStatus.ISSUED
    assert issued.approval_no is not None and len(issued.approval_no) == 9
    reprint = "\n".join(render_text(pos.service.receipt(paid)))
    assert issued.approval_no in reprint and "승인 대기" not in reprint

    refund = RefundService(pos.conn, pos.service.clock).refund(
        paid.payment_id,
        reason=RefundReason.CHANGE_OF_MIND,
        approve=owner_approval(pos.conn),
        quantities={1: 1},
    )
    pos.drain()
    cancel = cash_receipts.by_event(pos.conn, refund.refund_id)
    assert cancel is not None and cancel.status is CashReceiptStatus.ISSUED
    assert cancel.amount == 120_000 and cancel.approval_no != issued.approval_no
    pos.drain()  # nothing new to send, nothing answered twice

    assert _server_rows(sqlite_server) == [
        ("issue", "issued", "010-000-1234", 120_000, None),
        ("cancel", "issued", None, 120_000, issued.approval_no),
    ]
