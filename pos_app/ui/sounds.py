"""The counter's two sounds: a short beep when a scan is taken, a low double buzz on an error.

A hand-held scanner beeps by itself; a webcam cannot, so the app does. The error sound plays
for every scanner, because a cashier looking at the customer must hear that something was
refused. Without QtMultimedia (or without an audio device) the error falls back to the
system beep and the success beep is silent: the message bar still says what happened.
"""

from __future__ import annotations

import logging
from importlib import resources

from PySide6.QtCore import QObject, QUrl
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

SOUNDS_PACKAGE = "pos_app.resources.sounds"
SUCCESS_FILE = "scan_ok.wav"
ERROR_FILE = "scan_error.wav"
ORDER_FILE = "order_new.wav"


def sound_path(name: str) -> str:
    return str(resources.files(SOUNDS_PACKAGE).joinpath(name))


class ScanSounds(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        try:
            from PySide6.QtMultimedia import QSoundEffect
        except (ImportError, OSError) as exc:  # no QtMultimedia: system beep only
            log.warning("sounds unavailable: %s", exc)
            self._success = self._error = self._order = None
            return
        self._success = QSoundEffect(self)
        self._success.setSource(QUrl.fromLocalFile(sound_path(SUCCESS_FILE)))
        self._error = QSoundEffect(self)
        self._error.setSource(QUrl.fromLocalFile(sound_path(ERROR_FILE)))
        self._order = QSoundEffect(self)
        self._order.setSource(QUrl.fromLocalFile(sound_path(ORDER_FILE)))

    @property
    def sources(self) -> list[str]:
        effects = (self._success, self._error, self._order)
        return [s.source().toLocalFile() for s in effects if s is not None]

    def success(self) -> None:
        if self._success is not None:
            self._success.play()

    def new_order(self) -> None:
        if self._order is not None:
            self._order.play()
        else:
            QApplication.beep()

    def error(self) -> None:
        if self._error is not None:
            self._error.play()
        else:
            QApplication.beep()
