"""``doctor``, ``backup`` and ``restore`` on real files; the machine's edges as probes.

The cameras, the keyring and the server's answer are the edges the doctor asks about; the
data file, its chain, its queue and its backups are real.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring
import pytest
from day_sales import record_sale
from doctor_files import SALE, probes, shop_file
from helpers import FIXED_NOW, MemoryKeyring, drop_journal_triggers
from keyring.backends.fail import Keyring as FailKeyring

from pos_app.cli import _parser, main
from pos_app.services import doctor
from pos_app.services.backups import DAILY, BackupService
from pos_app.store.backup import FileState, list_backups
from pos_app.store.database import connect
from pos_app.support import maintenance
from pos_app.support.self_test import SelfTestWarning
from pos_app.support.self_test import _keyring as self_test_keyring
from pos_app.sync.credentials import (
    SERVICE,
    KeyringLevel,
    account_name,
    judge_keyring,
    keyring_backend_name,
)


def by_label(checks: list[doctor.Check]) -> dict[str, doctor.Check]:
    return {check.label: check for check in checks}


def test_a_healthy_file_passes_with_the_warnings_a_merchant_should_see(db_path: Path) -> None:
    shop_file(db_path)
    skewed = FIXED_NOW + timedelta(seconds=95)
    checks = by_label(doctor.run_checks(db_path, probes(server_time=skewed, cameras=["USB Cam"])))
    assert checks["데이터 파일 무결성"].level is doctor.Level.OK
    assert checks["기록 체인(해시)"].level is doctor.Level.OK
    assert checks["QR 디코더"].level is doctor.Level.OK and "pyzbar" in checks["QR 디코더"].detail
    server = checks["중앙 서버"]
    assert server.level is doctor.Level.WARN and "+95.0초" in server.detail
    pending = checks["서버 전송 대기"]
    assert pending.level is doctor.Level.WARN and pending.detail.startswith("2건 대기")
    assert checks["마지막 백업"].level is doctor.Level.WARN  # none yet
    assert doctor.exit_code(list(checks.values())) == 0


def test_a_corrupt_file_is_a_failure_the_report_names(db_path: Path) -> None:
    shop_file(db_path, sales=40)
    size = db_path.stat().st_size
    with db_path.open("rb+") as f:
        f.truncate(size // 2)
    checks = doctor.run_checks(db_path, probes())
    named = by_label(checks)
    assert named["데이터 파일 무결성"].level is doctor.Level.FAIL
    assert named["기록 체인(해시)"].level is doctor.Level.INFO  # could not be read
    assert doctor.exit_code(checks) == 1
    text = doctor.render(checks, db_path)
    assert "[문제] 데이터 파일 무결성" in text and "고객센터" in text


def test_a_broken_chain_and_an_old_queue_fail(db_path: Path) -> None:
    shop_file(db_path)
    tamperer = drop_journal_triggers(db_path)
    tamperer.execute("UPDATE journal SET body = replace(body, '6000', '600') WHERE seq = 1")
    tamperer.close()
    four_days_on = FIXED_NOW + timedelta(days=3)
    named = by_label(doctor.run_checks(db_path, probes(now=four_days_on)))
    assert named["기록 체인(해시)"].level is doctor.Level.FAIL
    assert "1번 기록부터" in named["기록 체인(해시)"].detail
    assert named["서버 전송 대기"].level is doctor.Level.FAIL


def test_the_doctor_command_prints_korean_and_exits_1_on_a_corrupt_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], memory_keyring, qapp
) -> None:
    # ``qapp``: the command's camera probe needs a Qt application and makes a
    # QGuiApplication when none exists, which would then be the only one this test
    # process could have, so widget tests run after it in the same process would abort.
    data = tmp_path / "data"
    # Sold an hour ago by the real clock (the command reads it); no server listens on port 9.
    an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
    shop_file(data / "pos.sqlite3", 40, an_hour_ago, "http://127.0.0.1:9")
    # The doctor looks for this till's own token too (test_help_desk_commands.py).
    memory_keyring.set_password(SERVICE, account_name("http://127.0.0.1:9", "d-1"), "token")
    assert main(["--data-dir", str(data), "doctor"]) == 0  # well (warnings only)
    with (data / "pos.sqlite3").open("rb+") as f:
        f.write(b"\x00" * 64)
    assert main(["--data-dir", str(data), "doctor"]) == 1
    out = capsys.readouterr().out
    assert "[문제] 데이터 파일 무결성" in out
    assert "Traceback" not in out


def test_daily_backup_is_due_once_per_business_day(db_path: Path) -> None:
    shop_file(db_path)
    now = [FIXED_NOW]
    service = BackupService(db_path, lambda: now[0])
    assert service.daily_due()
    service.make(DAILY)
    assert not service.daily_due()
    now[0] = FIXED_NOW + timedelta(hours=20)  # 20:30 KST the same day
    assert not service.daily_due()
    now[0] = FIXED_NOW + timedelta(hours=24)  # the next KST day
    assert service.daily_due()


def test_start_up_refuses_a_damaged_file_and_points_to_the_newest_good_backup(
    db_path: Path,
) -> None:
    shop_file(db_path)
    service = BackupService(db_path, lambda: FIXED_NOW)
    assert service.startup_problem() is None
    made = service.make(DAILY)
    with db_path.open("rb+") as f:
        f.write(b"garbage!" * 8)
    problem = service.startup_problem()
    assert problem is not None and problem.check.state is FileState.NOT_A_DATABASE
    assert problem.backup is not None and problem.backup.path == made.path
    error = problem.error()
    assert error.code == "E905" and made.path.name in error.display("ko")
    assert "Traceback" not in error.display("ko")
    # And connect() itself would refuse it with E903, not crash the app later.
    with pytest.raises(Exception) as refused:
        connect(db_path)
    assert getattr(refused.value, "code", "") == "E903"


def test_restore_command_asks_restores_and_keeps_the_replaced_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    db_path = data / "pos.sqlite3"
    shop_file(db_path)
    assert main(["--data-dir", str(data), "backup"]) == 0
    conn = connect(db_path)
    record_sale(conn, datetime(2026, 11, 25, 3, 0, tzinfo=UTC), "cash", SALE)
    conn.close()

    parsed = _parser().parse_args(["--data-dir", str(data), "restore"])
    assert maintenance.run("restore", parsed, db_path, ask=lambda _q: "n") == 1
    assert count(db_path) == 3  # "n": nothing changed
    out = capsys.readouterr().out
    assert "없는 기록이 1건 있습니다" in out and "복원하지 않았습니다" in out

    assert maintenance.run("restore", parsed, db_path, ask=lambda _q: "y") == 0
    assert count(db_path) == 2
    replaced = list((data / "replaced").glob("pos-*.sqlite3"))
    assert len(replaced) == 1 and count(replaced[0]) == 3
    assert len(list_backups(data / "backups")) == 1


def count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT COUNT(*) FROM payments").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("backend", "platform", "level"),
    [
        ("keyring.backends.Windows.WinVaultKeyring", "win32", KeyringLevel.OK),
        ("keyring.backends.fail.Keyring", "win32", KeyringLevel.FAIL),
        ("keyring.backends.SecretService.Keyring", "win32", KeyringLevel.FAIL),
        ("keyring.backends.macOS.Keyring", "darwin", KeyringLevel.OK),
        ("keyring.backends.null.Keyring", "darwin", KeyringLevel.FAIL),
        ("keyring.backends.chainer.ChainerBackend", "linux", KeyringLevel.OK),
        ("keyring.backends.fail.Keyring", "linux", KeyringLevel.WARN),
    ],
)
def test_the_keyring_verdict(backend: str, platform: str, level: KeyringLevel) -> None:
    assert judge_keyring(backend, platform).level is level


@pytest.mark.parametrize("backend", [FailKeyring, MemoryKeyring])
def test_doctor_and_self_test_give_one_keyring_verdict(db_path: Path, backend) -> None:
    """With no credential store the doctor used to say [문제] while the
    self-test said ok. Both now judge with ``judge_keyring`` and say the same."""
    previous = keyring.get_keyring()
    keyring.set_keyring(backend())
    try:
        shop_file(db_path)
        checks = doctor.run_checks(db_path, probes_with_keyring(keyring_backend_name))
        doctor_level = by_label(checks)["보안 저장소"].level
        try:
            self_test_keyring()
            self_test = "ok"
        except SelfTestWarning:
            self_test = "warn"
        except RuntimeError:
            self_test = "fail"
    finally:
        keyring.set_keyring(previous)
    as_doctor = {"ok": doctor.Level.OK, "warn": doctor.Level.WARN, "fail": doctor.Level.FAIL}
    assert doctor_level is as_doctor[self_test]
    expected = judge_keyring(f"{backend.__module__}.{backend.__name__}").level
    assert self_test == expected.value


def probes_with_keyring(name) -> doctor.Probes:
    return probes(keyring_backend=name)
