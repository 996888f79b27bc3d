"""The staff table: who may sign in at this till, with their PIN hash and lockout state.

Rows change through staff_change events (:func:`project_staff_change`, called in the same
transaction as the append). The PIN hash and the wrong-PIN counters are device state:
written here directly, never journalled.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from pos_app.domain.clock import parse_utc
from pos_app.domain.journal import JournalEvent, format_timestamp
from pos_app.domain.staff import PinState, Role, StaffMember

STAFF_CHANGE = "staff_change"


def _member(row: sqlite3.Row) -> StaffMember:
    return StaffMember(row["staff_id"], row["name"], Role(row["role"]), bool(row["active"]))


def list_staff(conn: sqlite3.Connection, *, include_inactive: bool = False) -> list[StaffMember]:
    where = "" if include_inactive else " WHERE active = 1"
    rows = conn.execute(
        "SELECT staff_id, name, role, active FROM staff" + where + " ORDER BY active DESC,"
        " CASE role WHEN 'owner' THEN 0 WHEN 'manager' THEN 1 ELSE 2 END, name"
    ).fetchall()
    return [_member(row) for row in rows]


def member(conn: sqlite3.Connection, staff_id: str) -> StaffMember | None:
    row = conn.execute(
        "SELECT staff_id, name, role, active FROM staff WHERE staff_id = ?", (staff_id,)
    ).fetchone()
    return _member(row) if row else None


def pin_hash(conn: sqlite3.Connection, staff_id: str) -> str | None:
    row = conn.execute("SELECT pin_hash FROM staff WHERE staff_id = ?", (staff_id,)).fetchone()
    return row[0] if row else None


def active_hashes(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(staff_id, pin_hash) of everyone who may sign in."""
    rows = conn.execute("SELECT staff_id, pin_hash FROM staff WHERE active = 1").fetchall()
    return [(row[0], row[1]) for row in rows]


def _parse_time(text: str | None) -> datetime | None:
    return parse_utc(text) if text else None


def state_to_json(state: PinState) -> dict[str, object]:
    until = format_timestamp(state.locked_until) if state.locked_until else None
    return {"failures": state.failures, "locked_until": until}


def state_from_json(raw: dict[str, object] | None) -> PinState:
    if not raw:
        return PinState()
    failures = raw.get("failures")
    until = raw.get("locked_until")
    return PinState(
        failures if isinstance(failures, int) else 0,
        _parse_time(until) if isinstance(until, str) else None,
    )


def pin_state(conn: sqlite3.Connection, staff_id: str) -> PinState:
    row = conn.execute(
        "SELECT failures, locked_until FROM staff WHERE staff_id = ?", (staff_id,)
    ).fetchone()
    if row is None:
        return PinState()
    return PinState(row[0], _parse_time(row[1]))


def save_pin_state(conn: sqlite3.Connection, staff_id: str, state: PinState) -> None:
    until = format_timestamp(state.locked_until) if state.locked_until else None
    conn.execute(
        "UPDATE staff SET failures = ?, locked_until = ? WHERE staff_id = ?",
        (state.failures, until, staff_id),
    )


def set_pin_hash(conn: sqlite3.Connection, staff_id: str, new_hash: str) -> None:
    conn.execute(
        "UPDATE staff SET pin_hash = ?, failures = 0, locked_until = NULL WHERE staff_id = ?",
        (new_hash, staff_id),
    )


def project_staff_change(conn: sqlite3.Connection, event: JournalEvent, new_hash: str) -> None:
    """Apply a staff_change event. ``new_hash`` is used only for a new person's row."""
    body = event.body
    conn.execute(
        "INSERT INTO staff (staff_id, name, role, active, pin_hash, updated_seq)"
        " VALUES (:staff, :name, :role, :active, :hash, :seq)"
        " ON CONFLICT(staff_id) DO UPDATE SET name = excluded.name, role = excluded.role,"
        " active = excluded.active, updated_seq = excluded.updated_seq",
        {
            "staff": body["member_id"],
            "name": body["name"],
            "role": body["role"],
            "active": 1 if body["active"] else 0,
            "hash": new_hash,
            "seq": event.seq,
        },
    )


def unjournalled(conn: sqlite3.Connection) -> list[str]:
    """Rows no staff_change made yet (the v6 migration's owner)."""
    rows = conn.execute("SELECT staff_id FROM staff WHERE updated_seq IS NULL").fetchall()
    return [row[0] for row in rows]


def count_active_owners(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT count(*) FROM staff WHERE active = 1 AND role = 'owner'").fetchone()
    return int(row[0])
