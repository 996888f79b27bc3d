"""First start on a real (non-demo) install: who the merchant is, and a manager PIN.

Policies and issuer keys come from the central server once the device is
enrolled; until then the POS can ring up sales but cannot verify payment codes.
"""

from __future__ import annotations

import sqlite3

from pos_app.domain.business_number import parse_business_number
from pos_app.domain.merchant import MerchantProfile
from pos_app.services.manager_pin import hash_pin
from pos_app.store import settings
from pos_app.store.database import write_transaction


def needs_setup(conn: sqlite3.Connection) -> bool:
    return settings.load_merchant(conn) is None


def complete_setup(
    conn: sqlite3.Connection, profile: MerchantProfile, manager_pin: str, device_label: str
) -> None:
    """Validate and save; raises ValueError with a reason for the form to show."""
    digits = parse_business_number(profile.business_number)
    if not profile.name.strip():
        raise ValueError("name")
    pin_hash = hash_pin(manager_pin)
    with write_transaction(conn):
        settings.save_merchant(
            conn,
            MerchantProfile(
                merchant_id=profile.merchant_id,
                name=profile.name.strip(),
                business_number=digits,
                representative=profile.representative.strip(),
                address=profile.address.strip(),
                phone=profile.phone.strip(),
            ),
        )
        settings.set_value(conn, settings.MANAGER_PIN_HASH, pin_hash)
        settings.set_value(conn, settings.DEVICE_LABEL, device_label.strip() or "POS-01")
