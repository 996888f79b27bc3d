"""A POS for integration tests: a real local file, enrolled with a real server process.

Payment codes come from the server's customer endpoint (what the customer's app
calls); records go through the same CheckoutService the counter uses; pushes go
through the same SyncEngine the background worker runs.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import requests
import sqlalchemy as sa

from pos_app.domain.clock import system_clock
from pos_app.domain.offline_rules import OfflineLimits
from pos_app.domain.records import PaymentRecord
from pos_app.services.checkout import CheckoutService, ScanAction, open_checkout
from pos_app.services.demo import seed_demo
from pos_app.services.enrolment import enrol_device
from pos_app.store import settings, sync_state
from pos_app.store.database import connect, write_transaction
from pos_app.sync.credentials import MemoryCredentialStore
from pos_app.sync.engine import SyncEngine, default_client_factory

MILK = "8808123000134"  # 2,980원, 2,682원 after the 10 % discount
MILK_PRICE_CJPAY = 2_682


@dataclass
class Pos:
    server_url: str
    db_path: Path
    conn: sqlite3.Connection
    service: CheckoutService
    engine: SyncEngine
    credentials: MemoryCredentialStore
    online: bool = False
    wallet_id: str = "1000000042"
    _session: requests.Session = field(default_factory=requests.Session)

    def code(self, offline_limit: int = 50_000) -> str:
        reply = self._session.post(
            f"{self.server_url}/v1/wallets/{self.wallet_id}/codes",
            json={"offline_limit": offline_limit},
            timeout=10,
        )
        reply.raise_for_status()
        return str(reply.json()["text"])

    def pay(self, *barcodes: str, code: str | None = None) -> PaymentRecord:
        for barcode in barcodes or (MILK,):
            self.service.handle_scan(barcode)
        outcome = self.service.handle_scan(code or self.code())
        assert outcome.action is ScanAction.PAYMENT_RECORDED and outcome.payment is not None
        return outcome.payment

    def drain(self, max_rounds: int = 1_000) -> int:
        """Push until nothing is pending; returns how many pushes it took."""
        for rounds in range(1, max_rounds + 1):
            if self.engine.push_once().remaining == 0:
                return rounds
        raise AssertionError("the journal did not drain")

    def local_totals(self) -> tuple[int, int, int]:
        """(approved payments, their total, cashback credited) as this POS sees them."""
        row = self.conn.execute(
            "SELECT COUNT(*), COALESCE(SUM(total), 0), COALESCE(SUM(cashback), 0) FROM payments"
            " WHERE status = 'approved' AND voided_seq IS NULL"
        ).fetchone()
        return int(row[0]), int(row[1]), int(row[2])

    def device_id(self) -> str:
        enrolment = sync_state.load_enrolment(self.conn)
        assert enrolment is not None
        return enrolment.device_id

    def close(self) -> None:
        self.engine.close()
        self.conn.close()
        self._session.close()


def open_pos(server_url: str, enrolment_code: str, merchant_id: str, db_path: Path) -> Pos:
    conn = connect(db_path)
    seed_demo(conn, system_clock)  # products and the manager PIN; the rest comes from the server
    with write_transaction(conn):
        # Room for long offline runs; the limits themselves are tested elsewhere.
        settings.save_offline_limits(conn, OfflineLimits(unsynced_cap=10**12))
    credentials = MemoryCredentialStore()
    factory = default_client_factory()
    enrol_device(
        conn,
        credentials,
        factory,
        system_clock,
        server_url=server_url,
        merchant_id=merchant_id,
        enrolment_code=enrolment_code,
        device_name=db_path.stem,
    )
    engine = SyncEngine(db_path, credentials, system_clock, factory)
    pos = Pos(server_url, db_path, conn, open_checkout(conn, system_clock), engine, credentials)
    # The counter asks "are we online?" of the sync worker; here the test decides.
    pos.service = open_checkout(conn, system_clock, is_online=lambda: pos.online)
    return pos


def server_totals(database_url: str, device_id: str) -> tuple[int, int, int, int]:
    """(events stored, accepted unvoided payments, their total, their cashback) on the server."""
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as db:
            events = db.execute(
                sa.text("SELECT COUNT(*) FROM journal_events WHERE device_id = :d"),
                {"d": device_id},
            ).scalar_one()
            row = db.execute(
                sa.text(
                    "SELECT COUNT(*), COALESCE(SUM(total), 0), COALESCE(SUM(cashback), 0)"
                    " FROM payments WHERE device_id = :d AND outcome = 'accepted'"
                    " AND voided_by IS NULL"
                ),
                {"d": device_id},
            ).one()
    finally:
        engine.dispose()
    return int(events), int(row[0]), int(row[1]), int(row[2])
