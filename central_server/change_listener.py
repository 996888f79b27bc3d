"""Wake this process's long polls when *another* process commits a change (PostgreSQL).

Every change row is written with ``pg_notify`` in the same transaction
(``changes.record_change``), so PostgreSQL delivers the notification only when
that transaction commits, to every listening session. One listener connection
per server process, on its own thread, turns each notification into
``changes_notifier.notify()``: long polls in this process re-read the feed
within milliseconds instead of at their next periodic re-check.

A notification sent while the listener is disconnected is lost; so on every
(re)connect the listener wakes all waiters once, and they re-read the database.
While it is not connected, long polls fall back to the short re-check interval
(``ChangeNotifier.cross_process``). SQLite has no notifications; there, one
process serves and the re-check covers admin commands run beside it.
"""

from __future__ import annotations

import logging
import threading
from typing import Final

from sqlalchemy import make_url

from central_server.changes import NOTIFY_CHANNEL
from central_server.notify import ChangeNotifier, changes_notifier

APPLICATION_NAME: Final = "cjpay-changes-listener"
#: How long the thread blocks for notifications before looking at its stop flag.
POLL_SECONDS: Final = 0.5
#: Wait between reconnect attempts while the database is unreachable.
RETRY_SECONDS: Final = 1.0

_log = logging.getLogger(__name__)


def libpq_conninfo(database_url: str) -> str:
    """The SQLAlchemy URL as a libpq URI (the driver suffix dropped, the password kept)."""
    url = make_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


class ChangeListener:
    """A daemon thread that LISTENs on its own connection until ``stop``."""

    def __init__(self, database_url: str, notifier: ChangeNotifier = changes_notifier) -> None:
        self._conninfo = libpq_conninfo(database_url)
        self._notifier = notifier
        self._stop = threading.Event()
        #: Set while LISTEN is in place (tests wait on it).
        self.connected = threading.Event()
        self._thread = threading.Thread(target=self._run, name="changes-listener", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=POLL_SECONDS * 4)

    def _run(self) -> None:
        # Imported here: psycopg is the optional PostgreSQL extra, and a SQLite-only install
        # (the POS's demo server) imports this module without ever starting a listener.
        import psycopg

        while not self._stop.is_set():
            try:
                self._listen()
            except (psycopg.Error, OSError) as exc:
                if not self._stop.is_set():
                    _log.warning("change listener disconnected (%s); reconnecting", exc)
            self._stop.wait(RETRY_SECONDS)

    def _listen(self) -> None:
        import psycopg

        with psycopg.connect(
            self._conninfo,
            autocommit=True,
            application_name=APPLICATION_NAME,
            # A peer that vanished without a FIN (a failover, a cut cable) is noticed in
            # about 25 s instead of the OS default of hours.
            keepalives=1,
            keepalives_idle=10,
            keepalives_interval=5,
            keepalives_count=3,
        ) as conn:
            conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
            self._notifier.listening(True)
            try:
                # Whatever was committed while nobody listened: every waiter re-reads once.
                self._notifier.notify()
                self.connected.set()
                while not self._stop.is_set():
                    for _ in conn.notifies(timeout=POLL_SECONDS):
                        self._notifier.notify()
            finally:
                self.connected.clear()
                self._notifier.listening(False)
