"""``POST /v1/devices/{device_id}/journal``: check the chain, apply in order, answer.

One transaction per push. The chain is judged for the whole push first (nothing is
applied or reserved for a push refused at its first event); the new events that pass are
then applied in one savepoint, their rows inserted a table at a time, and only if that
batch fails on a unique key (a token race with another device) again one event per
savepoint. The order of judgement per event (docs/protocol.md "Journal push"):

- seq already stored: the same event_id and hash -> ``duplicate`` with the stored
  result; anything else -> conflict ``seq_conflict``;
- seq beyond the next one -> ``gap``;
- the next seq: ``prev_hash`` must be the stored head's hash (``prev_hash_mismatch``)
  and ``hash`` must be the hash of the content (``hash_mismatch``); then it is
  applied with its business outcome.

A conflict stops the push there; what this push applied before it is committed
and reported with the conflict (the route answers 409).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Final

from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.exc import IntegrityError

from central_server import cash_receipts
from central_server.approvals import ApprovalNumbers
from central_server.catalog import apply_product_upsert
from central_server.changes import lock_changes
from central_server.db import write_transaction
from central_server.event_shape import (
    CHEONGJU_PAY,
    LISTING_STOCK,
    LISTING_UPSERT,
    ORDER_STATUS,
    PAYMENT,
    PAYMENT_VOID,
    PRODUCT_UPSERT,
    STOCK_MOVEMENT,
    InvalidEvent,
    parse_push,
    validate_event,
)
from central_server.listings import apply_listing_stock, apply_listing_upsert
from central_server.orders import apply_order_status
from central_server.payment_requests import settle_mpm_payment
from central_server.payment_rules import amounts_add_up, kst_month
from central_server.refund_shape import PAYMENT_REFUND
from central_server.refunds import settle_refund
from central_server.schema import devices, journal_events, payment_parts, payments, used_tokens
from central_server.settlement import (
    RECORDED,
    PushContext,
    Settlement,
    prefetch_presented_online,
    settle_payment,
    settle_void,
)
from central_server.split_shape import (
    SPLIT,
    discount_problem,
    split_part_rows,
)
from central_server.state import all_keys, current_cashback_policy, merchant_state
from central_server.stock import apply_stock_movement, insert_rows, put_back, sale_rows
from central_server.wallet_book import WalletBook
from pos_app.domain.clock import unix_seconds
from pos_app.domain.journal import JournalEvent


def _payment(ctx: PushContext, event: JournalEvent) -> Settlement:
    # Whatever the outcome, the goods left the counter.
    if "mpm_request_id" in event.body:  # merchant-presented: the customer paid already
        return replace(settle_mpm_payment(ctx, event), movements=sale_rows(ctx, event))
    settled = replace(settle_payment(ctx, event), movements=sale_rows(ctx, event))
    if event.body.get("tender") == SPLIT:  # its parts by tender, whatever the outcome
        settled = replace(settled, rows=[*settled.rows, *split_part_rows(ctx, event)])
    if "cash_receipt" in event.body:  # a cash sale (event_shape refuses it on any other)
        settled.fields = {**settled.fields, "cash_receipt": cash_receipts.issue(ctx, event)}
    return settled


def _void(ctx: PushContext, event: JournalEvent) -> Settlement:
    put_back(ctx, event)
    return _with_cash_receipt_cancel(ctx, event, settle_void(ctx, event))


def _refund(ctx: PushContext, event: JournalEvent) -> Settlement:
    return _with_cash_receipt_cancel(ctx, event, settle_refund(ctx, event))


def _with_cash_receipt_cancel(
    ctx: PushContext, event: JournalEvent, settled: Settlement
) -> Settlement:
    """A refund or void of a sale with a cash receipt cancels it (its share, for a refund)."""
    if "cash_receipt_cancel" not in event.body:
        return settled
    answer = cash_receipts.cancel(ctx, event)
    return replace(settled, fields={**settled.fields, "cash_receipt": answer})


_HANDLERS: Final[dict[str, Callable[[PushContext, JournalEvent], Settlement]]] = {
    PAYMENT: _payment,
    PAYMENT_VOID: _void,
    PRODUCT_UPSERT: apply_product_upsert,
    STOCK_MOVEMENT: apply_stock_movement,
    LISTING_UPSERT: apply_listing_upsert,
    LISTING_STOCK: apply_listing_stock,
    ORDER_STATUS: apply_order_status,
    PAYMENT_REFUND: _refund,
}
#: Event types that may record a change in the feed (see ``_apply_push``).
_CHANGE_MAKERS: Final = frozenset({LISTING_UPSERT, ORDER_STATUS})
_INSERT_EVENT = journal_events.insert()
_INSERTS = {table.name: table.insert() for table in (payments, used_tokens, payment_parts)}


def _takes_change_lock(event: JournalEvent) -> bool:
    # A merchant-presented payment locks its payment request, which a paying customer locks
    # after the change writers' lock and before the wallet (payment_requests.py): taking the
    # same lock first keeps a push that also locks wallets from deadlocking with a payer.
    return event.type in _CHANGE_MAKERS or (
        event.type == PAYMENT and "mpm_request_id" in event.body
    )


@dataclass(frozen=True)
class Conflict:
    reason: str  # gap | seq_conflict | prev_hash_mismatch | hash_mismatch
    conflict_seq: int
    expected_seq: int


@dataclass(frozen=True)
class PushReport:
    results: list[dict[str, Any]]
    last_seq: int
    conflict: Conflict | None


@dataclass
class _Stored:
    event_id: str
    hash: str
    result: str  # JSON


Validated = Sequence[tuple[JournalEvent, str]]


def push_journal(engine: Engine, device_id: str, raw_body: bytes, now: datetime) -> PushReport:
    """Validate the whole push (``InvalidEvent``/``BatchTooLarge``), then apply it."""
    validated = [validate_event(index, obj) for index, obj in enumerate(parse_push(raw_body))]
    seen: dict[str, int] = {}
    for index, (event, _) in enumerate(validated):
        if seen.setdefault(event.event_id, event.seq) != event.seq:
            raise InvalidEvent(f"event_id {event.event_id} appears twice", index, event.seq)
    with write_transaction(engine) as conn:
        return _apply_push(conn, device_id, validated, now)


def _apply_push(
    conn: Connection, device_id: str, validated: Validated, now: datetime
) -> PushReport:
    device = conn.execute(
        select(devices.c.merchant_id, devices.c.last_seq, devices.c.last_hash)
        .where(devices.c.device_id == device_id)
        .with_for_update()  # one push per device at a time (PostgreSQL)
    ).one()
    head_seq: int = device.last_seq
    _refuse_reused_event_ids(conn, device_id, head_seq, validated)
    stored = _stored_events(conn, device_id, head_seq, validated)
    steps, conflict = _judge_chain(validated, stored, head_seq, device.last_hash)
    new_events = [event for event, is_new in steps if is_new]
    _refuse_excess_discounts(validated, new_events)
    if new_events:
        _apply_new(conn, device_id, device.merchant_id, new_events, stored, now)
        last = new_events[-1]
        conn.execute(
            update(devices)
            .where(devices.c.device_id == device_id)
            .values(last_seq=last.seq, last_hash=last.hash)
        )
    results = [
        _with_status(stored[event.seq].result, "applied" if is_new else "duplicate")
        for event, is_new in steps
    ]
    return PushReport(results, new_events[-1].seq if new_events else head_seq, conflict)


def _refuse_excess_discounts(validated: Validated, new_events: list[JournalEvent]) -> None:
    """A payment whose special discount is larger than the one rule gives its Cheongju Pay
    share at its own rate refuses the push whole (422): the POS prices by the same rule, so
    it cannot have sent one. Arithmetic that does not add up is a decline, later."""
    index_of = {event.seq: index for index, (event, _) in enumerate(validated)}
    for event in new_events:
        if event.type != PAYMENT or not amounts_add_up(event.body):
            continue
        if (problem := discount_problem(event.body)) is not None:
            raise InvalidEvent(problem, index_of.get(event.seq), event.seq)


def _judge_chain(
    validated: Validated, stored: dict[int, _Stored], last_seq: int, last_hash: str
) -> tuple[list[tuple[JournalEvent, bool]], Conflict | None]:
    """The chain check of the whole push before anything is applied or reserved: each event
    up to the first conflict, with True if it is new (to apply) and False if a duplicate.

    Every new event that passes is applied (a declined payment is stored and chained too), so
    the head moves to each in turn, and the check needs nothing the events' outcomes decide.
    """
    steps: list[tuple[JournalEvent, bool]] = []
    known_hashes = {seq: (known.event_id, known.hash) for seq, known in stored.items()}
    for event, claimed_hash in validated:
        if event.seq <= last_seq:
            known = known_hashes.get(event.seq)
            if known is None or known != (event.event_id, claimed_hash):
                return steps, Conflict("seq_conflict", event.seq, last_seq + 1)
            if event.hash != claimed_hash:
                # Same id and hash as stored, but the content no longer hashes to it: the
                # device's copy was edited after it was acknowledged.
                return steps, Conflict("hash_mismatch", event.seq, last_seq + 1)
            steps.append((event, False))
            continue
        if event.seq != last_seq + 1:
            return steps, Conflict("gap", event.seq, last_seq + 1)
        if event.prev_hash != last_hash:
            return steps, Conflict("prev_hash_mismatch", event.seq, event.seq)
        if event.hash != claimed_hash:
            return steps, Conflict("hash_mismatch", event.seq, event.seq)
        steps.append((event, True))
        known_hashes[event.seq] = (event.event_id, event.hash)
        last_seq, last_hash = event.seq, event.hash
    return steps, None


def _apply_new(
    conn: Connection,
    device_id: str,
    merchant_id: str,
    events: list[JournalEvent],
    stored: dict[int, _Stored],
    now: datetime,
) -> None:
    """Apply the events that passed the chain check; their results go into ``stored``."""
    merchant = merchant_state(conn, merchant_id)
    assert merchant is not None  # devices.merchant_id is a foreign key
    if any(_takes_change_lock(e) for e in events):
        # Before any wallet or order row: the lock order of every change writer (orders.py).
        lock_changes(conn)
    new_payments = [e for e in events if e.type == PAYMENT]
    # Only now, and only for payments that will be applied: a refused push takes none.
    approvals = ApprovalNumbers(conn, len(new_payments))
    approvals.reserve()
    ctx = PushContext(
        conn=conn,
        device_id=device_id,
        merchant_id=merchant.merchant_id,
        restricted=merchant.restricted,
        designated=merchant.designated,
        policy=current_cashback_policy(conn),
        keys=all_keys(conn),
        received_at=now,
        received_unix=unix_seconds(now),
        approvals=approvals,
    )
    _prefetch_used_tokens(ctx, new_payments)
    for event, result_json in zip(events, _apply_events(ctx, events), strict=True):
        stored[event.seq] = _Stored(event.event_id, event.hash, result_json)
    insert_rows(conn, ctx.sales)


def _apply_events(ctx: PushContext, events: list[JournalEvent]) -> list[str]:
    """Apply in one savepoint, rows inserted a table at a time (``_BatchRows``); if the batch
    fails on a unique key (another device's push used the same token meanwhile, PostgreSQL),
    roll it back and apply the events one by one, each in its own savepoint."""
    used_tokens_before = set(ctx.used_tokens)
    sales_before = len(ctx.sales)
    approvals_before = ctx.approvals.used
    try:
        with _savepoint(ctx.conn, "journal_batch"):
            return _apply_batch(ctx, events)
    except IntegrityError:
        ctx.used_tokens.intersection_update(used_tokens_before)
        ctx.checked_tokens.clear()  # look tokens up afresh: the race is in them
        del ctx.sales[sales_before:]
        ctx.approvals.rewind(approvals_before)
    return [_apply_event(ctx, event) for event in events]


def _defers_rows(event: JournalEvent) -> bool:
    """May this event's rows wait for the batch's multi-row inserts? A code payment reads
    no row an earlier event of the push inserts (wallets and the ledger are updated at once;
    tokens used by the push are in ``PushContext.used_tokens``). Voids, refunds and the rest
    read this device's journal and payments, so the rows before them are inserted first."""
    return event.type not in _HANDLERS or (
        event.type == PAYMENT and "mpm_request_id" not in event.body
    )


class _BatchRows:
    """Rows collected over the batch, inserted one statement per table (journal rows first:
    the others reference them)."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        self.rows: dict[str, list[dict[str, Any]]] = {name: [] for name in _INSERTS}

    def add(self, journal_row: dict[str, Any], settlement: Settlement) -> None:
        self.events.append(journal_row)
        for table, row in settlement.rows:
            self.rows[table.name].append(row)

    def flush(self, ctx: PushContext) -> None:
        conn = ctx.conn
        if ctx.wallet_book is not None:
            ctx.wallet_book.flush()
        if self.events:
            conn.execute(_INSERT_EVENT, self.events)
            self.events = []
        for name, rows in self.rows.items():
            if rows:
                conn.execute(_INSERTS[name], rows)
                self.rows[name] = []


def _apply_batch(ctx: PushContext, events: list[JournalEvent]) -> list[str]:
    pending = _BatchRows()
    results: list[str] = []
    ctx.wallet_book = WalletBook(ctx.conn, ctx.received_at)
    try:
        ctx.wallet_book.prefetch(_claimed_wallets(events))
        prefetch_presented_online(ctx, _claimed_offline_tokens(events))
        for event in events:
            deferred = _defers_rows(event)
            if not deferred:
                pending.flush(ctx)
            handler = _HANDLERS.get(event.type)
            settlement = handler(ctx, event) if handler is not None else RECORDED
            result_json = _result_json(event, settlement)
            pending.add(_journal_row(ctx, event, result_json), settlement)
            if not deferred:
                pending.flush(ctx)
            _settled(ctx, settlement)
            results.append(result_json)
        pending.flush(ctx)
    finally:
        ctx.wallet_book = None
    return results


def _claimed_offline_tokens(events: list[JournalEvent]) -> set[str]:
    """The token of each offline code payment, from the body's copy (see ``_claimed_wallets``)."""
    tokens: set[str] = set()
    for event in events:
        if event.type != PAYMENT or event.body.get("offline") is not True:
            continue
        code = event.body.get("payment_code")
        token_id = code.get("token_id") if type(code) is dict else None
        if type(token_id) is str:
            tokens.add(token_id)
    return tokens


def _claimed_wallets(events: list[JournalEvent]) -> set[tuple[str, str]]:
    """(wallet, KST month) of each code payment, from the body's copy of its code: only
    which rows to read early (``WalletBook``); the verified code decides the payment."""
    wanted: set[tuple[str, str]] = set()
    for event in events:
        if event.type != PAYMENT or event.body.get("tender", CHEONGJU_PAY) not in (
            CHEONGJU_PAY,
            SPLIT,
        ):
            continue
        code = event.body.get("payment_code")
        if type(code) is not dict:
            continue
        wallet_id, scanned_at = code.get("wallet_id"), code.get("scanned_at")
        if type(wallet_id) is str and type(scanned_at) is int and 0 <= scanned_at < 2**32:
            wanted.add((wallet_id, kst_month(scanned_at)))
    return wanted


def _result_json(event: JournalEvent, settlement: Settlement) -> str:
    result = {"seq": event.seq, "event_id": event.event_id, **settlement.fields}
    return json.dumps(result, ensure_ascii=False, separators=(",", ":"))


def _journal_row(ctx: PushContext, event: JournalEvent, result_json: str) -> dict[str, Any]:
    return {
        "device_id": ctx.device_id,
        "seq": event.seq,
        "event_id": event.event_id,
        "type": event.type,
        "occurred_at": event.occurred_at,
        "body": event.body_json.decode("utf-8"),
        "prev_hash": event.prev_hash,
        "hash": event.hash,
        "result": result_json,
        "received_at": ctx.received_at,
    }


def _settled(ctx: PushContext, settlement: Settlement) -> None:
    """What later events of the push judge against once this one's rows stand."""
    for table, row in settlement.rows:
        if table is used_tokens:
            ctx.used_tokens.add(row["token_id"])
    ctx.sales.extend(settlement.movements)


def _apply_event(ctx: PushContext, event: JournalEvent) -> str:
    """Settle and store one event in its savepoint; returns its stored result JSON."""
    handler = _HANDLERS.get(event.type)
    approvals_before = ctx.approvals.used
    for attempt in (1, 2):
        try:
            with _savepoint(ctx.conn):
                settlement = handler(ctx, event) if handler is not None else RECORDED
                result_json = _result_json(event, settlement)
                ctx.conn.execute(_INSERT_EVENT, _journal_row(ctx, event, result_json))
                for table, row in settlement.rows:
                    ctx.conn.execute(_INSERTS[table.name], row)
        except IntegrityError:
            # Another device's push used the same token between our check and our
            # insert (PostgreSQL): judge the event again, with fresh token lookups.
            if attempt == 2:
                raise
            ctx.checked_tokens.clear()
            ctx.approvals.rewind(approvals_before)  # the rows that carried them are gone
            continue
        _settled(ctx, settlement)
        return result_json
    raise AssertionError("unreachable")


@contextmanager
def _savepoint(conn: Connection, name: str = "journal_event") -> Iterator[None]:
    """The event's savepoint, in plain SQL (same on SQLite and PostgreSQL): SQLAlchemy's
    ``begin_nested`` compiles its SAVEPOINT/RELEASE anew each time, a third of the cost of
    applying a payment on SQLite."""
    conn.exec_driver_sql(f"SAVEPOINT {name}")
    try:
        yield
    except BaseException:
        conn.exec_driver_sql(f"ROLLBACK TO SAVEPOINT {name}")
        conn.exec_driver_sql(f"RELEASE SAVEPOINT {name}")
        raise
    conn.exec_driver_sql(f"RELEASE SAVEPOINT {name}")


def _with_status(result_json: str, status: str) -> dict[str, Any]:
    result = json.loads(result_json)
    return {
        "seq": result.pop("seq"),
        "event_id": result.pop("event_id"),
        "status": status,
        **result,
    }


def _stored_events(
    conn: Connection, device_id: str, last_seq: int, validated: Validated
) -> dict[int, _Stored]:
    """The stored events this push may repeat (seq <= the stored head)."""
    lowest = min(event.seq for event, _ in validated)
    highest = min(max(event.seq for event, _ in validated), last_seq)
    if lowest > last_seq:
        return {}
    rows = conn.execute(
        select(
            journal_events.c.seq,
            journal_events.c.event_id,
            journal_events.c.hash,
            journal_events.c.result,
        ).where(
            journal_events.c.device_id == device_id,
            journal_events.c.seq.between(lowest, highest),
        )
    )
    return {row.seq: _Stored(row.event_id, row.hash, row.result) for row in rows}


def _refuse_reused_event_ids(
    conn: Connection, device_id: str, last_seq: int, validated: Validated
) -> None:
    """An event_id names one event forever. One stored for another device (a copied POS
    database, say) or at another seq of this device cannot be applied: 422, nothing applied.
    (A stored seq with a different event_id is a chain conflict instead, found later.)"""
    claimed = {event.event_id: (index, event.seq) for index, (event, _) in enumerate(validated)}
    rows = conn.execute(
        select(journal_events.c.event_id, journal_events.c.device_id, journal_events.c.seq).where(
            journal_events.c.event_id.in_(list(claimed))
        )
    )
    for row in rows:
        index, seq = claimed[row.event_id]
        if row.device_id != device_id:
            raise InvalidEvent(
                f"event_id {row.event_id} is already stored for another device", index, seq
            )
        if row.seq != seq and seq > last_seq:
            raise InvalidEvent(
                f"event_id {row.event_id} is already stored at seq {row.seq}", index, seq
            )


def _prefetch_used_tokens(ctx: PushContext, new_payments: list[JournalEvent]) -> None:
    """One query for the whole push instead of one per payment; tokens are taken from the
    body's copy (the signed text is checked against it before the copy is trusted)."""
    candidates: set[str] = set()
    for event in new_payments:
        code = event.body.get("payment_code")
        token_id = code.get("token_id") if type(code) is dict else None
        if type(token_id) is str:
            candidates.add(token_id)
    if not candidates:
        return
    rows = ctx.conn.execute(
        select(used_tokens.c.token_id).where(used_tokens.c.token_id.in_(list(candidates)))
    )
    ctx.used_tokens.update(row.token_id for row in rows)
    ctx.checked_tokens.update(candidates)
