"""Photos by content hash, and whether the server holds each one yet.

Media rows are not journalled: an event names a photo by its SHA-256, and the bytes
behind a hash never change, so there is nothing to replay. ``uploaded`` is the server's
word (like ``sync_results``); a rebuild leaves this table alone.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from pos_app.domain.journal import JournalEvent


@dataclass(frozen=True)
class MediaBlob:
    sha256: str
    content_type: str
    data: bytes


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def put_media(conn: sqlite3.Connection, data: bytes, content_type: str, *, created_at: str) -> str:
    """Store the bytes under their hash (a second copy is a no-op); returns the hash."""
    sha = sha256_hex(data)
    conn.execute(
        "INSERT INTO media (sha256, content_type, data, created_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(sha256) DO NOTHING",
        (sha, content_type, data, created_at),
    )
    return sha


def get_media(conn: sqlite3.Connection, sha: str) -> MediaBlob | None:
    row = conn.execute(
        "SELECT sha256, content_type, data FROM media WHERE sha256 = ?", (sha,)
    ).fetchone()
    return MediaBlob(row[0], row[1], bytes(row[2])) if row else None


def held(conn: sqlite3.Connection, shas: Iterable[str]) -> set[str]:
    """Which of these hashes this device holds the bytes of."""
    wanted = list(dict.fromkeys(shas))
    if not wanted:
        return set()
    marks = ",".join("?" * len(wanted))
    rows = conn.execute(f"SELECT sha256 FROM media WHERE sha256 IN ({marks})", wanted)
    return {row[0] for row in rows}


def not_uploaded(conn: sqlite3.Connection, shas: Iterable[str]) -> list[str]:
    """Of these hashes, those held here and not yet confirmed by the server, in order."""
    wanted = list(dict.fromkeys(shas))
    if not wanted:
        return []
    marks = ",".join("?" * len(wanted))
    rows = conn.execute(
        f"SELECT sha256 FROM media WHERE uploaded = 0 AND sha256 IN ({marks})", wanted
    )
    found = {row[0] for row in rows}
    return [sha for sha in wanted if sha in found]


def mark_uploaded(conn: sqlite3.Connection, sha: str) -> None:
    conn.execute("UPDATE media SET uploaded = 1 WHERE sha256 = ?", (sha,))


def forget_uploads(conn: sqlite3.Connection, shas: Iterable[str]) -> None:
    """The server said it lacks these (``media_missing``): send them again next time."""
    conn.executemany("UPDATE media SET uploaded = 0 WHERE sha256 = ?", [(s,) for s in shas])


def photos_named(events: Iterable[JournalEvent]) -> list[str]:
    """Every photo hash the events name (listing photos, product photo), first mention first."""
    named: list[str] = []
    for event in events:
        if event.type == "listing_upsert":
            named.extend(p for p in event.body.get("photos", []) if isinstance(p, str))
        elif event.type == "product_upsert" and isinstance(event.body.get("photo"), str):
            named.append(event.body["photo"])
    return list(dict.fromkeys(named))
