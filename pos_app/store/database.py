"""Opening the app's SQLite file: pragmas, migrations, transactions, error mapping.

One connection per thread (sqlite3 connections are not shared across threads).
Money-bearing writes use ``synchronous=FULL`` so a committed payment survives a
power cut; WAL lets readers run while a write commits.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.store.migrations import LATEST_VERSION, migrate, schema_version

PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
)

_FULL = {sqlite3.SQLITE_FULL}
_CORRUPT = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}


def storage_error(exc: sqlite3.Error) -> UserFacingError:
    """Translate a sqlite3 error into something a cashier can act on."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary in _FULL:
        return UserFacingError(ErrorKey.STORE_DISK_FULL)
    if primary in _CORRUPT:
        return UserFacingError(ErrorKey.STORE_CORRUPT, detail=str(exc))
    return UserFacingError(ErrorKey.STORE_UNAVAILABLE, detail=str(exc))


def connect(path: Path, progress: Callable[[int, int], None] | None = None) -> sqlite3.Connection:
    """Open (creating if needed) and migrate the database at ``path``; ``progress`` hears
    the migration's steps (see ``migrate``)."""
    conn: sqlite3.Connection | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: we issue BEGIN IMMEDIATE ourselves, so a write
        # transaction takes the lock up front and never fails half-way on BUSY.
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=True)
        conn.row_factory = sqlite3.Row
        # Refuse a file from a newer app before changing anything in it (WAL mode
        # is written into the file).
        if schema_version(conn) > LATEST_VERSION:
            raise UserFacingError(ErrorKey.STORE_TOO_NEW)
        for pragma in PRAGMAS:
            conn.execute(pragma)
        migrate(conn, progress=progress)
    except BaseException as exc:
        # A refused file (too new, corrupt) must not stay open while the error is
        # shown: on Windows the open handle would keep it locked.
        if conn is not None:
            conn.close()
        if isinstance(exc, sqlite3.Error):
            raise storage_error(exc) from exc
        if isinstance(exc, OSError):
            raise UserFacingError(ErrorKey.STORE_UNAVAILABLE, detail=str(exc)) from exc
        raise
    return conn


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """All-or-nothing: a business change and its journal event commit together."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise storage_error(exc) from exc
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise storage_error(exc) from exc
        raise


def database_file(conn: sqlite3.Connection) -> Path:
    """The file behind ``conn``, for a worker thread that opens its own connection."""
    for _seq, name, file in conn.execute("PRAGMA database_list"):
        if name == "main" and file:
            return Path(file)
    raise ValueError("an in-memory database has no file to open again")
