"""A shop's data file and the doctor's probes as the help-desk tests give them: one place for
the file with sales and an enrolment, and for the probes with nothing real behind them (the
cameras, decoders, keyring and server are edges; each test changes what it looks at)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from day_sales import record_sale
from helpers import FIXED_NOW, drop_discount_columns, raw_connection

from pos_app.services import doctor
from pos_app.store.database import connect, write_transaction
from pos_app.store.migrations import LATEST_VERSION
from pos_app.store.sync_state import Enrolment, save_enrolment

SALE = [(None, "찹쌀떡", 6_000, 1)]


def shop_file(
    db_path: Path,
    sales: int = 2,
    first_sale: datetime = FIXED_NOW - timedelta(hours=30),
    server_url: str = "https://pay.example.kr",
) -> None:
    """Cash sales a minute apart from ``first_sale``, and this till enrolled at ``server_url``."""
    conn = connect(db_path)
    try:
        for n in range(sales):
            record_sale(conn, first_sale + timedelta(minutes=n), "cash", SALE)
        with write_transaction(conn):
            save_enrolment(conn, Enrolment(server_url, "M-0001", "d-1", "POS-01"))
    finally:
        conn.close()


def probes(
    now: datetime = FIXED_NOW,
    server_time: datetime | None = None,
    cameras: list[str] | None = None,
    **changes: Any,
) -> doctor.Probes:
    """A Windows shop's probes with the server unreachable unless ``server_time`` is given;
    ``changes`` replaces any other probe (the keyring backend, the token checks)."""
    base = doctor.Probes(
        versions=lambda: "cjpay-pos test",
        cameras=lambda: cameras or [],
        decoders=lambda: {"zxing": None, "pyzbar": "libzbar missing"},
        keyring_backend=lambda: "keyring.backends.Windows.WinVaultKeyring",
        server_health=lambda url: doctor.ServerAnswer(url, server_time, "connection refused"),
        now=lambda: now,
    )
    return replace(base, **changes)


def as_previous_version(db_path: Path) -> None:
    """The file as the version before the last step left it: the last step added the
    payment lines' manual-discount columns, nothing else."""
    conn = raw_connection(db_path)
    drop_discount_columns(conn)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION - 1}")
    conn.close()
