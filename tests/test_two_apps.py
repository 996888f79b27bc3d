"""Two starts of the real app on one data file, as two processes, the way a merchant does it.

The first runs as at a shop (an enrolled file, the lock screen up); the second start on
the same file does not open it: it tells the first, which comes to the front and logs it.
While the first holds the file, ``restore`` refuses. SIGTERM (what an installer's or
Windows' end of session comes to) closes the first even at the lock screen, and the sale
in progress is kept in the file for the next start.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

import pytest

from pos_app.cli import main
from pos_app.domain.clock import system_clock
from pos_app.domain.pricing import CartLine
from pos_app.services.backups import MANUAL, BackupService
from pos_app.services.sale import KEPT_SALE
from pos_app.services.setup import set_owner_pin
from pos_app.store import settings
from pos_app.store.database import connect, write_transaction
from pos_app.store.sync_state import Enrolment, save_enrolment
from pos_app.support.instance_lock import DataFileLock

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM ends the app on POSIX")

TESTS = Path(__file__).resolve().parent
KEPT = [asdict(CartLine(name="찹쌀떡", unit_price=6_000, quantity=2))]
LOCKED = "the till waits for someone to sign in"
FRONT = "this window was brought to the front"


def shop_file(db_path: Path) -> None:
    conn = connect(db_path)
    try:
        with write_transaction(conn):
            # Nothing listens on port 9: the till is offline, which changes nothing here.
            save_enrolment(conn, Enrolment("http://127.0.0.1:9", "M-0001", "d-1", "POS-01"))
            settings.set_value(conn, KEPT_SALE, KEPT)  # a sale the last close put aside
        set_owner_pin(conn, system_clock, "4321")
    finally:
        conn.close()
    BackupService(db_path, system_clock).make(MANUAL)


def start_app(data: Path, output: Path) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHON_KEYRING_BACKEND": "token_keyring.TokenKeyring",
        "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "pos_app", "--data-dir", str(data)],
        env=env,
        # A file, not a pipe: a pipe nobody reads could fill and stall the app.
        stdout=output.open("w", encoding="utf-8"),
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_for_log(data: Path, line: str, app: subprocess.Popen[str], seconds: float = 90) -> None:
    log = data / "logs" / "pos.log"
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if log.exists() and line in log.read_text("utf-8", errors="replace"):
            return
        if app.poll() is not None:
            pytest.fail(f"the app ended ({app.returncode}) before '{line}'")
        time.sleep(0.1)
    pytest.fail(f"no '{line}' in the log within {seconds} s")


def kept_sale(db_path: Path) -> object:
    conn = connect(db_path)
    try:
        return settings.get_value(conn, KEPT_SALE)
    finally:
        conn.close()


def test_a_second_start_brings_the_first_forward_and_the_locked_app_ends_on_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    db_path = data / "pos.sqlite3"
    shop_file(db_path)
    first = start_app(data, tmp_path / "first.out")
    try:
        wait_for_log(data, LOCKED, first)  # up, and locked: nobody has signed in

        second = start_app(data, tmp_path / "second.out")
        assert second.wait(timeout=60) == 0, (tmp_path / "second.out").read_text("utf-8")
        wait_for_log(data, FRONT, first)
        assert first.poll() is None  # the first runs on; the second opened nothing

        # The help desk's restore refuses while the app holds the file; nothing changes.
        before = db_path.read_bytes()
        assert main(["restore", "--data-dir", str(data), "--yes"]) == 3
        out = capsys.readouterr().out
        assert "[E913]" in out and str(first.pid) in out
        assert db_path.read_bytes() == before
        assert not (data / "replaced").exists()

        # An end-of-session request at the lock screen: the app closes, cleanly.
        first.send_signal(signal.SIGTERM)
        assert first.wait(timeout=60) == 0
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    # The sale in progress came back at the start and was kept again at the close.
    assert kept_sale(db_path) == KEPT
    lock = DataFileLock(db_path)
    assert lock.acquire()  # the first let go of the file
    lock.release()
