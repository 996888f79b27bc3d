"""``cjpay-pos doctor``: what is wrong with this PC's POS, in plain Korean.

Each check gives a level and one line a merchant or the city's help desk can read over the
phone. Nothing here writes: the data file is opened read-only, so the doctor can run beside
the app and on a damaged file. What needs Qt or the network (cameras, the keyring, the
server) comes in as probes from the caller, so the checks stay testable without them.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path

from pos_app.domain.app_version import Release, UpdateLevel, advise
from pos_app.domain.clock import KST, parse_utc
from pos_app.domain.errors import UserFacingError
from pos_app.domain.receipt import cells
from pos_app.store import app_release, sync_state
from pos_app.store import backup as store_backup
from pos_app.store.backup import FileState
from pos_app.sync.credentials import KeyringLevel, account_name
from pos_app.sync.keyring_probe import judge_with_probe
from pos_app.version import running_version

#: Payment codes allow 30 s of clock skew; a PC further off than this misjudges them.
CLOCK_WARN = timedelta(seconds=30)
PENDING_WARN = timedelta(hours=24)  # the offline rules stop accepting at 72 h
PENDING_FAIL = timedelta(hours=72)
DISK_WARN = 1024**3
DISK_FAIL = 100 * 1024**2
BACKUP_WARN = timedelta(days=2)


class Level(StrEnum):
    OK = "정상"
    INFO = "정보"
    WARN = "주의"
    FAIL = "문제"


@dataclass(frozen=True)
class Check:
    label: str
    level: Level
    detail: str


@dataclass(frozen=True)
class ServerAnswer:
    url: str
    server_time: datetime | None  # None: not reached
    error: str = ""
    round_trip: timedelta = timedelta(0)


class TokenVerdict(StrEnum):
    """What the server said of this till's token (the doctor's own authenticated call)."""

    ACCEPTED = "accepted"
    REVOKED = "revoked"  # the city revoked the device
    REFUSED = "refused"  # unknown to the server (replaced, never confirmed) or another's
    UNCHECKED = "unchecked"  # no usable answer: the server could not be asked


@dataclass(frozen=True)
class TokenAnswer:
    verdict: TokenVerdict
    detail: str = ""


@dataclass
class Probes:
    """What the doctor asks the machine; the CLI fills these in with the real thing."""

    versions: Callable[[], str]
    cameras: Callable[[], list[str]]
    decoders: Callable[[], dict[str, str | None]]
    keyring_backend: Callable[[], str]
    server_health: Callable[[str], ServerAnswer]
    now: Callable[[], datetime]
    extra: list[Check] = field(default_factory=list)
    #: Is this till's device token in the credential store (given the account name)?
    #: None: not asked (a caller with no store to look in).
    device_token: Callable[[str], bool] | None = None
    #: Write, read and delete a probe entry: None if the store works, else the problem.
    keyring_probe: Callable[[], str | None] | None = None
    #: Does the server accept this till's token? Asked with the enrolment and the file's
    #: changes cursor (a read-only page the app fetches anyway), only when the server
    #: answered. None: not asked (the token's presence is all the check says).
    token_accepted: Callable[[sync_state.Enrolment, str | None], TokenAnswer] | None = None


def run_checks(db_path: Path, probes: Probes) -> list[Check]:
    checks = [Check("프로그램", Level.INFO, probes.versions())]
    checks += [_cameras(probes), _decoders(probes), _keyring(probes)]
    file_check = store_backup.check_file(db_path, thorough=True)
    checks.append(_integrity(file_check))
    checks.append(_chain(file_check))
    facts = _sync_facts(db_path) if _readable(file_check) else _SyncFacts()
    enrolment, pending = facts.enrolment, facts.pending
    answer = probes.server_health(enrolment.server_url) if enrolment is not None else None
    checks.append(_server(enrolment, answer, probes))
    if enrolment is not None and probes.device_token is not None:
        reached = answer is not None and answer.server_time is not None
        checks.append(_device_token(enrolment, facts, probes.device_token, probes, reached))
    checks.append(_app_version(db_path if _readable(file_check) else None, running_version()))
    checks.append(_pending(pending, probes.now(), facts.conflict_seq))
    checks.append(_disk(db_path))
    checks.append(_last_backup(db_path.parent / store_backup.BACKUP_DIR, probes.now()))
    return checks + probes.extra


def exit_code(checks: list[Check]) -> int:
    """0 all well (warnings allowed), 1 something is wrong."""
    return 1 if any(check.level is Level.FAIL for check in checks) else 0


def render(checks: list[Check], db_path: Path) -> str:
    lines = ["청주페이 가맹점 POS 점검 (cjpay-pos doctor)", f"데이터 파일: {db_path}", ""]
    # Hangul is two cells wide in a console: pad by cells, not characters.
    width = max(cells(check.label) for check in checks)
    for check in checks:
        pad = " " * (width - cells(check.label))
        lines.append(f"[{check.level.value}] {check.label}{pad}  {check.detail}")
    fails = sum(check.level is Level.FAIL for check in checks)
    warns = sum(check.level is Level.WARN for check in checks)
    lines.append("")
    if fails:
        lines.append(
            f"결과: 문제 {fails}건, 주의 {warns}건. 위의 [문제] 줄을 고객센터에 알려 주세요."
        )
    elif warns:
        lines.append(f"결과: 사용할 수 있습니다. 주의 {warns}건을 확인해 주세요.")
    else:
        lines.append("결과: 모두 정상입니다.")
    return "\n".join(lines)


# ----- the checks ----------------------------------------------------------------------


def _cameras(probes: Probes) -> Check:
    try:
        names = probes.cameras()
    except Exception as exc:  # QtMultimedia missing or broken: the USB scanner still works
        return Check(
            "카메라",
            Level.WARN,
            f"카메라 기능을 쓸 수 없습니다 ({exc}). USB 스캐너는 사용할 수 있습니다.",
        )
    if not names:
        return Check(
            "카메라", Level.INFO, "연결된 카메라가 없습니다. USB 스캐너는 사용할 수 있습니다."
        )
    return Check("카메라", Level.OK, f"{len(names)}대: " + ", ".join(names))


def _decoders(probes: Probes) -> Check:
    status = probes.decoders()
    working = [name for name, reason in status.items() if reason is None]
    missing = [f"{name} ({reason})" for name, reason in status.items() if reason is not None]
    if not working:
        return Check("QR 디코더", Level.FAIL, "쓸 수 있는 디코더가 없습니다: " + "; ".join(missing))
    detail = "사용 가능: " + ", ".join(working)
    if missing:
        detail += " / 사용 불가: " + "; ".join(missing)
    return Check("QR 디코더", Level.OK, detail)


def _keyring(probes: Probes) -> Check:
    try:
        name = probes.keyring_backend()
    except Exception as exc:
        return Check("보안 저장소", Level.FAIL, f"기기 인증 정보를 둘 곳이 없습니다 ({exc}).")
    problem = None
    if probes.keyring_probe is not None:
        try:
            problem = probes.keyring_probe()
        except Exception as exc:  # a probe that cannot even run is a store that fails
            problem = f"{type(exc).__name__}: {exc}"
    # The self-test judges with the same function: one verdict for both.
    verdict = judge_with_probe(name, problem)
    return Check("보안 저장소", _KEYRING_LEVELS[verdict.level], verdict.reason_ko)


_KEYRING_LEVELS = {
    KeyringLevel.OK: Level.OK,
    KeyringLevel.WARN: Level.WARN,
    KeyringLevel.FAIL: Level.FAIL,
}


def _device_token(
    enrolment: sync_state.Enrolment,
    facts: _SyncFacts,
    present: Callable[[str], bool],
    probes: Probes,
    reached: bool,
) -> Check:
    # A store that works is not enough: the till syncs only with *its* token in it (a
    # reinstalled Windows account or a wiped vault keeps the store and loses the token).
    # And a token in the store is not enough either: the city may have revoked the device,
    # which only the server can say.
    label = "기기 인증 정보"
    till = f"이 POS({enrolment.device_name}, {enrolment.device_id})"
    try:
        found = present(account_name(enrolment.server_url, enrolment.device_id))
    except Exception as exc:  # the store refused to be read: that is the finding
        said = exc.display("ko") if isinstance(exc, UserFacingError) else str(exc)
        return Check(label, Level.FAIL, f"보안 저장소에서 읽지 못했습니다: {said}")
    if not found:
        return Check(
            label,
            Level.FAIL,
            f"{till}의 인증 정보가 보안 저장소에 없어 서버와 주고받을 수 없습니다."
            " POS에서 다시 등록해 주세요 (판매 기록은 그대로 남습니다).",
        )
    if probes.token_accepted is None:
        return Check(label, Level.OK, f"이 POS({enrolment.device_name})의 인증 정보가 있습니다.")
    answer = (
        _ask_server(probes.token_accepted, enrolment, facts.cursor)
        if reached
        else TokenAnswer(TokenVerdict.UNCHECKED, "서버에 연결할 수 없음")
    )
    return _token_verdict(label, till, answer, facts.revoked_at)


def _ask_server(
    ask: Callable[[sync_state.Enrolment, str | None], TokenAnswer],
    enrolment: sync_state.Enrolment,
    cursor: str | None,
) -> TokenAnswer:
    try:
        return ask(enrolment, cursor)
    except Exception as exc:  # a probe that breaks is a check not made, never a crash
        return TokenAnswer(TokenVerdict.UNCHECKED, f"{type(exc).__name__}: {exc}")


_NEXT_STEP = (
    " 청주페이 본부(시청)에서 새 등록 코드를 받아 POS에서 다시 등록해 주세요 (F7)."
    " 판매 기록과 전송 대기 기록은 그대로 남습니다."
)


def _token_verdict(label: str, till: str, answer: TokenAnswer, revoked_at: str | None) -> Check:
    if answer.verdict is TokenVerdict.ACCEPTED:
        return Check(label, Level.OK, f"{till}의 인증 정보를 서버가 받아들입니다.")
    if answer.verdict is TokenVerdict.REVOKED:
        return Check(
            label,
            Level.FAIL,
            f"서버가 {till}의 등록을 취소했습니다 (E419): 청주페이 결제를 받을 수 없습니다"
            " (현금·카드는 됩니다)." + _NEXT_STEP,
        )
    if answer.verdict is TokenVerdict.REFUSED:
        return Check(
            label,
            Level.FAIL,
            f"서버가 {till}의 인증 정보를 받아들이지 않습니다 (E402: 서버에 없는 인증 정보)."
            + _NEXT_STEP,
        )
    if revoked_at is not None:
        # The server cannot be asked now, but the app heard it earlier: that still stands.
        return Check(
            label,
            Level.FAIL,
            f"서버에 확인하지 못했지만, {till}은(는) {_local_time(revoked_at)}에 서버에서"
            " 등록이 취소되었다고 기록되어 있습니다 (E419)." + _NEXT_STEP,
        )
    return Check(
        label,
        Level.WARN,
        f"{till}의 인증 정보가 보안 저장소에 있지만, 서버가 받아들이는지 확인하지 못했습니다"
        f" ({answer.detail}). 서버에 연결되면 다시 점검해 주세요.",
    )


def _local_time(utc_text: str) -> str:
    try:
        return f"{parse_utc(utc_text).astimezone(KST):%Y-%m-%d %H:%M}"
    except ValueError:
        return utc_text


def _readable(check: store_backup.FileCheck) -> bool:
    return check.state in (FileState.OK, FileState.CHAIN_BROKEN)


def _integrity(check: store_backup.FileCheck) -> Check:
    label = "데이터 파일 무결성"
    if check.state is FileState.MISSING:
        return Check(label, Level.INFO, "아직 데이터 파일이 없습니다 (처음 실행 전).")
    if not _readable(check):
        return Check(label, Level.FAIL, f"손상됨: {check.detail or check.state.value}")
    return Check(label, Level.OK, "integrity_check ok")


def _chain(check: store_backup.FileCheck) -> Check:
    label = "기록 체인(해시)"
    if check.state is FileState.CHAIN_BROKEN:
        return Check(
            label,
            Level.FAIL,
            f"{check.first_broken_seq}번 기록부터 체인이 맞지 않습니다 (변조 또는 손상).",
        )
    if check.state is FileState.OK:
        return Check(label, Level.OK, f"기록 {check.events:,}건 모두 확인")
    return Check(label, Level.INFO, "데이터 파일을 읽을 수 없어 확인하지 못했습니다.")


@dataclass(frozen=True)
class _SyncFacts:
    """What the file says of the till's link with the server (all None: unreadable)."""

    enrolment: sync_state.Enrolment | None = None
    pending: sync_state.PendingStats | None = None
    cursor: str | None = None
    revoked_at: str | None = None
    conflict_seq: int | None = None  # sending stopped: the server refused the journal (E403)


