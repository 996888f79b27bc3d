"""Backups beside the counter: one a day and one after each day close, off the UI thread.

``BackupService.make`` opens its own connections, so it runs off the UI thread
(``ui/background.py``) while the cashier keeps selling; the outcome comes back on the UI
thread. A failure is shown once as E906 (the sales are safe either way); a success is only logged.

The full check of the live file (every page and the whole journal chain, which the start
check leaves to it past the verified checkpoint) runs the same way, once, soon after the
window is up: a problem it finds is ``damaged``. Every half hour and after each backup the
checkpoint follows the head (the events since it rehashed, then moved), so a restart after a
power cut rehashes minutes of sales.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.services.backups import DAILY, Backup, BackupService, StartupProblem
from pos_app.ui.background import run_task

log = logging.getLogger(__name__)

CHECK_EVERY_MS = 30 * 60 * 1000  # a PC left on overnight makes the new day's copy
FIRST_CHECK_MS = 15 * 1000  # not during start-up, when the till is being opened
FULL_CHECK_MS = 3 * 1000  # once the window is up and painted


class BackupRunner(QObject):
    made = Signal(object)  # Backup
    failed = Signal(object)  # UserFacingError
    damaged = Signal(object)  # StartupProblem: the full check after start found one
    file_checked = Signal(object)  # StartupProblem | None, after each full check

    def __init__(self, service: BackupService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self._busy = False
        self._queued: str | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self.check_daily)
        self._timer.timeout.connect(self.follow_head)
        self._damage_told = False  # one E905 box, whichever check finds the damage first
        self.made.connect(self._done)
        self.failed.connect(self._done)

    def start(self) -> None:
        self._timer.start()
        QTimer.singleShot(FIRST_CHECK_MS, self, self.check_daily)
        QTimer.singleShot(FULL_CHECK_MS, self, self.check_whole_file)

    def check_whole_file(self) -> None:
        """``integrity_check`` and the whole chain, off the UI thread (its own read-only
        connection: the counter keeps selling); passed, the checkpoint moves on."""
        run_task(
            self,
            self.service.full_check,
            self._file_checked,
            self._check_failed,
            name="full file check",
        )

    def follow_head(self) -> None:
        """The checkpoint moved up to the head, off the UI thread (every half hour and after
        each backup): a restart rehashes the sales since, not the day's."""
        run_task(
            self,
            self.service.follow_head,
            self._head_followed,
            self._check_failed,
            name="checkpoint",
        )

    def _head_followed(self, problem: StartupProblem | None) -> None:
        if problem is not None:
            log.error("the journal since the checkpoint does not verify: %s", problem.check)
            self._tell_damaged(problem)

    def _tell_damaged(self, problem: StartupProblem) -> None:
        if not self._damage_told:
            self._damage_told = True
            self.damaged.emit(problem)

    def _file_checked(self, problem: StartupProblem | None) -> None:
        if problem is not None:
            log.error("full check of the data file failed: %s", problem.check)
            self._tell_damaged(problem)
        else:
            log.info("full check of the data file passed")
        self.file_checked.emit(problem)

    def _check_failed(self, error: UserFacingError) -> None:
        # Not a verdict on the file (the check itself could not run): the next start's
        # check and tomorrow's backup check again; the help desk reads the log.
        log.error("full check of the data file could not run: %s", error)

    def stop(self) -> None:
        self._timer.stop()

    @property
    def busy(self) -> bool:
        return self._busy

    def check_daily(self) -> None:
        if not self._busy and self.service.daily_due():
            self.run(DAILY)

    def run(self, reason: str) -> None:
        """Make a backup now, or right after the one being made."""
        if self._busy:
            self._queued = reason
            return
        self._busy = True
        run_task(
            self,
            lambda: self.service.make(reason),
            lambda backup: self._made(backup, reason),
            self._failed,
            name="backup",
            coded=lambda exc: UserFacingError(ErrorKey.BACKUP_FAILED, detail=str(exc)),
        )

    def _made(self, backup: Backup, reason: str) -> None:
        log.info("backup made: %s (%s)", backup.path, reason)
        self.made.emit(backup)
        self.follow_head()  # after a day close: tomorrow's start rehashes nothing of today

    def _failed(self, error: UserFacingError) -> None:
        log.error("backup failed: %s", error)
        self.failed.emit(error)

    def _done(self, _outcome: object) -> None:
        self._busy = False
        if self._queued is not None:
            reason, self._queued = self._queued, None
            self.run(reason)
