"""D tills drain offline backlogs into 1 or N server processes on one PostgreSQL.

    uv run python bench/server_load.py [--devices 1,8,32] [--servers 1,2]
                                       [--events 8000] [--probe-interval 0.05]

For each (D, N): a fresh database in a private PostgreSQL cluster run with its
default durability (fsync, synchronous_commit and full-page writes on, as
production runs it), ``init-db`` and ``seed-demo --trust-demo-issuer``, then N
``cjpay-central serve`` processes on that database. D device processes each
open a real POS database, enrol against one of the servers (round robin) and
record ``--events / D`` Cheongju Pay payments offline through the counter's
CheckoutService (codes minted with the demo issuer key before timing, one wallet
per device so tills do not queue on one wallet's row lock). When every device is
ready they all drain at once with the real SyncEngine (500 events a push).

While they drain, one more till (the probe, enrolled on the first server) makes
single online payments: scan, record, push, answer stored. Its p50/p99 is the
latency a customer at a busy counter would see.

Printed per run: aggregate drain events/s (all events / time from the start to
the last device done), the probe's p50/p99, the wake-up: from a change committed by
another process to the answer of a long poll held by the last server process (five
rounds, after the drain; across server processes through LISTEN/NOTIFY), and the
exactly-once check on the
server's own tables (journal rows = events recorded, no event or payment twice,
no approval number twice, every till has nothing pending).

Floor: 1,500 events/s for one server process (what a city's morning backlog needs);
the ratio drain / floor is printed for every run. Target: one process at 8 devices
>= the floor. It measures; it exits non-zero only if something fails (a wrong
exactly-once check, a device that cannot drain).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import sqlalchemy as sa

_INTEGRATION = Path(__file__).resolve().parents[1] / "tests" / "integration"
sys.path.insert(0, str(_INTEGRATION))

FLOOR_EVENTS_PER_S = 1_500
WALLET_BASE = 7_700_000_000  # bench wallets, far from the demo's
MILK = "8808123000134"


# ----- device processes --------------------------------------------------------------------


def _mint(wallet_id: int) -> str:
    """A code as the customer's phone makes it (the demo issuer key, which the server trusts
    after ``seed-demo --trust-demo-issuer``): no server round trip while recording."""
    from pos_app.domain.payment_code import mint_payment_code
    from pos_app.services.demo import DEMO_ISSUER_KEY_ID, DEMO_ISSUER_SEED

    return mint_payment_code(
        DEMO_ISSUER_SEED,
        DEMO_ISSUER_KEY_ID,
        wallet_id,
        secrets.token_bytes(16),
        int(time.time()),
        ttl_seconds=600,
        offline_limit=50_000,
    )


def _open(server_url: str, enrolment_code: str, merchant_id: str, db_path: Path) -> Any:
    from pos_harness import open_pos

    return open_pos(server_url, enrolment_code, merchant_id, db_path)


def _drain(pos: Any) -> tuple[int, int]:
    """Push until nothing is pending, as the sync worker does: a push that timed out or was
    refused as busy is sent again (its events may have been applied: the answer is then
    ``duplicate``, which the exactly-once check counts on). Returns (pushes, retries)."""
    from pos_app.sync.errors import NetworkError, ServerBusy

    pushes = retries = 0
    while True:
        try:
            pushes += 1
            if pos.engine.push_once().remaining == 0:
                return pushes, retries
        except (NetworkError, ServerBusy):
            retries += 1
            if retries > 100:
                raise
            time.sleep(0.2)  # the worker's back-off is longer; the figure counts it anyway


def drain_device(
    index: int,
    server_url: str,
    enrolment_code: str,
    merchant_id: str,
    work: str,
    backlog: int,
    ready: Any,
    go: Any,
    report: Any,
) -> None:
    """Enrol, record ``backlog`` payments offline, wait for ``go``, drain; report figures."""
    from pos_app.store import sync_state

    try:
        pos = _open(server_url, enrolment_code, merchant_id, Path(work) / f"dev-{index:03d}.db")
        wallet = WALLET_BASE + index
        for _ in range(backlog):
            pos.pay(MILK, code=_mint(wallet))
        pending = sync_state.pending_stats(pos.conn).count
        ready.put(index)
        go.wait()
        started = time.monotonic()
        pushes, retries = _drain(pos)
        ended = time.monotonic()
        left = sync_state.pending_stats(pos.conn).count
        report.put(
            {
                "index": index,
                "device_id": pos.device_id(),
                "events": pending,
                "payments": backlog,
                "pushes": pushes,
                "retries": retries,
                "started": started,
                "ended": ended,
                "left": left,
            }
        )
        pos.close()
    except BaseException as exc:  # the parent must hear of it, not wait forever
        report.put({"index": index, "error": repr(exc)})
        ready.put(index)


def probe_device(
    server_url: str,
    enrolment_code: str,
    merchant_id: str,
    work: str,
    interval: float,
    ready: Any,
    go: Any,
    stop: Any,
    report: Any,
) -> None:
    """Single online payments while the others drain: scan to the server's answer stored."""
    try:
        pos = _open(server_url, enrolment_code, merchant_id, Path(work) / "probe.db")
        pos.online = True
        wallet = WALLET_BASE + 99_999
        pos.pay(MILK, code=_mint(wallet))  # warm: first connection, first push
        pos.drain()
        ready.put(-1)
        go.wait()
        latencies: list[float] = []
        while not stop.is_set():
            code = _mint(wallet)
            started = time.perf_counter()
            pos.pay(MILK, code=code)
            pos.engine.push_once()
            latencies.append(time.perf_counter() - started)
            stop.wait(interval)
        report.put({"probe": latencies, "device_id": pos.device_id()})
        pos.close()
    except BaseException as exc:
        report.put({"probe": [], "error": repr(exc)})
        ready.put(-1)


