"""The status bar tells the cashier whether the till is online and what waits to be sent."""

from __future__ import annotations

from datetime import UTC, datetime

from pos_app.sync.worker import SyncStatus
from pos_app.ui.sync_status import SyncStatusBar

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)


def test_online_offline_pending_age_last_sync_and_drain_progress(qtbot):
    bar = SyncStatusBar(lambda: NOW)
    qtbot.addWidget(bar)
    bar.show()
    assert "Not enrolled" in bar.connection.text()

    bar.show_status(
        SyncStatus(
            enrolled=True, online=False, pending=3, oldest_pending_at="2026-11-25T02:55:00.000Z"
        ),
        8_046,
    )
    assert "Offline" in bar.connection.text()
    assert "3" in bar.pending.text() and "8,046원" in bar.pending.text()
    assert "5m" in bar.pending.text()  # the oldest record has waited five minutes
    assert not bar.progress.isVisible()

    bar.show_status(
        SyncStatus(
            enrolled=True,
            online=True,
            pending=400,
            drain_total=1_038,
            last_success_at="2026-11-25T02:59:58.000Z",
        ),
        0,
    )
    assert "Online" in bar.connection.text()
    assert bar.progress.isVisible()
    assert (bar.progress.value(), bar.progress.maximum()) == (638, 1_038)
    # Shown in Korean time, to the minute (the status bar's room); the seconds in the tooltip.
    assert "11:59" in bar.last_sync.text() and "11:59:58" not in bar.last_sync.text()
    assert "11:59:58" in bar.last_sync.toolTip()

    bar.show_status(SyncStatus(enrolled=True, auth_required=True), 0)
    assert "F7" in bar.connection.text()
    bar.show_status(SyncStatus(enrolled=True, conflict_seq=42), 0)
    assert "42" in bar.connection.text() and "E403" in bar.connection.text()


def test_a_revoked_till_is_told_it_was_revoked_not_just_to_enrol(qtbot):
    from pos_app.domain.errors import ErrorKey

    bar = SyncStatusBar(lambda: NOW)
    qtbot.addWidget(bar)
    bar.show_status(SyncStatus(enrolled=True, auth_required=True), 0)
    lost = bar.connection.text()
    revoked = SyncStatus(enrolled=True, auth_required=True, last_error=ErrorKey.SYNC_DEVICE_REVOKED)
    bar.show_status(revoked, 0)
    assert "Revoked" in bar.connection.text() and "F7" in bar.connection.text()
    assert bar.connection.text() != lost
