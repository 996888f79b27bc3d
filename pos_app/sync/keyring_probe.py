"""Does the credential store work, not only exist? A probe entry written, read, deleted.

A backend's name says which store keyring picked, not that it answers: on Linux the
Secret Service backend is chosen even when no keyring daemon runs, and every read then
fails. The doctor and the self-test both use :func:`judge_with_probe`, so they give one
verdict, and neither calls a store that refuses a write "ok".
"""

from __future__ import annotations

import sys
import uuid
from dataclasses import replace

import keyring
import keyring.errors

from pos_app.sync.credentials import SERVICE, KeyringLevel, KeyringVerdict, judge_keyring

PROBE_ACCOUNT = "cjpay-pos-probe"


def probe_store() -> str | None:
    """Write, read back and delete a probe entry in the store the app uses; None if all
    three worked, else what went wrong (for the log and the report)."""
    value = uuid.uuid4().hex
    account = f"{PROBE_ACCOUNT}-{value[:8]}"  # never an account a till's token lives under
    try:
        keyring.set_password(SERVICE, account, value)
        read = keyring.get_password(SERVICE, account)
        keyring.delete_password(SERVICE, account)
    except (keyring.errors.KeyringError, OSError) as exc:
        return f"{type(exc).__name__}: {exc}".rstrip(": ")
    if read != value:
        return "the probe entry did not read back"
    return None


def judge_with_probe(
    backend: str, problem: str | None, platform: str = sys.platform
) -> KeyringVerdict:
    """:func:`judge_keyring`, then lowered when the probe failed: a shop's OS (Windows,
    macOS) fails; elsewhere it is a warning (training only), as a missing store is."""
    verdict = judge_keyring(backend, platform)
    if problem is None or verdict.level is not KeyringLevel.OK:
        return verdict
    level = KeyringLevel.FAIL if platform in ("win32", "darwin") else KeyringLevel.WARN
    return replace(
        verdict,
        level=level,
        reason_ko=f"보안 저장소({backend})가 응답하지 않아 기기 인증 정보를 저장할 수 없습니다"
        f" ({problem}).",
        reason_en=f"the credential store ({backend}) refused a probe entry: {problem}",
    )
