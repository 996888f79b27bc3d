"""Merchant-presented payments (EMVCo MPM): the POS registers a request, the customer pays it.

Life of a request (docs/protocol.md "Merchant-presented payments"):

    open --customer pays--> paid --the POS's payment event names it--> recorded (payment_id)
      |---POS cancels-----> cancelled
      `---TTL runs out----> expired   (found lazily: whoever touches it after expires_at)

Every move records a ``payment_request`` change for the merchant, so the POS's long poll
wakes. Paying is one transaction: the wallet debited, the cashback credited (the same rule
and ledger as a code payment), an approval number allocated, the request marked paid and
the change recorded. Exactly one payer wins: every writer takes the change writers' lock
first (the lock order of ``orders``), then the request row, then the wallet row, and the
final UPDATE is conditional on ``status = 'open'`` all the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy import Connection, Engine, Row, select, update

from central_server.approvals import allocate, format_approval_no
from central_server.changes import lock_changes, record_change
from central_server.db import write_transaction
from central_server.declines import decline
from central_server.event_shape import CHEONGJU_PAY
from central_server.payment_rules import amounts_add_up, cashback_for, kst_month
from central_server.problems import ProblemError
from central_server.schema import devices, merchants, payment_requests, payments
from central_server.settlement import (
    PushContext,
    Settlement,
    adjust_balance,
    credit_cashback,
    lock_wallet_for_month,
    payment_row,
)
from central_server.state import current_cashback_policy, merchant_state, timestamp
from central_server.wallet_ids import parse_wallet_id
from pos_app.domain.change_kinds import ChangeKind
from pos_app.domain.clock import unix_seconds
from pos_app.domain.journal import JournalEvent
from pos_app.domain.mpm import CheongjuPayRequest, MpmError, build_cheongju_mpm, read_cheongju_mpm

#: How long a customer has to pay a request (the POS shows the countdown).
REQUEST_TTL_SECONDS: Final = 120
MIN_AMOUNT: Final = 1
MAX_AMOUNT: Final = 10_000_000
#: EMVCo MPM field limits (merchant name, alternate-language name, terminal label).
_NAME_MAX: Final = 25

OPEN, PAID, CANCELLED, EXPIRED = "open", "paid", "cancelled", "expired"


@dataclass(frozen=True)
class RequestIn:
    request_id: str
    subtotal: int
    discount: int
    amount: int


# ----- the POS: register, look, cancel --------------------------------------------------


def register_request(
    engine: Engine, device_id: str, merchant_id: str, new: RequestIn, now: datetime
) -> tuple[dict[str, Any], bool]:
    """Open a request; the same body again gets the same answer. Returns (state, created)."""
    if not MIN_AMOUNT <= new.amount <= MAX_AMOUNT:
        raise ProblemError(
            422,
            "amount_out_of_range",
            f"the amount must be {MIN_AMOUNT}..{MAX_AMOUNT} won",
            field="amount",
        )
    if new.discount < 0 or new.subtotal - new.discount != new.amount:
        raise ProblemError(
            422,
            "amount_mismatch",
            "amount must equal subtotal - discount, with discount >= 0",
            field="amount",
        )
    with write_transaction(engine) as conn:
        lock_changes(conn)
        row = _request_row(conn, new.request_id)
        if row is None:
            conn.execute(
                payment_requests.insert().values(
                    request_id=new.request_id,
                    merchant_id=merchant_id,
                    device_id=device_id,
                    subtotal=new.subtotal,
                    discount=new.discount,
                    amount=new.amount,
                    status=OPEN,
                    created_at=now,
                    expires_at=now + timedelta(seconds=REQUEST_TTL_SECONDS),
                )
            )
            row = _request_row(conn, new.request_id)
            assert row is not None
            return _state(conn, row, with_payload=True), True
        same = (row.device_id, row.subtotal, row.discount, row.amount) == (
            device_id,
            new.subtotal,
            new.discount,
            new.amount,
        )
        if not same:
            raise ProblemError(
                409,
                "request_conflict",
                f"request {new.request_id} was registered with another body or device",
            )
        row = _expire_if_due(conn, row, now)
        return _state(conn, row, with_payload=True), False


def request_state(engine: Engine, device_id: str, request_id: str, now: datetime) -> dict[str, Any]:
    """The request as it stands (an open one past its time becomes expired now)."""
    with write_transaction(engine) as conn:
        lock_changes(conn)
        row = _own_request(conn, device_id, request_id)
        return _state(conn, _expire_if_due(conn, row, now), with_payload=True)


def cancel_request(
    engine: Engine, device_id: str, request_id: str, now: datetime
) -> dict[str, Any]:
    """Cancel an open request; cancelling a cancelled or expired one is a no-op.

    A paid request cannot be cancelled: 409 ``request_paid`` carrying the paid state (as
    ``request``),
    so the POS records the payment instead (a refund undoes it, like any payment)."""
    with write_transaction(engine) as conn:
        lock_changes(conn)
        row = _own_request(conn, device_id, request_id)
        row = _expire_if_due(conn, row, now)
        if row.status == OPEN:
            row = _move(conn, row, now, status=CANCELLED)
        state = _state(conn, row, with_payload=False)
    if state["status"] == PAID:
        raise ProblemError(
            409,
            "request_paid",
            "the customer paid this request first",
            request_status=PAID,
            request=state,
        )
    return state


# ----- the customer: pay ---------------------------------------------------------------


def pay_request(engine: Engine, wallet_text: str, payload: str, now: datetime) -> dict[str, Any]:
    """The customer's app pays the request the merchant QR names, from the wallet."""
    wallet_number = parse_wallet_id(wallet_text)
    if wallet_number is None:
        raise ProblemError(404, "wallet_unknown", f"no wallet {wallet_text}")
    wallet_id = str(wallet_number)
    try:
        scanned = read_cheongju_mpm(payload)
    except MpmError as exc:
        raise ProblemError(
            422,
            "mpm_invalid",
            f"the merchant QR is not valid: field {exc.field}: {exc.reason}",
            field=exc.field,
            reason=exc.reason,
        ) from None
    if scanned.request_id is None:
        raise ProblemError(
            422, "mpm_static", "a static merchant QR names no payment request", field="26.02"
        )
    refusal: ProblemError | None = None
    with write_transaction(engine) as conn:
        lock_changes(conn)
        row = _request_row(conn, scanned.request_id, lock=True)
        if row is None:
            raise ProblemError(404, "request_unknown", "no such payment request", field="26.02")
        if row.merchant_id != scanned.merchant_id:
            raise ProblemError(
                409,
                "merchant_mismatch",
                "the QR names another merchant than the request's",
                field="26.01",
            )
        if scanned.amount != row.amount:
            raise ProblemError(
                409,
                "amount_mismatch",
                f"the QR's amount is not the request's ({row.amount} won)",
                field="54",
            )
        row = _expire_if_due(conn, row, now)
        if row.status != OPEN:
            # Raised after the commit: the expiry just found must be kept (and its change).
            refusal = ProblemError(
                409,
                "request_not_open",
                f"the request is {row.status}",
                request_status=row.status,
            )
        else:
            return _settle(conn, row, wallet_id, now)
    raise refusal


