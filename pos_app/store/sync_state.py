"""What the sync engine keeps: enrolment, the acknowledged seq, server answers, the cursor,
the notices.

Every function here is short and local: network I/O happens outside, and each
write runs in the caller's write transaction. What a change of the server's feed means
here is decided by :mod:`pos_app.sync.changes_feed`, which keeps its results through these.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from pos_app.domain.journal import JournalEvent
from pos_app.domain.payment_status import ServerOutcome
from pos_app.domain.records import AppliedResults
from pos_app.store import media, settings
from pos_app.store.journal import iter_events
from pos_app.store.projection import project_result

ENROLMENT = "enrolment"
CURSOR = "sync_cursor"
NOTICES = "notices"
LAST_SUCCESS = "sync_last_success"
CLOCK_OFFSET_MS = "server_clock_offset_ms"  # server's clock minus the PC's, last seen
#: When the server said this device was revoked (RFC 3339 UTC); gone once enrolled again.
REVOKED_AT = "device_revoked_at"
#: The seq at which the server last refused our journal (E403), until a push goes through:
#: the help desk's doctor reads it from the file, the till need not be running.
JOURNAL_CONFLICT_SEQ = "journal_conflict_seq"


@dataclass(frozen=True)
class Enrolment:
    server_url: str
    merchant_id: str
    device_id: str
    device_name: str


def load_enrolment(conn: sqlite3.Connection) -> Enrolment | None:
    raw = settings.get_value(conn, ENROLMENT)
    return Enrolment(**raw) if raw else None


def save_enrolment(conn: sqlite3.Connection, enrolment: Enrolment) -> None:
    settings.set_value(conn, ENROLMENT, dict(enrolment.__dict__))


def acked_seq(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT MAX(seq) FROM sync_results").fetchone()
    return int(row[0] or 0)


def pending_events(conn: sqlite3.Connection, limit: int) -> list[JournalEvent]:
    """The oldest events the server has not acknowledged, in seq order."""
    events = []
    for event in iter_events(conn, after_seq=acked_seq(conn)):
        events.append(event)
        if len(events) >= limit:
            break
    return events


@dataclass(frozen=True)
class PendingStats:
    count: int
    oldest_occurred_at: str | None  # RFC 3339 UTC of the oldest unacknowledged event
    head_seq: int


def pending_stats(conn: sqlite3.Connection) -> PendingStats:
    acked = acked_seq(conn)
    head = conn.execute("SELECT MAX(seq) FROM journal").fetchone()[0] or 0
    oldest = conn.execute("SELECT occurred_at FROM journal WHERE seq = ?", (acked + 1,)).fetchone()
    return PendingStats(head - acked, oldest[0] if oldest else None, head)


def apply_results(
    conn: sqlite3.Connection, results: Iterable[Mapping[str, Any]], received_at: str
) -> AppliedResults:
    """Store the server's answers and project them onto the payments."""
    changed: list[str] = []
    declined: list[tuple[str, str, str]] = []
    for result in results:
        seq = int(result["seq"])
        detail = {
            key: value
            for key, value in result.items()
            if key not in ("seq", "event_id", "status", "outcome")
        }
        inserted = conn.execute(
            "INSERT INTO sync_results (seq, event_id, status, outcome, detail, received_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(seq) DO NOTHING",
            (
                seq,
                result["event_id"],
                result["status"],
                result["outcome"],
                json.dumps(detail, ensure_ascii=False, sort_keys=True),
                received_at,
            ),
        )
        if inserted.rowcount != 1:
            continue
        project_result(conn, seq, result["outcome"], detail)
        if result["outcome"] == ServerOutcome.DECLINED and detail.get("code") == "media_missing":
            _forget_uploads_named_at(conn, seq)
        payment = conn.execute(
            "SELECT payment_id, receipt_no FROM payments WHERE seq = ?", (seq,)
        ).fetchone()
        if payment is not None:
            changed.append(payment[0])
            if result["outcome"] == ServerOutcome.DECLINED:
                declined.append((payment[0], payment[1], str(detail.get("message", ""))))
    return AppliedResults(tuple(changed), tuple(declined))


def _forget_uploads_named_at(conn: sqlite3.Connection, seq: int) -> None:
    # Our flag said uploaded, the server says missing (it lost them, or the flag was
    # wrong): the server's word wins, so resubmitting uploads the photos again.
    events = iter_events(conn, after_seq=seq - 1)
    event = next(events, None)
    events.close()
    if event is not None and event.seq == seq:
        media.forget_uploads(conn, media.photos_named([event]))


def load_cursor(conn: sqlite3.Connection) -> str | None:
    return settings.get_value(conn, CURSOR)


def save_cursor(conn: sqlite3.Connection, cursor: str) -> None:
    settings.set_value(conn, CURSOR, cursor)


def notices(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return list(settings.get_value(conn, NOTICES, []))


def save_notices(conn: sqlite3.Connection, kept: list[dict[str, Any]]) -> None:
    settings.set_value(conn, NOTICES, kept)


def load_clock_offset(conn: sqlite3.Connection) -> timedelta:
    return timedelta(milliseconds=int(settings.get_value(conn, CLOCK_OFFSET_MS, 0) or 0))


def save_clock_offset(conn: sqlite3.Connection, offset: timedelta) -> None:
    settings.set_value(conn, CLOCK_OFFSET_MS, round(offset.total_seconds() * 1000))


def revoked_at(conn: sqlite3.Connection) -> str | None:
    """When the server said it revoked this device, if it did and it was not enrolled since."""
    value = settings.get_value(conn, REVOKED_AT)
    return str(value) if value else None


def mark_revoked(conn: sqlite3.Connection, at: str) -> None:
    if revoked_at(conn) is None:  # the first word of it is the moment that counts
        settings.set_value(conn, REVOKED_AT, at)


def clear_revoked(conn: sqlite3.Connection) -> None:
    settings.set_value(conn, REVOKED_AT, None)


def journal_conflict_seq(conn: sqlite3.Connection) -> int | None:
    """The seq the server refused our journal at, if sending is stopped on it (E403)."""
    value = settings.get_value(conn, JOURNAL_CONFLICT_SEQ)
    return int(value) if value is not None else None


def mark_journal_conflict(conn: sqlite3.Connection, seq: int) -> None:
    settings.set_value(conn, JOURNAL_CONFLICT_SEQ, seq)


def clear_journal_conflict(conn: sqlite3.Connection) -> None:
    settings.set_value(conn, JOURNAL_CONFLICT_SEQ, None)
