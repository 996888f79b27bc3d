"""Kill -9 at random points of checkout and sync, restart, check: bounded for CI.

The long run (``bench/crash_trials.py --trials 500``) is the same code; its figures are in
docs/reliability.md.
"""

from __future__ import annotations

from pathlib import Path

from crash_harness import run_crash_trials
from servers import ServerProcess

TRIALS = 6


def test_payments_survive_sigkill_and_reach_the_server_exactly_once(
    sqlite_server: ServerProcess, tmp_path: Path
) -> None:
    report = run_crash_trials(sqlite_server, tmp_path / "pos", TRIALS, seed=7)
    assert report.anomalies == []
    assert report.kills == TRIALS  # each trial really killed a running POS
    assert report.receipts_shown > 0  # it sold between the kills
    assert report.lost == 0 and report.duplicates_server == 0
    assert report.payments_server == report.payments_local >= report.receipts_shown
