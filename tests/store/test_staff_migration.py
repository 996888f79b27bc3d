"""Schema step v6 (staff): a v5 file's manager PIN becomes the owner and keeps working."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import FIXED_NOW, fixed_clock, raw_connection

from pos_app.domain.errors import UserFacingError
from pos_app.domain.staff import Role
from pos_app.services.checkout import open_checkout
from pos_app.services.pins import hash_pin
from pos_app.services.staff import StaffService
from pos_app.store import settings
from pos_app.store.database import connect
from pos_app.store.migrations import LATEST_VERSION, migrate, schema_version

PIN = "2468"
LEGACY_KEY = "manager_pin_hash"  # the shop's single PIN before staff accounts (to v12)


def v5_file(path: Path, pin_hash: str | None) -> None:
    raw = raw_connection(path)
    assert migrate(raw, target=5) == 5
    if pin_hash is not None:
        raw.execute(
            "INSERT INTO settings (key, value) VALUES ('manager_pin_hash', ?)",
            (json.dumps(pin_hash),),
        )
    raw.close()


def test_a_v5_manager_pin_becomes_the_owner_and_still_approves(db_path: Path) -> None:
    v5_file(db_path, hash_pin(PIN))
    conn = connect(db_path)
    try:
        assert schema_version(conn) == LATEST_VERSION
        staff = StaffService(conn, fixed_clock(FIXED_NOW))
        [owner] = staff.members()
        assert owner.role is Role.OWNER and owner.active
        assert staff.sign_in(PIN).staff_id == owner.staff_id
        with pytest.raises(UserFacingError, match=r"staff\.bad_pin"):
            staff.sign_in("1357")
        # ensure_owner journals the migrated owner once and adds no second owner.
        assert staff.ensure_owner() == owner
        assert staff.ensure_owner() == owner
        assert len(staff.members()) == 1
        rows = conn.execute("SELECT type, body FROM journal").fetchall()
        assert [(r[0], json.loads(r[1])["member_id"]) for r in rows] == [("staff_change", "owner")]
        assert "argon2" not in rows[0][1]
        assert staff.sign_in(PIN) == owner  # the hash survived the journalling
        # The owner's PIN (the staff service's check) approves a void.
        with pytest.raises(UserFacingError, match=r"void\.nothing_to_void"):
            open_checkout(conn, fixed_clock(FIXED_NOW)).void_last_payment(PIN, "test")
    finally:
        conn.close()


def test_a_v5_file_without_a_manager_pin_upgrades_with_no_staff(db_path: Path) -> None:
    v5_file(db_path, None)
    conn = connect(db_path)
    try:
        assert conn.execute("SELECT COUNT(*) FROM staff").fetchone()[0] == 0
        staff = StaffService(conn, fixed_clock(FIXED_NOW))
        assert staff.ensure_owner() is None
        # Enrolment sets the owner's PIN later: a journalled owner.
        from pos_app.services.setup import set_owner_pin

        set_owner_pin(conn, fixed_clock(FIXED_NOW), PIN)
        owner = staff.ensure_owner()
        assert owner is not None and owner.role is Role.OWNER
        event = conn.execute("SELECT type, body FROM journal ORDER BY seq DESC").fetchone()
        assert event[0] == "staff_change" and json.loads(event[1])["change"] == "add"
        assert staff.sign_in(PIN) == owner
    finally:
        conn.close()


def test_an_unreadable_manager_pin_setting_upgrades_with_no_owner(db_path: Path) -> None:
    v5_file(db_path, None)
    raw = raw_connection(db_path)
    raw.execute("INSERT INTO settings (key, value) VALUES ('manager_pin_hash', 'not json')")
    raw.close()
    conn = connect(db_path)
    try:
        assert schema_version(conn) == LATEST_VERSION
        assert conn.execute("SELECT COUNT(*) FROM staff").fetchone()[0] == 0
        assert settings.get_value(conn, LEGACY_KEY) is None  # v13 dropped the setting
    finally:
        conn.close()
