"""First start on a real install: enrol with the server (services/enrolment.py), and set
the manager PIN. The merchant's details, policies and keys come from the server."""

from __future__ import annotations

import sqlite3

from pos_app.services.manager_pin import hash_pin
from pos_app.store import settings
from pos_app.store.database import write_transaction


def has_manager_pin(conn: sqlite3.Connection) -> bool:
    return settings.get_value(conn, settings.MANAGER_PIN_HASH) is not None


def set_manager_pin(conn: sqlite3.Connection, pin: str) -> None:
    """Store the PIN's Argon2id hash; ValueError if it is not 4+ digits."""
    pin_hash = hash_pin(pin)
    with write_transaction(conn):
        settings.set_value(conn, settings.MANAGER_PIN_HASH, pin_hash)