def _settle(conn: Connection, row: Row[Any], wallet_id: str, now: datetime) -> dict[str, Any]:
    month = kst_month(unix_seconds(now))
    wallet = lock_wallet_for_month(conn, wallet_id, month)
    if wallet is None:
        raise ProblemError(404, "wallet_unknown", f"no wallet {wallet_id}")
    if wallet.balance < row.amount:
        raise ProblemError(
            402,
            "insufficient_balance",
            f"the payment is {row.amount} won; the balance is {wallet.balance} won",
            total=row.amount,
            balance=wallet.balance,
        )
    merchant = merchant_state(conn, row.merchant_id)
    assert merchant is not None  # a foreign key
    cashback = cashback_for(
        row.amount,
        current_cashback_policy(conn),
        restricted=merchant.restricted,
        designated=merchant.designated,
        credited_this_month=wallet.credited or 0,
    )
    adjust_balance(conn, wallet_id, cashback - row.amount, now)
    if cashback:
        credit_cashback(conn, wallet_id, month, cashback)
    (number,) = allocate(conn, 1)
    paid = _move(
        conn,
        row,
        now,
        status=PAID,
        paid_at=now,
        wallet_id=wallet_id,
        approval_no=format_approval_no(number),
        cashback=cashback,
        cashback_month=month,
    )
    return {
        **_state(conn, paid, with_payload=False),
        "balance_after": wallet.balance - row.amount + cashback,
        "merchant_name": _merchant_names(conn, row.merchant_id)[1],
    }


# ----- the push: the POS's payment event that records a paid request -------------------


def settle_mpm_payment(ctx: PushContext, event: JournalEvent) -> Settlement:
    """Link a payment event to the paid request it names; the money moved when the customer
    paid, so this never debits. Accepted with the request's approval number and cashback."""
    body = event.body
    request_id: str = body["mpm_request_id"]
    row = _request_row(ctx.conn, request_id, lock=True)
    if row is None or row.merchant_id != ctx.merchant_id:
        return _declined(ctx, event, "mpm_request_unknown", None)
    if body.get("tender", CHEONGJU_PAY) != CHEONGJU_PAY or not amounts_add_up(body):
        return _declined(ctx, event, "amount_mismatch", row)
    if body["total"] != row.amount:
        return _declined(ctx, event, "amount_mismatch", row)
    if row.status != PAID:
        return _declined(ctx, event, "mpm_request_unpaid", row)
    if row.payment_id is not None:
        return _declined(ctx, event, "mpm_request_recorded", row)
    ctx.conn.execute(
        update(payment_requests)
        .where(payment_requests.c.request_id == request_id)
        .values(payment_id=event.event_id)
    )
    payment = _payment_row(ctx, event, row, "accepted")
    payment.update(
        approval_no=row.approval_no, cashback=row.cashback, cashback_month=row.cashback_month
    )
    fields = {"outcome": "accepted", "approval_no": row.approval_no, "cashback": row.cashback}
    return Settlement(fields, [(payments, payment)])


