"""Service tests: ``db`` is a demo-seeded file, ``service`` a checkout on it."""

from __future__ import annotations

import sqlite3

import pytest

from pos_app.domain.clock import Clock
from pos_app.services.checkout import CheckoutService, open_checkout


@pytest.fixture
def db(demo_db: sqlite3.Connection) -> sqlite3.Connection:
    return demo_db


@pytest.fixture
def service(db: sqlite3.Connection, clock: Clock) -> CheckoutService:
    return open_checkout(db, clock)
