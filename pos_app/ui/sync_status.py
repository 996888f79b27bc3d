"""Status-bar pieces: online/offline, what waits to be sent and for how long, last sync."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from pos_app.domain.clock import KST, Clock, parse_utc
from pos_app.domain.errors import ErrorKey
from pos_app.domain.money import format_won
from pos_app.domain.server_clock import SKEW_WARN
from pos_app.sync.worker import SyncStatus, age_seconds
from pos_app.ui.status_bar import OneLineFirstLabel

CLOCK_WARN_S = int(SKEW_WARN.total_seconds())


def _format_age(seconds: int) -> str:
    """ "4초", "1분", "2시간 5분" in Korean; "4s", "1m", "2h 5m" in English."""
    translate = QCoreApplication.translate
    if seconds < 60:
        return translate("SyncStatusBar", "%1s").replace("%1", str(seconds))
    if seconds < 3600:
        return translate("SyncStatusBar", "%1m").replace("%1", str(seconds // 60))
    return (
        translate("SyncStatusBar", "%1h %2m")
        .replace("%1", str(seconds // 3600))
        .replace("%2", str(seconds % 3600 // 60))
    )


class SyncStatusBar(QWidget):
    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._status = SyncStatus()
        self._unsynced_total = 0
        # Long texts: on one line while the status bar has room, wrapped when it has not.
        self.connection = OneLineFirstLabel()
        self.pending = OneLineFirstLabel()
        self.last_sync = QLabel()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setFormat(self.tr("Sending %v / %m"))
        self.progress.hide()
        self.clock_warning = OneLineFirstLabel()
        self.clock_warning.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.clock_warning.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        widgets = (self.connection, self.pending, self.progress, self.last_sync, self.clock_warning)
        for widget in widgets:
            layout.addWidget(widget)
        # Ages ("oldest 5m") move on even when nothing is reported.
        self._ticker = QTimer(self)
        self._ticker.timeout.connect(self._render)
        self._ticker.start(5_000)
        self._render()

    def show_status(self, status: SyncStatus, unsynced_total: int) -> None:
        self._status = status
        self._unsynced_total = unsynced_total
        self._render()

    def _render(self) -> None:
        status = self._status
        if status.revoked or (
            status.auth_required and status.last_error is ErrorKey.SYNC_DEVICE_REVOKED
        ):
            # First: the file says so before the server is reached (offline, at start).
            self.connection.setText(
                self.tr("● Revoked by Cheongju Pay: no Cheongju Pay payments; enrol again (F7)")
            )
            self.connection.setStyleSheet("color: #b3261e; font-weight: bold;")
        elif not status.enrolled:
            self.connection.setText(self.tr("● Not enrolled: payments are kept on this PC"))
            self.connection.setStyleSheet("color: #555;")
        elif status.conflict_seq is not None:
            self.connection.setText(
                self.tr("● Sending stopped: record mismatch at seq %1 (E403)").replace(
                    "%1", str(status.conflict_seq)
                )
            )
            self.connection.setStyleSheet("color: #b3261e; font-weight: bold;")
        elif status.auth_required:
            self.connection.setText(self.tr("● Enrol this device again (F7)"))
            self.connection.setStyleSheet("color: #b3261e; font-weight: bold;")
        elif status.online:
            self.connection.setText(self.tr("● Online"))
            self.connection.setStyleSheet("color: #0b6e4f; font-weight: bold;")
        else:
            self.connection.setText(self.tr("● Offline: payments are kept until synced"))
            self.connection.setStyleSheet("color: #b3261e; font-weight: bold;")
        now = self._clock()
        age = age_seconds(status.oldest_pending_at, now)
        text = (
            self.tr("Unsent: %1 · unconfirmed %2")
            .replace("%1", str(status.pending))
            .replace("%2", format_won(self._unsynced_total))
        )
        if age is not None and status.pending:
            text += self.tr(" · oldest %1").replace("%1", _format_age(age))
        self.pending.setText(text)
        if status.last_success_at:
            moment = parse_utc(status.last_success_at)
            # Minutes are enough to tell a stale sync; the seconds cost the status bar
            # room it does not have at 1024 pixels. The tooltip keeps them.
            local = moment.astimezone(KST)
            self.last_sync.setText(self.tr("Last sync %1").replace("%1", f"{local:%H:%M}"))
            self.last_sync.setToolTip(self.tr("Last sync %1").replace("%1", f"{local:%H:%M:%S}"))
        else:
            self.last_sync.setText("")
        self._render_clock(status.clock_offset_s)
        draining = status.drain_total > 0 and status.pending > 0
        self.progress.setVisible(draining)
        if draining:
            self.progress.setMaximum(status.drain_total)
            self.progress.setValue(status.drain_total - status.pending)

    def _render_clock(self, offset_s: int) -> None:
        """A PC clock far from the server's: records use the server's time, but the
        merchant should set the clock (other programs, the card terminal, trust it)."""
        skewed = abs(offset_s) > CLOCK_WARN_S
        self.clock_warning.setVisible(skewed)
        if not skewed:
            return
        minutes = abs(offset_s) // 60
        amount = (
            self.tr("%1 h %2 min")
            .replace("%1", str(minutes // 60))
            .replace("%2", str(minutes % 60))
            if minutes >= 60
            else self.tr("%1 min").replace("%1", str(max(1, minutes)))
        )
        text = (
            self.tr("⚠ PC clock %1 behind the server: set the Windows clock")
            if offset_s > 0
            else self.tr("⚠ PC clock %1 ahead of the server: set the Windows clock")
        )
        self.clock_warning.setText(text.replace("%1", amount))
