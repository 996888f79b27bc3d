"""The help desk's commands as a merchant's PC runs them: restore's warnings and its undo,
restore with no console, ``--data-dir`` after the command, and the doctor's look at this
till's own token (not only at the store it would be in)."""

from __future__ import annotations

import argparse
import json
import shlex
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring
import keyring.errors
import pytest
from day_sales import record_sale
from doctor_files import SALE, probes
from doctor_files import shop_file as common_shop_file
from keyring.backend import KeyringBackend

from pos_app.cli import _parser, main
from pos_app.services import doctor
from pos_app.store.database import connect, write_transaction
from pos_app.store.sync_state import mark_revoked
from pos_app.support.instance_lock import DataFileLock
from pos_app.support.self_test import SelfTestWarning
from pos_app.support.self_test import _keyring as self_test_keyring
from pos_app.sync.credentials import SERVICE, KeyringLevel, account_name
from pos_app.sync.keyring_probe import judge_with_probe

SERVER = "http://127.0.0.1:9"  # nothing listens there: the doctor reports it unreachable
AN_HOUR_AGO = datetime.now(UTC) - timedelta(hours=1)


def shop_file(db_path: Path, sales: int) -> None:
    common_shop_file(db_path, sales, AN_HOUR_AGO, SERVER)


def backed_up_shop(tmp_path: Path) -> tuple[Path, Path]:
    """A shop's data folder and file with two sales, backed up once by the command."""
    data = tmp_path / "data"
    db_path = data / "pos.sqlite3"
    shop_file(db_path, 2)
    assert main(["backup", "--data-dir", str(data)]) == 0
    return data, db_path


def sell(db_path: Path, sales: int, *, sent: bool) -> None:
    """More sales; ``sent``: the server has acknowledged every record of the file."""
    conn = connect(db_path)
    try:
        for n in range(sales):
            record_sale(conn, AN_HOUR_AGO + timedelta(minutes=30 + n), "cash", SALE)
        if sent:
            conn.execute(
                "INSERT INTO sync_results SELECT seq, event_id, 'applied', 'recorded', '{}',"
                " occurred_at FROM journal WHERE seq NOT IN (SELECT seq FROM sync_results)"
            )
            conn.commit()
    finally:
        conn.close()


def count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT COUNT(*) FROM payments").fetchone()[0]
    finally:
        conn.close()


