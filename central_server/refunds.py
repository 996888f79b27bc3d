"""``payment_refund``: give a Cheongju Pay customer money back, part or all of a payment.

The wallet is credited with the refunded amount and the cashback share of it is taken back
(``pos_app.domain.refunds.cashback_share``: pro rata, cumulative, the refund that reaches the
total takes the remainder), so refunds in parts reverse exactly what one full refund would.
Declined, with the event still stored and chained: ``payment_unknown`` (not this device's
payment, or one the server declined), ``already_voided``, ``over_refund`` (more than is
left of the payment). Whatever the outcome, refunded product lines come back into stock
(``<refund event_id>/<line index>``): the goods are back on the counter. Other tenders are
recorded and move no money.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, select, update

from central_server.declines import decline
from central_server.event_shape import CHEONGJU_PAY
from central_server.schema import cashback_ledger, payments
from central_server.settlement import (
    RECORDED,
    PushContext,
    Settlement,
    adjust_balance,
    lock_balance,
)
from central_server.split_shape import SPLIT
from central_server.stock import insert_rows, movement_rows
from pos_app.domain.clock import parse_utc
from pos_app.domain.journal import JournalEvent
from pos_app.domain.refunds import cashback_share
from pos_app.domain.stock import refund_movements

_PAYMENT = select(
    payments.c.outcome,
    payments.c.wallet_id,
    payments.c.total,
    payments.c.cashback,
    payments.c.cashback_month,
    payments.c.voided_by,
    payments.c.refunded,
    payments.c.cashback_reversed,
).where(
    payments.c.payment_id == bindparam("payment_id"),
    payments.c.device_id == bindparam("device_id"),
)
_ADD_REFUND = (
    update(payments)
    .where(payments.c.payment_id == bindparam("b_payment_id"))
    .values(
        refunded=bindparam("b_refunded"),
        cashback_reversed=bindparam("b_cashback_reversed"),
    )
)
_REVERSE_CASHBACK = (
    update(cashback_ledger)
    .where(
        cashback_ledger.c.wallet_id == bindparam("b_wallet_id"),
        cashback_ledger.c.month == bindparam("b_month"),
    )
    .values(credited=cashback_ledger.c.credited - bindparam("b_amount"))
)


def settle_refund(ctx: PushContext, event: JournalEvent) -> Settlement:
    body = event.body
    _goods_back(ctx, event)
    amount: int = body["amount"]
    if body["tender"] == SPLIT:
        # A split sale's refund goes back part by part (cash first): only its wallet part is
        # the server's to credit; the rest the drawer and the terminals give back.
        amount = sum(
            part["amount"] for part in body.get("parts") or () if part["tender"] == CHEONGJU_PAY
        )
        if not amount:
            return RECORDED
    elif body["tender"] != CHEONGJU_PAY:
        return RECORDED  # cash or card terminal: the drawer or the terminal gives it back
    payment = ctx.conn.execute(
        _PAYMENT, {"payment_id": body["payment_id"], "device_id": ctx.device_id}
    ).first()
    if payment is None or payment.outcome != "accepted":
        return Settlement(decline("payment_unknown").result_fields())
    if payment.voided_by is not None:
        return Settlement(decline("already_voided").result_fields())
    refunded_before = payment.refunded or 0
    if amount > payment.total - refunded_before:
        return Settlement(decline("over_refund").result_fields())
    reversed_ = cashback_share(payment.cashback, payment.total, refunded_before, amount)
    balance = lock_balance(ctx.conn, payment.wallet_id)
    assert balance is not None  # an accepted payment's wallet exists
    adjust_balance(ctx.conn, payment.wallet_id, amount - reversed_, ctx.received_at)
    if reversed_:
        ctx.conn.execute(
            _REVERSE_CASHBACK,
            {
                "b_wallet_id": payment.wallet_id,
                "b_month": payment.cashback_month,
                "b_amount": reversed_,
            },
        )
    ctx.conn.execute(
        _ADD_REFUND,
        {
            "b_payment_id": body["payment_id"],
            "b_refunded": refunded_before + amount,
            "b_cashback_reversed": (payment.cashback_reversed or 0) + reversed_,
        },
    )
    fields: dict[str, Any] = {
        "outcome": "accepted",
        "refunded": amount,
        "cashback_reversed": reversed_,
        "balance_after": balance + amount - reversed_,
    }
    return Settlement(fields)


def _goods_back(ctx: PushContext, event: JournalEvent) -> None:
    movements = refund_movements(event.event_id, event.body["lines"])
    insert_rows(
        ctx.conn,
        movement_rows(
            ctx.merchant_id,
            movements,
            occurred_at=parse_utc(event.occurred_at),
            recorded_at=ctx.received_at,
            device_id=ctx.device_id,
            event_id=event.event_id,
            payment_id=event.body["payment_id"],
        ),
    )
