"""Who holds a data file: one running app per file, and no restore under a running app.

A lock file beside the data file (``pos.sqlite3.lock``), held by Qt's ``QLockFile``: it
writes the holder's PID, host and program name into the file, and a lock whose process is
gone (a crash, a power cut) is stale and taken over by the next start. Only QtCore, no
event loop: the ``restore`` command takes the same lock as the app.

A lock older than some time is *not* stale here (``setStaleLockTime(0)``): a till runs for
days, and QLockFile's default (30 s) would let a second copy take a live app's file.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QLockFile

LOCK_SUFFIX = ".lock"


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + LOCK_SUFFIX)


def server_name(db_path: Path) -> str:
    """The local socket the app holding ``db_path`` listens on (a second start calls it).

    Named from the file's full path: two data folders (a shop's and a test's) never meet.
    Short and plain: a Unix socket's path has a length limit, a Windows pipe's name rules.
    """
    key = str(db_path.resolve()).casefold().encode("utf-8")
    return "cjpay-pos-" + hashlib.sha256(key).hexdigest()[:20]


class DataFileLock:
    """``acquire()`` once; the lock lasts until ``release()`` or the process ends."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.path = lock_path(db_path)
        self._lock = QLockFile(str(self.path))
        self._lock.setStaleLockTime(0)  # only a dead holder makes a lock stale

    def acquire(self) -> bool:
        """Take the lock now (no waiting); False while another live process holds it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return self._lock.tryLock(0)

    def holder_pid(self) -> int | None:
        """The PID written in the lock file (whoever holds it), None if unreadable."""
        info = self._lock.getLockInfo()
        if not info:
            return None
        pid = info[0]
        return int(pid) if pid else None

    def release(self) -> None:
        if self._lock.isLocked():
            self._lock.unlock()
