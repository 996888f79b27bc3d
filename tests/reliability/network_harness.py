"""Network-fault trials: the POS syncs through ``FaultProxy`` to the real server.

Each trial records a few payments offline, then the next connections fail one way (see
``fault_proxy.FAULTS``) while the SyncEngine (the code the sync worker runs) pushes and
pulls, retrying as the worker does after an error. A trial converges when nothing is
pending; then the server must hold every payment exactly once with the POS's totals, the
POS must hold the server's answer for each, and the chain must verify.

Used by ``tests/reliability/test_network_faults.py`` (each fault once, in CI) and by
``bench/network_trials.py --trials N`` (figures for docs/reliability.md).
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from crash_harness import server_payments
from fault_proxy import FAULTS, FaultProxy
from pos_harness import MILK, open_pos
from servers import ServerProcess

from pos_app.store import sync_state
from pos_app.store.journal import verify_journal
from pos_app.sync.errors import SyncError

MAX_ATTEMPTS = 30  # a trial that needs more has not converged


@dataclass
class NetworkReport:
    trials: int = 0
    payments: int = 0
    faults: Counter[str] = field(default_factory=Counter)
    errors_seen: Counter[str] = field(default_factory=Counter)
    attempts: int = 0
    lost: int = 0
    duplicated: int = 0
    anomalies: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        faults = ", ".join(f"{k} {v}" for k, v in sorted(self.faults.items()))
        errors = ", ".join(f"{k} {v}" for k, v in sorted(self.errors_seen.items()))
        return (
            f"trials {self.trials}, payments {self.payments}, sync attempts {self.attempts},"
            f" lost {self.lost}, duplicated {self.duplicated},"
            f" anomalies {len(self.anomalies)}, {self.seconds:.0f} s\n"
            f"faults injected: {faults}\nerrors the POS reported: {errors}"
        )


def run_network_trials(
    server: ServerProcess,
    work: Path,
    trials: int,
    *,
    seed: int = 1,
    faults: tuple[str, ...] = FAULTS,
    progress: Callable[[str], None] = lambda line: None,
) -> NetworkReport:
    rng = random.Random(seed)
    started = time.monotonic()
    upstream = urlparse(server.url)
    proxy = FaultProxy((upstream.hostname or "127.0.0.1", upstream.port or 80))
    work.mkdir(parents=True, exist_ok=True)
    report = NetworkReport()
    # Enrolled through the proxy: every call the POS makes from now on crosses it.
    pos = open_pos(
        proxy.url, server.seed["enrolment_code"], server.seed["merchant_id"], work / "pos.sqlite3"
    )
    pos._session.trust_env = False
    try:
        # Codes come straight from the server: the customer's phone is not behind the proxy.
        pos.server_url = server.url
        for trial in range(1, trials + 1):
            report.trials = trial
            fault = (
                faults[(trial - 1) % len(faults)] if trial <= len(faults) else rng.choice(faults)
            )
            for _ in range(rng.randint(1, 4)):
                pos.pay(MILK)
                report.payments += 1
            proxy.fail_next(fault, rng.randint(1, 3))
            converged = _sync_until_done(pos, report)
            if not converged:
                report.anomalies.append(f"trial {trial} ({fault}): did not converge")
            report.anomalies += [f"trial {trial} ({fault}): {p}" for p in _check(pos, server)]
            if trial % 25 == 0:
                progress(f"trial {trial}: anomalies {len(report.anomalies)}")
        report.faults = proxy.injected
        _final_counts(pos, server, report)
    finally:
        pos.close()
        proxy.close()
    report.seconds = time.monotonic() - started
    return report


def _sync_until_done(pos, report: NetworkReport) -> bool:
    for _ in range(MAX_ATTEMPTS):
        report.attempts += 1
        try:
            if pos.engine.push_once().remaining == 0:
                pos.engine.pull_once()  # the changes feed crosses the same faults
                return True
        except SyncError as error:
            report.errors_seen[error.code] += 1  # the worker backs off and tries again
    return False


def _check(pos, server: ServerProcess) -> list[str]:
    problems = []
    if verify_journal(pos.conn) is not None:
        problems.append("journal chain broken")
    pending = sync_state.pending_stats(pos.conn).count
    if pending:
        problems.append(f"{pending} events pending")
    unanswered = pos.conn.execute("SELECT COUNT(*) FROM payments WHERE status = 'pending'")
    if (count := unanswered.fetchone()[0]) != 0:
        problems.append(f"{count} payments without the server's answer")
    return problems


def _final_counts(pos, server: ServerProcess, report: NetworkReport) -> None:
    local = dict(pos.conn.execute("SELECT payment_id, total FROM payments").fetchall())
    on_server = server_payments(server.database_url, pos.device_id())
    report.lost = sum(1 for payment_id in local if payment_id not in on_server)
    report.duplicated = sum(len(totals) - 1 for totals in on_server.values())
    if len(local) != report.payments:
        report.anomalies.append(f"{report.payments} sold, {len(local)} stored")
    if sum(sum(totals) for totals in on_server.values()) != sum(local.values()):
        report.anomalies.append("the server's total differs from the POS's")
