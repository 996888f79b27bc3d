"""The counter while the network misbehaves: the checkout's online wait (2 s) ends with
"awaiting approval", the cashier rings up the next sale meanwhile, and once the network is
back the payment is approved, on the server exactly once (pytest-qt, real server, the
fault proxy between them)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from counter_harness import synced_counter
from fault_proxy import FaultProxy
from pos_harness import MILK, Pos, open_pos, server_totals
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QTest
from servers import ServerProcess

from pos_app.ui.app import PosController


@pytest.fixture
def proxy(sqlite_server: ServerProcess) -> Iterator[FaultProxy]:
    upstream = urlparse(sqlite_server.url)
    faults = FaultProxy((upstream.hostname or "127.0.0.1", upstream.port or 80))
    yield faults
    faults.close()


@pytest.fixture
def till(sqlite_server: ServerProcess, proxy: FaultProxy, tmp_path: Path) -> Iterator[Pos]:
    pos = open_pos(
        proxy.url,  # every call of the till crosses the proxy
        sqlite_server.seed["enrolment_code"],
        sqlite_server.seed["merchant_id"],
        tmp_path / "pos.sqlite3",
    )
    pos.server_url = sqlite_server.url  # the customer's phone is not behind it
    yield pos
    pos.close()


@pytest.fixture
def counter(qtbot, till: Pos) -> Iterator[PosController]:
    with synced_counter(qtbot, till, language="en") as controller:
        yield controller


def scan(controller: PosController, text: str) -> None:
    target = controller.scan_target()
    QTest.keyClicks(target, text)
    QTest.keyClick(target, Qt.Key.Key_Return)


def tr(text: str) -> str:
    return QCoreApplication.translate("TotalsPanel", text)


@pytest.mark.parametrize("fault", ["blackhole", "reset_response", "http_503"])
def test_the_counter_stays_usable_and_the_payment_lands_once(
    counter, till, sqlite_server, proxy, qtbot, fault
) -> None:
    scan(counter, MILK)
    code = till.code()
    proxy.fail_next(fault, 2)  # the push of this payment, and one retry, fail this way
    scan(counter, code)
    qtbot.waitUntil(lambda: counter.service.last_payment() is not None)  # the receipt shows
    payment = counter.service.last_payment()
    banner = counter.window.screen_checkout.totals.paid_banner
    awaiting = tr("Paid - %1").replace("%1", tr("awaiting approval"))
    approved = tr("Approved - %1").replace("%1", "")
    # The wait ends: "awaiting approval" (a server that never answers always ends here;
    # a reset or a 503 is retried at once, so the approval may come first).
    qtbot.waitUntil(
        lambda: banner.text() == awaiting or banner.text().startswith(approved), timeout=10_000
    )
    if fault == "blackhole":
        assert banner.text() == awaiting
    # Meanwhile the cashier goes on: the next sale is rung up while the first waits.
    scan(counter, MILK)
    qtbot.waitUntil(lambda: len(counter.service.sale) == 1, timeout=5_000)
    # The network comes back; the worker retries; the approval arrives, exactly once.
    qtbot.waitUntil(
        lambda: counter.service.payment(payment.payment_id).status == "approved", timeout=60_000
    )
    qtbot.waitUntil(lambda: counter.sync.worker.status.pending == 0, timeout=30_000)
    _, count, total, _ = server_totals(sqlite_server.database_url, till.device_id())
    assert (count, total) == till.local_totals()[:2] == (1, payment.total)
    assert proxy.injected[fault] >= 1
