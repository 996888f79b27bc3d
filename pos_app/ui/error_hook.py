"""Last line of defence: an unexpected exception is logged with its traceback and
shown to the cashier once, as a plain Korean message with a code, never a traceback.
"""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from pos_app.domain.errors import ErrorKey, UserFacingError

log = logging.getLogger(__name__)


class ExceptionHook:
    def __init__(self, language: str) -> None:
        self.language = language
        self._showing = False

    def set_language(self, language: str) -> None:
        """The language the messages are shown in, once start-up knows the device's."""
        self.language = language

    def install(self) -> None:
        sys.excepthook = self

    def __call__(
        self, kind: type[BaseException], error: BaseException, trace: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        user_error = (
            error if isinstance(error, UserFacingError) else UserFacingError(ErrorKey.UNEXPECTED)
        )
        if not isinstance(error, UserFacingError):
            log.error("unexpected error", exc_info=(kind, error, trace))
        if self._showing:  # one dialog at a time: a repeating fault must not stack them
            return
        self._showing = True
        try:
            QMessageBox.warning(None, "청주페이 POS", user_error.display(self.language))
        finally:
            self._showing = False
