"""Crash trials: the POS (``crash_child.py``) killed with SIGKILL at random points, again
and again, against the real server process; then checked.

After every trial: the file opens (migrations, pragmas), the journal's chain verifies, and
every payment whose receipt was shown (its line in the receipts log) is in the file with
its total. After the last trial a final sync drains the journal, and the server must hold
each payment exactly once with the same totals as the POS.

Used by ``tests/reliability/test_crash_consistency.py`` (a few trials, in CI) and by
``bench/crash_trials.py --trials N`` (long runs, figures for docs/reliability.md).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from crash_child import engine_for
from pos_harness import Pos, open_pos
from servers import ServerProcess

from pos_app.store import sync_state
from pos_app.store.database import connect
from pos_app.store.journal import verify_journal

CHILD = Path(__file__).with_name("crash_child.py")
WALLET = "1000000077"
READY_TIMEOUT_S = 60.0


@dataclass
class CrashReport:
    trials: int = 0
    kills: int = 0
    receipts_shown: int = 0
    payments_local: int = 0
    payments_server: int = 0
    duplicates_server: int = 0
    lost: int = 0
    anomalies: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"trials {self.trials}, kills {self.kills}, receipts shown {self.receipts_shown},"
            f" payments local {self.payments_local}, server {self.payments_server},"
            f" lost {self.lost}, duplicated {self.duplicates_server},"
            f" anomalies {len(self.anomalies)}, {self.seconds:.0f} s"
        )


def run_crash_trials(
    server: ServerProcess,
    work: Path,
    trials: int,
    *,
    seed: int = 1,
    max_run_s: float = 1.5,
    progress: Callable[[str], None] = lambda line: None,
) -> CrashReport:
    rng = random.Random(seed)
    started = time.monotonic()
    work.mkdir(parents=True, exist_ok=True)
    server.cli("topup", WALLET, str(10**12))  # the trials must not run out of money
    pos = open_pos(
        server.url, server.seed["enrolment_code"], server.seed["merchant_id"], work / "pos.sqlite3"
    )
    pos.wallet_id = WALLET
    token = pos.credentials.get_token(_account(pos))
    assert token is not None
    db_path, receipts = pos.db_path, work / "receipts.log"
    pos.close()  # the child owns the file during the trials
    report = CrashReport()
    for trial in range(1, trials + 1):
        report.trials = trial
        killed = _one_trial(db_path, server.url, receipts, token, rng.uniform(0.05, max_run_s))
        report.kills += int(killed)
        problems = _check_after_kill(db_path, receipts)
        report.anomalies += [f"trial {trial}: {p}" for p in problems]
        if trial % 25 == 0 or problems:
            progress(f"trial {trial}: kills {report.kills}, anomalies {len(report.anomalies)}")
    _final_sync_and_compare(server, db_path, receipts, token, report)
    report.seconds = time.monotonic() - started
    return report


def _account(pos: Pos) -> str:
    from pos_app.sync.credentials import account_name

    return account_name(pos.server_url, pos.device_id())


def _one_trial(db_path: Path, url: str, receipts: Path, token: str, run_s: float) -> bool:
    """Start the child, let it sell and sync for ``run_s`` seconds, SIGKILL it."""
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(db_path), url, WALLET, str(receipts)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(token + "\n")
    child.stdin.close()
    deadline = time.monotonic() + READY_TIMEOUT_S
    line = child.stdout.readline()  # "ready" once the file is open and sync runs
    if line.strip() != "ready" or time.monotonic() > deadline:
        child.kill()
        child.wait()
        raise RuntimeError(f"the child did not start (exit {child.poll()}): {line!r}")
    time.sleep(run_s)  # the kill point: wherever the child is now, mid-payment or mid-push
    killed = child.poll() is None
    if killed:
        os.kill(child.pid, signal.SIGKILL)
    child.wait()
    child.stdout.close()
    return killed


def _shown(receipts: Path) -> dict[str, int]:
    if not receipts.exists():
        return {}
    shown = {}
    for line in receipts.read_text("utf-8").splitlines():
        payment_id, total = line.split()
        shown[payment_id] = int(total)
    return shown


def _check_after_kill(db_path: Path, receipts: Path) -> list[str]:
    problems = []
    conn = connect(db_path)  # what the next start does: pragmas, migrations
    try:
        broken = verify_journal(conn)
        if broken is not None:
            problems.append(f"journal chain broken at seq {broken}")
        stored = dict(conn.execute("SELECT payment_id, total FROM payments").fetchall())
    finally:
        conn.close()
    for payment_id, total in _shown(receipts).items():
        if stored.get(payment_id) != total:
            problems.append(f"receipt {payment_id} shown but stored as {stored.get(payment_id)}")
    return problems


def _final_sync_and_compare(
    server: ServerProcess, db_path: Path, receipts: Path, token: str, report: CrashReport
) -> None:
    conn = connect(db_path)
    enrolment = sync_state.load_enrolment(conn)
    assert enrolment is not None
    engine = engine_for(conn, db_path, token)
    try:
        for _ in range(10_000):
            if engine.push_once().remaining == 0:
                break
        local = dict(conn.execute("SELECT payment_id, total FROM payments").fetchall())
        pending = sync_state.pending_stats(conn).count
    finally:
        engine.close()
        conn.close()
    if pending:
        report.anomalies.append(f"{pending} events still pending after the final sync")
    shown = _shown(receipts)
    report.receipts_shown = len(shown)
    report.payments_local = len(local)
    report.lost = sum(1 for payment_id in shown if payment_id not in local)
    on_server = server_payments(server.database_url, enrolment.device_id)
    report.payments_server = len(on_server)
    report.duplicates_server = sum(len(totals) - 1 for totals in on_server.values())
    for payment_id in local:
        if len(on_server.get(payment_id, [])) != 1:
            count = len(on_server.get(payment_id, []))
            report.anomalies.append(f"{payment_id} is on the server {count}x")
    server_total = sum(sum(totals) for totals in on_server.values())
    if server_total != sum(local.values()):
        report.anomalies.append(f"totals differ: POS {sum(local.values())}, server {server_total}")


def server_payments(database_url: str, device_id: str) -> dict[str, list[int]]:
    """The device's payments on the server: payment id -> the totals stored under it (one
    entry each, or the duplicate shows)."""
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as db:
            rows = db.execute(
                sa.text("SELECT payment_id, total FROM payments WHERE device_id = :d"),
                {"d": device_id},
            )
            found: dict[str, list[int]] = {}
            for payment_id, total in rows:
                found.setdefault(payment_id, []).append(int(total))
            return found
    finally:
        engine.dispose()