# ----- one run -----------------------------------------------------------------------------


def _fresh_database(admin_url: str, name: str) -> str:
    base = admin_url.rsplit("/", 1)[0]
    server = sa.create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    server.dispose()
    return f"{base}/{name}"


def _exactly_once(database_url: str, devices: list[dict[str, Any]]) -> dict[str, Any]:
    """The server's own tables, read as an auditor would."""
    ids = [d["device_id"] for d in devices]
    expected = sum(d["events"] for d in devices)
    expected_payments = sum(d["payments"] for d in devices)
    engine = sa.create_engine(database_url)
    with engine.connect() as db:
        params = {"ids": ids}
        ids_param = sa.bindparam("ids", expanding=True)

        def one(sql: str) -> Any:
            return db.execute(sa.text(sql).bindparams(ids_param), params).one()

        events, distinct_events = one(
            "SELECT COUNT(*), COUNT(DISTINCT event_id) FROM journal_events WHERE device_id IN :ids"
        )
        rows, distinct_rows, accepted = one(
            "SELECT COUNT(*), COUNT(DISTINCT payment_id),"
            " COUNT(*) FILTER (WHERE outcome = 'accepted') FROM payments WHERE device_id IN :ids"
        )
        (approvals_twice,) = db.execute(
            sa.text(
                "SELECT COUNT(*) FROM (SELECT approval_no FROM payments"
                " WHERE approval_no IS NOT NULL GROUP BY approval_no HAVING COUNT(*) > 1) t"
            )
        ).one()
    engine.dispose()
    ok = (
        events == distinct_events == expected
        and rows == distinct_rows == expected_payments
        and approvals_twice == 0
        and all(d["left"] == 0 for d in devices)
    )
    return {
        "expected_events": expected,
        "expected_payments": expected_payments,
        "journal_rows": events,
        "payment_rows": rows,
        "accepted": accepted,
        "approval_no_twice": approvals_twice,
        "exactly_once": "PASS" if ok else "FAIL",
    }


