"""The device journal in SQLite: append inside the caller's transaction, read, verify."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import Any

from pos_app.domain.journal import (
    GENESIS_HASH,
    JournalEvent,
    canonical_json,
    first_broken_seq,
    format_timestamp,
    make_event,
)
from pos_app.store import actor


def append_event(
    conn: sqlite3.Connection,
    event_type: str,
    body: Mapping[str, Any],
    *,
    occurred_at: datetime,
    event_id: str | None = None,
) -> JournalEvent:
    """Append the next event. Must run inside :func:`write_transaction`.

    The head is read inside the same write lock, so seqs stay gapless even if
    two connections write. The body gets ``staff_id`` (and ``approved_by``) of whoever
    acts on ``conn`` (:mod:`pos_app.store.actor`), so every event type records who did it.
    """
    if not conn.in_transaction:
        raise RuntimeError("append_event needs an open write transaction")
    body = actor.stamp(conn, dict(body))
    head = conn.execute("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev_hash = (head[0] + 1, head[1]) if head else (1, GENESIS_HASH)
    event = make_event(
        seq=seq,
        event_id=event_id or str(uuid.uuid4()),
        type=event_type,
        occurred_at=format_timestamp(occurred_at),
        body=body,
        prev_hash=prev_hash,
    )
    _insert(conn, event, event.body_json)
    return event


def _insert(conn: sqlite3.Connection, event: JournalEvent, body_json: bytes) -> None:
    """The event's row; ``body_json`` is its body as hashed (the canonical JSON)."""
    conn.execute(
        "INSERT INTO journal (seq, event_id, type, occurred_at, body, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            event.seq,
            event.event_id,
            event.type,
            event.occurred_at,
            body_json.decode("utf-8"),
            event.prev_hash,
            event.hash,
        ),
    )


def append_unchanged(conn: sqlite3.Connection, event: JournalEvent) -> None:
    """Append an event another copy of this journal holds, as it is: its event id, seq and
    hash (the server may hold it already). It must continue this journal's head and its
    hash must recompute, or nothing is written. Inside :func:`write_transaction`."""
    if not conn.in_transaction:
        raise RuntimeError("append_unchanged needs an open write transaction")
    head_seq, head_hash = journal_head(conn)
    if (
        event.seq != head_seq + 1
        or event.prev_hash != head_hash
        or event.computed_hash() != event.hash
    ):
        raise ValueError(f"event {event.seq} does not continue this journal")
    _insert(conn, event, canonical_json(dict(event.body)))


def events_to_verify(conn: sqlite3.Connection, after_seq: int = 0) -> Iterator[JournalEvent]:
    """The stored events after ``after_seq`` as the chain check reads them (see below)."""
    return _events_to_verify(conn, after_seq)


def _row_to_event(row: sqlite3.Row) -> JournalEvent:
    return JournalEvent(
        seq=row["seq"],
        event_id=row["event_id"],
        type=row["type"],
        occurred_at=row["occurred_at"],
        body=json.loads(row["body"]),
        prev_hash=row["prev_hash"],
        hash=row["hash"],
    )


def iter_events(conn: sqlite3.Connection, after_seq: int = 0) -> Iterator[JournalEvent]:
    cursor = conn.execute(
        "SELECT seq, event_id, type, occurred_at, body, prev_hash, hash"
        " FROM journal WHERE seq > ? ORDER BY seq",
        (after_seq,),
    )
    for row in cursor:
        yield _row_to_event(row)


def _events_to_verify(conn: sqlite3.Connection, after_seq: int = 0) -> Iterator[JournalEvent]:
    """Stored events after ``after_seq``; one whose body no longer decodes or canonicalises
    is yielded with an empty hash, so that the chain check reports it instead of raising."""
    cursor = conn.execute(
        "SELECT seq, event_id, type, occurred_at, body, prev_hash, hash FROM journal"
        " WHERE seq > ? ORDER BY seq",
        (after_seq,),
    )
    for row in cursor:
        try:
            event = _row_to_event(row)
            event.computed_hash()
        except (ValueError, TypeError):  # not JSON, not an object, or outside the JSON domain
            event = JournalEvent(
                seq=row["seq"],
                event_id=row["event_id"],
                type=row["type"],
                occurred_at=row["occurred_at"],
                body={},
                prev_hash=row["prev_hash"],
                hash="",
            )
        yield event


def verify_journal(
    conn: sqlite3.Connection,
    after_seq: int = 0,
    after_hash: str = GENESIS_HASH,
    progress: Callable[[int, int], None] | None = None,
) -> int | None:
    """The first seq where the stored chain is broken, or ``None`` if whole.

    An edit that leaves a body unreadable is tampering like any other: it is
    reported at its seq, not raised. ``after_seq``/``after_hash``: check only the events
    after one already verified (a checkpoint), chained to its hash. ``progress(done,
    total)`` hears how many of the events to verify were rehashed (every few thousand: a
    start-up window's bar, not a cost).
    """
    events = _events_to_verify(conn, after_seq)
    if progress is not None:
        events = _reporting(events, max(journal_head(conn)[0] - after_seq, 0), progress)
    return first_broken_seq(events, after_seq=after_seq, after_hash=after_hash)


_REPORT_EVERY = 2000  # events between two progress reports


def _reporting(
    events: Iterator[JournalEvent], total: int, progress: Callable[[int, int], None]
) -> Iterator[JournalEvent]:
    progress(0, total)
    for done, event in enumerate(events, start=1):
        yield event
        if done % _REPORT_EVERY == 0:
            progress(min(done, total), total)
    progress(total, total)


def event_at(conn: sqlite3.Connection, seq: int) -> JournalEvent | None:
    """The stored event at ``seq`` as :func:`verify_journal` reads it (an unreadable body
    gets an empty hash); None when there is none. Reads one row (the cursor is lazy)."""
    for event in _events_to_verify(conn, seq - 1):
        return event if event.seq == seq else None
    return None


def journal_head(conn: sqlite3.Connection) -> tuple[int, str]:
    row = conn.execute("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else (0, GENESIS_HASH)
