"""Fixtures that run the central server as a real process (see servers.py).

- ``sqlite_server``: a fresh server on a fresh SQLite file, per test; ``sqlite_till``: a
  POS enrolled with it (the counter tests' till).
- ``postgres_url``: a fresh, empty database in a private PostgreSQL cluster that lives
  for the session (skipped with the reason where PostgreSQL cannot run).
- ``postgres_server``: a fresh server on ``postgres_url``.
- ``server``: a fresh server, once on SQLite and once on PostgreSQL (the test runs twice);
  ``pos``: a POS enrolled with it (demo products, nothing pushed yet).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from pos_harness import Pos, open_pos
from servers import ServerProcess, postgres_cluster, run_server
from sqlalchemy import create_engine, text


@pytest.fixture
def sqlite_server(tmp_path: Path) -> Iterator[ServerProcess]:
    with run_server(f"sqlite:///{tmp_path / 'central.sqlite3'}", tmp_path / "server") as server:
        yield server


@pytest.fixture
def sqlite_till(sqlite_server: ServerProcess, tmp_path: Path) -> Iterator[Pos]:
    till = open_pos(
        sqlite_server.url,
        sqlite_server.seed["enrolment_code"],
        sqlite_server.seed["merchant_id"],
        tmp_path / "pos.sqlite3",
    )
    yield till
    till.close()


@pytest.fixture(scope="session")
def postgres_cluster_url() -> Iterator[str]:
    with postgres_cluster() as url:
        yield url


@pytest.fixture
def postgres_url(postgres_cluster_url: str) -> Iterator[str]:
    base = postgres_cluster_url.rsplit("/", 1)[0]
    name = f"central_{uuid.uuid4().hex[:12]}"
    admin = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield f"{base}/{name}"
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.fixture
def postgres_server(postgres_url: str, tmp_path: Path) -> Iterator[ServerProcess]:
    with run_server(postgres_url, tmp_path / "server") as server:
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerProcess]:
    if request.param == "sqlite":
        url = f"sqlite:///{(tmp_path / 'central.sqlite3').as_posix()}"
    else:
        url = request.getfixturevalue("postgres_url")
    with run_server(url, tmp_path / "server") as process:
        yield process


@pytest.fixture
def pos(server: ServerProcess, tmp_path: Path) -> Iterator[Pos]:
    terminal = open_pos(
        server.url,
        server.seed["enrolment_code"],
        server.seed["merchant_id"],
        tmp_path / "pos.sqlite3",
    )
    yield terminal
    terminal.close()
