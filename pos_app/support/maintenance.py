"""The help-desk commands: ``doctor``, ``backup`` and ``restore``, in plain Korean.

They work on the data file without the app: ``doctor`` only reads; ``backup`` copies
online (the app may be running); ``restore`` asks first, refuses while the app holds the
file (the app's own lock, ``support/instance_lock.py``) and keeps the file it replaces.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from pos_app.domain.clock import KST, parse_utc, system_clock
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.tenders import TENDER_NAMES_KO
from pos_app.services import doctor
from pos_app.services.backups import MANUAL, BackupService, RestoreEffects
from pos_app.store.backup import REPLACED, Backup, LostPayment, check_file
from pos_app.store.carry_over import CarriedOver
from pos_app.store.sync_state import Enrolment
from pos_app.support.instance_lock import DataFileLock
from pos_app.sync.credentials import KeyringCredentialStore, account_name, keyring_backend_name
from pos_app.sync.keyring_probe import probe_store

Ask = Callable[[str], str]


def run(command: str, args: argparse.Namespace, db_path: Path, ask: Ask = input) -> int:
    _utf8_output()
    if command == "doctor":
        checks = doctor.run_checks(db_path, real_probes(getattr(args, "ca_bundle", None)))
        print(doctor.render(checks, db_path))
        return doctor.exit_code(checks)
    service = BackupService(db_path, system_clock)
    if command == "backup":
        return _backup(service)
    return _restore(service, args.backup, args.yes, ask, _same_file_options(args))


def _backup(service: BackupService) -> int:
    try:
        made = service.make(MANUAL)
    except UserFacingError as error:
        print(error.display("ko"))
        return 1
    print(f"백업을 만들었습니다: {made.path} ({made.size:,} 바이트)")
    return 0


def _same_file_options(args: argparse.Namespace) -> str:
    """The options that chose this data file, to repeat in a command the help desk pastes
    (an absolute path: the paste may happen in another folder)."""
    options = ["--demo"] if getattr(args, "demo", False) else []
    if getattr(args, "data_dir", None):
        options += ["--data-dir", str(Path(args.data_dir).resolve())]
    if not options:
        return ""
    quoted = subprocess.list2cmdline(options) if os.name == "nt" else shlex.join(options)
    return " " + quoted


def _restore(
    service: BackupService, chosen: str | None, yes: bool, ask: Ask, options: str = ""
) -> int:
    backups = service.all()
    replaced = service.replaced()
    if not backups and not replaced:
        print(f"백업이 없습니다 ({service.backups_dir}).")
        return 2
    backup = _pick(backups, replaced, chosen)
    if backup is None:
        print(f"그런 백업이 없습니다: {chosen}" if chosen else "쓸 수 있는 백업이 없습니다.")
        if backups:
            print("있는 백업: " + ", ".join(b.path.name for b in backups))
        if replaced:
            print("되돌릴 수 있는 파일 (replaced): " + ", ".join(b.path.name for b in replaced))
        return 2
    check = check_file(backup.path, thorough=True)
    if not check.ok:
        print(
            f"이 백업은 쓸 수 없습니다 ({check.state.value} {check.detail}). 다른 백업을 고르세요."
        )
        return 2
    # The app must not write into the file while it is replaced: hold the app's own lock
    # from here to the end, so the app cannot start either.
    lock = DataFileLock(service.db_path)
    if not lock.acquire():
        print(UserFacingError(ErrorKey.BACKUP_FILE_IN_USE, pid=lock.holder_pid() or "?").display())
        return 3
    try:
        return _restore_locked(service, backup, check.events, yes, ask, options)
    finally:
        lock.release()


def _restore_locked(
    service: BackupService, backup: Backup, events: int, yes: bool, ask: Ask, options: str
) -> int:
    made_at = f"{backup.made_at:%Y-%m-%d %H:%M}"
    what = "바뀌기 전 파일" if backup.reason == REPLACED else "백업"
    print(f"복원할 {what}: {backup.path.name} ({made_at}, 기록 {events:,}건)")
    effects = service.restore_effects(backup, events)
    for line in _older_file_warning(effects, what):
        print(line)
    if effects.current_damaged:
        print(
            "지금 파일은 손상되었습니다. 백업 이후의 기록 중 기록 체인이 확인되는 것은"
            " 복원한 파일로 옮겨 옵니다."
        )
    if not yes:
        try:
            answer = ask("복원하시겠습니까? [y/N] ")
        except (EOFError, OSError, RuntimeError):  # no console to answer from (stdin closed)
            print(UserFacingError(ErrorKey.BACKUP_NO_ANSWER).display())
            return 1
        if answer.strip().lower() not in ("y", "yes", "예", "네"):
            print("복원하지 않았습니다.")
            return 1
    try:
        # A damaged file's records after the backup are carried over as far as they chain;
        # a whole file put back on purpose (an older state, an undo) is put back as it is.
        restored = service.restore(backup, carry_over=effects.current_damaged)
    except UserFacingError as error:
        print(error.display("ko"))
        return 1
    kept = restored.kept
    print(f"복원했습니다: {service.db_path}")
    if effects.current_damaged:
        for line in _carried_lines(restored.carried, kept):
            print(line)
    if kept is not None:
        print(f"바뀌기 전 파일은 지우지 않고 보관했습니다: {kept}")
        print(f"되돌리려면: cjpay-pos restore {kept.name}{options}")
    return 0


def _older_file_warning(effects: RestoreEffects, what: str) -> list[str]:
    """What the file in place holds that ``what`` (the file put back) lacks, and what
    that means for the server and the receipts, in a merchant's words. Unsent payments
    are named one by one: after the restore they are in no file the till reads and not
    on the server either."""
    only = effects.only_current
    if only.events == 0:
        return []
    payments = len(only.payments)
    lines = [
        f"주의: 지금 파일(기록 {effects.current_events:,}건)에는 복원할 {what}"
        f"(기록 {effects.backup_events:,}건)에 없는 기록이 {only.events:,}건 있습니다."
        " 복원하면:",
        f" - 이 파일에만 있는 결제 {payments:,}건 (서버에 아직 보내지 않은 기록"
        f" {only.unsent_events:,}건)이 복원 후 replaced/ 폴더로 옮겨져 이 POS에서 빠집니다."
        " 지우지는 않으니 다시 되돌릴 수 있습니다.",
    ]
    if only.unsent_payments:
        lines += [
            f" !!! 서버에 아직 보내지 않은 결제 {len(only.unsent_payments):,}건은 서버에도"
            " 없습니다. 복원하면 replaced/ 폴더의 파일에만 남고 매출에서 빠집니다 !!!",
            *(f"     {_payment_line(payment)}" for payment in only.unsent_payments[:_NAMED]),
        ]
        if len(only.unsent_payments) > _NAMED:
            lines.append(f"     … 외 {len(only.unsent_payments) - _NAMED:,}건")
        lines.append(
            "     이 결제를 지키려면 복원하지 말고 고객센터에 연락해 주세요"
            " (복원했다면 아래 '되돌리려면' 명령으로 되돌릴 수 있습니다)."
        )
    if payments:
        lines.append(
            " - 영수증 번호가 복원할 파일의 번호부터 다시 매겨져, 이미 손님에게 준 영수증과"
            " 같은 번호가 다시 나올 수 있습니다."
        )
    if effects.behind_server:
        lines.append(
            f" - 서버는 복원할 {what}에 없는 기록 {effects.behind_server:,}건을 이미 받았습니다."
            " 복원한 POS의 기록은 서버와 맞지 않아 거절되고 (E403) 서버 전송이 멈춥니다."
            " 복원하기 전에 고객센터에 연락해 주세요."
        )
    return lines


def _carried_lines(carried: CarriedOver, kept: Path | None) -> list[str]:
    lines = [f"백업 이후에 기록된 {carried.carried:,}건을 손상된 파일에서 옮겨 왔습니다."]
    if carried.unreadable:
        lines.append(f"그 뒤의 기록은 읽을 수 없어, 보관한 손상된 파일 {kept}에 남아 있습니다.")
    elif carried.left_behind:
        lines.append(
            f"백업 이후의 기록 {carried.left_behind:,}건은 기록 체인이 맞지 않아 옮기지"
            f" 못했습니다. 보관한 손상된 파일 {kept}에 남아 있습니다."
        )
    return lines


#: Unsent payments named one by one before the rest are counted.
_NAMED = 10


def _payment_line(payment: LostPayment) -> str:
    tender = TENDER_NAMES_KO.get(payment.tender, payment.tender)  # str-valued enum keys
    try:
        at = f"{parse_utc(payment.occurred_at).astimezone(KST):%Y-%m-%d %H:%M}"
    except ValueError:
        at = payment.occurred_at
    return f"영수증 {payment.receipt_no} · {tender} {payment.total:,}원 · {at}"


def _pick(backups: list[Backup], replaced: list[Backup], chosen: str | None) -> Backup | None:
    if chosen is None:
        good = [b for b in backups if check_file(b.path).ok]
        return good[0] if good else None
    wanted = Path(chosen).name
    # A file a restore moved aside is put back the same way: a restore can be undone.
    return next((b for b in [*backups, *replaced] if b.path.name == wanted), None)


def real_probes(ca_bundle: str | None = None) -> doctor.Probes:
    return doctor.Probes(
        versions=_versions,
        cameras=_cameras,
        decoders=_decoders,
        keyring_backend=keyring_backend_name,
        server_health=lambda url: _server_health(url, ca_bundle),
        now=system_clock,
        device_token=_device_token_present,
        keyring_probe=probe_store,
        token_accepted=lambda enrolment, cursor: _token_accepted(enrolment, cursor, ca_bundle),
    )


def _device_token_present(account: str) -> bool:
    # The store the app itself reads the token from (raises E409 when it cannot be read).
    return KeyringCredentialStore().get_token(account) is not None


def _token_accepted(
    enrolment: Enrolment, cursor: str | None, ca_bundle: str | None
) -> doctor.TokenAnswer:
    """Ask the server with this till's own token: one page of the changes feed after the
    file's cursor, without waiting (a read the app makes anyway; it changes nothing)."""
    from pos_app.sync.client import SyncClient
    from pos_app.sync.errors import AuthRequired

    token = KeyringCredentialStore().get_token(
        account_name(enrolment.server_url, enrolment.device_id)
    )
    if token is None:
        return doctor.TokenAnswer(doctor.TokenVerdict.UNCHECKED, "보안 저장소에 없음")
    try:
        client = SyncClient(enrolment.server_url, token=token, ca_bundle=ca_bundle)
        try:
            client.changes(enrolment.device_id, cursor, wait_s=0)
        finally:
            client.close()
    except AuthRequired as refused:  # 401 (unknown or revoked) or 403 (another device's)
        verdict = doctor.TokenVerdict.REVOKED if refused.revoked else doctor.TokenVerdict.REFUSED
        return doctor.TokenAnswer(verdict)
    except Exception as exc:  # no usable answer: the check is not made, and says so
        said = exc.display("ko") if isinstance(exc, UserFacingError) else str(exc)
        return doctor.TokenAnswer(doctor.TokenVerdict.UNCHECKED, said or type(exc).__name__)
    return doctor.TokenAnswer(doctor.TokenVerdict.ACCEPTED)


