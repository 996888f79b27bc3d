"""The app version the city last published, as this device heard it (a settings value)."""

from __future__ import annotations

import sqlite3

from pos_app.domain.app_version import Release
from pos_app.store import settings

APP_RELEASE = "app_release"


def load_release(conn: sqlite3.Connection) -> Release | None:
    raw = settings.get_value(conn, APP_RELEASE)
    if not raw:
        return None
    try:
        return Release.from_json(raw)
    except (KeyError, TypeError, ValueError):
        return None  # only checked releases are saved; a hand-edited file is not trusted


def save_release(conn: sqlite3.Connection, release: Release | None) -> None:
    settings.set_value(conn, APP_RELEASE, release.to_json() if release is not None else None)
