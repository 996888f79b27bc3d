"""Typed sync failures: the engine decides what to do by type, the screen shows the text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pos_app.domain.errors import UserFacingError


class SyncError(UserFacingError):
    """Base: anything that stopped one exchange with the server."""


class NetworkError(SyncError):
    """No answer (refused, timed out, DNS, TLS): retry with back-off."""

    def __init__(self, detail: str = "") -> None:
        super().__init__("sync.network")
        self.detail = detail


class BadReply(SyncError):
    """An answer we cannot use (not JSON, wrong shape, 5xx): retry with back-off."""

    def __init__(self, detail: str) -> None:
        super().__init__("sync.bad_reply", detail=detail[:200])


class ServerBusy(SyncError):
    """429/503: wait at least ``retry_after`` seconds."""

    def __init__(self, retry_after: float) -> None:
        super().__init__("sync.busy", seconds=int(retry_after))
        self.retry_after = retry_after


class AuthRequired(SyncError):
    """401: the token is gone. Enrol again; keep every pending event."""

    def __init__(self) -> None:
        super().__init__("sync.auth")


class EnrolmentRefused(SyncError):
    def __init__(self) -> None:
        super().__init__("sync.enrolment_refused")


class JournalConflict(SyncError):
    """409: the server's copy of the journal and ours disagree at ``conflict_seq``."""

    def __init__(
        self,
        expected_seq: int,
        reason: str,
        conflict_seq: int,
        results: Sequence[Mapping[str, Any]],
    ) -> None:
        super().__init__("sync.conflict", seq=conflict_seq)
        self.expected_seq = expected_seq
        self.reason = reason
        self.conflict_seq = conflict_seq
        self.results = list(results)


class MediaRefused(SyncError):
    """413/422 for a photo: the server will not take these bytes; resending cannot help.

    The push goes on without it: the listing naming it is declined ``media_missing``
    and shows so; adding the photo again and resubmitting is the way out.
    """

    def __init__(self, reason: str) -> None:
        super().__init__("sync.media_refused", reason=reason[:100])
        self.reason = reason


class PaymentRequestRefused(SyncError):
    """4xx for a merchant-presented payment request: the server said no (with a code)."""

    def __init__(self, code: str) -> None:
        key = _REQUEST_REFUSAL_KEYS.get(code)
        if key is None:
            super().__init__("mpm_pay.refused", reason=code[:100])
        else:
            super().__init__(key)
        self.code = code


_REQUEST_REFUSAL_KEYS: Mapping[str, str] = {
    "amount_out_of_range": "mpm_pay.amount_out_of_range",
    "request_unknown": "mpm_pay.unknown_request",
}
