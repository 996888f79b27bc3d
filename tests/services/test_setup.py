"""First-start setup on a real install: merchant identity and a manager PIN."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from pos_app.domain.clock import Clock
from pos_app.domain.errors import UserFacingError
from pos_app.domain.merchant import MerchantProfile
from pos_app.services.checkout import CheckoutService
from pos_app.services.manager_pin import pin_matches
from pos_app.services.setup import complete_setup, needs_setup
from pos_app.store import settings

PIN = "836194"

PROFILE = MerchantProfile(
    merchant_id="M-0042",
    name="  청주 육거리 떡집 ",
    business_number="104-82-12347",
    representative=" 박서준 ",
    address="충북 청주시 상당구 청남로 2197번길 1",
    phone="043-123-4567",
)


def settings_rows(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT key, value FROM settings").fetchall())


def database_bytes(db_path: Path) -> bytes:
    """The main file and its WAL and shared-memory companions, whatever exists."""
    files = sorted(db_path.parent.glob(db_path.name + "*"))
    assert db_path in files
    return b"".join(path.read_bytes() for path in files)


def test_fresh_install_needs_setup(empty_db: sqlite3.Connection) -> None:
    assert needs_setup(empty_db)


def test_setup_saves_the_merchant_and_flips_needs_setup(empty_db: sqlite3.Connection) -> None:
    complete_setup(empty_db, PROFILE, PIN, "  카운터 1 ")

    assert not needs_setup(empty_db)
    saved = settings.load_merchant(empty_db)
    assert saved == MerchantProfile(
        merchant_id="M-0042",
        name="청주 육거리 떡집",
        business_number="1048212347",  # the dashes are display only
        representative="박서준",
        address="충북 청주시 상당구 청남로 2197번길 1",
        phone="043-123-4567",
    )
    assert settings.get_value(empty_db, settings.DEVICE_LABEL) == "카운터 1"


def test_blank_device_label_gets_the_default(empty_db: sqlite3.Connection) -> None:
    complete_setup(empty_db, PROFILE, PIN, "   ")

    assert settings.get_value(empty_db, settings.DEVICE_LABEL) == "POS-01"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("business_number", "104-82-12348"),  # check digit off by one
        ("business_number", "1048212"),  # too short
        ("business_number", "104 82 12347"),  # neither form
        ("name", "   "),
    ],
)
def test_invalid_profile_is_refused_and_nothing_saved(
    empty_db: sqlite3.Connection, field: str, value: str
) -> None:
    with pytest.raises(ValueError):
        complete_setup(empty_db, replace(PROFILE, **{field: value}), PIN, "POS-01")

    assert needs_setup(empty_db)
    assert settings_rows(empty_db) == {}


@pytest.mark.parametrize("pin", ["123", "12a4", ""])
def test_weak_pin_is_refused_and_nothing_saved(empty_db: sqlite3.Connection, pin: str) -> None:
    with pytest.raises(ValueError):
        complete_setup(empty_db, PROFILE, pin, "POS-01")

    assert needs_setup(empty_db)
    assert settings_rows(empty_db) == {}


def test_pin_is_stored_only_as_an_argon2_hash(empty_db: sqlite3.Connection, db_path: Path) -> None:
    complete_setup(empty_db, PROFILE, PIN, "POS-01")

    stored = settings.get_value(empty_db, settings.MANAGER_PIN_HASH)
    assert stored.startswith("$argon2id$")
    assert pin_matches(PIN, stored)
    assert not pin_matches("836195", stored)
    # Nowhere in the file, its WAL, or after the WAL is checkpointed into it.
    assert PIN.encode() not in database_bytes(db_path)
    empty_db.close()
    assert PIN.encode() not in database_bytes(db_path)


def test_setup_pin_authorises_a_void_and_no_codes_are_accepted_yet(
    empty_db: sqlite3.Connection, clock: Clock
) -> None:
    complete_setup(empty_db, PROFILE, PIN, "POS-01")
    service = CheckoutService(empty_db, clock)

    with pytest.raises(UserFacingError) as wrong_pin:
        service.void_last_payment("1234", "")
    with pytest.raises(UserFacingError) as right_pin:
        service.void_last_payment(PIN, "")
    # Issuer keys come with enrolment; until then payment codes cannot be checked.
    service.add_amount(5_000, "떡")
    with pytest.raises(UserFacingError) as no_keys:
        service.pay_with_code("CJP1" + "A" * 165)

    assert wrong_pin.value.key == "void.bad_pin"
    assert right_pin.value.key == "void.nothing_to_void"
    assert no_keys.value.key == "checkout.no_issuer_keys"
    assert service.merchant is not None
    assert service.merchant.name == "청주 육거리 떡집"
