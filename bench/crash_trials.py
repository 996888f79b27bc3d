"""Crash trials, long run: the POS killed with SIGKILL at random points, N times.

    uv run python bench/crash_trials.py --trials 500 [--postgres] [--seed 1] [--dir DIR]

Each trial starts the POS's checkout and sync (real services, no window) against the real
reference server on 127.0.0.1, lets it sell and sync for a random 0.05-1.5 s, and kills it
with SIGKILL; the file is then opened and checked (hash chain; every receipt shown is
stored). After the last trial a final sync, and the server must hold every payment exactly
once with the POS's totals. Prints trials, kills and anomalies; exits 1 on any anomaly.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "reliability"), str(ROOT / "tests" / "integration")]

from crash_harness import run_crash_trials  # noqa: E402
from servers import postgres_cluster, run_server  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--postgres", action="store_true", help="the server on PostgreSQL")
    parser.add_argument("--dir", type=Path, help="keep the files here (default: a temp dir)")
    args = parser.parse_args()
    work = args.dir or Path(tempfile.mkdtemp(prefix="cjpay-crash-"))
    print(f"crash trials: {args.trials}, seed {args.seed}, {platform.platform()}, files in {work}")
    if args.postgres:
        with postgres_cluster(work / "pg") as url, run_server(url, work / "server") as server:
            report = run_crash_trials(
                server, work / "pos", args.trials, seed=args.seed, progress=print
            )
    else:
        url = f"sqlite:///{(work / 'central.sqlite3').as_posix()}"
        with run_server(url, work / "server") as server:
            report = run_crash_trials(
                server, work / "pos", args.trials, seed=args.seed, progress=print
            )
    for anomaly in report.anomalies:
        print("ANOMALY", anomaly)
    print(report.summary())
    return 1 if report.anomalies else 0


if __name__ == "__main__":
    sys.exit(main())
