"""Is there a newer app version for this till? What the city published (kept by the sync)
against the version running here; the rule itself is :func:`pos_app.domain.app_version.advise`.

Only ever advice: a till below the minimum still sells; the banner says so louder.
"""

from __future__ import annotations

import sqlite3

from pos_app.domain.app_version import Release, UpdateAdvice, advise
from pos_app.store import app_release
from pos_app.version import running_version


class AppUpdates:
    def __init__(self, conn: sqlite3.Connection, running: str | None = None) -> None:
        self._conn = conn
        self.running = running or running_version()

    def published(self) -> Release | None:
        """What the city last published, as this device heard it (None: nothing yet)."""
        return app_release.load_release(self._conn)

    def advice(self) -> UpdateAdvice:
        """Read again each time: one settings row, asked when the sync brought changes."""
        return advise(self.running, self.published())