def run_once(
    admin_url: str, work: Path, devices: int, servers: int, events: int, interval: float
) -> dict[str, Any]:
    from servers import ServerProcess

    from central_server import admin
    from central_server.db import create_db_engine

    database_url = _fresh_database(admin_url, f"load_{devices}_{servers}")
    run_dir = work / f"d{devices}-n{servers}"
    run_dir.mkdir()
    first = ServerProcess(database_url=database_url, data_dir=run_dir, demo=False)
    first.cli("init-db")
    seed = json.loads(first.cli("seed-demo", "--trust-demo-issuer").strip().splitlines()[-1])
    merchant_id = seed["merchant_id"]
    engine = create_db_engine(database_url)
    for index in [*range(devices), 99_999]:
        admin.topup(engine, WALLET_BASE + index, 10**12)
    codes = [admin.create_enrolment_code(engine, merchant_id) for _ in range(devices + 2)]
    engine.dispose()

    ctx = mp.get_context("spawn")
    ready, report = ctx.Queue(), ctx.Queue()
    go, stop = ctx.Event(), ctx.Event()
    with ExitStack() as stack:
        processes = []
        for number in range(servers):
            data_dir = run_dir / f"server-{number}"
            data_dir.mkdir()
            server = ServerProcess(database_url=database_url, data_dir=data_dir, demo=False)
            server.start()
            stack.callback(server.stop)
            processes.append(server)
        backlog = max(1, events // devices)
        workers = [
            ctx.Process(
                target=drain_device,
                args=(
                    index,
                    processes[index % servers].url,
                    codes[index],
                    merchant_id,
                    str(run_dir),
                    backlog,
                    ready,
                    go,
                    report,
                ),
            )
            for index in range(devices)
        ]
        probe = ctx.Process(
            target=probe_device,
            args=(
                processes[0].url,
                codes[devices],
                merchant_id,
                str(run_dir),
                interval,
                ready,
                go,
                stop,
                report,
            ),
        )
        for process in [*workers, probe]:
            process.start()
        for _ in range(devices + 1):
            ready.get(timeout=900)
        go.set()
        drained: list[dict[str, Any]] = []
        probe_report: dict[str, Any] | None = None
        while len(drained) < devices:
            item = report.get(timeout=900)
            if "probe" in item:
                probe_report = item
            else:
                drained.append(item)
        stop.set()
        while probe_report is None:
            probe_report = report.get(timeout=120)
        for process in [*workers, probe]:
            process.join(timeout=60)
        wakes = _wake_latencies(processes, codes[devices + 1], merchant_id, database_url)
    errors = [d["error"] for d in [*drained, probe_report] if "error" in d]
    if errors:
        raise RuntimeError(f"a device failed: {errors}")
    elapsed = max(d["ended"] for d in drained) - min(d["started"] for d in drained)
    total = sum(d["events"] for d in drained)
    latencies = sorted(probe_report["probe"])
    figures = {
        "devices": devices,
        "servers": servers,
        "events": total,
        "drain_s": round(elapsed, 3),
        "events_per_s": round(total / elapsed),
        "floor_ratio": round(total / elapsed / FLOOR_EVENTS_PER_S, 2),
        "push_retries": sum(d["retries"] for d in drained),
        "slowest_device_s": round(max(d["ended"] - d["started"] for d in drained), 3),
        "fastest_device_s": round(min(d["ended"] - d["started"] for d in drained), 3),
        "online_payments": len(latencies),
        "online_p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
        "online_p99_ms": round(_percentile(latencies, 0.99) * 1000, 1) if latencies else None,
    }
    figures.update(
        wake_p50_ms=round(statistics.median(wakes) * 1000, 1),
        wake_max_ms=round(max(wakes) * 1000, 1),
    )
    figures.update(_exactly_once(database_url, drained))
    return figures


def _wake_latencies(
    processes: list[Any], code: str, merchant_id: str, database_url: str, rounds: int = 5
) -> list[float]:
    """Seconds from a change committed by another process (this one, as the admin command
    would) to the answer of a long poll held by the last server process: the wake-up a
    device on any process gets when a notice or an order lands elsewhere."""
    import requests

    from central_server import admin
    from central_server.db import create_db_engine

    first, last = processes[0].url, processes[-1].url
    enrolled = requests.post(
        f"{first}/v1/devices",
        json={"merchant_id": merchant_id, "enrolment_code": code, "device_name": "wake"},
        timeout=30,
    )
    enrolled.raise_for_status()
    device = enrolled.json()
    headers = {"Authorization": f"Bearer {device['device_token']}"}
    requests.post(
        f"{first}/v1/devices/{device['device_id']}/confirm", headers=headers, timeout=30
    ).raise_for_status()
    feed = f"{last}/v1/devices/{device['device_id']}/changes"
    engine = create_db_engine(database_url)
    latencies: list[float] = []
    try:
        for number in range(rounds):
            cursor = requests.get(feed, headers=headers, timeout=30).json()["cursor"]
            answered: list[float] = []

            def poll(after: str = cursor, out: list[float] = answered) -> None:
                requests.get(
                    feed, params={"after": after, "wait": 30}, headers=headers, timeout=60
                ).raise_for_status()
                out.append(time.monotonic())

            thread = threading.Thread(target=poll)
            thread.start()
            time.sleep(1.0)  # the poll reaches its wait in the server
            admin.post_notice(engine, "안내", f"깨우기 {number}", merchant_id=merchant_id)
            committed = time.monotonic()
            thread.join(timeout=60)
            latencies.append(answered[0] - committed)
    finally:
        engine.dispose()
    return latencies


def _percentile(sorted_values: list[float], fraction: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def _ints(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=_ints, default=[1, 8, 32], help="e.g. 1,8,32")
    parser.add_argument("--servers", type=_ints, default=[1, 2], help="e.g. 1,2")
    parser.add_argument("--events", type=int, default=8_000, help="backlog over all devices")
    parser.add_argument("--probe-interval", type=float, default=0.05, help="seconds")
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    from servers import postgres_cluster

    work = Path(tempfile.mkdtemp(prefix="cjpay-load-", dir=args.dir))
    rows: list[dict[str, Any]] = []
    try:
        with postgres_cluster(durable=True) as admin_url:
            for servers in args.servers:
                for devices in args.devices:
                    figures = run_once(
                        admin_url, work, devices, servers, args.events, args.probe_interval
                    )
                    rows.append(figures)
                    print(
                        f"D={devices:>3} N={servers}  {figures['events_per_s']:>6,} events/s"
                        f"  ({figures['floor_ratio']:.2f}x floor)"
                        f"  online p50 {figures['online_p50_ms']} ms"
                        f" p99 {figures['online_p99_ms']} ms"
                        f" ({figures['online_payments']} payments)"
                        f"  wake p50 {figures['wake_p50_ms']} ms max {figures['wake_max_ms']} ms"
                        f"  exactly once: {figures['exactly_once']}",
                        flush=True,
                    )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    target = next((r for r in rows if r["devices"] == 8 and r["servers"] == 1), None)
    if target is not None:
        verdict = "PASS" if target["events_per_s"] >= FLOOR_EVENTS_PER_S else "FAIL"
        print(f"target    one process, 8 devices >= {FLOOR_EVENTS_PER_S:,} events/s: {verdict}")
    print(
        json.dumps(
            {
                "python": platform.python_version(),
                "platform": platform.platform(),
                "cpus": os.cpu_count(),
                "floor_events_per_s": FLOOR_EVENTS_PER_S,
                "runs": rows,
            }
        )
    )
    return 0 if all(r["exactly_once"] == "PASS" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
