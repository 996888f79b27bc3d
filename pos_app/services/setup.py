"""First start on a real install: enrol with the server (services/enrolment.py), and set
the owner's PIN. The merchant's details, policies and keys come from the server."""

from __future__ import annotations

import sqlite3

from pos_app.domain.clock import Clock
from pos_app.domain.staff import Role, StaffMember
from pos_app.services.staff import StaffService
from pos_app.store import staff as staff_store

OWNER_NAME = "사장"  # renamed in the staff screen by the owner if they like


def has_owner(conn: sqlite3.Connection) -> bool:
    return staff_store.count_active_owners(conn) > 0


def set_owner_pin(conn: sqlite3.Connection, clock: Clock, pin: str) -> StaffMember:
    """The till's first person: the owner, whose PIN approves voids and refunds.

    Stored only as its Argon2id hash (services/pins.py); E805 if it is not 4+ digits.
    """
    return StaffService(conn, clock).seed(OWNER_NAME, Role.OWNER, pin)
