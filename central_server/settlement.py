"""What a journal event does to money: payments debit wallets and earn cashback, voids undo.

Runs inside the push's transaction, one event at a time inside its savepoint.
Each function decides the business outcome and performs the wallet and ledger
updates, and returns the outcome fields plus the rows to insert *after* the
journal row (they reference it). Concurrency: the wallet row is read ``FOR
UPDATE`` before its balance or cashback is judged (PostgreSQL; SQLite has one
writer at a time), and the unique key on ``used_tokens`` settles a race between
two devices presenting the same token.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Insert, Table, and_, bindparam, false, select, update
from sqlalchemy.dialects import postgresql, sqlite

from central_server.approvals import ApprovalNumbers
from central_server.declines import PRESENTED_ONLINE, Decline, decline
from central_server.event_shape import CHEONGJU_CARD, CHEONGJU_PAY
from central_server.offline_rules import answer_still_awaited, judge_offline
from central_server.payment_rules import (
    VerifiedCode,
    amounts_add_up,
    cashback_for,
    check_code,
    kst_month,
)
from central_server.schema import (
    cashback_ledger,
    journal_events,
    payments,
    used_tokens,
    wallets,
)
from central_server.split_shape import SPLIT, wallet_part
from central_server.wallet_book import WalletBook
from pos_app.domain.journal import JournalEvent
from pos_app.domain.payment_code import KeySet
from pos_app.domain.pricing import CashbackPolicy


@dataclass
class PushContext:
    """What every event of one push is judged against, read once per push."""

    conn: Connection
    device_id: str
    merchant_id: str
    restricted: bool
    designated: bool
    policy: CashbackPolicy | None
    keys: KeySet
    received_at: datetime
    received_unix: int
    approvals: ApprovalNumbers
    #: Tokens known to be used: prefetched for the batch, plus those this push used
    #: (added by the caller once the event's savepoint is released).
    used_tokens: set[str] = field(default_factory=set)
    #: Tokens the prefetch looked up; any other token is looked up on its own.
    checked_tokens: set[str] = field(default_factory=set)
    #: Counter-sale stock movements of the events applied so far: inserted in one statement
    #: when the push ends (still its transaction), not one statement per payment.
    sales: list[dict[str, Any]] = field(default_factory=list)
    #: While a batch of code payments is applied: their wallets, read and written at once.
    wallet_book: WalletBook | None = None
    #: Tokens an online payment of this push carried, whatever its outcome: the batch's rows
    #: are inserted at its end, so the stored-payments lookup cannot see them yet.
    presented_online: set[str] = field(default_factory=set)
    #: Tokens whose stored online presentations were looked up for the whole batch at once
    #: (``prefetch_presented_online``); any other token is looked up on its own.
    online_checked: set[str] = field(default_factory=set)


@dataclass
class Settlement:
    fields: dict[str, Any]
    rows: list[tuple[Table, dict[str, Any]]] = field(default_factory=list)
    #: Stock movement rows for ``PushContext.sales`` once the event's savepoint is released.
    movements: list[dict[str, Any]] = field(default_factory=list)


RECORDED = Settlement({"outcome": "recorded"})

# Built once: constructing a statement per event costs more than executing it on SQLite.
_LOCK_WALLET_WITH_MONTH = (
    select(wallets.c.balance, cashback_ledger.c.credited)
    .select_from(
        wallets.outerjoin(
            cashback_ledger,
            and_(
                cashback_ledger.c.wallet_id == wallets.c.wallet_id,
                cashback_ledger.c.month == bindparam("month"),
            ),
        )
    )
    .where(wallets.c.wallet_id == bindparam("wallet_id"))
    .with_for_update(of=wallets)
)
_LOCK_WALLET = (
    select(wallets.c.balance).where(wallets.c.wallet_id == bindparam("wallet_id")).with_for_update()
)
_ADJUST_BALANCE = (
    update(wallets)
    .where(wallets.c.wallet_id == bindparam("b_wallet_id"))
    .values(balance=wallets.c.balance + bindparam("b_delta"), updated_at=bindparam("b_now"))
)
_TOKEN_USED = select(used_tokens.c.token_id).where(used_tokens.c.token_id == bindparam("token_id"))
_PRESENTED_ONLINE = (
    select(payments.c.payment_id)
    .where(payments.c.token_id == bindparam("token_id"), payments.c.offline == false())
    .limit(1)
)
_PAYMENT_TO_VOID = select(
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
_DEVICE_PAYMENT_BODY = select(journal_events.c.body).where(
    journal_events.c.event_id == bindparam("payment_id"),
    journal_events.c.device_id == bindparam("device_id"),
    journal_events.c.type == "payment",
)
_DEVICE_VOIDS = select(journal_events.c.body, journal_events.c.result).where(
    journal_events.c.device_id == bindparam("device_id"),
    journal_events.c.type == "payment_void",
    journal_events.c.body.like(bindparam("pattern")),
)
_REVERSE_CASHBACK = (
    update(cashback_ledger)
    .where(
        cashback_ledger.c.wallet_id == bindparam("b_wallet_id"),
        cashback_ledger.c.month == bindparam("b_month"),
    )
    .values(credited=cashback_ledger.c.credited - bindparam("b_amount"))
)
_MARK_VOIDED = (
    update(payments)
    .where(payments.c.payment_id == bindparam("b_payment_id"))
    .values(
        voided_by=bindparam("b_voided_by"),
        refunded=bindparam("b_refunded"),
        cashback_reversed=bindparam("b_cashback_reversed"),
    )
)


def _recorded_without_the_wallet(body: Mapping[str, Any]) -> Settlement | None:
    """The tenders that move no wallet money are recorded as they are (None: the wallet
    pays, whole or a split sale's QR part)."""
    tender = body.get("tender", CHEONGJU_PAY)
    if tender == CHEONGJU_CARD:
        # The terminal moved the card's money; the sale is recorded. Its special discount
        # counts in the city's figures like a Cheongju Pay sale's, so it is checked the
        # same way (no payments row: that table is the wallet's).
        if not amounts_add_up(body):
            return Settlement(decline("amount_mismatch").result_fields())
        return RECORDED
    if tender == SPLIT:
        # No QR part: the Cheongju Pay card and the rest move no money.
        return RECORDED if body.get("payment_code") is None else None
    return None if tender == CHEONGJU_PAY else RECORDED


def settle_payment(ctx: PushContext, event: JournalEvent) -> Settlement:
    body = event.body
    if (recorded := _recorded_without_the_wallet(body)) is not None:
        return recorded
    checked = check_code(body, ctx.merchant_id, ctx.keys, ctx.received_unix)
    if isinstance(checked, Decline):
        return _declined_payment(ctx, event, checked, None)
    if not body["offline"]:
        ctx.presented_online.add(checked.token_id)
    if _token_used(ctx, checked.token_id):
        return _declined_payment(ctx, event, decline("code_used"), checked)
    if not amounts_add_up(body):
        return _declined_payment(ctx, event, decline("amount_mismatch"), checked)
    # What the wallet is charged: the whole total, or a split sale's QR part only.
    total = wallet_part(body)
    month = kst_month(checked.scanned_at)
    book = ctx.wallet_book
    wallet = (
        book.lock(checked.wallet_id, month)
        if book is not None
        else lock_wallet_for_month(ctx.conn, checked.wallet_id, month)
    )
    if wallet is None:
        return _declined_payment(ctx, event, decline("wallet_unknown"), checked)
    # Taken online and still awaited: the POS shows this answer, so the balance gives it
    # (the offline flag only says what stands if no answer comes in time).
    awaited = body["offline"] and answer_still_awaited(
        body.get("answer_awaited"), checked.scanned_at, ctx.received_unix
    )
    if body["offline"] and not awaited:
        # The issuer stands behind an offline payment within the offline rules, even if
        # the balance is short: the wallet may go negative, as far as the code's limit.
        refused = judge_offline(
            checked.code, total, checked.scanned_at, ctx.received_unix, wallet.balance
        )
        if refused is None and _presented_online(ctx, checked.token_id):
            refused = PRESENTED_ONLINE
        if refused is not None:
            return _declined_payment(ctx, event, decline(refused), checked)
    elif wallet.balance < total:
        return _declined_payment(ctx, event, decline("insufficient_balance"), checked)
    cashback = cashback_for(
        total,
        ctx.policy,
        restricted=ctx.restricted,
        designated=ctx.designated,
        credited_this_month=wallet.credited or 0,
    )
    balance_after = wallet.balance - total + cashback
    if book is not None:
        book.settle(checked.wallet_id, month, cashback - total, cashback)
    else:
        _adjust_balance(ctx, checked.wallet_id, cashback - total)
    if cashback and book is None:
        ctx.conn.execute(
            _upsert_ledger(ctx.conn),
            {"wallet_id": checked.wallet_id, "month": month, "credited": cashback},
        )
    approval_no = ctx.approvals.next()
    payment = payment_row(ctx, event, checked, outcome="accepted")
    payment.update(approval_no=approval_no, cashback=cashback, cashback_month=month)
    token = {
        "token_id": checked.token_id,
        "wallet_id": checked.wallet_id,
        "payment_id": event.event_id,
        "used_at": checked.scanned_at,
    }
    return Settlement(
        {
            "outcome": "accepted",
            "approval_no": approval_no,
            "cashback": cashback,
            # The merchant's status when the server booked it: the receipt tells it.
            "cashback_restricted": ctx.restricted,
            "balance_after": balance_after,
        },
        [(payments, payment), (used_tokens, token)],
    )


def settle_void(ctx: PushContext, event: JournalEvent) -> Settlement:
    """Refund the payment and reverse its cashback; only payments of the same device."""
    payment_id: str = event.body["payment_id"]
    payment = ctx.conn.execute(
        _PAYMENT_TO_VOID, {"payment_id": payment_id, "device_id": ctx.device_id}
    ).first()
    if payment is None:
        return _settle_other_tender_void(ctx, payment_id)
    if payment.voided_by is not None:
        return Settlement(decline("already_voided").result_fields())
    fields: dict[str, Any] = {"outcome": "accepted", "refunded": 0, "cashback_reversed": 0}
    if payment.outcome == "accepted":
        # What partial refunds (payment_refund) gave back already is not given twice.
        refund = payment.total - (payment.refunded or 0)
        reverse = payment.cashback - (payment.cashback_reversed or 0)
        balance = ctx.conn.execute(_LOCK_WALLET, {"wallet_id": payment.wallet_id}).scalar_one()
        _adjust_balance(ctx, payment.wallet_id, refund - reverse)
        if reverse:
            ctx.conn.execute(
                _REVERSE_CASHBACK,
                {
                    "b_wallet_id": payment.wallet_id,
                    "b_month": payment.cashback_month,
                    "b_amount": reverse,
                },
            )
        fields = {
            "outcome": "accepted",
            "refunded": refund,
            "cashback_reversed": reverse,
            "balance_after": balance + refund - reverse,
        }
    ctx.conn.execute(
        _MARK_VOIDED,
        {
            "b_payment_id": payment_id,
            "b_voided_by": event.event_id,
            # Totals over the payment's life: its partial refunds and this void.
            "b_refunded": (payment.refunded or 0) + fields["refunded"],
            "b_cashback_reversed": (payment.cashback_reversed or 0) + fields["cashback_reversed"],
        },
    )
    return Settlement(fields)


def _settle_other_tender_void(ctx: PushContext, payment_id: str) -> Settlement:
    """The void of a cash or card-terminal sale: recorded, like the sale (no money of ours
    moved either way), so the server's record of the day keeps the void the till made.

    Such a sale has no ``payments`` row (that table is Cheongju Pay's): it is this device's
    ``payment`` journal event, and a void of it is a ``payment_void`` event answered
    ``recorded``. A payment this device never sent (another device's, another merchant's,
    none at all) is still ``payment_unknown``, and a second void ``already_voided``.
    """
    body = ctx.conn.execute(
        _DEVICE_PAYMENT_BODY, {"payment_id": payment_id, "device_id": ctx.device_id}
    ).scalar_one_or_none()
    if body is None or json.loads(body).get("tender", CHEONGJU_PAY) == CHEONGJU_PAY:
        # A Cheongju Pay payment the server knows has a payments row (accepted or declined).
        return Settlement(decline("payment_unknown").result_fields())
    if _recorded_void_of(ctx, payment_id):
        return Settlement(decline("already_voided").result_fields())
    return RECORDED


def _recorded_void_of(ctx: PushContext, payment_id: str) -> bool:
    """Has this device's journal a void of ``payment_id`` that the server recorded?

    Voids are few, so the device's void events are read and matched exactly; the LIKE on
    the canonical body only narrows the read (a wildcard in an id widens it, never wrongs
    the answer)."""
    rows = ctx.conn.execute(
        _DEVICE_VOIDS, {"device_id": ctx.device_id, "pattern": f"%{payment_id}%"}
    )
    return any(
        json.loads(body).get("payment_id") == payment_id
        and json.loads(result).get("outcome") == "recorded"
        for body, result in rows
    )


def _token_used(ctx: PushContext, token_id: str) -> bool:
    if token_id in ctx.used_tokens:
        return True
    if token_id in ctx.checked_tokens:
        return False
    found = ctx.conn.execute(_TOKEN_USED, {"token_id": token_id}).first()
    ctx.checked_tokens.add(token_id)
    if found is not None:
        ctx.used_tokens.add(token_id)
    return found is not None


def _presented_online(ctx: PushContext, token_id: str) -> bool:
    """Has any device pushed a payment with ``offline: false`` carrying this token?

    Whatever its outcome: an online answer (say, insufficient balance) was given for the
    token, so a later claim that it was taken offline cannot be true of an honest till.
    Asked with the wallet row locked: an online payment of the same wallet being judged
    in another push holds that lock until it commits, and is then seen here."""
    if token_id in ctx.presented_online:
        return True
    if token_id in ctx.online_checked:
        return False
    return ctx.conn.execute(_PRESENTED_ONLINE, {"token_id": token_id}).first() is not None


def prefetch_presented_online(ctx: PushContext, token_ids: set[str]) -> None:
    """One query for a batch's offline payments instead of one each. Call it once the
    batch's wallet rows are locked, for the reason ``_presented_online`` gives; the tokens
    come from the bodies' copies, so a token the verified code does not match is simply
    looked up on its own later."""
    wanted = token_ids - ctx.online_checked
    if not wanted:
        return
    rows = ctx.conn.execute(
        select(payments.c.token_id)
        .where(payments.c.token_id.in_(list(wanted)), payments.c.offline == false())
        .distinct()
    )
    ctx.presented_online.update(row.token_id for row in rows)
    ctx.online_checked.update(wanted)


def _adjust_balance(ctx: PushContext, wallet_id: str, delta: int) -> None:
    adjust_balance(ctx.conn, wallet_id, delta, ctx.received_at)


def lock_balance(conn: Connection, wallet_id: str) -> int | None:
    """The wallet's balance, its row locked until the transaction ends; None: no wallet."""
    return conn.execute(_LOCK_WALLET, {"wallet_id": wallet_id}).scalar_one_or_none()


def adjust_balance(conn: Connection, wallet_id: str, delta: int, now: datetime) -> None:
    """Add ``delta`` won (negative: debit) to a wallet whose row the caller has locked."""
    conn.execute(_ADJUST_BALANCE, {"b_wallet_id": wallet_id, "b_delta": delta, "b_now": now})


def lock_wallet_for_month(conn: Connection, wallet_id: str, month: str) -> Any:
    """The wallet's balance and the cashback credited to it in ``month`` (``credited``, None
    if nothing yet), its row locked until the transaction ends; None: no wallet."""
    return conn.execute(_LOCK_WALLET_WITH_MONTH, {"wallet_id": wallet_id, "month": month}).first()


def credit_cashback(conn: Connection, wallet_id: str, month: str, amount: int) -> None:
    """Count ``amount`` won of cashback against the wallet's monthly cap (the ledger)."""
    conn.execute(_upsert_ledger(conn), {"wallet_id": wallet_id, "month": month, "credited": amount})


def _make_upsert_ledger(dialect_insert: Callable[[Table], Any]) -> Insert:
    statement = dialect_insert(cashback_ledger)
    return statement.on_conflict_do_update(
        index_elements=[cashback_ledger.c.wallet_id, cashback_ledger.c.month],
        set_={"credited": cashback_ledger.c.credited + statement.excluded.credited},
    )


_UPSERT_LEDGER = {
    "postgresql": _make_upsert_ledger(postgresql.insert),
    "sqlite": _make_upsert_ledger(sqlite.insert),
}


def _upsert_ledger(conn: Connection) -> Insert:
    return _UPSERT_LEDGER[conn.dialect.name]


def payment_row(
    ctx: PushContext, event: JournalEvent, checked: VerifiedCode | None, *, outcome: str
) -> dict[str, Any]:
    body: Mapping[str, Any] = event.body
    return {
        "payment_id": event.event_id,
        "device_id": ctx.device_id,
        "seq": event.seq,
        "merchant_id": ctx.merchant_id,
        "outcome": outcome,
        "decline_code": None,
        "approval_no": None,
        "wallet_id": checked.wallet_id if checked else None,
        "token_id": checked.token_id if checked else None,
        "subtotal": body["subtotal"],
        "discount": body["discount"],
        # A split sale's row is its Cheongju Pay QR part: what the wallet paid, what a void
        # or a refund may give back to it (the whole sale is its journal event and parts).
        "total": wallet_part(body),
        "cashback": 0,
        "cashback_month": None,
        "offline": body["offline"],
        # A merchant-presented payment has no code (payment_requests.py): no scan time.
        "scanned_at": checked.scanned_at
        if checked
        else (body.get("payment_code") or {}).get("scanned_at"),
        "received_at": ctx.received_at,
        **payment_tax_columns(body),
    }


def payment_tax_columns(body: Mapping[str, Any]) -> dict[str, int]:
    """The split the payment carries (checked against its lines on arrival, event_shape.py);
    a body from before splits existed is all taxable, VAT floor(total / 11)."""
    if body.get("tender") == SPLIT:  # the QR part's share of the sale's split
        body = next(p for p in body["parts"] if p["tender"] == CHEONGJU_PAY)
    split = body.get("tax_split")
    if split is None:
        total = body.get("total", body.get("amount"))
        return {"taxable_total": total, "vat": total // 11, "exempt_total": 0}
    return {
        "taxable_total": split["taxable"],
        "vat": split["vat"],
        "exempt_total": split["exempt"],
    }


def _declined_payment(
    ctx: PushContext, event: JournalEvent, reason: Decline, checked: VerifiedCode | None
) -> Settlement:
    """A declined payment is stored and chained like any other event."""
    row = payment_row(ctx, event, checked, outcome="declined")
    row["decline_code"] = reason.code
    return Settlement(reason.result_fields(), [(payments, row)])
