"""Printing off the UI thread: one serial lane (``ui/background.py``), its own database
connection.

A network printer that is off takes up to 10 s to time out and a USB one can stall; the
counter must keep scanning meanwhile. Jobs run one at a time in the order given (paper comes
out in the order the sales were made); each outcome comes back on the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.printing import PrintJob
from pos_app.services.printing import PrintService
from pos_app.ui.background import SerialLane

#: What a job gives back: the ledger's job, or the coded reason it did not print.
Outcome = PrintJob | UserFacingError | None
Task = Callable[[PrintService], PrintJob | None]


class PrintQueue(QObject):
    finished = Signal(object)  # Outcome, after each job (tests and the status line wait on it)
    problem = Signal(object)  # UserFacingError: a job did not print; the record is safe

    def __init__(
        self, open_service: Callable[[], PrintService], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._open_service = open_service
        self._service: PrintService | None = None  # opened in, and used only by, the lane
        self._lane = SerialLane("print")
        self._closed = False
        self.pending = 0

    def submit(
        self,
        task: Task,
        report: Callable[[Outcome], None] | None = None,
        receiver: QObject | None = None,
    ) -> None:
        """Run ``task`` on the worker; ``report`` gets the outcome on the UI thread while
        ``receiver`` (the dialog or screen that asked) is still shown; otherwise a failure
        goes to :attr:`problem`."""
        if self._closed:
            return
        self.pending += 1

        def deliver(outcome: Outcome) -> None:
            self._deliver(receiver, report, outcome)

        self._lane.submit(
            self,
            lambda: self._run(task),
            deliver,
            deliver,
            # A printer driver or the OS: logged by the lane, shown with its code.
            coded=lambda exc: UserFacingError(
                ErrorKey.PRINT_DEVICE_FAILED, detail=str(exc) or repr(exc)
            ),
        )

    def _run(self, task: Task) -> PrintJob | None:
        if self._service is None:
            self._service = self._open_service()
        return task(self._service)

    def _deliver(self, receiver: object, report: object, outcome: Outcome) -> None:
        self.pending -= 1
        if callable(report) and _still_shown(receiver):
            report(outcome)
        elif isinstance(outcome, UserFacingError):
            # Nobody is looking where the job was asked for: say it where the cashier is.
            self.problem.emit(outcome)
        self.finished.emit(outcome)

    def close(self) -> None:
        """Finish the job in hand (bounded by the printer's own timeout), then stop."""
        if self._closed:
            return
        self._closed = True
        self._lane.run_on_lane(self._close_service)
        self._lane.close()

    def _close_service(self) -> None:
        if self._service is not None:
            self._service.close()
            self._service = None


def _still_shown(receiver: object) -> bool:
    if receiver is None:
        return True
    if not shiboken6.isValid(receiver):
        return False
    return not isinstance(receiver, QWidget) or receiver.isVisible()
