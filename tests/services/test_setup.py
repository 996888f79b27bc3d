"""First start on a real install: the owner's PIN is stored only as an Argon2id hash."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pos_app.domain.clock import Clock
from pos_app.domain.errors import UserFacingError
from pos_app.domain.staff import Role
from pos_app.services.checkout import open_checkout
from pos_app.services.pins import pin_matches
from pos_app.services.setup import has_owner, set_owner_pin
from pos_app.store import staff as staff_store

PIN = "836194"


def database_bytes(db_path: Path) -> bytes:
    """The main file and its WAL and shared-memory companions, whatever exists."""
    files = sorted(db_path.parent.glob(db_path.name + "*"))
    assert db_path in files
    return b"".join(path.read_bytes() for path in files)


def test_pin_is_stored_only_as_an_argon2_hash(
    empty_db: sqlite3.Connection, db_path: Path, clock: Clock
) -> None:
    assert not has_owner(empty_db)
    owner = set_owner_pin(empty_db, clock, PIN)
    assert has_owner(empty_db) and owner.role is Role.OWNER
    stored = staff_store.pin_hash(empty_db, owner.staff_id)
    assert stored is not None and stored.startswith("$argon2id$")
    assert pin_matches(PIN, stored) and not pin_matches("000000", stored)
    assert PIN.encode() not in database_bytes(db_path)


@pytest.mark.parametrize("bad", ["", "123", "12a4", "１２３４"])
def test_pin_must_be_four_or_more_ascii_digits(
    empty_db: sqlite3.Connection, clock: Clock, bad: str
) -> None:
    with pytest.raises(UserFacingError) as refused:
        set_owner_pin(empty_db, clock, bad)
    assert refused.value.key == "staff.bad_new_pin"
    assert not has_owner(empty_db)


def test_the_owners_pin_authorises_a_void(empty_db: sqlite3.Connection, clock: Clock) -> None:
    set_owner_pin(empty_db, clock, PIN)
    service = open_checkout(empty_db, clock)
    with pytest.raises(UserFacingError) as raised:
        service.void_last_payment("1234", "")  # the demo PIN is nobody's here
    assert raised.value.key == "staff.bad_pin"
    with pytest.raises(UserFacingError) as approved:
        service.void_last_payment(PIN, "")  # approved: then there is nothing to void
    assert approved.value.key == "void.nothing_to_void"
