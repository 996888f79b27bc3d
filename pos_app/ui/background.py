"""Run work off the UI thread; hear how it went on the UI thread.

The one way the UI starts I/O (a backup, a print job, a call to the server): the task runs on
a worker thread, and exactly one of two callbacks runs afterwards on the UI thread, the
success callback with the task's result or the failure callback with a coded
:class:`UserFacingError`. Any other exception is logged with its traceback and becomes a coded
error (``coded``; E999 unless the caller names a better one), so the cashier never sees a
traceback. Neither callback runs once ``parent`` has been destroyed: a dialog closed while its
server call was out is simply not told.

- :func:`run_task`: one task on a thread of its own (the shape of Anki's ``QueryOp``).
- :class:`SerialLane`: tasks one after another on one thread, in the order given (printing:
  paper comes out in the order of the sales; a service whose SQLite connection must stay on
  one thread).

The two long-running loops (the sync worker, the camera decoder) are a different shape and
live below the UI, without Qt; see docs/decisions.md.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal

from pos_app.domain.errors import ErrorKey, UserFacingError

log = logging.getLogger(__name__)

T = TypeVar("T")
OnFailure = Callable[[UserFacingError], None]


def internal_error(_exc: Exception) -> UserFacingError:
    return UserFacingError(ErrorKey.UNEXPECTED)


class _Relay(QObject):
    """Lives on the UI thread; a callable emitted from any thread is run there."""

    call = Signal(object)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        # Queued even from the UI thread: a callback never runs inside the call that
        # started the task.
        self.call.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def _run(self, function: Callable[[], None]) -> None:
        function()


_relay: _Relay | None = None
_relay_app: QCoreApplication | None = None


def _ui_relay() -> _Relay:
    """The application's relay, made on first use (on the UI thread, where it must live)."""
    global _relay, _relay_app
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("background tasks need a QApplication")
    if QThread.currentThread() is not app.thread():
        raise RuntimeError("background tasks are started from the UI thread")
    if _relay is None or not shiboken6.isValid(_relay) or _relay_app is not app:
        _relay, _relay_app = _Relay(app), app
    return _relay


def _job(
    parent: QObject | None,
    task: Callable[[], T],
    on_success: Callable[[T], None],
    on_failure: OnFailure | None,
    coded: Callable[[Exception], UserFacingError],
    name: str,
) -> Callable[[], None]:
    """What the worker thread runs: the task, then its outcome handed to the UI thread."""
    relay = _ui_relay()

    def deliver(callback: Callable[[Any], None] | None, value: object) -> None:
        if callback is None or (parent is not None and not shiboken6.isValid(parent)):
            return
        callback(value)

    def run() -> None:
        callback: Callable[[Any], None] | None
        try:
            value: object = task()
            callback = on_success
        except UserFacingError as error:
            log.warning("%s: %s", name, error)
            value, callback = error, on_failure
        except Exception as exc:  # never a traceback at the counter; logged for support
            log.exception("%s failed", name)
            value, callback = coded(exc), on_failure
        # The application may be gone (shutdown): then nobody is left to tell.
        with contextlib.suppress(RuntimeError):
            relay.call.emit(partial(deliver, callback, value))

    return run


def run_task(
    parent: QObject | None,
    task: Callable[[], T],
    on_success: Callable[[T], None],
    on_failure: OnFailure | None = None,
    *,
    name: str = "background task",
    coded: Callable[[Exception], UserFacingError] = internal_error,
) -> None:
    """Run ``task`` on a thread of its own; then ``on_success(result)`` or
    ``on_failure(error)`` on the UI thread, unless ``parent`` was destroyed meanwhile."""
    run = _job(parent, task, on_success, on_failure, coded, name)
    threading.Thread(target=run, name=name, daemon=True).start()


class SerialLane:
    """One worker thread; tasks run one after another in the order submitted."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._jobs: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._closed = False

    def submit(
        self,
        parent: QObject | None,
        task: Callable[[], T],
        on_success: Callable[[T], None],
        on_failure: OnFailure | None = None,
        *,
        coded: Callable[[Exception], UserFacingError] = internal_error,
    ) -> bool:
        """Queue ``task`` (see :func:`run_task`); False once the lane is closed."""
        if self._closed:
            return False
        self._jobs.put(_job(parent, task, on_success, on_failure, coded, self._name))
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name=self._name, daemon=True)
            self._thread.start()
        return True

    def run_on_lane(self, task: Callable[[], None]) -> None:
        """Queue clean-up work that reports to nobody (closing the lane's connection)."""
        if self._thread is not None and not self._closed:
            self._jobs.put(task)

    def close(self, timeout_s: float | None = None) -> None:
        """Run what was submitted, then stop the thread (waiting up to ``timeout_s``)."""
        if self._closed:
            return
        self._closed = True
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join(timeout_s)

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            try:
                job()
            except Exception:  # clean-up work: a failure must not stop the lane
                log.exception("%s: lane job failed", self._name)
