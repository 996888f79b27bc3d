"""Schema step v13 (one approval path): the legacy shop manager PIN leaves settings.

Until v12 enrolment and the demo still wrote the shop's single PIN hash to settings, and
voids checked it without a lockout. From v13 only staff PINs approve (services/staff.py);
the step turns a legacy hash into the owner where the till has none, and drops it where an
owner exists (v6, enrolment and resets made it that owner's own hash).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from helpers import FIXED_NOW, fixed_clock, raw_connection

from pos_app.domain.errors import UserFacingError
from pos_app.domain.staff import Action, Role
from pos_app.services.checkout import open_checkout
from pos_app.services.pins import hash_pin
from pos_app.services.staff import StaffService
from pos_app.store import settings
from pos_app.store.database import connect
from pos_app.store.migrations import LATEST_VERSION, MIGRATIONS, migrate, schema_version

PIN = "2468"
OTHER_PIN = "97531"
LEGACY_KEY = "manager_pin_hash"
# Found by what it does, so the test follows the step if it is renumbered at a merge.
STEP = next(
    i for i, s in enumerate(MIGRATIONS, 1) if "DELETE FROM settings" in s and LEGACY_KEY in s
)


def file_before_the_step(path: Path, *, at_v5: str | None = None, later: str | None = None) -> None:
    """A file built by the migrations up to the step before: ``at_v5`` is a legacy hash
    set before v6 (v6 made it the owner); ``later`` one enrolment set after v6 (no owner)."""
    raw = raw_connection(path)
    assert migrate(raw, target=5) == 5
    if at_v5 is not None:
        set_legacy(raw, at_v5)
    assert migrate(raw, target=STEP - 1) == STEP - 1
    if later is not None:
        set_legacy(raw, later)
    assert raw.execute("SELECT 1 FROM settings WHERE key = ?", (LEGACY_KEY,)).fetchone()
    raw.close()


def set_legacy(raw: sqlite3.Connection, pin_hash: str) -> None:
    raw.execute(
        "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
        (LEGACY_KEY, json.dumps(pin_hash)),
    )


def legacy_setting(conn: sqlite3.Connection) -> object:
    return settings.get_value(conn, LEGACY_KEY)


def test_a_legacy_pin_on_a_till_without_an_owner_becomes_the_owner(db_path: Path) -> None:
    file_before_the_step(db_path, later=hash_pin(PIN))
    conn = connect(db_path)
    try:
        assert schema_version(conn) == LATEST_VERSION
        assert legacy_setting(conn) is None
        staff = StaffService(conn, fixed_clock(FIXED_NOW))
        [owner] = staff.members()
        assert owner.role is Role.OWNER and owner.name == "사장"
        assert staff.ensure_owner() == owner  # journalled once, at start
        assert staff.ensure_owner() == owner
        kinds = [row[0] for row in conn.execute("SELECT type FROM journal")]
        assert kinds == ["staff_change"]
        # The same PIN approves, now through the staff service.
        assert staff.approve(PIN, Action.VOID) == owner
        with pytest.raises(UserFacingError, match=r"void\.nothing_to_void"):
            open_checkout(conn, fixed_clock(FIXED_NOW)).void_last_payment(PIN, "test")
    finally:
        conn.close()


def test_a_legacy_pin_beside_an_owner_is_dropped(db_path: Path) -> None:
    """v6 made the v5 PIN the owner; the setting lived on beside it until this step."""
    file_before_the_step(db_path, at_v5=hash_pin(PIN))
    conn = connect(db_path)
    try:
        assert legacy_setting(conn) is None
        staff = StaffService(conn, fixed_clock(FIXED_NOW))
        [owner] = staff.members()
        assert owner.staff_id == "owner"  # v6's, no second owner
        assert staff.sign_in(PIN) == owner
    finally:
        conn.close()


def test_a_legacy_pin_that_is_not_the_owners_stops_approving(db_path: Path) -> None:
    """Where the setting differed from the owner's PIN, it is dropped, not made a person:
    a PIN must name one person, which a hash cannot be checked for in SQL."""
    file_before_the_step(db_path, at_v5=hash_pin(PIN), later=hash_pin(OTHER_PIN))
    conn = connect(db_path)
    try:
        assert legacy_setting(conn) is None
        assert len(StaffService(conn, fixed_clock(FIXED_NOW)).members()) == 1
        with pytest.raises(UserFacingError, match=r"staff\.bad_pin"):
            open_checkout(conn, fixed_clock(FIXED_NOW)).void_last_payment(OTHER_PIN, "test")
    finally:
        conn.close()


def test_the_step_runs_twice_without_change(db_path: Path) -> None:
    """Self-contained and idempotent: safe if a merge runs it at another number too."""
    file_before_the_step(db_path, later=hash_pin(PIN))
    raw = raw_connection(db_path)
    try:
        raw.executescript(f"BEGIN IMMEDIATE;\n{MIGRATIONS[STEP - 1]}\nCOMMIT;")
        first = raw.execute("SELECT staff_id, role, pin_hash FROM staff").fetchall()
        raw.executescript(f"BEGIN IMMEDIATE;\n{MIGRATIONS[STEP - 1]}\nCOMMIT;")
        assert raw.execute("SELECT staff_id, role, pin_hash FROM staff").fetchall() == first
        assert len(first) == 1 and first[0][1] == "owner"
        assert raw.execute("SELECT 1 FROM settings WHERE key = ?", (LEGACY_KEY,)).fetchone() is None
    finally:
        raw.close()
