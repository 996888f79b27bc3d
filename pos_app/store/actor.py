"""Who is acting on a connection: the signed-in staff member, and an approver for one action.

Kept in a TEMP table, which SQLite keeps per connection and drops when it closes: the
till's services share the UI thread's connection, so one sign-in covers every event they
write, while the sync worker's own connection (server answers) acts for nobody.
:func:`pos_app.store.journal.append_event` reads it, so every event type carries it
without its writer knowing (docs/protocol.md, "Who did it").
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    staff_id: str | None
    approved_by: str | None


_NOBODY = Actor(None, None)


def _ensure(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS acting"
        " (id INTEGER PRIMARY KEY CHECK (id = 1), staff_id TEXT, approved_by TEXT)"
    )
    conn.execute("INSERT OR IGNORE INTO temp.acting (id) VALUES (1)")


def current(conn: sqlite3.Connection) -> Actor:
    try:
        row = conn.execute("SELECT staff_id, approved_by FROM temp.acting").fetchone()
    except sqlite3.OperationalError:  # nobody has signed in on this connection
        return _NOBODY
    return Actor(row[0], row[1]) if row else _NOBODY


def set_staff(conn: sqlite3.Connection, staff_id: str | None) -> None:
    _ensure(conn)
    conn.execute("UPDATE temp.acting SET staff_id = ?, approved_by = NULL", (staff_id,))


@contextmanager
def approved(conn: sqlite3.Connection, approver_id: str) -> Iterator[None]:
    """Events appended inside carry ``approved_by``: the override covers this action only."""
    _ensure(conn)
    before = current(conn).approved_by
    conn.execute("UPDATE temp.acting SET approved_by = ?", (approver_id,))
    try:
        yield
    finally:
        conn.execute("UPDATE temp.acting SET approved_by = ?", (before,))


def stamp(conn: sqlite3.Connection, body: dict[str, object]) -> dict[str, object]:
    """``body`` with the actor added; keys the writer set itself win."""
    actor = current(conn)
    if actor.staff_id is None and actor.approved_by is None:
        return body
    stamped = dict(body)
    if actor.staff_id is not None:
        stamped.setdefault("staff_id", actor.staff_id)
    if actor.approved_by is not None:
        stamped.setdefault("approved_by", actor.approved_by)
    return stamped
