"""Bring a database to the newest schema with the migrations shipped in this package."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from central_server.db import write_transaction

_SCRIPT_LOCATION = Path(__file__).resolve().parent / "migrations"
#: PostgreSQL advisory lock held by a migration to its commit ("CJPM").
MIGRATION_LOCK_KEY = 0x43_4A_50_4D


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(_SCRIPT_LOCATION))
    return config


def upgrade(engine: Engine) -> None:
    """Upgrade to head in one transaction (SQLite and PostgreSQL both have transactional DDL)."""
    config = _config()
    with write_transaction(engine) as conn:
        if conn.dialect.name == "postgresql":
            # Servers started together on one database (several machines, a rolling deploy)
            # migrate one at a time; the later ones find the head and do nothing. Without it
            # two could both create the same table and one would fail to start.
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(_config()).get_current_head()
