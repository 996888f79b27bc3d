"""Alembic migrations, shipped inside the package and run by ``central_server.migrate``."""
