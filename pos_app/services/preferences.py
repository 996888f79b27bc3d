"""Per-device preferences the owner chooses (kept in the device's own file)."""

from __future__ import annotations

import sqlite3

from pos_app.store import settings
from pos_app.store.database import write_transaction

LANGUAGE = "ui_language"
LANGUAGES = ("ko", "en")


def language(conn: sqlite3.Connection) -> str:
    value = settings.get_value(conn, LANGUAGE, "ko")
    return value if value in LANGUAGES else "ko"


def set_language(conn: sqlite3.Connection, value: str) -> None:
    if value not in LANGUAGES:
        raise ValueError(f"unsupported language {value!r}")
    with write_transaction(conn):
        settings.set_value(conn, LANGUAGE, value)
