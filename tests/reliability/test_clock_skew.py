"""A PC whose clock is a day off: the POS learns the server's clock from its answers,
judges payment codes by it (and stamps its records with it), keeps the offset for a start
without a network, and tells the merchant to set the clock."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse

import pytest
from fault_proxy import FaultProxy
from pos_harness import MILK, open_pos
from servers import ServerProcess

from pos_app.domain.clock import system_clock, unix_seconds
from pos_app.domain.errors import UserFacingError
from pos_app.domain.server_clock import ServerClock
from pos_app.services.checkout import ScanAction, open_checkout
from pos_app.services.enrolment import corrected_clock
from pos_app.sync.engine import SyncEngine, default_client_factory
from pos_app.sync.worker import SyncStatus
from pos_app.ui.sync_status import SyncStatusBar

DAY = timedelta(days=1)


def a_day_behind():
    return system_clock() - DAY


def test_a_pc_a_day_behind_judges_codes_by_the_servers_clock(
    sqlite_server: ServerProcess, tmp_path: Path
) -> None:
    pos = open_pos(
        sqlite_server.url,
        sqlite_server.seed["enrolment_code"],
        sqlite_server.seed["merchant_id"],
        tmp_path / "pos.sqlite3",
    )
    engine = SyncEngine(pos.db_path, pos.credentials, a_day_behind, default_client_factory())
    try:
        engine.pull_once()  # any answer carries the server's Date
        offset = engine.server_clock.offset
        assert abs(offset - DAY) < timedelta(seconds=5)
        assert engine.server_clock.skewed

        # By the PC's own clock a fresh code is not valid yet: the problem being solved.
        raw = open_checkout(pos.conn, a_day_behind)
        raw.handle_scan(MILK)
        with pytest.raises(UserFacingError):
            raw.handle_scan(pos.code())
        raw.sale.clear()

        # By the corrected clock it pays, and the server books it (no clock_skew decline).
        clock = corrected_clock(pos.conn, a_day_behind)  # read back from the device
        assert abs(clock.offset - offset) < timedelta(milliseconds=1)
        corrected = open_checkout(pos.conn, clock.now)
        corrected.handle_scan(MILK)
        outcome = corrected.handle_scan(pos.code())
        assert outcome.action is ScanAction.PAYMENT_RECORDED and outcome.payment is not None
        assert (
            abs(unix_seconds(system_clock()) - unix_seconds(clock.now())) < 5
        )  # the receipt's time is the real time
        while engine.push_once().remaining:
            pass
        paid = corrected.payment(outcome.payment.payment_id)
        assert paid is not None and paid.status == "approved", paid
    finally:
        engine.close()
        pos.close()


def test_the_status_bar_tells_the_merchant_to_set_the_clock(qtbot) -> None:
    bar = SyncStatusBar(system_clock)
    qtbot.addWidget(bar)
    bar.show_status(SyncStatus(enrolled=True, online=True, clock_offset_s=86_400), 0)
    assert bar.clock_warning.isVisibleTo(bar)
    assert "24" in bar.clock_warning.text() and "⚠" in bar.clock_warning.text()
    bar.show_status(SyncStatus(enrolled=True, online=True, clock_offset_s=-3 * 60), 0)
    assert bar.clock_warning.isVisibleTo(bar) and "3" in bar.clock_warning.text()
    bar.show_status(SyncStatus(enrolled=True, online=True, clock_offset_s=20), 0)
    assert not bar.clock_warning.isVisibleTo(bar)


@pytest.fixture
def slow_proxy(sqlite_server: ServerProcess) -> Iterator[FaultProxy]:
    upstream = urlparse(sqlite_server.url)
    proxy = FaultProxy((upstream.hostname or "127.0.0.1", upstream.port or 80), delay_s=0.6)
    yield proxy
    proxy.close()


def _paid_at(paid_at: str) -> datetime:
    return datetime.fromisoformat(paid_at.replace("Z", "+00:00"))


def test_receipt_times_are_true_after_long_polls_and_slow_answers(
    sqlite_server: ServerProcess, slow_proxy: FaultProxy, tmp_path: Path
) -> None:
    """The offset used to be learned from the Date of the 25-second long
    poll (stamped when the request arrived), so receipts were ~26 s in the past. Long polls
    now teach nothing and slow answers are placed mid round trip: the receipt's time is
    within a second of the true time. (The PC is a day behind, so every second shows.)"""
    pos = open_pos(
        slow_proxy.url,
        sqlite_server.seed["enrolment_code"],
        sqlite_server.seed["merchant_id"],
        tmp_path / "pos.sqlite3",
    )
    engine = SyncEngine(pos.db_path, pos.credentials, a_day_behind, default_client_factory())
    try:
        engine.pull_once()  # the first page: profile, keys (a short answer)
        engine.pull_once(wait_s=4)  # nothing new: the server holds the answer 4 s
        clock = engine.server_clock
        assert abs(clock.now() - system_clock()) < timedelta(seconds=1)

        # A server whose every answer is slow (0.6 s each way), learned from scratch.
        slow_proxy.plan = lambda n: "latency"
        engine.server_clock = ServerClock(a_day_behind)
        engine.pull_once(wait_s=4)  # the clock is unknown: a short call is made first
        assert not engine.server_clock.needs_sample(time.monotonic())
        clock = engine.server_clock
        assert abs(clock.now() - system_clock()) < timedelta(seconds=1)

        counter = open_checkout(pos.conn, clock.now)
        counter.handle_scan(MILK)
        outcome = counter.handle_scan(pos.code())
        assert outcome.payment is not None
        assert abs(_paid_at(outcome.payment.paid_at) - system_clock()) < timedelta(seconds=1.5)
        assert engine.push_once().remaining == 0  # a slow push: still within the bound
        assert abs(clock.now() - system_clock()) < timedelta(seconds=1)
    finally:
        engine.close()
        pos.close()
