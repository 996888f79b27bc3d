"""Fixtures for the service tests: a demo-seeded file and a checkout service on it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import fixed_clock, make_demo_template, open_copy

from pos_app.domain.clock import Clock
from pos_app.services.checkout import CheckoutService
from pos_app.store.database import connect


@pytest.fixture
def clock() -> Clock:
    return fixed_clock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "pos.sqlite3"


@pytest.fixture
def empty_db(db_path: Path) -> Iterator[sqlite3.Connection]:
    """A migrated file with nothing in it: a real install before setup."""
    conn = connect(db_path)
    yield conn
    conn.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo_template(tmp_path_factory.mktemp("template"), fixed_clock())


@pytest.fixture
def db(demo_template: Path, db_path: Path) -> Iterator[sqlite3.Connection]:
    """A connected file seeded by ``seed_demo`` (a copy of one seeded template)."""
    conn = open_copy(demo_template, db_path)
    yield conn
    conn.close()


@pytest.fixture
def service(db: sqlite3.Connection, clock: Clock) -> CheckoutService:
    return CheckoutService(db, clock)
