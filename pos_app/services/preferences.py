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


# ----- camera scanning ------------------------------------------------------------------

CAMERA = "camera_device"
CAMERA_DEFAULT = ""  # the system's default camera, whichever is plugged in
CAMERA_OFF = "off"
DECODER = "camera_decoder"
CAMERA_PREVIEW = "camera_preview"


def camera(conn: sqlite3.Connection) -> str:
    """``CAMERA_OFF``, ``CAMERA_DEFAULT`` or a camera id (see ``scanning.camera``)."""
    return str(settings.get_value(conn, CAMERA, CAMERA_DEFAULT))


def decoder(conn: sqlite3.Connection) -> str:
    return str(settings.get_value(conn, DECODER, "zxing"))


def camera_preview_visible(conn: sqlite3.Connection) -> bool:
    return settings.get_value(conn, CAMERA_PREVIEW, True) is True


def set_camera(conn: sqlite3.Connection, camera_id: str, decoder_name: str) -> None:
    with write_transaction(conn):
        settings.set_value(conn, CAMERA, camera_id)
        settings.set_value(conn, DECODER, decoder_name)


def set_camera_preview_visible(conn: sqlite3.Connection, visible: bool) -> None:
    with write_transaction(conn):
        settings.set_value(conn, CAMERA_PREVIEW, bool(visible))
