"""The doctor asks the real server (a process on 127.0.0.1) for its time; an enrolled shop
that cannot reach it gets a warning, not a failure (payments go on offline)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from servers import ServerProcess

from pos_app.services import doctor
from pos_app.store.database import connect, write_transaction
from pos_app.store.sync_state import Enrolment, save_enrolment
from pos_app.support.maintenance import real_probes


def enrolled_file(path: Path, url: str) -> None:
    conn = connect(path)
    with write_transaction(conn):
        save_enrolment(conn, Enrolment(url, "M-0001", "d-1", "POS-01"))
    conn.close()


def server_check(db_path: Path, now: datetime | None = None) -> doctor.Check:
    probes = real_probes()
    if now is not None:
        probes.now = lambda: now
    [check] = [c for c in doctor.run_checks(db_path, probes) if c.label == "중앙 서버"]
    return check


def test_the_server_is_reached_and_the_clock_offset_measured(
    sqlite_server: ServerProcess, tmp_path: Path
) -> None:
    db_path = tmp_path / "pos.sqlite3"
    enrolled_file(db_path, sqlite_server.url)
    check = server_check(db_path)
    assert check.level is doctor.Level.OK and "연결됨" in check.detail
    offset = float(check.detail.split("시계 차이 ")[1].removesuffix("초"))
    assert abs(offset) < 5  # the same machine's clock
    # A PC a day behind is told to fix its clock.
    behind = server_check(db_path, datetime.now(UTC) - timedelta(days=1))
    assert behind.level is doctor.Level.WARN and "PC 시계" in behind.detail


def test_an_unreachable_server_is_a_warning(sqlite_server: ServerProcess, tmp_path: Path) -> None:
    db_path = tmp_path / "pos.sqlite3"
    url = sqlite_server.url
    sqlite_server.stop()
    enrolled_file(db_path, url)
    check = server_check(db_path)
    assert check.level is doctor.Level.WARN and "연결할 수 없습니다" in check.detail
