"""A keyring backend for app processes a test starts: every device has a token.

Loaded in the child through ``PYTHON_KEYRING_BACKEND=token_keyring.TokenKeyring`` (the
tests folder on its ``PYTHONPATH``): headless Linux has no Secret Service, and a till
without its token would stop at enrolment instead of running.
"""

from __future__ import annotations

from keyring.backend import KeyringBackend


class TokenKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return "token-for-a-test-process"

    def set_password(self, service: str, username: str, password: str) -> None:
        pass

    def delete_password(self, service: str, username: str) -> None:
        pass
