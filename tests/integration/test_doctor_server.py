"""The doctor asks the real server (a process on 127.0.0.1) for its time and whether it
accepts this till's token; an enrolled shop that cannot reach it gets a warning, not a
failure (payments go on offline), and is told the token could not be checked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from pos_harness import Pos
from servers import ServerProcess

from pos_app.services import doctor
from pos_app.store.database import connect, write_transaction
from pos_app.store.sync_state import Enrolment, save_enrolment
from pos_app.support.maintenance import real_probes
from pos_app.sync.credentials import SERVICE, account_name


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


def token_check(db_path: Path) -> doctor.Check:
    named = {c.label: c for c in doctor.run_checks(db_path, real_probes())}
    return named["기기 인증 정보"]


def keep_tills_token(till: Pos, keyring, token: str | None = None) -> None:
    """Put the till's token (or another) where the doctor reads it: the OS keyring."""
    account = account_name(till.server_url, till.device_id())
    keyring.set_password(SERVICE, account, token or till.credentials.get_token(account))


def test_the_doctor_asks_the_server_whether_it_accepts_this_tills_token(
    sqlite_server: ServerProcess, sqlite_till: Pos, memory_keyring, qapp
) -> None:
    # ``qapp``: the camera probe needs a Qt application.
    keep_tills_token(sqlite_till, memory_keyring)
    accepted = token_check(sqlite_till.db_path)
    assert accepted.level is doctor.Level.OK and "서버가 받아들입니다" in accepted.detail

    sqlite_server.cli("revoke-device", sqlite_till.device_id())
    checks = doctor.run_checks(sqlite_till.db_path, real_probes())
    revoked = {c.label: c for c in checks}["기기 인증 정보"]
    assert revoked.level is doctor.Level.FAIL
    assert "등록을 취소했습니다" in revoked.detail and "새 등록 코드" in revoked.detail
    assert doctor.exit_code(checks) == 1  # not "사용할 수 있습니다"
    assert "결과: 문제" in doctor.render(checks, sqlite_till.db_path)


def test_a_token_the_server_does_not_know_is_a_problem_with_the_next_step(
    sqlite_till: Pos, memory_keyring, qapp
) -> None:
    keep_tills_token(sqlite_till, memory_keyring, token="a-token-from-an-older-enrolment")
    check = token_check(sqlite_till.db_path)
    assert check.level is doctor.Level.FAIL
    assert "받아들이지 않습니다" in check.detail and "다시 등록해 주세요" in check.detail


def test_with_the_server_down_the_token_is_said_unchecked_not_fine(
    sqlite_server: ServerProcess, sqlite_till: Pos, memory_keyring, qapp
) -> None:
    keep_tills_token(sqlite_till, memory_keyring)
    sqlite_server.stop()
    check = token_check(sqlite_till.db_path)
    assert check.level is doctor.Level.WARN
    assert "확인하지 못했습니다" in check.detail
