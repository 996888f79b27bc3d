"""The reference server standing in for the tax service's cash-receipt relay (현금영수증).

A cash payment whose body carries ``"cash_receipt"`` is answered with an issue or a refusal;
a refund or void carrying ``"cash_receipt_cancel"`` with a cancel of that issue (whole or a
part) or a refusal. The number is checked again here (``pos_app.domain.cash_receipt``): the
server trusts no device. The answer goes into the event's push result as
``"cash_receipt": {"status": "issued" | "refused", "approval_no", "reason"}`` (a cancel adds
``original_approval_no``); a repeated push answers the stored result, and the row's unique
``event_id`` keeps it to one answer per event even so. Approval numbers are the row's id,
9 digits: unique per server, given inside the event's savepoint (a rolled-back row takes
its number with it, and nobody saw that number).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from sqlalchemy import bindparam, func, insert, select, update

from central_server.schema import cash_receipts
from central_server.settlement import PushContext
from pos_app.domain.cash_receipt import CashReceiptRequest, mask_identifier, request_from_body
from pos_app.domain.journal import JournalEvent

ISSUED: Final = "issued"
REFUSED: Final = "refused"
APPROVAL_DIGITS: Final = 9

_ANSWERED = select(
    cash_receipts.c.status,
    cash_receipts.c.approval_no,
    cash_receipts.c.original_approval_no,
    cash_receipts.c.reason,
).where(cash_receipts.c.event_id == bindparam("event_id"))
_ISSUE_OF = select(
    cash_receipts.c.status, cash_receipts.c.approval_no, cash_receipts.c.amount
).where(
    cash_receipts.c.device_id == bindparam("device_id"),
    cash_receipts.c.payment_id == bindparam("payment_id"),
    cash_receipts.c.action == "issue",
)
_CANCELLED = select(func.coalesce(func.sum(cash_receipts.c.amount), 0)).where(
    cash_receipts.c.device_id == bindparam("device_id"),
    cash_receipts.c.payment_id == bindparam("payment_id"),
    cash_receipts.c.action == "cancel",
    cash_receipts.c.status == ISSUED,
)


def format_cash_receipt_no(receipt_id: int) -> str:
    return f"{receipt_id:0{APPROVAL_DIGITS}d}"


def issue(ctx: PushContext, event: JournalEvent) -> dict[str, Any]:
    """The relay's answer to a cash payment's request (call only when the body has one)."""
    body = event.body
    stored = _stored_answer(ctx, event.event_id)
    if stored is not None:
        return stored
    request, problem = request_from_body(body.get("cash_receipt"))
    total = body.get("total")
    if body.get("tender") == "split":  # a split sale's receipt is for its cash part
        total = next((p["amount"] for p in body["parts"] if p["tender"] == "cash"), total)
    if request is not None and (type(total) is not int or total <= 0):
        request, problem = None, "a cash receipt needs an amount above 0"
    return _answer(
        ctx,
        event,
        payment_id=event.event_id,
        action="issue",
        amount=total if type(total) is int else 0,
        request=request,
        refusal=problem,
    )


def cancel(ctx: PushContext, event: JournalEvent) -> dict[str, Any]:
    """The relay's answer to a refund's or void's cancel of the sale's cash receipt."""
    stored = _stored_answer(ctx, event.event_id)
    if stored is not None:
        return stored
    asked = event.body.get("cash_receipt_cancel")
    payment_id = event.body.get("payment_id")
    amount = asked.get("amount") if isinstance(asked, Mapping) else None
    original = ctx.conn.execute(
        _ISSUE_OF, {"device_id": ctx.device_id, "payment_id": payment_id}
    ).first()
    refusal: str | None = None
    if not isinstance(asked, Mapping) or asked.get("payment_id") != payment_id:
        refusal = "the cancel must name the refunded payment"
    elif type(amount) is not int or amount <= 0:
        refusal = "the cancel amount must be a whole number of won above 0"
    elif original is None or original.status != ISSUED:
        refusal = "no cash receipt was issued for this payment"
    else:
        cancelled = ctx.conn.execute(
            _CANCELLED, {"device_id": ctx.device_id, "payment_id": payment_id}
        ).scalar_one()
        if amount > original.amount - cancelled:
            refusal = "more than is left of the cash receipt"
    return _answer(
        ctx,
        event,
        payment_id=str(payment_id),
        action="cancel",
        amount=amount if type(amount) is int else 0,
        request=None,
        refusal=refusal,
        original_approval_no=original.approval_no if original is not None else None,
    )


def _stored_answer(ctx: PushContext, event_id: str) -> dict[str, Any] | None:
    row = ctx.conn.execute(_ANSWERED, {"event_id": event_id}).first()
    if row is None:
        return None
    return _fields(row.status, row.approval_no, row.reason, row.original_approval_no)


def _answer(
    ctx: PushContext,
    event: JournalEvent,
    *,
    payment_id: str,
    action: str,
    amount: int,
    request: CashReceiptRequest | None,
    refusal: str | None,
    original_approval_no: str | None = None,
) -> dict[str, Any]:
    status = REFUSED if refusal is not None else ISSUED
    values: dict[str, Any] = {
        "merchant_id": ctx.merchant_id,
        "device_id": ctx.device_id,
        "event_id": event.event_id,
        "payment_id": payment_id,
        "action": action,
        "status": status,
        "original_approval_no": original_approval_no,
        "amount": amount,
        "reason": refusal,
        "answered_at": ctx.received_at,
    }
    if request is not None:
        values.update(
            purpose=request.purpose.value,
            identifier_kind=request.kind.value,
            identifier_masked=mask_identifier(
                request.kind, request.identifier, self_issued=request.self_issued
            ),
            self_issued=request.self_issued,
        )
    receipt_id = ctx.conn.execute(
        insert(cash_receipts).values(**values).returning(cash_receipts.c.receipt_id)
    ).scalar_one()
    approval_no = None
    if status == ISSUED:
        approval_no = format_cash_receipt_no(receipt_id)
        ctx.conn.execute(
            update(cash_receipts)
            .where(cash_receipts.c.receipt_id == receipt_id)
            .values(approval_no=approval_no)
        )
    return _fields(status, approval_no, refusal, original_approval_no)


def _fields(
    status: str, approval_no: str | None, reason: str | None, original: str | None
) -> dict[str, Any]:
    answer: dict[str, Any] = {"status": status, "approval_no": approval_no, "reason": reason}
    if original is not None:
        answer["original_approval_no"] = original
    return answer
