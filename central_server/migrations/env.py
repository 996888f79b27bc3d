"""Alembic environment: always handed a live connection by ``central_server.migrate``.

There is no alembic.ini: the server runs its migrations itself (``init-db`` and
``serve``), so operators never need the alembic command.
"""

from __future__ import annotations

from alembic import context

from central_server.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through central_server.migrate.upgrade()")

context.configure(
    connection=connection,
    target_metadata=metadata,
    # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
