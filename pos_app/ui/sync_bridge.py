"""Turns the sync worker's callbacks (from its threads) into Qt signals (on the UI thread).

The bridge lives on the UI thread; a signal emitted from a worker thread is
queued to its receivers there, so no widget is ever touched off the UI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from pos_app.sync.worker import SyncCallbacks


class SyncBridge(QObject):
    status_changed = Signal(object)  # SyncStatus
    results_applied = Signal(object)  # AppliedResults
    changes_applied = Signal(object)  # set[str] of change types

    def callbacks(self) -> SyncCallbacks:
        return SyncCallbacks(
            status=self.status_changed.emit,
            results=self.results_applied.emit,
            changes=self.changes_applied.emit,
        )
