"""Storage tests: ``db`` is an empty, migrated file (shared fixtures in tests/conftest.py)."""

from __future__ import annotations

import sqlite3

import pytest


@pytest.fixture
def db(empty_db: sqlite3.Connection) -> sqlite3.Connection:
    return empty_db
