"""The device token lives in the OS credential store and nowhere else.

The backend is named explicitly per OS: keyring's entry-point discovery does not
work inside a PyInstaller bundle. The demo uses a memory store: its token is
for a throw-away local server and must not linger in the merchant's vault.
"""

from __future__ import annotations

import secrets
import sys
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

import keyring
import keyring.errors

from pos_app.domain.errors import ErrorKey, Localized, UserFacingError

SERVICE = "cheongju-pay-pos"


class CredentialStore(Protocol):
    def get_token(self, account: str) -> str | None: ...
    def set_token(self, account: str, token: str) -> None: ...
    def delete_token(self, account: str) -> None: ...


def account_name(server_url: str, device_id: str) -> str:
    return f"{server_url.rstrip('/')}#{device_id}"


#: What a merchant does about a credential store that refuses, per OS (E409, E416).
_REMEDIES = {
    "win32": Localized(
        "Windows의 '자격 증명 관리자'(Credential Manager) 서비스가 켜져 있는지 확인하세요"
        " (서비스 앱에서 'Credential Manager'를 '자동'으로 시작).",
        "Check that Windows Credential Manager is running (Services: 'Credential Manager',"
        " startup type Automatic).",
    ),
    "darwin": Localized(
        "macOS의 키체인(로그인 키체인)이 잠금 해제되어 있는지 확인하세요.",
        "Check that the macOS login keychain is unlocked.",
    ),
    "linux": Localized(
        "gnome-keyring 같은 Secret Service를 설치하고, 바탕화면 세션에서 잠금 해제되어"
        " 있는지 확인하세요.",
        "Install a Secret Service such as gnome-keyring and check that it is unlocked in"
        " the desktop session.",
    ),
}


def store_remedy(platform: str = sys.platform) -> Localized:
    """This OS's way to a working credential store, in both languages."""
    return _REMEDIES.get(platform, _REMEDIES["linux"])


def no_store_error(
    detail: str, key: ErrorKey = ErrorKey.SYNC_NO_CREDENTIAL_STORE
) -> UserFacingError:
    return UserFacingError(key, remedy=store_remedy(), detail=detail)


PROBE_ACCOUNT = "probe"


def prove_store(credentials: CredentialStore) -> None:
    """Set, read back and delete a throw-away secret: the store works end to end, or
    E416 (with what to do on this OS) before the server is asked for anything."""
    value = secrets.token_urlsafe(16)
    try:
        credentials.set_token(PROBE_ACCOUNT, value)
        read = credentials.get_token(PROBE_ACCOUNT)
        credentials.delete_token(PROBE_ACCOUNT)
    except UserFacingError as refused:
        raise no_store_error(
            str(refused.params.get("detail", refused.key)), ErrorKey.SYNC_ENROLMENT_STORE_FAILED
        ) from refused
    if read != value:
        raise no_store_error("ReadBackMismatch", ErrorKey.SYNC_ENROLMENT_STORE_FAILED)


def _platform_backend() -> keyring.backend.KeyringBackend | None:
    if sys.platform == "win32":
        from keyring.backends.Windows import WinVaultKeyring

        return WinVaultKeyring()
    if sys.platform == "darwin":
        from keyring.backends.macOS import Keyring

        return Keyring()
    return None  # Linux: whatever keyring finds (Secret Service), or what tests install


class KeyringCredentialStore:
    def __init__(self) -> None:
        backend = _platform_backend()
        if backend is not None:
            keyring.set_keyring(backend)

    def get_token(self, account: str) -> str | None:
        try:
            return keyring.get_password(SERVICE, account)
        except keyring.errors.KeyringError as exc:
            raise no_store_error(type(exc).__name__) from exc

    def set_token(self, account: str, token: str) -> None:
        try:
            keyring.set_password(SERVICE, account, token)
        except keyring.errors.KeyringError as exc:
            raise no_store_error(type(exc).__name__) from exc

    def delete_token(self, account: str) -> None:
        try:
            keyring.delete_password(SERVICE, account)
        except keyring.errors.PasswordDeleteError:
            pass
        except keyring.errors.KeyringError as exc:
            raise no_store_error(type(exc).__name__) from exc


class MemoryCredentialStore:
    """Process-local: for demo mode's temporary server."""

    def __init__(self) -> None:
        self._tokens: dict[str, str] = {}

    def get_token(self, account: str) -> str | None:
        return self._tokens.get(account)

    def set_token(self, account: str, token: str) -> None:
        self._tokens[account] = token

    def delete_token(self, account: str) -> None:
        self._tokens.pop(account, None)


def keyring_backend_name() -> str:
    """The OS credential store the app will use (named explicitly on Windows and macOS),
    as ``module.Class``: for the self-test and the doctor."""
    KeyringCredentialStore()
    backend = keyring.get_keyring()
    return f"{type(backend).__module__}.{type(backend).__name__}"


class KeyringLevel(StrEnum):
    OK = "ok"
    WARN = "warn"  # no OS store on a platform shops do not use: training only
    FAIL = "fail"  # the store the app names on a shop's OS is not there


@dataclass(frozen=True)
class KeyringVerdict:
    """One verdict on the credential store, for the doctor and the self-test alike."""

    level: KeyringLevel
    backend: str
    reason_ko: str
    reason_en: str


#: keyring's stand-ins when no real store exists: they refuse every write (or drop it).
_NO_STORE_MODULES = ("keyring.backends.fail", "keyring.backends.null")
_EXPECTED = {"win32": "WinVaultKeyring", "darwin": "keyring.backends.macOS"}


def judge_keyring(backend: str, platform: str = sys.platform) -> KeyringVerdict:
    """Can this PC keep the device token? ``backend`` is :func:`keyring_backend_name`.

    On Windows and macOS the app names the store itself, so any other backend means the
    build or the OS store is broken: a failure. Elsewhere (Linux: development and CI, no
    shop runs it) a missing Secret Service is a warning: only training works there.
    """
    no_store = backend.startswith(_NO_STORE_MODULES)
    expected = _EXPECTED.get(platform)
    if expected is not None and (no_store or expected not in backend):
        return KeyringVerdict(
            KeyringLevel.FAIL,
            backend,
            f"기기 인증 정보를 저장할 수 없습니다 ({backend}).",
            f"expected the OS credential store ({expected}), got {backend}",
        )
    if no_store:
        return KeyringVerdict(
            KeyringLevel.WARN,
            backend,
            "이 PC에는 보안 저장소가 없어 서버에 등록할 수 없습니다."
            f" 연습 모드만 됩니다 ({backend}).",
            f"no OS credential store on this PC ({backend}): enrolment impossible, training only",
        )
    return KeyringVerdict(KeyringLevel.OK, backend, backend, backend)
