"""The POS without its window, for the crash trials: checkout and sync, killed at random.

    python crash_child.py DB_PATH SERVER_URL WALLET_ID RECEIPTS_LOG   (token on stdin)

It runs the real services (CheckoutService, SyncEngine in the SyncWorker's two threads)
on the real file, sells back to back with codes from the real server's customer endpoint,
and writes a line to RECEIPTS_LOG, fsynced, after each payment's commit: the moment the
counter shows the receipt. The parent kills it with SIGKILL whenever it likes.
"""

from __future__ import annotations

import os
import random
import sqlite3
import sys
from pathlib import Path

import requests

from pos_app.domain.clock import system_clock
from pos_app.services.checkout import ScanAction, open_checkout
from pos_app.store import sync_state
from pos_app.store.database import connect
from pos_app.sync.credentials import MemoryCredentialStore, account_name
from pos_app.sync.engine import SyncEngine, default_client_factory
from pos_app.sync.worker import SyncCallbacks, SyncWorker

GOODS = ("8808123000134", "8808123000103", "8808123000356", "CJ-TTEOK6")


def engine_for(conn: sqlite3.Connection, db_path: Path, token: str) -> SyncEngine:
    """The sync engine of the enrolled file, its token held in memory only."""
    enrolment = sync_state.load_enrolment(conn)
    assert enrolment is not None
    credentials = MemoryCredentialStore()
    credentials.set_token(account_name(enrolment.server_url, enrolment.device_id), token)
    return SyncEngine(db_path, credentials, system_clock, default_client_factory())


def main(db_path: Path, server_url: str, wallet_id: str, receipts: Path) -> None:
    token = sys.stdin.readline().strip()  # never on the command line or in a file
    conn = connect(db_path)
    engine = engine_for(conn, db_path, token)
    worker = SyncWorker(engine, system_clock, SyncCallbacks())
    worker.start()
    service = open_checkout(conn, system_clock, is_online=worker.is_online, on_recorded=worker.wake)
    session = requests.Session()
    rng = random.Random(os.getpid())
    log = receipts.open("a", encoding="utf-8")
    print("ready", flush=True)
    while True:
        for barcode in rng.sample(GOODS, rng.randint(1, 3)):
            service.handle_scan(barcode)
        reply = session.post(
            f"{server_url}/v1/wallets/{wallet_id}/codes", json={"offline_limit": 50_000}, timeout=10
        )
        reply.raise_for_status()
        outcome = service.handle_scan(reply.json()["text"])
        if outcome.action is ScanAction.PAYMENT_RECORDED and outcome.payment is not None:
            # The receipt is on the screen now: from here on the payment must never be lost.
            log.write(f"{outcome.payment.payment_id} {outcome.payment.total}\n")
            log.flush()
            os.fsync(log.fileno())
        else:
            service.sale.clear()


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], sys.argv[3], Path(sys.argv[4]))