def _versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    import PySide6

    try:
        app = version("cjpay-pos")
    except PackageNotFoundError:
        app = "?"
    python = sys.version.split()[0]
    return f"cjpay-pos {app}, Python {python}, Qt/PySide6 {PySide6.__version__}, {sys.platform}"


def _cameras() -> list[str]:
    import os

    if sys.platform.startswith("linux") and not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Qt's list of optional codec libraries it did not find is noise in a report.
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    from pos_app.scanning.camera import available_cameras

    return [camera.description for camera in available_cameras()]


def _decoders() -> dict[str, str | None]:
    from pos_app.scanning.decoders import available_decoders

    return available_decoders()


def _server_health(url: str, ca_bundle: str | None) -> doctor.ServerAnswer:
    from pos_app.sync.client import SyncClient

    started = time.monotonic()
    try:
        client = SyncClient(url, ca_bundle=ca_bundle)
        try:
            server_time = client.health()
        finally:
            client.close()
    except Exception as exc:  # any way of not reaching it is reported, not raised
        return doctor.ServerAnswer(url, None, str(exc) or type(exc).__name__)
    return doctor.ServerAnswer(
        url, server_time, round_trip=timedelta(seconds=time.monotonic() - started)
    )


def _utf8_output() -> None:
    # Windows consoles may default to a legacy code page; Korean must not turn into '?'.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