def test_restoring_an_older_backup_says_what_it_means_for_the_server_and_the_receipts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, db_path = backed_up_shop(tmp_path)
    sell(db_path, 3, sent=True)  # three more sales, and the server has them all
    capsys.readouterr()

    assert main(["restore", "--data-dir", str(data), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "없는 기록이 3건 있습니다" in out and "결제 3건" in out
    assert "영수증 번호" in out and "같은 번호가 다시" in out
    assert "(E403)" in out and "서버는 복원할 백업에 없는 기록 3건" in out
    assert "고객센터" in out
    assert count(db_path) == 2


def test_a_backup_the_server_is_not_ahead_of_does_not_speak_of_e403(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, db_path = backed_up_shop(tmp_path)
    sell(db_path, 1, sent=False)  # never sent: the server knows nothing the backup lacks
    capsys.readouterr()
    assert main(["restore", "--data-dir", str(data), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "없는 기록이 1건 있습니다" in out and "영수증 번호" in out
    assert "E403" not in out


def test_a_file_in_replaced_can_be_put_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, db_path = backed_up_shop(tmp_path)
    sell(db_path, 1, sent=False)
    assert main(["restore", "--data-dir", str(data), "--yes"]) == 0
    assert count(db_path) == 2
    [aside] = sorted((data / "replaced").glob("*.sqlite3"))
    out = capsys.readouterr().out
    assert f"cjpay-pos restore {aside.name}" in out  # the way back, said at once

    assert main(["restore", aside.name, "--data-dir", str(data), "--yes"]) == 0
    assert count(db_path) == 3  # the sale the restore had set aside is back
    out = capsys.readouterr().out
    assert f"복원할 바뀌기 전 파일: {aside.name}" in out
    # Undoing is a restore too: the file it replaced went aside in its turn.
    assert len(list((data / "replaced").glob("*.sqlite3"))) == 2


def test_restore_refuses_while_the_app_holds_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, db_path = backed_up_shop(tmp_path)
    sell(db_path, 1, sent=False)
    app = DataFileLock(db_path)  # what the running app holds (tests/test_two_apps.py: the app)
    assert app.acquire()
    try:
        capsys.readouterr()
        assert main(["restore", "--data-dir", str(data), "--yes"]) == 3
        assert "[E913]" in capsys.readouterr().out
        assert count(db_path) == 3 and not (data / "replaced").exists()
    finally:
        app.release()


@pytest.mark.parametrize("stdin", ["empty", "closed"])
def test_restore_with_no_console_to_answer_says_so_without_a_traceback(
    tmp_path: Path, stdin: str
) -> None:
    data, db_path = backed_up_shop(tmp_path)
    sell(db_path, 1, sent=False)
    command = [sys.executable, "-m", "pos_app", "restore", "--data-dir", str(data)]
    if stdin == "closed":
        if sys.platform == "win32":
            pytest.skip("POSIX shell redirection")
        command = ["sh", "-c", 'exec "$@" 0<&-', "sh", *command]
    done = subprocess.run(
        command,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert done.returncode == 1
    assert "[E914]" in done.stdout and "--yes" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
    assert count(db_path) == 3  # nothing restored


def test_doctor_takes_the_data_dir_after_the_command_and_finds_this_tills_token(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], memory_keyring, qapp
) -> None:
    # ``qapp``: the camera probe needs a Qt application (see test_doctor_and_backups.py).
    data = tmp_path / "data"
    shop_file(data / "pos.sqlite3", 1)
    assert main(["doctor", "--data-dir", str(data)]) == 1  # enrolled, but no token
    out = capsys.readouterr().out
    assert f"데이터 파일: {data / 'pos.sqlite3'}" in out
    assert "[문제] 기기 인증 정보" in out and "다시 등록해 주세요" in out

    memory_keyring.set_password(SERVICE, account_name(SERVER, "d-1"), "token")
    assert main(["doctor", "--data-dir", str(data)]) == 0
    # The token is found; the server (nothing listens) could not say it accepts it.
    out = capsys.readouterr().out
    assert "[주의] 기기 인증 정보" in out and "확인하지 못했습니다" in out


class RefusingKeyring(KeyringBackend):
    """A store keyring picks and that then refuses every use (no keyring daemon running)."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("no daemon")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("no daemon")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.PasswordDeleteError("no daemon")


def test_a_store_that_refuses_a_probe_entry_is_not_called_ok(db_path: Path) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(RefusingKeyring())
    try:
        with pytest.raises(SelfTestWarning, match="refused a probe entry"):
            self_test_keyring()  # Linux: a warning (training only); it used to say "ok"
        shop_file(db_path, 1)
        checks = doctor.run_checks(
            db_path,
            probes(
                AN_HOUR_AGO,
                keyring_backend=lambda: "tests.RefusingKeyring",
                keyring_probe=lambda: "KeyringLocked: no daemon",
                device_token=lambda account: keyring.get_password(SERVICE, account) is not None,
            ),
        )
    finally:
        keyring.set_keyring(previous)
    named = {check.label: check for check in checks}
    assert named["보안 저장소"].level is not doctor.Level.OK
    assert named["기기 인증 정보"].level is doctor.Level.FAIL
    # On a shop's OS the same finding is a failure.
    verdict = judge_with_probe("keyring.backends.Windows.WinVaultKeyring", "x", "win32")
    assert verdict.level is KeyringLevel.FAIL


def test_a_revocation_the_app_heard_stands_when_the_server_cannot_be_asked(
    db_path: Path, memory_keyring
) -> None:
    shop_file(db_path, 1)
    conn = connect(db_path)
    with write_transaction(conn):
        mark_revoked(conn, "2026-12-05T01:00:00.000Z")
    conn.close()
    memory_keyring.set_password(SERVICE, account_name(SERVER, "d-1"), "token")
    asked: list[str] = []
    checks = doctor.run_checks(
        db_path,
        probes(
            AN_HOUR_AGO,
            keyring_backend=lambda: "tests.MemoryKeyring",
            device_token=lambda account: keyring.get_password(SERVICE, account) is not None,
            token_accepted=lambda enrolment, cursor: (
                asked.append(cursor) or doctor.TokenAnswer(doctor.TokenVerdict.ACCEPTED)
            ),
        ),
    )
    named = {check.label: check for check in checks}
    assert asked == []  # the server did not answer its health call: not asked again
    token = named["기기 인증 정보"]
    assert token.level is doctor.Level.FAIL
    assert "2026-12-05 10:00" in token.detail and "새 등록 코드" in token.detail


def receipt_of_last_sale(db_path: Path) -> str:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT receipt_no FROM payments ORDER BY seq DESC").fetchone()[0]
    finally:
        conn.close()


def test_putting_back_a_larger_file_names_the_unsent_sale_only_the_file_in_place_holds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, db_path = backed_up_shop(tmp_path)
    sell(db_path, 3, sent=True)  # five sales, all on the server
    assert main(["restore", "--data-dir", str(data), "--yes"]) == 0  # the older backup
    [aside] = (data / "replaced").glob("*.sqlite3")
    # A 2,000 won cash sale on the restored file: sync stopped (E403), so it is unsent.
    conn = connect(db_path)
    record_sale(conn, AN_HOUR_AGO + timedelta(minutes=50), "cash", [(None, "떡", 2_000, 1)])
    conn.close()
    receipt = receipt_of_last_sale(db_path)
    capsys.readouterr()

    # The file put back holds more records than the file in place: counting finds nothing.
    assert main(["restore", aside.name, "--data-dir", str(data)]) == 1  # stdin: no answer
    out = capsys.readouterr().out
    assert "이 파일에만 있는 결제 1건 (서버에 아직 보내지 않은 기록 1건)" in out
    assert "replaced/ 폴더로 옮겨" in out
    assert "!!! 서버에 아직 보내지 않은 결제 1건" in out
    assert f"영수증 {receipt} · 현금 2,000원" in out
    assert "E403" not in out  # the server holds none of what the file in place alone has
    assert count(db_path) == 3  # asked, not answered: nothing moved


def test_a_file_holding_everything_the_file_in_place_has_restores_without_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, db_path = backed_up_shop(tmp_path)
    sell(db_path, 1, sent=False)
    assert main(["restore", "--data-dir", str(data), "--yes"]) == 0
    [aside] = (data / "replaced").glob("*.sqlite3")
    capsys.readouterr()
    assert main(["restore", aside.name, "--data-dir", str(data), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "주의" not in out and "!!!" not in out
    assert count(db_path) == 3


def test_every_command_takes_the_data_dir_after_its_name(tmp_path: Path) -> None:
    parser = _parser()
    [commands] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    required = {"inspect": ["TEXT"], "decode-image": ["x.png"]}
    for name in commands.choices:
        args = parser.parse_args([name, *required.get(name, []), "--data-dir", str(tmp_path)])
        assert args.data_dir == str(tmp_path), name
    # Before the command it stands too.
    assert parser.parse_args(["--data-dir", "A", "verify-journal"]).data_dir == "A"


def test_verify_journal_takes_the_data_dir_after_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    shop_file(data / "pos.sqlite3", 1)
    assert main(["verify-journal", "--data-dir", str(data)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["file"], report["result"]) == (str(data / "pos.sqlite3"), "ok")


def test_restores_undo_hint_repeats_the_data_dir_it_was_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "the shop's data"  # a space and a quote: the hint must still paste
    db_path = data / "pos.sqlite3"
    shop_file(db_path, 2)
    assert main(["backup", "--data-dir", str(data)]) == 0
    sell(db_path, 1, sent=False)
    assert main(["restore", "--data-dir", str(data), "--yes"]) == 0
    [aside] = (data / "replaced").glob("*.sqlite3")
    out = capsys.readouterr().out.splitlines()
    [hint] = [line for line in out if line.startswith("되돌리려면: ")]
    if sys.platform == "win32":
        pytest.skip("the hint is quoted for cmd.exe there; shlex reads POSIX quoting")
    pasted = shlex.split(hint.removeprefix("되돌리려면: "))
    assert pasted == ["cjpay-pos", "restore", aside.name, "--data-dir", str(data.resolve())]
    assert main([*pasted[1:], "--yes"]) == 0  # the hint, run as given, undoes the restore
    assert count(db_path) == 3
