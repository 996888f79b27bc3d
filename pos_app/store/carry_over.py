"""Carrying a damaged file's newest records over into the backup put in its place.

A backup is older than the file it replaces: the sales rung since (on a till that sells
while the full check runs, some of them in this very session) would leave the till with
the damaged file. The events after the backup's head whose chain still verifies from that
head are the same records, provably whole: they are appended unchanged (same event id,
seq and hash: the server may hold them already and answers a repeated push as a
duplicate) and projected the way a replay of the journal projects them. The first event
that does not verify, and all after it, stay in the damaged file kept in ``replaced/``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from pos_app.domain.journal import JournalEvent
from pos_app.store.journal import append_unchanged, events_to_verify, journal_head
from pos_app.store.projection import project


@dataclass(frozen=True)
class CarriedOver:
    """What a restore carried from the damaged file into the backup."""

    carried: int = 0  # events appended after the backup's head
    left_behind: int = 0  # events after the backup's head that were not (a broken chain)
    unreadable: bool = False  # the damaged file's records after the head could not be read


def carry_over(damaged: Path, target: Path) -> CarriedOver:
    """Append to ``target`` (the backup's staged copy, not yet in use) the events of
    ``damaged`` after ``target``'s head that chain from it. ``damaged`` is only read (its
    WAL applied by SQLite, nothing written). Never raises for a damaged file: what could
    not be read is told in the result."""
    with closing(sqlite3.connect(target, isolation_level=None)) as conn:
        conn.row_factory = sqlite3.Row
        head_seq, head_hash = journal_head(conn)
        events, damaged_head, unreadable = _chained_tail(damaged, head_seq, head_hash)
        if events:
            conn.execute("BEGIN IMMEDIATE")
            try:
                for event in events:
                    append_unchanged(conn, event)
                    project(conn, event)
                conn.execute("COMMIT")
            except (sqlite3.Error, ValueError, KeyError, TypeError):
                # An event the backup's tables refuse: none carried, the restore goes on
                # (the records stay in the kept file, and the outcome says how many).
                conn.execute("ROLLBACK")
                events = []
    last = head_seq + len(events)
    left = max(damaged_head - last, 0) if damaged_head is not None else 0
    return CarriedOver(len(events), left, unreadable or damaged_head is None)


def _chained_tail(
    damaged: Path, head_seq: int, head_hash: str
) -> tuple[list[JournalEvent], int | None, bool]:
    """The events after ``head_seq`` that chain from ``head_hash`` (stopping at the first
    that does not), the damaged file's own head (None: unreadable) and whether reading
    stopped at an error rather than at the end or a break."""
    carried: list[JournalEvent] = []
    try:
        with closing(_open_read_only(damaged)) as conn:
            conn.execute("BEGIN")  # one snapshot
            try:
                damaged_head: int | None = journal_head(conn)[0]
            except sqlite3.DatabaseError:
                damaged_head = None
            for event in _verified(events_to_verify(conn, head_seq), head_seq, head_hash):
                carried.append(event)
    except (sqlite3.DatabaseError, OSError):
        return carried, None, True
    return carried, damaged_head, False


def _verified(
    events: Iterator[JournalEvent], after_seq: int, after_hash: str
) -> Iterator[JournalEvent]:
    expected_seq, prev_hash = after_seq + 1, after_hash
    for event in events:
        if event.seq != expected_seq or event.prev_hash != prev_hash:
            return
        if not event.hash or event.computed_hash() != event.hash:
            return
        yield event
        prev_hash, expected_seq = event.hash, expected_seq + 1


def _open_read_only(path: Path) -> sqlite3.Connection:
    # mode=ro: SQLite applies the WAL's committed pages and writes nothing to the file.
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn
