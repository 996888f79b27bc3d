"""First start on a real install: the manager PIN is stored only as an Argon2id hash."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pos_app.domain.clock import Clock
from pos_app.domain.errors import UserFacingError
from pos_app.services.checkout import open_checkout
from pos_app.services.manager_pin import pin_matches
from pos_app.services.setup import has_manager_pin, set_manager_pin
from pos_app.store import settings

PIN = "836194"


def database_bytes(db_path: Path) -> bytes:
    """The main file and its WAL and shared-memory companions, whatever exists."""
    files = sorted(db_path.parent.glob(db_path.name + "*"))
    assert db_path in files
    return b"".join(path.read_bytes() for path in files)


def test_pin_is_stored_only_as_an_argon2_hash(empty_db: sqlite3.Connection, db_path: Path) -> None:
    assert not has_manager_pin(empty_db)
    set_manager_pin(empty_db, PIN)
    assert has_manager_pin(empty_db)
    stored = settings.get_value(empty_db, settings.MANAGER_PIN_HASH)
    assert stored.startswith("$argon2id$")
    assert pin_matches(PIN, stored) and not pin_matches("000000", stored)
    assert PIN.encode() not in database_bytes(db_path)


@pytest.mark.parametrize("bad", ["", "123", "12a4", "１２３４"])
def test_pin_must_be_four_or_more_ascii_digits(empty_db: sqlite3.Connection, bad: str) -> None:
    with pytest.raises(ValueError):
        set_manager_pin(empty_db, bad)
    assert not has_manager_pin(empty_db)


def test_the_new_pin_authorises_a_void(db: sqlite3.Connection, clock: Clock) -> None:
    set_manager_pin(db, PIN)
    service = open_checkout(db, clock)
    with pytest.raises(UserFacingError) as raised:
        service.void_last_payment("1234", "")  # the demo PIN no longer works
    assert raised.value.key == "void.bad_pin"
