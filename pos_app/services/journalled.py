"""What the journalled services share (catalogue, stock, listings, orders, staff, refunds, day
close): the connection, the clock, and a hook per event."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from pos_app.domain.clock import Clock


class JournalledService:
    """A use case that writes journal events (one write transaction each)."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        clock: Clock,
        *,
        on_recorded: Callable[[], None] = lambda: None,
    ) -> None:
        """``on_recorded`` is called after each committed event (the app wakes the
        sync worker with it, so the event is pushed at once)."""
        self._conn = conn
        self._clock = clock
        self._on_recorded = on_recorded
