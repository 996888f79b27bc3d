"""Does the credential store work, not only exist? A probe entry written, read, deleted.

A backend's name says which store keyring picked, not that it answers: on Linux the
Secret Service backend is chosen even when no keyring daemon runs, and every read then
fails. The doctor and the self-test both use :func:`judge_with_probe`, so they give one
verdict, and neither calls a store that refuses a write "ok".
"""

from __future__ import annotations

import sys
from dataclasses import replace

from pos_app.domain.errors import UserFacingError
from pos_app.sync.credentials import (
    KeyringCredentialStore,
    KeyringLevel,
    KeyringVerdict,
    judge_keyring,
    prove_store,
)


def probe_store() -> str | None:
    """The enrolment's own proof (:func:`prove_store`: set, read back, delete a throw-away
    secret) on the store the app uses; None if it worked, else what went wrong (for the log
    and the report)."""
    try:
        prove_store(KeyringCredentialStore())
    except UserFacingError as refused:
        return str(refused.params.get("detail", refused.key))
    except OSError as exc:  # a backend that fails below keyring's own errors
        return f"{type(exc).__name__}: {exc}".rstrip(": ")
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
