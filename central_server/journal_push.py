"""``POST /v1/devices/{device_id}/journal``: check the chain, apply in order, answer.

One transaction per push; each new event in its own savepoint. The order of
judgement per event (docs/protocol.md "Journal push"):

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

from central_server.approvals import ApprovalNumbers
from central_server.catalog import apply_product_upsert
from central_server.changes import lock_changes
from central_server.db import write_transaction
from central_server.event_shape import (
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
from central_server.refund_shape import PAYMENT_REFUND
from central_server.refunds import settle_refund
from central_server.schema import devices, journal_events, payments, used_tokens
from central_server.settlement import (
    RECORDED,
    PushContext,
    Settlement,
    settle_payment,
    settle_void,
)
from central_server.state import all_keys, current_cashback_policy, merchant_state
from central_server.stock import apply_stock_movement, insert_rows, put_back, sale_rows
from pos_app.domain.clock import unix_seconds
from pos_app.domain.journal import JournalEvent


def _payment(ctx: PushContext, event: JournalEvent) -> Settlement:
    # Whatever the outcome, the goods left the counter.
    if "mpm_request_id" in event.body:  # merchant-presented: the customer paid already
        return replace(settle_mpm_payment(ctx, event), movements=sale_rows(ctx, event))
    return replace(settle_payment(ctx, event), movements=sale_rows(ctx, event))


def _void(ctx: PushContext, event: JournalEvent) -> Settlement:
    put_back(ctx, event)
    return settle_void(ctx, event)


_HANDLERS: Final[dict[str, Callable[[PushContext, JournalEvent], Settlement]]] = {
    PAYMENT: _payment,
    PAYMENT_VOID: _void,
    PRODUCT_UPSERT: apply_product_upsert,
    STOCK_MOVEMENT: apply_stock_movement,
    LISTING_UPSERT: apply_listing_upsert,
    LISTING_STOCK: apply_listing_stock,
    ORDER_STATUS: apply_order_status,
    PAYMENT_REFUND: settle_refund,
}
#: Event types that may record a change in the feed (see ``_apply_push``).
_CHANGE_MAKERS: Final = frozenset({LISTING_UPSERT, ORDER_STATUS})
_INSERT_EVENT = journal_events.insert()
_INSERTS = {table.name: table.insert() for table in (payments, used_tokens)}


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
    last_seq: int = device.last_seq
    last_hash: str = device.last_hash
    _refuse_reused_event_ids(conn, device_id, last_seq, validated)
    stored = _stored_events(conn, device_id, last_seq, validated)
    merchant = merchant_state(conn, device.merchant_id)
    assert merchant is not None  # devices.merchant_id is a foreign key
    new_payments = [e for e, _ in validated if e.type == PAYMENT and e.seq > last_seq]
    if any(_takes_change_lock(e) and e.seq > last_seq for e, _ in validated):
        # Before any wallet or order row: the lock order of every change writer (orders.py).
        lock_changes(conn)
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

    results: list[dict[str, Any]] = []
    conflict: Conflict | None = None
    head_seq = last_seq
    for event, claimed_hash in validated:
        if event.seq <= last_seq:
            known = stored.get(event.seq)
            if known is None or known.event_id != event.event_id or known.hash != claimed_hash:
                conflict = Conflict("seq_conflict", event.seq, last_seq + 1)
                break
            if event.hash != claimed_hash:
                # Same id and hash as stored, but the content no longer hashes to it: the
                # device's copy was edited after it was acknowledged.
                conflict = Conflict("hash_mismatch", event.seq, last_seq + 1)
                break
            results.append(_with_status(known.result, "duplicate"))
            continue
        if event.seq != last_seq + 1:
            conflict = Conflict("gap", event.seq, last_seq + 1)
            break
        if event.prev_hash != last_hash:
            conflict = Conflict("prev_hash_mismatch", event.seq, event.seq)
            break
        if event.hash != claimed_hash:
            conflict = Conflict("hash_mismatch", event.seq, event.seq)
            break
        result_json = _apply_event(ctx, event)
        stored[event.seq] = _Stored(event.event_id, event.hash, result_json)
        results.append(_with_status(result_json, "applied"))
        last_seq, last_hash = event.seq, event.hash

    insert_rows(conn, ctx.sales)
    if last_seq != head_seq:
        conn.execute(
            update(devices)
            .where(devices.c.device_id == device_id)
            .values(last_seq=last_seq, last_hash=last_hash)
        )
    return PushReport(results, last_seq, conflict)


def _apply_event(ctx: PushContext, event: JournalEvent) -> str:
    """Settle and store one event in its savepoint; returns its stored result JSON."""
    handler = _HANDLERS.get(event.type)
    for attempt in (1, 2):
        try:
            with _savepoint(ctx.conn):
                settlement = handler(ctx, event) if handler is not None else RECORDED
                result = {"seq": event.seq, "event_id": event.event_id, **settlement.fields}
                result_json = json.dumps(result, ensure_ascii=False, separators=(",", ":"))
                ctx.conn.execute(
                    _INSERT_EVENT,
                    {
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
                    },
                )
                for table, row in settlement.rows:
                    ctx.conn.execute(_INSERTS[table.name], row)
        except IntegrityError:
            # Another device's push used the same token between our check and our
            # insert (PostgreSQL): judge the event again, with fresh token lookups.
            if attempt == 2:
                raise
            ctx.checked_tokens.clear()
            continue
        for table, row in settlement.rows:
            if table is used_tokens:
                ctx.used_tokens.add(row["token_id"])
        ctx.sales.extend(settlement.movements)
        return result_json
    raise AssertionError("unreachable")


@contextmanager
def _savepoint(conn: Connection) -> Iterator[None]:
    """The event's savepoint, in plain SQL (same on SQLite and PostgreSQL): SQLAlchemy's
    ``begin_nested`` compiles its SAVEPOINT/RELEASE anew each time, a third of the cost of
    applying a payment on SQLite."""
    conn.exec_driver_sql("SAVEPOINT journal_event")
    try:
        yield
    except BaseException:
        conn.exec_driver_sql("ROLLBACK TO SAVEPOINT journal_event")
        conn.exec_driver_sql("RELEASE SAVEPOINT journal_event")
        raise
    conn.exec_driver_sql("RELEASE SAVEPOINT journal_event")


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
