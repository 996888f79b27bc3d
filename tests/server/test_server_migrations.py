"""The shipped migrations build exactly the schema the code uses."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from central_server.db import create_db_engine
from central_server.migrate import current_revision, head_revision, upgrade
from central_server.schema import metadata


def test_migrations_match_the_schema_and_rerun_harmlessly(database_url: str):
    engine = create_db_engine(database_url)
    try:
        upgrade(engine)  # already at head: nothing to do
        assert current_revision(engine) == head_revision() == "0011_payment_parts"
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, metadata) == []
    finally:
        engine.dispose()


def test_sqlite_connections_get_the_servers_pragmas(tmp_path):
    engine = create_db_engine(f"sqlite:///{tmp_path / 'new' / 'c.sqlite3'}")
    try:
        with engine.connect() as conn:
            pragmas = {
                name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
            }
    finally:
        engine.dispose()
    assert pragmas == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "busy_timeout": 10000,
        "synchronous": 2,
    }