def _declined(ctx: PushContext, event: JournalEvent, code: str, row: Row[Any] | None) -> Settlement:
    payment = _payment_row(ctx, event, row, "declined")
    payment["decline_code"] = code
    return Settlement(decline(code).result_fields(), [(payments, payment)])


def _payment_row(
    ctx: PushContext, event: JournalEvent, row: Row[Any] | None, outcome: str
) -> dict[str, Any]:
    # A code payment's row, but the wallet is the request's: the event carries no code.
    payment = payment_row(ctx, event, None, outcome=outcome)
    if row is not None and outcome == "accepted":
        payment["wallet_id"] = row.wallet_id
    return payment


# ----- rows, moves, the wire shape -----------------------------------------------------


def _request_row(conn: Connection, request_id: str, *, lock: bool = False) -> Row[Any] | None:
    query = select(payment_requests).where(payment_requests.c.request_id == request_id)
    if lock:
        query = query.with_for_update()
    return conn.execute(query).first()


def _own_request(conn: Connection, device_id: str, request_id: str) -> Row[Any]:
    row = _request_row(conn, request_id, lock=True)
    if row is None or row.device_id != device_id:
        raise ProblemError(404, "request_unknown", "no such payment request on this device")
    return row


def _expire_if_due(conn: Connection, row: Row[Any], now: datetime) -> Row[Any]:
    if row.status == OPEN and now >= row.expires_at:
        return _move(conn, row, now, status=EXPIRED)
    return row


def _move(conn: Connection, row: Row[Any], now: datetime, **values: Any) -> Row[Any]:
    """Change an open request's state and tell the merchant's devices (one change)."""
    moved = conn.execute(
        update(payment_requests)
        .where(
            payment_requests.c.request_id == row.request_id,
            payment_requests.c.status == OPEN,
        )
        .values(**values)
    )
    if moved.rowcount != 1:
        # Cannot happen under the row lock; if it did, retrying is the client's safe move.
        raise ProblemError(409, "request_changed", "the request changed meanwhile; retry")
    fresh = _request_row(conn, row.request_id)
    assert fresh is not None
    record_change(
        conn, ChangeKind.PAYMENT_REQUEST, change_data(fresh), merchant_id=fresh.merchant_id, now=now
    )
    return fresh


def change_data(row: Row[Any]) -> dict[str, Any]:
    """The ``payment_request`` change's data (also the core of every answer here)."""
    return {
        "request_id": row.request_id,
        "status": row.status,
        "amount": row.amount,
        "subtotal": row.subtotal,
        "discount": row.discount,
        "expires_at": timestamp(row.expires_at),
        "paid_at": timestamp(row.paid_at) if row.paid_at is not None else None,
        "approval_no": row.approval_no,
        "cashback": row.cashback,
        "wallet_id": row.wallet_id,
    }


def _state(conn: Connection, row: Row[Any], *, with_payload: bool) -> dict[str, Any]:
    state = change_data(row)
    if with_payload:
        state["payload"] = _payload(conn, row)
    return state


def _merchant_names(conn: Connection, merchant_id: str) -> tuple[str, str]:
    """(ASCII name for tag 59, the Korean name for template 64)."""
    name = conn.execute(
        select(merchants.c.name).where(merchants.c.merchant_id == merchant_id)
    ).scalar_one()
    # Tag 59 must be ASCII; the city's register holds Korean names, so a name that is not
    # ASCII is shown in template 64 and tag 59 carries the merchant id the app looks up.
    ascii_name = name if name.isascii() else f"CJPAY {merchant_id}"
    return ascii_name[:_NAME_MAX], name[:_NAME_MAX]


def _payload(conn: Connection, row: Row[Any]) -> str:
    """The dynamic merchant QR for this request, built afresh (the same text every time)."""
    ascii_name, korean_name = _merchant_names(conn, row.merchant_id)
    device_name = conn.execute(
        select(devices.c.name).where(devices.c.device_id == row.device_id)
    ).scalar_one()
    return build_cheongju_mpm(
        CheongjuPayRequest(
            merchant_id=row.merchant_id,
            merchant_name=ascii_name,
            merchant_name_ko=korean_name if korean_name != ascii_name else None,
            amount=row.amount,
            request_id=row.request_id,
            terminal_label=_ascii_label(device_name),
        )
    )


def _ascii_label(text: str) -> str | None:
    label = "".join(ch for ch in text if ch.isascii() and ch.isprintable()).strip()
    return label[:_NAME_MAX] or None