def _sync_facts(db_path: Path) -> _SyncFacts:
    try:
        uri = f"{db_path.resolve().as_uri()}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            conn.row_factory = sqlite3.Row
            return _SyncFacts(
                sync_state.load_enrolment(conn),
                sync_state.pending_stats(conn),
                sync_state.load_cursor(conn),
                sync_state.revoked_at(conn),
                sync_state.journal_conflict_seq(conn),
            )
    except sqlite3.Error:
        return _SyncFacts()  # an older file without the sync tables: nothing to report


def _server(
    enrolment: sync_state.Enrolment | None, answer: ServerAnswer | None, probes: Probes
) -> Check:
    label = "중앙 서버"
    if enrolment is None or answer is None:
        return Check(label, Level.INFO, "아직 서버에 등록하지 않았습니다.")
    if answer.server_time is None:
        return Check(
            label,
            Level.WARN,
            f"{answer.url}에 연결할 수 없습니다 ({answer.error})."
            " 결제는 오프라인 한도 안에서 계속됩니다.",
        )
    # The server's time was read about half a round trip ago.
    offset = answer.server_time + answer.round_trip / 2 - probes.now()
    seconds = offset.total_seconds()
    detail = f"{answer.url} 연결됨, 시계 차이 {seconds:+.1f}초"
    if abs(offset) > CLOCK_WARN:
        return Check(label, Level.WARN, detail + " (PC 시계를 맞춰 주세요)")
    return Check(label, Level.OK, detail)


