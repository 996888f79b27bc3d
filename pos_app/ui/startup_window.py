"""The window shown while a long start-up runs (a migration, its backup, a long rehash):
it says what the app is doing, with a bar, instead of nothing on screen for seconds.

The work itself runs off the UI thread (``background.run_task``); a local event loop keeps
this window painted until it is done, because start-up happens before the app's own loop.
Progress arrives from the worker as ``(done, total)`` and is queued to the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import TypeVar

from PySide6.QtCore import QEventLoop, Qt, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from pos_app.domain.errors import UserFacingError
from pos_app.ui.background import run_task

T = TypeVar("T")
Progress = Callable[[int, int], None]


class StartStage(Enum):
    CHECK = "check"  # the journal's chain rehashed
    BACKUP = "backup"  # the copy before an upgrade
    CONVERT = "convert"  # the migration
    CHECK_BACKUPS = "check_backups"  # the file is damaged: which backup checks
    RESTORE = "restore"  # a backup copied into place


class StartupWindow(QWidget):
    # The text and percent shown, each time they change (what a cashier saw, in order).
    shown = Signal(str, int)
    _reported = Signal(object, int, int)

    def __init__(self, title: str) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setWindowTitle(title)
        self.setMinimumWidth(360)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        # Queued: reports come from the worker thread; the widgets change on the UI thread.
        self._reported.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def run(self, stage: StartStage, work: Callable[[Progress], T], name: str) -> T:
        """``work(progress)`` on a worker thread, this window telling its stage meanwhile;
        its result, or its coded error raised here."""
        self._show(stage, 0, 0)
        loop = QEventLoop()
        outcome: list[object] = []

        def finished(value: object) -> None:
            outcome.append(value)
            loop.quit()

        def report(done: int, total: int) -> None:
            self._reported.emit(stage, done, total)

        run_task(self, lambda: work(report), finished, finished, name=name)
        loop.exec()  # the callbacks are queued: ``finished`` runs inside this loop
        value = outcome[0]
        if isinstance(value, UserFacingError):
            raise value
        return value  # type: ignore[return-value]

    def _show(self, stage: StartStage, done: int, total: int) -> None:
        percent = min(100, 100 * done // total) if total > 0 else 0
        text = self._text(stage, percent)
        if text == self.label.text() and percent == self.bar.value():
            return
        self.label.setText(text)
        self.bar.setValue(percent)
        self.shown.emit(text, percent)

    def _text(self, stage: StartStage, percent: int) -> str:
        if stage is StartStage.BACKUP:
            return self.tr("Backing up…")
        if stage is StartStage.CONVERT:
            return self.tr("Converting data…")
        if stage is StartStage.CHECK_BACKUPS:
            return self.tr("Checking backups…")
        if stage is StartStage.RESTORE:
            return self.tr("Restoring…")
        return self.tr("Checking records… %1%").replace("%1", str(percent))
