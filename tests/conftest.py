"""Test-wide setup and the fixtures store and service tests share.

Qt runs offscreen. Databases are real SQLite files in tmp_path, opened through
the app's own ``connect`` (its pragmas and migrations).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from helpers import MemoryKeyring, fixed_clock, make_demo_template, open_copy

from pos_app.domain.clock import Clock
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
    """Seeded once per session: seeding hashes the demo PIN with Argon2, which is slow."""
    return make_demo_template(tmp_path_factory.mktemp("template"), fixed_clock())


@pytest.fixture
def demo_db(demo_template: Path, db_path: Path) -> Iterator[sqlite3.Connection]:
    """A connected file seeded by ``seed_demo`` (a copy of the seeded template)."""
    conn = open_copy(demo_template, db_path)
    yield conn
    conn.close()


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)
