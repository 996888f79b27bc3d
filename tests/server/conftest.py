"""Fixtures for the central server's tests, on SQLite and on PostgreSQL.

Every test that uses ``harness`` runs twice: on a SQLite file in tmp_path and on
a fresh database in a private PostgreSQL cluster (skipped, with the reason, where
PostgreSQL cannot run). Databases are copied from a template migrated once per
session, so each test starts from an empty schema at head quickly.
"""

from __future__ import annotations

import shutil
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from server_support import ADMIN_TOKEN, START, Harness, MutableClock, seeded_harness
from sqlalchemy import create_engine, text

from central_server.app import create_app
from central_server.db import create_db_engine
from central_server.migrate import upgrade
from central_server.rate_limits import PushRate

# The PostgreSQL cluster helper is shared with the real-process integration tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))
from servers import postgres_cluster


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "central.sqlite3"
    engine = create_db_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()  # the last connection's close checkpoints the WAL into the file
    return path


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """A cluster for the session, with a migrated template database; yields its admin URL."""
    with postgres_cluster() as url:
        engine = create_db_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        path = tmp_path / "central.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    template_url: str = request.getfixturevalue("postgres_template")
    template = template_url.rsplit("/", 1)[1]
    name = f"t_{uuid.uuid4().hex[:12]}"
    server = create_engine(
        template_url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT"
    )
    with server.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    try:
        yield template_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


@pytest.fixture
def clock() -> MutableClock:
    return MutableClock(START)


@pytest.fixture
def harness(database_url: str, clock: MutableClock) -> Iterator[Harness]:
    # Tests pay as the customer's app does: the customer's routes are a demo server's.
    # The clock stands still unless a test moves it, so a push bucket would never refill:
    # the harness's is unbounded; tests/server/test_server_rate_limits.py tests the real one.
    app = create_app(
        database_url,
        clock=clock,
        demo=True,
        admin_token=ADMIN_TOKEN,
        push_rate=PushRate(burst=1_000_000, per_second=1_000_000.0),
    )
    with seeded_harness(app, clock) as harness:
        yield harness
