"""Sync through every network fault (latency, drops, resets mid-request and mid-response,
truncated bodies, 5xx bursts, a server that never answers) converges exactly once.

Each fault once here; ``bench/network_trials.py --trials 200`` is the long run."""

from __future__ import annotations

from pathlib import Path

from fault_proxy import FAULTS
from network_harness import run_network_trials
from servers import ServerProcess


def test_sync_converges_exactly_once_through_every_fault(
    sqlite_server: ServerProcess, tmp_path: Path
) -> None:
    report = run_network_trials(sqlite_server, tmp_path / "pos", len(FAULTS), seed=3)
    assert report.anomalies == []
    assert set(report.faults) == set(FAULTS)  # each fault was really injected
    assert report.lost == 0 and report.duplicated == 0
    assert report.payments > 0
    # The POS saw the failures as coded network errors, never as a crash.
    assert report.errors_seen and all(code.startswith("E4") for code in report.errors_seen)
