"""The app ends when the machine or an installer asks, even at the lock screen.

Windows shutting down and an installer's "close the applications" (Restart Manager) both
reach Qt as an end-session request, which ends in ``QCoreApplication.quit()``; SIGTERM does
too (``stop_signals.py``). Qt then closes every top-level window and gives up the quit if
one refuses. The lock screen (who is at the till) refuses a person's close, by design: so
the app could not be closed while locked, and the installer or Windows had to kill it.

Here the quit is seen first (an application-wide filter sees the Quit event before Qt acts
on it): the sale in progress is put aside in the file, and the lock screen is dismissed
without anyone signing in. Windows may end the process as soon as it has answered, so the
sale is kept at that moment, not in the clean-up after the event loop.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QSessionManager
from PySide6.QtWidgets import QApplication

from pos_app.ui.staff.sign_in import SignInDialog

log = logging.getLogger(__name__)


class EndSession(QObject):
    """Installed on construction; ``ending`` is True once a quit was asked for."""

    def __init__(self, app: QApplication, keep_sale: Callable[[], None]) -> None:
        super().__init__(app)
        self.ending = False
        self._app = app
        self._keep_sale = keep_sale
        app.installEventFilter(self)
        # Windows asks first (WM_QUERYENDSESSION): keep the sale then too, since the
        # session may end without the app hearing more.
        app.commitDataRequest.connect(self._commit_data)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Quit and watched is self._app and not self.ending:
            self.end()
        return False  # Qt goes on to close the windows and quit

    def end(self) -> None:
        """Keep the sale and let the lock screen go: the windows can now all close."""
        self.ending = True
        self._keep_sale()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, SignInDialog) and widget.isVisible():
                log.info("the app is ending while locked: the sign-in is dismissed")
                widget.dismiss()

    def remove(self) -> None:
        self._app.removeEventFilter(self)
        self._app.commitDataRequest.disconnect(self._commit_data)

    def _commit_data(self, _manager: QSessionManager) -> None:
        self._keep_sale()
