"""Drain 10,000 offline payments to a local reference server on SQLite; events per second.

    uv run python bench/sync_drain.py [--payments 10000] [--dir DIR]

The POS records N payments offline (codes from the server's customer endpoint,
minted before timing), then the same SyncEngine the background worker runs pushes
them, 500 a batch, over HTTP to `cjpay-central serve` on 127.0.0.1. Only the
drain is timed.

Floor: the same journal events inserted straight into a fresh server database's
journal table, in one transaction, with SQLAlchemy Core. The ratio says how far
the whole path (HTTP, JSON, per-event savepoints, hash and signature checks,
payment outcomes, the POS storing each answer) is from a bare bulk insert.
Target: at least 2,000 events/s.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
import sqlalchemy as sa

from pos_app.domain.clock import system_clock
from pos_app.domain.offline_rules import OfflineLimits
from pos_app.services.checkout import open_checkout
from pos_app.services.demo import seed_demo
from pos_app.services.demo_server import start_demo_server
from pos_app.services.enrolment import enrol_device
from pos_app.store import settings, sync_state
from pos_app.store.database import connect, write_transaction
from pos_app.sync.credentials import MemoryCredentialStore
from pos_app.sync.engine import SyncEngine, default_client_factory

TARGET_EVENTS_PER_S = 2_000
MILK = "8808123000134"


def record_offline(conn: sqlite3.Connection, codes: list[str]) -> None:
    service = open_checkout(conn, system_clock)  # never online: every payment offline
    for code in codes:
        service.handle_scan(MILK)
        service.handle_scan(code)


def mint_codes(server_url: str, wallet_id: str, count: int) -> list[str]:
    with requests.Session() as session:
        return [
            session.post(
                f"{server_url}/v1/wallets/{wallet_id}/codes", json={"offline_limit": 50_000}
            ).json()["text"]
            for _ in range(count)
        ]


def measure_floor(source_url: str, work: Path) -> tuple[int, float]:
    """Insert the drained events into a fresh server database in one transaction."""
    target_url = f"sqlite:///{(work / 'floor.sqlite3').as_posix()}"
    subprocess.run(
        [sys.executable, "-m", "central_server", "--database-url", target_url, "init-db"],
        check=True,
        capture_output=True,
    )
    source, target = sa.create_engine(source_url), sa.create_engine(target_url)
    meta = sa.MetaData()
    meta.reflect(source, only=["merchants", "devices", "journal_events"])
    with source.connect() as src:
        parents = {
            name: [dict(row._mapping) for row in src.execute(sa.select(meta.tables[name]))]
            for name in ("merchants", "devices")
        }
        events = [
            dict(row._mapping) for row in src.execute(sa.select(meta.tables["journal_events"]))
        ]
    with target.begin() as dst:  # the parents the events point at: not timed
        for name, rows in parents.items():
            dst.execute(sa.delete(meta.tables[name]))
            dst.execute(sa.insert(meta.tables[name]), rows)
    started = time.perf_counter()
    with target.begin() as dst:
        dst.execute(sa.insert(meta.tables["journal_events"]), events)
    elapsed = time.perf_counter() - started
    source.dispose()
    target.dispose()
    return len(events), elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--payments", type=int, default=10_000)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cjpay-drain-", dir=args.dir))
    server = start_demo_server(work)
    try:
        db_path = work / "pos.sqlite3"
        conn = connect(db_path)
        seed_demo(conn, system_clock)
        with write_transaction(conn):
            settings.save_offline_limits(conn, OfflineLimits(unsynced_cap=10**13))
        credentials = MemoryCredentialStore()
        factory = default_client_factory()
        enrol_device(
            conn,
            credentials,
            factory,
            system_clock,
            server_url=server.url,
            merchant_id=server.seed["merchant_id"],
            enrolment_code=server.seed["enrolment_code"],
            device_name="bench",
        )
        # Offline, the server accepts a wallet's debt only up to the code's limit: fund the
        # wallet so every payment is accepted, as the drain is what is measured.
        subprocess.run(
            [
                sys.executable,
                "-m",
                "central_server",
                "--database-url",
                f"sqlite:///{(work / 'central.sqlite3').as_posix()}",
                "topup",
                server.seed["wallet_ids"][0],
                str(args.payments * 2_682),
            ],
            check=True,
            capture_output=True,
        )
        print(f"minting {args.payments} codes and recording them offline (not timed)...")
        record_offline(conn, mint_codes(server.url, server.seed["wallet_ids"][0], args.payments))
        pending = sync_state.pending_stats(conn).count
        engine = SyncEngine(db_path, credentials, system_clock, factory)
        started = time.perf_counter()
        pushes = 0
        while engine.push_once().remaining:
            pushes += 1
        elapsed = time.perf_counter() - started
        engine.close()
        assert sync_state.pending_stats(conn).count == 0
        conn.close()
        rate = pending / elapsed
        database_url = f"sqlite:///{(work / 'central.sqlite3').as_posix()}"
        floor_events, floor_s = measure_floor(database_url, work)
        floor_rate = floor_events / floor_s
        figures = {
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
            "platform": platform.platform(),
            "payments": args.payments,
            "events": pending,
            "pushes": pushes + 1,
            "drain_s": round(elapsed, 3),
            "events_per_s": round(rate),
            "floor_events_per_s": round(floor_rate),
            "floor_ratio": round(floor_rate / rate, 2),
            "target_events_per_s": TARGET_EVENTS_PER_S,
            "result": "PASS" if rate >= TARGET_EVENTS_PER_S else "FAIL",
        }
        print(f"drained   {pending} events in {elapsed:.2f} s: {rate:,.0f} events/s")
        print(f"floor     {floor_events} events inserted in one transaction: {floor_rate:,.0f}/s")
        print(f"ratio     floor is {floor_rate / rate:.1f}x faster than the drain")
        print(f"target    >= {TARGET_EVENTS_PER_S:,} events/s: {figures['result']}")
        print(json.dumps(figures))
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
