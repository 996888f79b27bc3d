"""SIGTERM and SIGINT end the app the way closing its window does.

Python's default for SIGTERM kills the process on the spot: no ``finally`` runs, so the
demo's temporary folder (its data and its server's database) was left behind, and the
demo server child with it. Here the signal asks Qt to quit instead, which leaves every
event loop (a modal dialog's too), and ``run_gui``'s clean-up runs.

Python only runs a signal handler between bytecodes, and Qt's event loop is C++; a timer
ticking a few times a second gives the interpreter that chance (cheap; no platform API).
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from types import FrameType

from PySide6.QtCore import QCoreApplication, QTimer

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
_TICK_MS = 200


class StopOnSignals:
    """Installed on construction; ``requested`` is True once a signal came (a signal
    before the event loop starts is seen by the caller checking it before ``exec``)."""

    def __init__(self, app: QCoreApplication) -> None:
        self.requested = False
        self._app = app
        self._previous: dict[int, Callable[..., object] | int | None] = {}
        for number in STOP_SIGNALS:
            self._previous[number] = signal.getsignal(number)
            signal.signal(number, self._on_signal)
        self._tick = QTimer(app)
        self._tick.timeout.connect(lambda: None)  # lets Python run the handler
        self._tick.start(_TICK_MS)

    def _on_signal(self, number: int, frame: FrameType | None) -> None:
        self.requested = True
        self._app.quit()

    def remove(self) -> None:
        self._tick.stop()
        for number, previous in self._previous.items():
            signal.signal(number, previous if previous is not None else signal.SIG_DFL)
