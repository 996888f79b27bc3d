"""The journal's verified checkpoint: how far the whole chain was last proven whole.

The start check (``store/backup.py`` :func:`~pos_app.store.backup.start_check`) rehashes
only the events after the checkpoint, so opening the till takes the same time with a
week's or ten years' history. The checkpoint itself is checked at start: its seal
(``domain/journal.py`` :func:`~pos_app.domain.journal.checkpoint_seal`) must match its
seq and hash, and the stored event at that seq must still carry that hash and rehash to
it. Only a full verification of the live file (the background check after start, or
``doctor``) moves it forward, to the head it verified.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pos_app.domain.journal import GENESIS_HASH, checkpoint_seal, format_timestamp
from pos_app.store.journal import event_at, verify_journal

_BUSY_TIMEOUT_S = 5.0  # the counter's own writes are short; wait for one, never fail on it


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    seal: str

    @property
    def sealed(self) -> bool:
        return self.seal == checkpoint_seal(self.seq, self.hash)


def _has_table(conn: sqlite3.Connection) -> bool:
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'chain_checkpoint'"
    ).fetchone()
    return row is not None


def load(conn: sqlite3.Connection) -> Checkpoint | None:
    """The stored checkpoint; None in a file without one (before v14, or never verified)."""
    if not _has_table(conn):
        return None
    row = conn.execute("SELECT seq, hash, seal FROM chain_checkpoint WHERE id = 1").fetchone()
    if row is None:
        return None
    return Checkpoint(int(row[0]), str(row[1]), str(row[2]))


def verify_from_checkpoint(
    conn: sqlite3.Connection, progress: Callable[[int, int], None] | None = None
) -> int | None:
    """The first broken seq the start check can prove, or None: the checkpoint is sealed,
    names the stored event at its seq (which still rehashes to it), and the events after
    it chain on from it. Reads the events after the checkpoint only; without a checkpoint,
    the whole chain."""
    checkpoint = load(conn)
    if checkpoint is None or checkpoint.seq == 0:
        return verify_journal(conn, progress=progress)
    broken_at = max(checkpoint.seq, 1)
    if not checkpoint.sealed:
        return broken_at  # the checkpoint was edited: nothing it vouches for is proven
    event = event_at(conn, checkpoint.seq)
    if event is None or event.hash != checkpoint.hash or event.computed_hash() != event.hash:
        return broken_at  # the event it names is gone or changed, or it was moved
    return verify_journal(conn, checkpoint.seq, checkpoint.hash, progress)


def advance(path: Path, seq: int, event_hash: str, now: datetime) -> bool:
    """Record that the chain of the file at ``path`` was verified whole up to ``seq``.

    Any thread (a connection of its own). Never moves back: a slower check finishing after
    a newer one leaves the newer checkpoint. False when the file has no checkpoint table
    (not yet migrated) or the event at ``seq`` no longer carries ``event_hash``.
    """
    if seq <= 0 or event_hash == GENESIS_HASH:
        return False
    with closing(sqlite3.connect(path, isolation_level=None, timeout=_BUSY_TIMEOUT_S)) as conn:
        if not _has_table(conn):
            return False
        conn.execute("BEGIN IMMEDIATE")
        try:
            stored = conn.execute("SELECT hash FROM journal WHERE seq = ?", (seq,)).fetchone()
            if stored is None or stored[0] != event_hash:
                conn.execute("ROLLBACK")
                return False
            conn.execute(
                "INSERT INTO chain_checkpoint (id, seq, hash, seal, verified_at)"
                " VALUES (1, ?, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash,"
                " seal = excluded.seal, verified_at = excluded.verified_at"
                " WHERE excluded.seq >= chain_checkpoint.seq",
                (seq, event_hash, checkpoint_seal(seq, event_hash), format_timestamp(now)),
            )
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return True
