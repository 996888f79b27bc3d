"""Engines and transactions for SQLite (default) and PostgreSQL.

SQLite: the driver's own implicit transactions are switched off and every
transaction is begun explicitly, because pysqlite's implicit handling breaks
SAVEPOINT (the journal push needs one per event). Writers use ``BEGIN
IMMEDIATE`` so the write lock is taken up front: in WAL mode a deferred
transaction that later tries to write can fail at once with SQLITE_BUSY instead
of waiting for ``busy_timeout``. ``synchronous=FULL``: once the server has
answered a push, the POS may forget it; a power cut must not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Dialect, Engine, Insert, create_engine, event, make_url
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.types import DateTime, TypeDecorator

from central_server.notify import changes_notifier

_WRITE_OPTION = "cjpay_write"
#: Set in ``Connection.info`` by code that inserted a change row (see ``changes``).
CHANGED_FLAG = "cjpay_changes_recorded"
SQLITE_BUSY_TIMEOUT_MS = 10_000


def is_sqlite(engine_or_conn: Engine | Connection) -> bool:
    return engine_or_conn.dialect.name == "sqlite"


def create_db_engine(database_url: str) -> Engine:
    """An engine for ``database_url`` with this server's connection settings."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    # pre_ping: a PostgreSQL restart must cost one retry, not a 500 on every pooled connection.
    return create_engine(url, pool_pre_ping=True)


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=FULL")
    finally:
        cursor.close()


def _sqlite_on_begin(conn: Connection) -> None:
    mode = "IMMEDIATE" if conn.get_execution_options().get(_WRITE_OPTION) else "DEFERRED"
    conn.exec_driver_sql(f"BEGIN {mode}")


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One write transaction; wakes change long-polls after it commits a change."""
    with engine.connect() as conn:
        conn.execution_options(**{_WRITE_OPTION: True})
        conn.info.pop(CHANGED_FLAG, None)
        with conn.begin():
            yield conn
        if conn.info.pop(CHANGED_FLAG, False):
            changes_notifier.notify()


@contextmanager
def read_transaction(engine: Engine) -> Iterator[Connection]:
    """One consistent read (a snapshot on SQLite WAL)."""
    with engine.connect() as conn, conn.begin():
        yield conn


def per_dialect(build: Callable[[Any], Insert]) -> dict[str, Insert]:
    """An INSERT ... ON CONFLICT for each backend, built once (building costs more than
    running it on SQLite): ``build`` gets ``postgresql.insert`` or ``sqlite.insert``."""
    return {"postgresql": build(postgresql.insert), "sqlite": build(sqlite.insert)}


class UtcDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime in and out, on both backends.

    PostgreSQL keeps ``timestamptz``; SQLite has no time zones, so UTC is stored
    without an offset and re-attached on the way out.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
