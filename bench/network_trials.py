"""Network-fault trials, long run: sync through a fault-injecting proxy, N trials.

    uv run python bench/network_trials.py --trials 200 [--seed 1] [--dir DIR]

Each trial records 1-4 payments, then the next 1-3 requests between the POS and the real
reference server (127.0.0.1) fail one way: latency, a drop, a reset mid-request or
mid-response, a truncated body, a 503 burst, or a server that never answers. The sync
engine retries until nothing is pending. Prints trials, faults by kind, the errors the POS
reported, and anomalies (lost, duplicated, unconverged); exits 1 on any anomaly.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "reliability"), str(ROOT / "tests" / "integration")]

from network_harness import run_network_trials  # noqa: E402
from servers import run_server  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", type=Path, help="keep the files here (default: a temp dir)")
    args = parser.parse_args()
    work = args.dir or Path(tempfile.mkdtemp(prefix="cjpay-net-"))
    print(f"network trials: {args.trials}, seed {args.seed}, {platform.platform()}, in {work}")
    url = f"sqlite:///{(work / 'central.sqlite3').as_posix()}"
    with run_server(url, work / "server") as server:
        report = run_network_trials(
            server, work / "pos", args.trials, seed=args.seed, progress=print
        )
    for anomaly in report.anomalies:
        print("ANOMALY", anomaly)
    print(report.summary())
    return 1 if report.anomalies else 0


if __name__ == "__main__":
    sys.exit(main())
