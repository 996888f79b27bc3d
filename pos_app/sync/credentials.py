"""The device token lives in the OS credential store and nowhere else.

The backend is named explicitly per OS: keyring's entry-point discovery does not
work inside a PyInstaller bundle. The demo uses a memory store: its token is
for a throw-away local server and must not linger in the merchant's vault.
"""

from __future__ import annotations

import sys
from typing import Protocol

import keyring
import keyring.errors

from pos_app.domain.errors import UserFacingError

SERVICE = "cheongju-pay-pos"


class CredentialStore(Protocol):
    def get_token(self, account: str) -> str | None: ...
    def set_token(self, account: str, token: str) -> None: ...
    def delete_token(self, account: str) -> None: ...


def account_name(server_url: str, device_id: str) -> str:
    return f"{server_url.rstrip('/')}#{device_id}"


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
            raise UserFacingError("sync.no_credential_store", detail=type(exc).__name__) from exc

    def set_token(self, account: str, token: str) -> None:
        try:
            keyring.set_password(SERVICE, account, token)
        except keyring.errors.KeyringError as exc:
            raise UserFacingError("sync.no_credential_store", detail=type(exc).__name__) from exc

    def delete_token(self, account: str) -> None:
        try:
            keyring.delete_password(SERVICE, account)
        except keyring.errors.PasswordDeleteError:
            pass
        except keyring.errors.KeyringError as exc:
            raise UserFacingError("sync.no_credential_store", detail=type(exc).__name__) from exc


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
