"""Wake long-polling change requests when this process commits a change.

One notifier per process, not per app: an admin command run in-process (a test,
a future admin API) may use its own engine, and a spurious wake-up costs one
cheap query. Changes committed by *other* processes arrive through PostgreSQL
``LISTEN/NOTIFY`` (``change_listener``), which calls ``notify`` here too; without a
connected listener (SQLite, or the listener reconnecting) the long poll's short
periodic re-check of the database finds them.
"""

from __future__ import annotations

import asyncio
import threading
from contextlib import suppress


class ChangeNotifier:
    """A version counter that async waiters on any event loop can wait on.

    ``notify`` may be called from any thread (the write happened in a worker
    thread); waiters are woken with ``call_soon_threadsafe`` on their own loop.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version = 0
        self._listeners = 0
        self._waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = set()

    @property
    def version(self) -> int:
        with self._lock:
            return self._version

    @property
    def cross_process(self) -> bool:
        """Whether a connected listener forwards other processes' commits right now."""
        with self._lock:
            return self._listeners > 0

    def listening(self, connected: bool) -> None:
        """A listener (dis)connected; long polls re-check often while none is connected."""
        with self._lock:
            self._listeners += 1 if connected else -1

    def notify(self) -> None:
        with self._lock:
            self._version += 1
            waiters = list(self._waiters)
        for loop, future in waiters:
            with suppress(RuntimeError):  # that loop has closed; its waiter is gone
                loop.call_soon_threadsafe(_resolve, future)

    async def wait(self, since_version: int, timeout: float) -> bool:
        """Wait until the version moves past ``since_version`` or ``timeout`` passes.

        Returns whether a notification came. Taking the version *before* reading
        the database and passing it here closes the race with a commit that lands
        between that read and this wait.
        """
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        entry = (loop, future)
        with self._lock:
            if self._version != since_version:
                return True
            self._waiters.add(entry)
        try:
            await asyncio.wait_for(future, timeout)
            return True
        except TimeoutError:
            return False
        finally:
            with self._lock:
                self._waiters.discard(entry)


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


#: The process-wide notifier (see the module docstring).
changes_notifier = ChangeNotifier()