def _published_release(db_path: Path) -> Release | None:
    try:
        uri = f"{db_path.resolve().as_uri()}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            return app_release.load_release(conn)
    except sqlite3.Error:
        return None


def _app_version(db_path: Path | None, running: str) -> Check:
    """The running version, and the latest and minimum the server last published."""
    label = "프로그램 버전"
    release = _published_release(db_path) if db_path is not None else None
    if release is None:
        return Check(
            label, Level.INFO, f"지금 {running}. 서버가 알려 준 최신·최소 버전이 아직 없습니다."
        )
    advice = advise(running, release)
    known = f"지금 {running}, 최신 {release.latest}, 최소 {release.minimum}"
    download = f" 내려받기: {release.url} (SHA-256 {release.sha256})"
    if advice.level is UpdateLevel.BELOW_MINIMUM:
        return Check(
            label,
            Level.WARN,
            f"{known} — 최소 버전보다 오래되었습니다. 결제는 되지만 곧 설치해 주세요.{download}",
        )
    if advice.level is UpdateLevel.AVAILABLE:
        return Check(label, Level.INFO, f"{known} — 새 버전이 있습니다.{download}")
    return Check(label, Level.OK, f"{known} — 최신 버전입니다.")


def _pending(
    pending: sync_state.PendingStats | None, now: datetime, conflict_seq: int | None = None
) -> Check:
    label = "서버 전송 대기"
    if pending is None:
        return Check(label, Level.INFO, "확인하지 못했습니다.")
    if conflict_seq is not None:
        # Nothing more goes to the server until someone looks: waiting records only grow.
        waiting = f"{pending.count:,}건 대기" if pending.count else "대기 중인 기록 없음"
        return Check(
            label,
            Level.FAIL,
            f"전송 중단: 서버가 기록 번호 {conflict_seq}부터 이 POS의 기록을 받지 않습니다 (E403)."
            f" {waiting}. 기록을 지우거나 복원하지 말고 고객센터에 연락해 주세요.",
        )
    if pending.count == 0 or pending.oldest_occurred_at is None:
        return Check(label, Level.OK, "대기 중인 기록이 없습니다.")
    oldest = parse_utc(pending.oldest_occurred_at)
    age = now - oldest
    hours = age.total_seconds() / 3600
    detail = (
        f"{pending.count:,}건 대기, 가장 오래된 것 {hours:.1f}시간 전"
        f" ({oldest.astimezone(KST):%Y-%m-%d %H:%M})"
    )
    if age > PENDING_FAIL:
        return Check(label, Level.FAIL, detail + " — 72시간이 지나 오프라인 결제가 멈춥니다.")
    if age > PENDING_WARN:
        return Check(label, Level.WARN, detail)
    return Check(label, Level.OK, detail)


def _disk(db_path: Path) -> Check:
    label = "디스크 여유 공간"
    folder = db_path.parent if db_path.parent.exists() else Path.home()
    free = shutil.disk_usage(folder).free
    detail = f"{free / 1024**3:.1f} GB 남음 ({folder})"
    if free < DISK_FAIL:
        return Check(label, Level.FAIL, detail + " — 곧 결제를 저장할 수 없습니다.")
    if free < DISK_WARN:
        return Check(label, Level.WARN, detail)
    return Check(label, Level.OK, detail)


def _last_backup(backups_dir: Path, now: datetime) -> Check:
    label = "마지막 백업"
    found = store_backup.list_backups(backups_dir)
    if not found:
        return Check(
            label, Level.WARN, "백업이 아직 없습니다 (프로그램이 하루 한 번, 마감 때 만듭니다)."
        )
    latest = found[0]
    detail = f"{latest.made_at:%Y-%m-%d %H:%M} ({latest.path.name}), 모두 {len(found)}개"
    if now - latest.made_at > BACKUP_WARN:
        return Check(label, Level.WARN, detail + " — 이틀 넘게 백업이 없습니다.")
    return Check(label, Level.OK, detail)
